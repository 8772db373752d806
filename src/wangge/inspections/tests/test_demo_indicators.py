"""The demo seed (plausible, idempotent) and the indicators on the command centre."""

import datetime

from wangge.dashboard.registry import evaluate, get
from wangge.inspections import actions, demo
from wangge.inspections.models import Campaign, Delivery, Inspection

from .conftest import DAY, answers_for


def test_demo_seed_is_idempotent(district, admin_user, places, wuyou):
    line = demo.seed(district["town"], admin_user, 7)
    assert "五有检查" in line
    counts = (Inspection.objects.count(), Delivery.objects.count(), Campaign.objects.count())
    assert counts[0] > 0 and counts[1] >= 2
    assert "未重复" in demo.seed(district["town"], admin_user, 7)
    assert (Inspection.objects.count(), Delivery.objects.count(), Campaign.objects.count()) == counts


def test_indicators_count_findings_and_coverage(district, cadre, places, wuyou):
    campaign = actions.do_save_campaign(cadre, None, name="两轮", region=district["town"], kinds=["industrial"],
                                        starts_on=DAY, ends_on=DAY + datetime.timedelta(days=9), rounds=2)
    actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou, fails=(1,)),
                       campaign=campaign)
    town = district["town"].code
    length = len(district["village"].code)
    assert evaluate(get("inspections.findings_open"), town, DAY, length) == {district["village"].code: 1}
    assert evaluate(get("inspections.campaign_targets"), town, DAY, length) == {district["village"].code: 1}
    assert evaluate(get("inspections.campaign_visited"), town, DAY, length) == {}
    later = DAY + datetime.timedelta(days=5)
    assert evaluate(get("inspections.findings_overdue"), town, later, length) == {district["village"].code: 1}
