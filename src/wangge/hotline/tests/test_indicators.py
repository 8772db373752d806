"""The hotline's figures on the command centre: orders received, direct answers, on-time completion, overdue
orders and satisfaction by the region of the problem, equal to a hand count, to the KPI module's figures for the
same orders and to the order list the figure links to."""

import datetime
from collections import Counter

import pytest

from wangge.conftest import DISTRICT, GRID_A, GRID_B, OTHER_GRID, OTHER_TOWN, TOWN, VILLAGE
from wangge.core import clock
from wangge.dashboard import registry
from wangge.dashboard.levels import action_link
from wangge.dashboard.tests.helpers import at_levels, expected_levels, live, stored
from wangge.hotline import actions, kpis
from wangge.hotline.choices import Satisfaction
from wangge.hotline.deadlines import TZ
from wangge.hotline.models import WorkOrder

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 8, 2)  # a Monday
START = datetime.datetime(2021, 8, 2, tzinfo=TZ)
END = START + datetime.timedelta(days=1)


def t(month, day, hour=9):
    return datetime.datetime(2021, month, day, hour, tzinfo=TZ)


@pytest.fixture
def orders(catalogue, operator, handler):
    d = catalogue
    grid_a, grid_b, grid_c, village = d["grid_a"], d["grid_b"], d["grid_c"], d["village"]

    def new(region, when, category="EP04", **kw):
        return actions.do_intake(operator, content=f"测试工单{when:%m%d%H}", category=category, region=region,
                                 received_at=when, **kw)

    def replied(order, when):
        actions.do_dispatch(operator, order, department="ZHB", now=order.received_at + datetime.timedelta(hours=1))
        actions.do_sign(handler, order, now=order.received_at + datetime.timedelta(hours=2))
        return actions.do_reply(handler, order, answer="已处理", now=when)

    def called_back(order, when, satisfaction):
        actions.do_accept_reply(operator, order, now=when - datetime.timedelta(hours=1))
        return actions.do_callback(operator, order, satisfaction=satisfaction, now=when)

    new(grid_a, t(8, 2), answer="按规定报备即可")  # O1: answered at intake
    o2 = replied(new(grid_a, t(8, 2, 10)), t(8, 2, 14))  # O2: replied the same day
    called_back(o2, t(8, 3, 10), Satisfaction.VERY_SATISFIED)  # … called back the next day
    o3 = new(grid_b, t(8, 2, 10), category="EP07")  # O3: urgent, due by the end of the day, never replied
    actions.do_dispatch(operator, o3, department="WJW", now=t(8, 2, 11))
    new(village, t(8, 2, 11))  # O4: placed only at the village, still waiting
    new(None, t(8, 2, 12))  # O5: no place
    new(grid_c, t(8, 2, 9), answer="已答复")  # O6: the other town, answered at intake
    o7 = replied(new(grid_a, t(7, 26)), t(8, 2, 10))  # O7: an old order replied late on the day …
    called_back(o7, t(8, 2, 15), Satisfaction.DISSATISFIED)  # … and the caller is not satisfied
    called_back(replied(new(grid_b, t(7, 27)), t(7, 28)), t(8, 2, 16), Satisfaction.BASICALLY)  # O8
    called_back(replied(new(grid_b, t(7, 27, 10)), t(7, 28)), t(8, 2, 17), Satisfaction.UNREACHED)  # O9
    new(grid_a, t(8, 1))  # O10: received on Sunday, due on Wednesday
    return d


def test_the_days_orders_match_a_hand_count_at_every_level(orders):
    expected = {
        "hotline.received": {GRID_A: 2, GRID_B: 1, VILLAGE: 1, OTHER_GRID: 1},
        "hotline.answered": {GRID_A: 1, OTHER_GRID: 1},
        "hotline.finished_on_time": {GRID_A: 2, OTHER_GRID: 1},  # O1 and O2; O7 was late
        "hotline.on_time_base": {GRID_A: 3, GRID_B: 1, OTHER_GRID: 1},  # + O7 finished late, + O3 overdue at 24:00
        "hotline.callbacks": {GRID_A: 1, GRID_B: 1},  # O7, O8 (O9's caller was not reached; O2's was the next day)
        "hotline.satisfied": {GRID_B: 1},
        "hotline.overdue": {GRID_B: 1},  # at the end of that day: O3
    }
    for key, counts in expected.items():
        assert at_levels(key, DAY) == expected_levels(Counter(counts)), key
    # The order placed only at the village counts for it and its town, for no grid.
    assert live("hotline.received", DAY, 15, region=VILLAGE) == {GRID_A: 2, GRID_B: 1, VILLAGE: 1}
    # The other days count their own orders.
    assert live("hotline.received", datetime.date(2021, 8, 1), 15) == {GRID_A: 1}
    assert live("hotline.callbacks", datetime.date(2021, 8, 3), 15) == {GRID_A: 1}


def test_the_figures_are_the_kpi_modules_over_the_same_orders(orders):
    for prefix, length, code in ((TOWN, 9, TOWN), (VILLAGE, 12, VILLAGE), (GRID_B, 15, GRID_B)):
        c = kpis.total(START, END, orders=WorkOrder.objects.filter(region_code__startswith=prefix)).counts
        figure = {key: live(f"hotline.{key}", DAY, length).get(code, 0)
                  for key in ("received", "answered", "finished_on_time", "on_time_base", "callbacks", "satisfied")}
        assert figure == {"received": c["received"], "answered": c["answered"],
                          "finished_on_time": c["finished_on_time"], "on_time_base": c["finished"] + c["open_overdue"],
                          "callbacks": c["callbacks"], "satisfied": c["satisfied"]}, prefix


def test_rates_are_worked_out_per_region_and_none_without_anything_to_count(orders):
    keys = ["hotline.direct_rate", "hotline.on_time_rate", "hotline.satisfaction_rate", "hotline.received"]
    table = stored(keys, [DISTRICT, TOWN, VILLAGE, GRID_A, GRID_B, OTHER_TOWN], DAY)
    assert table["hotline.direct_rate"] == {DISTRICT: 40.0, TOWN: 25.0, VILLAGE: 25.0, GRID_A: 50.0, GRID_B: 0.0,
                                            OTHER_TOWN: 100.0}
    assert table["hotline.on_time_rate"] == {DISTRICT: 60.0, TOWN: 50.0, VILLAGE: 50.0, GRID_A: 66.7, GRID_B: 0.0,
                                             OTHER_TOWN: 100.0}
    assert table["hotline.satisfaction_rate"] == {DISTRICT: 50.0, TOWN: 50.0, VILLAGE: 50.0, GRID_A: 0.0,
                                                  GRID_B: 100.0, OTHER_TOWN: None}
    # The order without a place is in the hotline's own count, on no region's figures.
    assert kpis.total(START, END).counts["received"] == 6 and table["hotline.received"][DISTRICT] == 5


def test_overdue_now_is_the_order_lists_overdue(orders, operator, client_for):
    today = datetime.date(2021, 8, 9)
    with clock.frozen(clock.at(today, 10)):
        # Now open past their deadline: O3, O4 (due 08-05) and O10 (due 08-04); O5 has no place.
        assert live("hotline.overdue", today, 15) == {GRID_A: 1, GRID_B: 1, VILLAGE: 1}
        indicator = registry.get("hotline.overdue")
        client = client_for(operator)
        for code, expected in ((VILLAGE, 3), (GRID_A, 1), (OTHER_TOWN, 0)):
            page = client.get(action_link(indicator, code, today))
            assert page.status_code == 200 and page.context["total"] == expected, code


def test_hotline_figures_are_for_those_who_read_work_orders(orders, operator, worker):
    assert "hotline.on_time_rate" in {i.key for i in registry.visible_to(operator)}
    assert not [i for i in registry.visible_to(worker) if i.key.startswith("hotline.")]
