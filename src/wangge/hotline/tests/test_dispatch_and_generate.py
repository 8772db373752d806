"""The generator's shape and smart dispatch trained on its history."""

import datetime

import pytest

from wangge.hotline import dispatch_model
from wangge.hotline.choices import State
from wangge.hotline.models import Event, WorkOrder
from wangge.simulate.hotline import generate


@pytest.fixture
def history(catalogue, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    stats = generate(8, datetime.date(2021, 8, 1), seed=11, per_day=160)
    return stats


def test_generated_history_has_the_tongzhou_shape(history):
    total = WorkOrder.objects.count()
    assert total == history.orders and Event.objects.count() == history.events
    direct = WorkOrder.objects.filter(state=State.ANSWERED).count() / total
    assert 0.6 < direct < 0.72  # Tongzhou: 4,961 / 7,491 = 66 %
    assert WorkOrder.objects.filter(category__epidemic=True).count() / total > 0.9
    assert WorkOrder.objects.filter(return_count__gt=0).exists()
    numbers = list(WorkOrder.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers) and numbers[0].startswith("12345-2021080")


def test_smart_dispatch_beats_the_catalogue(history):
    result = dispatch_model.train(test_fraction=0.25)
    assert result.top1 > result.baseline_top1
    assert result.top3 >= result.top1
    suggestions = dispatch_model.suggest_departments("核酸结果显示错误需要更正", "EP02", "320684102001001")
    assert len(suggestions) == 3 and suggestions[0]["source"] == "model"
    assert suggestions[0]["confidence"] >= suggestions[1]["confidence"]
    assert dispatch_model.suggest_categories("疫苗第二针在哪里打")[0]["code"] == "EP03"


def test_without_a_model_the_catalogue_answers(catalogue, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    suggestions = dispatch_model.suggest_departments("核酸结果", "EP02", "320684102001001")
    assert suggestions == [{"code": "CDC", "name": "区疾病预防控制中心", "confidence": None, "source": "catalogue"}]


def test_thin_history_is_refused(catalogue, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    with pytest.raises(ValueError):
        dispatch_model.train()
