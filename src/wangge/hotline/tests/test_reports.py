"""The daily report's figures equal counts taken directly from the tables."""

import datetime

import pytest

from wangge.hotline import reports
from wangge.hotline.choices import EventKind, State
from wangge.hotline.deadlines import TZ
from wangge.hotline.models import Event, WorkOrder
from wangge.simulate.hotline import generate

DAY = datetime.date(2021, 8, 3)


@pytest.fixture
def history(catalogue):
    generate(3, datetime.date(2021, 8, 1), seed=5, per_day=120)
    return catalogue


def test_report_figures_equal_direct_counts(history):
    r = reports.daily_report(DAY)
    start = datetime.datetime(2021, 8, 3, tzinfo=TZ)
    end = start + datetime.timedelta(days=1)
    today = WorkOrder.objects.filter(received_at__gte=start, received_at__lt=end)
    assert r["received"] == today.count()
    assert r["answered"] == today.filter(state=State.ANSWERED).count()
    for channel in r["channels"]:
        assert channel["count"] == today.filter(channel=channel["code"]).count()
    for category in r["categories"]:
        assert category["count"] == today.filter(category__name=category["name"]).count()
    dispatches = Event.objects.filter(kind=EventKind.DISPATCH, time__gte=start, time__lt=end)
    assert sum(d["new"] for d in r["by_department"]) == dispatches.count()
    for d in r["by_department"]:
        assert d["new"] == dispatches.filter(department__name=d["name"]).count()
    finished = WorkOrder.objects.filter(finished_at__gte=start, finished_at__lt=end, department__isnull=False)
    assert sum(d["finished"] for d in r["by_department"] if not d["centre"]) == finished.count()
    answered = WorkOrder.objects.filter(finished_at__gte=start, finished_at__lt=end, department__isnull=True)
    assert [d["finished"] for d in r["by_department"] if d["centre"]] == [answered.count()]
    kw = r["keywords"][0]
    assert kw["today"] == sum(1 for t in today.values_list("tokens", flat=True) if kw["word"] in t.split())


def test_report_xlsx_has_every_section(history):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(reports.report_xlsx(reports.daily_report(DAY))))
    assert len(book.sheetnames) == 6
