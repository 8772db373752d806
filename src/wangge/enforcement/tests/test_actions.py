"""The state machine of a violation case: found → persuasion → application → approval → measures → correction →
application to lift → lifting, each step with its actor and time; steps out of order refused with the reason."""

import datetime

import pytest

from wangge.core import clock
from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted
from wangge.enforcement import actions, selectors
from wangge.enforcement.models import CaseStep, Measure

from .conftest import DAY, days_before


def test_a_case_walked_from_finding_to_lifting(district, cadre, departments, handlers, frozen_day):
    resident = district["residents"][district["grid_a"].code][1]
    case = actions.do_create_case(cadre, kind="building", place="楼顶违建（屋顶加层）", region=district["grid_a"],
                                  resident=resident, found_on=datetime.date(2021, 1, 12), area_m2="36")
    assert case.number.startswith("WJ2021-") and case.phase == "found"
    assert case.party_name == resident.name and case.party_id_number == resident.id_number
    for on, result in ((datetime.date(2021, 1, 15), "absent"), (datetime.date(2021, 3, 2), "refused"),
                       (datetime.date(2021, 5, 20), "refused")):
        actions.do_record_visit(cadre, case, on=on, people="执法队 徐某、村主任 张某", result=result)
    actions.do_apply(cadre, case, on=datetime.date(2021, 6, 8), note="三次劝导无效")
    actions.do_approve(cadre, case, on=datetime.date(2021, 6, 15),
                       measures=[(departments["ZJJ"], "暂停办理不动产登记"), (departments["SJJ"], "暂停工商变更")])
    case.refresh_from_db()
    assert case.phase == "punished" and case.under_punishment
    for code in ("ZJJ", "SJJ"):
        measure = Measure.objects.get(case=case, department=departments[code])
        actions.do_report_measure(handlers[code], measure, applied_on=datetime.date(2021, 6, 18), report="已落实")
    actions.do_correct(cadre, case, kind="assisted", on=DAY, hours=3, note="接受帮拆")
    actions.do_apply_lift(cadre, case, on=DAY, reason="违建已拆除，申请解除")
    actions.do_review_lift(cadre, case, granted=True, on=DAY, note="核查属实")
    case.refresh_from_db()
    assert case.phase == "lifted" and case.lifted_on == DAY and case.demolition_hours == 3
    assert set(case.measures.values_list("state", flat=True)) == {"lifted"}
    steps = list(case.steps.all())
    assert [s.kind for s in steps] == ["found", "visit", "visit", "visit", "applied", "approved", "measure", "measure",
                                       "corrected", "lift_applied", "lifted"]
    assert {s.actor_name for s in steps if s.kind == "measure"} == {"handler_zjj", "handler_sjj"}
    assert all(s.actor_name == "cadre" for s in steps if s.kind != "measure")
    assert all(s.recorded_at == frozen_day for s in steps)
    assert steps[-1].phase_after == "lifted"


def test_steps_are_kept_for_ever(make_case):
    case = make_case("persuasion")
    step = case.steps.last()
    step.note = "changed"
    with pytest.raises(Exception, match="cannot be changed"):
        step.save()
    with pytest.raises(Exception, match="cannot be deleted"):
        step.delete()
    assert CaseStep.objects.get(pk=step.pk).note == ""


@pytest.mark.parametrize(("upto", "verb", "kwargs"), [
    ("found", "do_apply", {"on": DAY, "note": "x"}),
    ("persuasion", "do_approve", {"on": DAY, "measures": []}),
    ("applied", "do_apply_lift", {"on": DAY, "reason": "x"}),
    ("punished", "do_review_lift", {"on": DAY, "granted": True}),
    ("lift_applied", "do_record_visit", {"on": DAY, "people": "x", "result": "refused"}),
])
def test_a_step_out_of_order_is_refused_with_the_reason(make_case, cadre, upto, verb, kwargs):
    case = make_case(upto)
    before = case.steps.count()
    with pytest.raises(Conflict) as refusal:
        getattr(actions, verb)(cadre, case, **kwargs)
    assert "cannot be recorded: the case is in the phase" in refusal.value.message
    assert case.steps.count() == before


def test_application_needs_a_failed_persuasion(make_case, cadre):
    case = make_case("found")
    actions.do_record_visit(cadre, case, on=days_before(190), people="徐某", result="promised")
    with pytest.raises(Conflict, match="persuasion failed"):
        actions.do_apply(cadre, case, on=days_before(185), note="x")


def test_refusal_sends_back_to_persuasion_and_correction_closes(make_case, cadre):
    case = make_case("applied")
    with pytest.raises(Invalid) as missing:
        actions.do_refuse(cadre, case, on=days_before(150), note="")
    assert missing.value.field == "note"
    actions.do_refuse(cadre, case, on=days_before(150), note="材料不全")
    case.refresh_from_db()
    assert case.phase == "persuasion"
    with pytest.raises(Invalid) as hours:
        actions.do_correct(cadre, case, kind="assisted", on=days_before(140))
    assert hours.value.field == "hours"
    actions.do_correct(cadre, case, kind="self", on=days_before(140))
    case.refresh_from_db()
    assert case.phase == "closed" and case.due_on is None


def test_bad_dates_name_the_field(make_case, cadre):
    case = make_case("persuasion")
    with pytest.raises(Invalid) as future:
        actions.do_record_visit(cadre, case, on=DAY + datetime.timedelta(days=1), people="徐某", result="refused")
    assert future.value.field == "on" and "future" in future.value.message
    with pytest.raises(Invalid) as early:
        actions.do_record_visit(cadre, case, on=days_before(300), people="徐某", result="refused")
    assert "before the case's latest step" in early.value.message


def test_lifting_refused_waits_for_a_new_application(make_case, cadre):
    case = make_case("lift_applied")
    actions.do_review_lift(cadre, case, granted=False, on=DAY, note="未拆除到位")
    case.refresh_from_db()
    assert case.phase == "corrected" and set(case.measures.values_list("state", flat=True)) == {"pending"}


def test_overdue_steps_are_flagged(make_case, cadre, district, frozen_day):
    persuading = make_case("persuasion", found=100, place="沿河仓库")  # persuasion due 95-30 = 65 days ago
    punished = make_case("punished", found=30, place="门面")  # measures due 30-12-10 = 8 days ago
    fresh = make_case("found", found=2, place="彩钢棚")  # first visit due in 5 days
    rows = selectors.overdue_steps(cadre)
    by_case = {}
    for row in rows:
        by_case.setdefault(row.case.pk, []).append(row)
    assert persuading.pk in by_case and by_case[persuading.pk][0].days_late == 65
    assert {r.department for r in by_case[punished.pk]} == {"区住房和城乡建设局", "区市场监督管理局"}
    assert fresh.pk not in by_case
    from wangge.enforcement.models import ViolationCase

    flagged = set(ViolationCase.objects.filter(selectors.overdue_q()).values_list("pk", flat=True))
    assert flagged == {persuading.pk, punished.pk}


def test_a_department_reports_only_its_own_measure(make_case, handlers, departments):
    case = make_case("punished", found=30)
    zjj = Measure.objects.get(case=case, department=departments["ZJJ"])
    sjj = Measure.objects.get(case=case, department=departments["SJJ"])
    assert list(selectors.punished_measures(handlers["ZJJ"])) == [zjj]
    with pytest.raises(NotPermitted, match="Only 区住房和城乡建设局"):
        actions.do_report_measure(handlers["SJJ"], zjj, applied_on=DAY, report="x")
    with pytest.raises(Invalid) as early:
        actions.do_report_measure(handlers["SJJ"], sjj, applied_on=days_before(40), report="x")
    assert early.value.field == "applied_on"
    actions.do_report_measure(handlers["SJJ"], sjj, applied_on=DAY, report="已暂停")
    with pytest.raises(Conflict, match="already reported"):
        actions.do_report_measure(handlers["SJJ"], sjj, applied_on=DAY, report="again")


def test_scoping(make_case, district):
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user

    case = make_case("persuasion")
    other = make_user("other_cadre", Role.TOWN_CADRE, district["other_town"])
    with pytest.raises(NotFound):
        actions.do_record_visit(other, case, on=DAY, people="x", result="refused")
    with pytest.raises(Invalid) as region:
        actions.do_create_case(other, kind="building", place="x", region=district["grid_a"], party_name="某",
                               found_on=DAY)
    assert region.value.field == "region"
    worker = make_user("gw", Role.GRID_WORKER, district["grid_a"])
    with pytest.raises(NotPermitted):
        actions.do_record_visit(worker, case, on=DAY, people="x", result="refused")


def test_party_numbers_are_checked(district, cadre, frozen_day):
    with pytest.raises(Invalid) as bad:
        actions.do_create_case(cadre, kind="building", place="x", region=district["grid_a"], party_name="某",
                               party_id_number="320684199901011234", found_on=DAY)
    assert bad.value.field == "party_id_number"
    with pytest.raises(Invalid) as phone:
        actions.do_create_case(cadre, kind="building", place="x", region=district["grid_a"], party_name="某",
                               party_phone="12345", found_on=DAY)
    assert phone.value.field == "party_phone"
    firm = actions.do_create_case(cadre, kind="land", place="厂区", region=district["village"],
                                  party_kind="enterprise", party_name="某某建材有限公司",
                                  party_id_number="91320684MA1XXXXX0A", found_on=DAY)
    assert firm.party_kind == "enterprise"


def test_the_demo_seeds_each_phase_once(district, admin_user):
    from wangge.enforcement import demo
    from wangge.enforcement.models import ViolationCase

    with clock.frozen(clock.at(datetime.date(2021, 8, 6), 9)):
        line = demo.seed(district["town"], admin_user, 2021)
        assert "7" in line
        again = demo.seed(district["town"], admin_user, 2021)
    assert "0" in again and ViolationCase.objects.count() == 7
    phases = set(ViolationCase.objects.values_list("phase", flat=True))
    assert phases == {"found", "persuasion", "applied", "punished", "closed", "lifted", "lift_applied"}
    haimen = ViolationCase.objects.get(phase="lift_applied")
    assert haimen.corrected_on == datetime.date(2021, 8, 5) and haimen.demolition_hours == 3
    assert haimen.correction == "assisted" and haimen.steps.filter(kind="visit").count() == 4
    assert haimen.steps.get(kind="applied").on.month == 6
