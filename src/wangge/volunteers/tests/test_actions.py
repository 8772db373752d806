"""Planning and signing up under the duty rules, QR check-in and check-out, hours, no-shows."""

from decimal import Decimal

import pytest

from wangge.core import clock
from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted
from wangge.volunteers import actions
from wangge.volunteers.choices import Rule, SignUpSource
from wangge.volunteers.models import Shift, SignUp

from .helpers import at, make_post, make_volunteer

pytestmark = pytest.mark.django_db


def plan(actor, post, start, end, people, **kw):
    return actions.do_plan_shift(actor, post, start=start, end=end, volunteers=people, **kw)


def refusal(exc_info):
    return exc_info.value.rule, exc_info.value.message


# --- the rules, each refused with the rule named ---------------------------------------------------------------


def test_a_sound_plan_is_made(roster):
    result = plan(roster["leader"], roster["gate"], at(8), at(16), [roster["vol"], *roster["members"]])
    assert result.shift.needed == 3 and len(result.signups) == 3 and result.warnings == []
    assert {s.source for s in result.signups} == {SignUpSource.PLANNED}
    assert SignUp.objects.filter(shift=result.shift).count() == 3


def test_a_shift_ending_before_it_starts_is_refused_with_the_rule_named(roster):
    with pytest.raises(actions.DutyRuleBroken) as exc:
        plan(roster["leader"], roster["gate"], at(16), at(8), [roster["vol"]])
    rule, message = refusal(exc)
    assert rule == Rule.END_AFTER_START and exc.value.field == "end"
    assert str(Rule.END_AFTER_START.label) in message
    assert not Shift.objects.exists()


def test_overlapping_shifts_for_one_person_are_refused_with_the_rule_named(roster):
    plan(roster["leader"], roster["gate"], at(8), at(16), [roster["vol"]])
    with pytest.raises(actions.DutyRuleBroken) as exc:
        plan(roster["leader"], roster["exit"], at(14), at(18), [roster["vol"], roster["members"][0]])
    rule, message = refusal(exc)
    assert rule == Rule.NO_OVERLAP
    assert str(Rule.NO_OVERLAP.label) in message and roster["vol"].name in message and "大石村卡口" in message
    # nothing of the refused plan was written, not even for the member who was free
    assert Shift.objects.count() == 1 and not SignUp.objects.filter(volunteer=roster["members"][0]).exists()
    # back to back is fine
    plan(roster["leader"], roster["exit"], at(16), at(18), [roster["vol"]])


def test_more_than_the_hours_in_24_is_refused_with_the_rule_named(roster):
    plan(roster["leader"], roster["gate"], at(0), at(8), [roster["vol"]])
    with pytest.raises(actions.DutyRuleBroken) as exc:
        plan(roster["leader"], roster["exit"], at(12), at(18), [roster["vol"]])  # 8 + 6 = 14 h
    rule, message = refusal(exc)
    assert rule == Rule.MAX_HOURS and "12" in message and "14" in message
    # the same six hours the next day are fine
    plan(roster["leader"], roster["exit"], at(8, days=1), at(14, days=1), [roster["vol"]])


def test_one_shift_of_22_hours_is_refused(roster):
    with pytest.raises(actions.DutyRuleBroken) as exc:
        plan(roster["leader"], roster["gate"], at(0), at(22), [roster["elder"]])
    assert exc.value.rule == Rule.MAX_HOURS


def test_the_hours_come_from_the_setting_when_the_policy_names_none(roster, settings):
    settings.WANGGE_DUTY_MAX_HOURS_IN_24 = 16
    plan(roster["leader"], roster["gate"], at(0), at(8), [roster["vol"]])
    plan(roster["leader"], roster["exit"], at(12), at(18), [roster["vol"]])
    assert actions.max_hours_in_24(at(0)) == 16


def test_a_cadre_who_is_also_a_volunteer_is_one_person(roster, district):
    """The rules follow the person (their account), across their roster rows."""
    cadre_row = make_volunteer(roster["village"], None, user=roster["vol_user"], name=roster["vol"].name)
    cadre_row.id_number = ""
    cadre_row.save()
    plan(roster["village_cadre"], roster["gate"], at(8), at(16), [roster["vol"]])
    with pytest.raises(actions.DutyRuleBroken) as exc:
        plan(roster["village_cadre"], roster["exit"], at(12), at(20), [cadre_row])
    assert exc.value.rule == Rule.NO_OVERLAP


def test_a_volunteer_aged_70_or_more_gets_a_warning_not_a_refusal(roster):
    result = plan(roster["leader"], roster["gate"], at(8), at(12), [roster["elder"], roster["vol"]])
    assert len(result.signups) == 2
    [warning] = result.warnings
    assert roster["elder"].name in warning and "74" in warning and str(Rule.AGE_70.label) in warning
    elder_signup = SignUp.objects.get(volunteer=roster["elder"])
    assert elder_signup.warnings == [warning]
    assert SignUp.objects.get(volunteer=roster["vol"]).warnings == []


def test_a_shift_takes_no_more_people_than_it_needs(roster):
    plan(roster["leader"], roster["exit"], at(8), at(12), [roster["vol"], roster["members"][0]])
    with pytest.raises(Conflict):
        plan(roster["leader"], roster["exit"], at(8), at(12), [roster["members"][1]])


# --- who may plan ---------------------------------------------------------------------------------------------


def test_a_leader_plans_only_their_own_team(roster):
    with pytest.raises(NotPermitted):
        plan(roster["leader"], roster["gate"], at(8), at(12), [roster["stranger"]])
    with pytest.raises(NotPermitted):  # a volunteer who leads nothing
        plan(roster["vol_user"], roster["gate"], at(8), at(12), [roster["vol"]])


def test_a_cadre_plans_inside_their_jurisdiction_only(roster, district):
    far_post = make_post(district["grid_c"], "常乐村卡口")
    with pytest.raises(NotFound):
        plan(roster["village_cadre"], far_post, at(8), at(12), [roster["vol"]])
    with pytest.raises(NotFound):
        plan(roster["village_cadre"], roster["gate"], at(8), at(12), [roster["stranger"]])
    assert plan(roster["village_cadre"], roster["gate"], at(8), at(12), [roster["vol"]]).signups


# --- signing up -----------------------------------------------------------------------------------------------


def test_signing_up_obeys_the_same_rules(roster):
    open_shift = plan(roster["leader"], roster["gate"], at(8), at(16), [roster["members"][0]]).shift
    other = plan(roster["leader"], roster["exit"], at(12), at(20), [roster["members"][1]]).shift
    result = actions.do_sign_up(roster["vol_user"], open_shift)
    assert result.signups[0].source == SignUpSource.SIGNED_UP and result.signups[0].volunteer == roster["vol"]
    with pytest.raises(Conflict):
        actions.do_sign_up(roster["vol_user"], open_shift)
    with pytest.raises(actions.DutyRuleBroken) as exc:
        actions.do_sign_up(roster["vol_user"], other)
    assert exc.value.rule == Rule.NO_OVERLAP


def test_a_full_or_begun_shift_takes_no_sign_up(roster):
    full = plan(roster["leader"], roster["exit"], at(8), at(12), roster["members"]).shift
    with pytest.raises(Conflict):
        actions.do_sign_up(roster["vol_user"], full)
    soon = plan(roster["leader"], roster["gate"], at(14), at(16), [roster["elder"]]).shift
    with clock.frozen(at(14, 30)), pytest.raises(Conflict):
        actions.do_sign_up(roster["vol_user"], soon)


# --- the post's QR code ---------------------------------------------------------------------------------------


@pytest.fixture
def on_duty(roster):
    result = plan(roster["leader"], roster["gate"], at(8), at(16), [roster["vol"]])
    return result.signups[0]


def test_check_in_and_out_by_the_posts_code_records_the_hours(roster, on_duty):
    token = actions.post_token(roster["gate"])
    with clock.frozen(at(7, 50)):
        actions.do_check_in(roster["vol_user"], on_duty, token=token)
    with clock.frozen(at(16, 5)):
        done = actions.do_check_out(roster["vol_user"], on_duty, token=token)
    assert done.checked_in_at == at(7, 50) and done.checked_out_at == at(16, 5)
    assert done.hours == Decimal("8.25")
    with pytest.raises(Conflict):
        actions.do_check_out(roster["vol_user"], on_duty, token=token)


def test_the_qr_code_of_another_post_is_refused(roster, on_duty):
    with clock.frozen(at(8)), pytest.raises(Invalid) as exc:
        actions.do_check_in(roster["vol_user"], on_duty, token=actions.post_token(roster["exit"]))
    assert exc.value.field == "token"
    assert "海门东高速道口" in exc.value.message and "大石村卡口" in exc.value.message
    on_duty.refresh_from_db()
    assert on_duty.checked_in_at is None


def test_an_altered_or_retired_code_is_refused(roster, on_duty):
    token = actions.post_token(roster["gate"])
    with clock.frozen(at(8)):
        with pytest.raises(Invalid):
            actions.do_check_in(roster["vol_user"], on_duty, token=token[:-2] + "xx")
        actions.do_renew_qr(roster["village_cadre"], roster["gate"])
        with pytest.raises(Invalid) as exc:
            actions.do_check_in(roster["vol_user"], on_duty, token=token)
        assert "大石村卡口" in exc.value.message
        roster["gate"].refresh_from_db()
        actions.do_check_in(roster["vol_user"], on_duty, token=actions.post_token(roster["gate"]))


def test_check_in_only_in_the_shifts_time_and_only_ones_own(roster, on_duty):
    token = actions.post_token(roster["gate"])
    with clock.frozen(at(6, 30)), pytest.raises(Conflict):
        actions.do_check_in(roster["vol_user"], on_duty, token=token)
    with clock.frozen(at(16, 1)), pytest.raises(Conflict):
        actions.do_check_in(roster["vol_user"], on_duty, token=token)
    with clock.frozen(at(9)), pytest.raises(NotFound):
        actions.do_check_in(roster["leader"], on_duty, token=token)


# --- hours and no-shows ---------------------------------------------------------------------------------------


def test_the_leader_approves_hours_not_their_own(roster, on_duty):
    token = actions.post_token(roster["gate"])
    own = plan(roster["leader"], roster["exit"], at(8), at(12), [roster["leader_row"]]).signups[0]
    with clock.frozen(at(8)):
        actions.do_check_in(roster["vol_user"], on_duty, token=token)
    with clock.frozen(at(15)):
        actions.do_check_out(roster["vol_user"], on_duty, token=token)
    with clock.frozen(at(17)):
        approved = actions.do_approve_hours(roster["leader"], on_duty)
        assert approved.approved_hours == Decimal("7.00") and approved.approved_by == roster["leader"]
        with pytest.raises(NotPermitted):
            actions.do_approve_hours(roster["leader"], own, hours=Decimal("4"))
        with pytest.raises(Invalid) as exc:  # no check-out: the hours must be given
            actions.do_approve_hours(roster["village_cadre"], own)
        assert exc.value.field == "hours"
        assert actions.do_approve_hours(roster["village_cadre"], own, hours=Decimal("4")).approved_hours == 4


def test_the_no_show_list_holds_who_never_checked_in(roster):
    shift = plan(roster["leader"], roster["gate"], at(8), at(12), [roster["vol"], roster["members"][0]]).shift
    came, missed = SignUp.objects.filter(shift=shift).order_by("id")
    with clock.frozen(at(8)):
        actions.do_check_in(roster["vol_user"], came, token=actions.post_token(roster["gate"]))
        assert not SignUp.objects.no_shows(clock.now()).exists()  # not over yet
    with clock.frozen(at(12, 1)):
        assert list(SignUp.objects.no_shows(clock.now())) == [missed]


def test_a_volunteer_cancels_before_the_start_only(roster, on_duty):
    actions.do_cancel_sign_up(roster["vol_user"], on_duty)
    assert not SignUp.objects.active().exists()
    again = plan(roster["leader"], roster["gate"], at(8), at(16), [roster["vol"]]).signups[0]
    assert again.pk == on_duty.pk  # the same place, back on the plan
    with clock.frozen(at(9)), pytest.raises(Conflict):
        actions.do_cancel_sign_up(roster["vol_user"], again)

