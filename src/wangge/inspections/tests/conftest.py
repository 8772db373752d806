"""Inspection fixtures: a factory and a chess room in 大石村, another venue in grid B, one in 常乐镇; the clock on
5 August 2021; a town cadre of 三星镇."""

import datetime

import pytest

from wangge.core import clock

DAY = datetime.date(2021, 8, 5)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def frozen_day():
    with clock.frozen(clock.at(DAY, 10)) as moment:
        yield moment


@pytest.fixture
def places(district, frozen_day):
    from wangge.enterprises.models import Enterprise

    return {
        "factory": Enterprise.objects.create(name="三星纺织有限公司", kind="industrial", region=district["village"],
                                             uscc="91320684MA1XXXXX0A", above_scale=True),
        "chess_a": Enterprise.objects.create(name="好运棋牌室", kind="venue", region=district["grid_a"]),
        "chess_b": Enterprise.objects.create(name="开心棋牌室", kind="venue", region=district["grid_b"]),
        "chess_c": Enterprise.objects.create(name="常乐棋牌室", kind="venue", region=district["grid_c"]),
    }


@pytest.fixture
def wuyou(db):
    from wangge.inspections.actions import ensure_shipped_checklists
    from wangge.inspections.models import Checklist

    ensure_shipped_checklists()  # shipped by the migration; again after a transactional test flushed the tables
    return Checklist.objects.get(code="wuyou", version=1)


def answers_for(checklist, fails=(), deadline=None, responsible="张经理", photos=None):
    """Every item passes except the positions in `fails`."""
    from wangge.inspections.actions import ItemAnswer

    deadline = deadline or DAY + datetime.timedelta(days=3)
    out = []
    for item in checklist.items.all():
        failed = item.position in fails
        out.append(ItemAnswer(item.pk, "fail" if failed else "pass", note="缺" + item.text if failed else "",
                              deadline=deadline if failed else None, responsible=responsible if failed else "",
                              photos=(photos or {}).get(item.position, [])))
    return out


@pytest.fixture
def other_cadre(district):
    """A town cadre of 常乐镇: may inspect, but not in 三星镇."""
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user

    return make_user("other-cadre", Role.TOWN_CADRE, district["other_town"])
