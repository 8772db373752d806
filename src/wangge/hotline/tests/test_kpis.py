"""KPI formulas on a small, hand-computed week (2021-08-02 … 08-08, Beijing time)."""

import datetime

import pytest

from wangge.hotline import actions, kpis
from wangge.hotline.choices import Satisfaction, State
from wangge.hotline.deadlines import TZ

START = datetime.datetime(2021, 8, 2, tzinfo=TZ)
END = datetime.datetime(2021, 8, 9, tzinfo=TZ)


def t(day, hour=10):
    return datetime.datetime(2021, 8, day, hour, tzinfo=TZ) if day > 0 else \
        datetime.datetime(2021, 7, 31 + day, hour, tzinfo=TZ)


@pytest.fixture
def week(catalogue, operator, handler, other_handler):
    grid = catalogue["grid_a"]

    def new(day, hour=9, cat="EP04", **kw):
        return actions.do_intake(operator, content=f"测试工单{day}{hour}", category=cat, region=grid,
                              received_at=t(day, hour), **kw)

    def handled(order, dispatch_at, sign_at, who=handler, dept="ZHB"):
        actions.do_dispatch(operator, order, department=dept, now=dispatch_at)
        return actions.do_sign(who, order, now=sign_at)

    # A: answered directly
    new(2, answer="按规定报备即可")
    # B: dispatched, signed in time, replied, satisfied, closed
    b = handled(new(2), t(2, 10), t(2, 11))
    actions.do_reply(handler, b, answer="已处理", now=t(2, 15))
    actions.do_accept_reply(operator, b, now=t(2, 16))
    actions.do_callback(operator, b, satisfaction=Satisfaction.VERY_SATISFIED, now=t(3))
    actions.do_close(operator, b, now=t(3, 11))
    # C: signed late, never replied: open and overdue at the end of the period (due 08-05)
    handled(new(2), t(2, 10), t(4, 9))
    # D: extension to 08-10 approved, replied 08-06: after the first deadline, within the extended one
    d = handled(new(2), t(2, 10), t(2, 11))
    actions.do_request_extension(handler, d, until=datetime.date(2021, 8, 10), reason="需协调", now=t(3))
    actions.do_approve_extension(operator, d, now=t(3, 12))
    actions.do_reply(handler, d, answer="已处理", now=t(6))
    # E: dissatisfied callback → redo → replied again, basically satisfied, closed
    e = handled(new(2), t(2, 10), t(2, 11))
    actions.do_reply(handler, e, answer="已处理", now=t(3))
    actions.do_accept_reply(operator, e, now=t(3, 11))
    actions.do_callback(operator, e, satisfaction=Satisfaction.DISSATISFIED, now=t(3, 15))
    actions.do_redo(operator, e, reason="问题未解决", now=t(4))
    actions.do_reply(handler, e, answer="已重新处理", now=t(5))
    actions.do_accept_reply(operator, e, now=t(5, 11))
    actions.do_callback(operator, e, satisfaction=Satisfaction.BASICALLY, now=t(6))
    actions.do_close(operator, e, now=t(6, 11))
    # F: returned by ZHB, re-dispatched to the CDC, replied in time
    f = new(2)
    actions.do_dispatch(operator, f, department="ZHB", now=t(2, 10))
    actions.do_return(handler, f, reason="不属于本单位", now=t(2, 12))
    handled(f, t(2, 13), t(2, 14), who=other_handler, dept="CDC")
    actions.do_reply(other_handler, f, answer="已处理", now=t(4))
    # G: received 08-08, open, not yet due
    new(8, cat="EP06")
    # H: received before the period (07-26, due 07-29), replied late inside it
    h = actions.do_intake(operator, content="旧工单", category="EP04", region=grid,
                       received_at=datetime.datetime(2021, 7, 26, 9, tzinfo=TZ))
    handled(h, datetime.datetime(2021, 7, 26, 10, tzinfo=TZ), datetime.datetime(2021, 7, 26, 11, tzinfo=TZ))
    actions.do_reply(handler, h, answer="已处理", now=t(3))
    return catalogue


def test_total_kpis_match_the_hand_count(week):
    row = kpis.total(START, END)
    c = row.counts
    assert (c["received"], c["answered"]) == (7, 1)
    assert (c["finished"], c["finished_on_time"], c["open_overdue"]) == (6, 5, 1)
    assert row.on_time_rate == round(5 / 7, 4)  # the overdue open order C counts against it
    assert row.direct_rate == round(1 / 7, 4)
    assert (c["dispatches"], c["signed_on_time"], c["returns"]) == (6, 4, 1)
    assert row.timely_sign_rate == round(4 / 6, 4) and row.return_rate == round(1 / 6, 4)
    assert (c["callbacks"], c["satisfied"]) == (3, 2)
    assert row.satisfaction_rate == round(2 / 3, 4)
    assert (c["closed"], c["redone"]) == (2, 1) and row.redo_rate == 0.5


def test_kpis_per_department(week):
    rows = {row.label: row for row in kpis.compute(START, END, "department")}
    zhb, cdc = rows["区疫情防控指挥部办公室"], rows["区疾病预防控制中心"]
    assert (zhb.counts["dispatches"], zhb.counts["returns"]) == (5, 1)
    assert (cdc.counts["dispatches"], cdc.counts["returns"], cdc.counts["finished_on_time"]) == (1, 0, 1)
    assert zhb.counts["open_overdue"] == 1
    assert zhb.avg_hours is not None


def test_an_order_finished_after_the_period_still_counts_as_overdue_open(week, handler):
    from wangge.hotline.models import WorkOrder

    c = WorkOrder.objects.get(state=State.IN_PROGRESS, signed_at__day=4)
    actions.do_reply(handler, c, answer="迟到的回复", now=datetime.datetime(2021, 8, 10, 9, tzinfo=TZ))
    row = kpis.total(START, END)
    assert row.counts["open_overdue"] == 1 and row.on_time_rate == round(5 / 7, 4)


def test_per_category_and_definitions(week):
    rows = kpis.compute(START, END, "category")
    assert sum(r.counts["received"] for r in rows) == 7
    assert {d["name"] for d in kpis.definitions()} >= {"on_time_rate", "satisfaction_rate", "redo_rate"}


def test_last_nights_dispatch_signed_this_morning_counts_once_against_its_own_day(catalogue, operator, handler):
    """The 102.86 % of the daily report: this morning's signings of last night's dispatches were divided by today's
    dispatches. Signed-on-time is now counted among the period's own dispatches."""
    order = actions.do_intake(operator, content="晚上的工单", category="EP04", region=catalogue["grid_a"],
                              received_at=t(2, 21))
    actions.do_dispatch(operator, order, department="ZHB", now=t(2, 22))
    actions.do_sign(handler, order, now=t(3, 9))
    day2 = kpis.total(datetime.datetime(2021, 8, 2, tzinfo=TZ), datetime.datetime(2021, 8, 3, tzinfo=TZ))
    day3 = kpis.total(datetime.datetime(2021, 8, 3, tzinfo=TZ), datetime.datetime(2021, 8, 4, tzinfo=TZ))
    assert (day2.counts["dispatches"], day2.counts["signed_on_time"], day2.timely_sign_rate) == (1, 1, 1.0)
    assert (day3.counts["dispatches"], day3.counts["signed_on_time"], day3.timely_sign_rate) == (0, 0, None)


def test_the_centre_reads_rates_as_percentages_with_one_decimal_and_a_dash_for_nothing():
    assert kpis.format_rate(0.98692) == "98.7%"
    assert kpis.format_rate(1.0) == "100.0%"
    assert kpis.format_rate(None) == "—"


def test_direct_answers_count_for_the_centre_that_answered(week):
    rows = {row.key: row for row in kpis.compute(START, END, "department")}
    centre = rows[None]
    assert centre.label in ("12345 centre (direct answers)", "12345热线中心（直接答复）")
    # A was answered by the centre; G still waits at the centre for dispatch.
    assert (centre.counts["received"], centre.counts["answered"], centre.counts["finished"]) == (2, 1, 1)
    assert centre.direct_rate == 0.5 and centre.on_time_rate == 1.0


def test_no_rate_is_above_100_percent_on_any_day_of_the_demo_history(catalogue):
    """The demo's own history (`wangge demo` runs generate_hotline --days 11 --start 2021-08-01 --seed 2021)."""
    from wangge.simulate.hotline import generate

    generate(11, datetime.date(2021, 8, 1), seed=2021, per_day=680)
    names = list(kpis.DEFINITIONS)
    for offset in range(-1, 13):
        day = datetime.date(2021, 8, 1) + datetime.timedelta(days=offset)
        start = datetime.datetime.combine(day, datetime.time(), tzinfo=TZ)
        end = start + datetime.timedelta(days=1)
        for group in (None, "department", "category"):
            for row in kpis.compute(start, end, group):
                for name in names:
                    value = getattr(row, name)
                    if name.endswith("_rate") and value is not None:
                        assert 0 <= value <= 1, (day, group, row.label, name, value, row.counts)
