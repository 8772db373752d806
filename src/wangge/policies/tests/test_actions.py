"""Policy actions on stored versions: in force by date, activation (one logged action), overlaps refused, idempotent
loading, who may change policies."""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command

from wangge.core.errors import ActionError, Conflict, Invalid, NotPermitted
from wangge.core.models import ChangeEvent
from wangge.policies.actions import do_activate, do_retire, do_save_draft, ensure_shipped_policies
from wangge.policies.choices import VersionStatus
from wangge.policies.models import PolicyVersion
from wangge.policies.schema import PolicyError

from .conftest import d, read_shipped

CST = zoneinfo.ZoneInfo("Asia/Shanghai")


def draft_text(code="G", effective_from="2023-01-08", extra=""):
    text = read_shipped("F").replace("code: F", f"code: {code}")
    return text.replace("effective_from: 2022-11-11", f"effective_from: {effective_from}{extra}")


@pytest.mark.parametrize("at,code", [
    ("2021-07-31", None), ("2021-08-01", "A"), ("2021-08-24", "A"), ("2021-08-25", "B"), ("2022-06-27", "B"),
    ("2022-06-28", "E"), ("2022-11-10", "E"), ("2022-11-11", "F"), ("2030-01-01", "F"),
])
def test_the_version_in_force_is_picked_by_date(shipped, at, code):
    version = PolicyVersion.objects.in_force(d(at))
    assert (version.code if version else None) == code


def test_the_boundary_is_midnight_in_china(shipped):
    assert PolicyVersion.objects.in_force(datetime.datetime(2021, 8, 24, 23, 59, tzinfo=CST)).code == "A"
    assert PolicyVersion.objects.in_force(datetime.datetime(2021, 8, 25, 0, 0, tzinfo=CST)).code == "B"
    # 16:00 UTC on the 24th is already midnight of the 25th in Nantong
    assert PolicyVersion.objects.in_force(datetime.datetime(2021, 8, 24, 16, 0, tzinfo=datetime.UTC)).code == "B"


def test_shipped_versions_are_chained(shipped):
    periods = [(v.code, v.effective_from.isoformat(), v.effective_to and v.effective_to.isoformat())
               for v in PolicyVersion.objects.order_by("effective_from")]
    assert periods == [("A", "2021-08-01", "2021-08-25"), ("B", "2021-08-25", "2022-06-28"),
                       ("E", "2022-06-28", "2022-11-11"), ("F", "2022-11-11", None)]
    assert all(v.status == VersionStatus.ACTIVE for v in shipped.values())


def test_loading_twice_changes_nothing(shipped):
    events = ChangeEvent.objects.count()
    result = ensure_shipped_policies()
    assert sorted(result.unchanged) == ["A", "B", "E", "F"] and not (result.created or result.activated)
    assert ChangeEvent.objects.count() == events


def test_the_command_loads_and_activates(db, tmp_path, capsys):
    call_command("load_policies")
    assert set(PolicyVersion.objects.values_list("status", flat=True)) == {VersionStatus.DRAFT}
    call_command("load_policies", "--activate")
    assert PolicyVersion.objects.active().count() == 4
    call_command("load_policies", "--activate")
    assert capsys.readouterr().out.splitlines()[-1] == "新建：-；更新：-；未变：A, B, E, F；启用：-"


def test_the_command_refuses_a_bad_file_with_its_line(db, tmp_path, capsys):
    (tmp_path / "X.yaml").write_text(read_shipped("A").replace("kind: home_isolation", "kind: quarantine"))
    with pytest.raises(SystemExit) as exc:
        call_command("load_policies", "--dir", str(tmp_path))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "X.yaml" in err and "quarantine" in err
    assert not PolicyVersion.objects.exists()


def test_activation_ends_the_previous_version_and_logs_one_action(shipped, admin_user):
    draft = do_save_draft(admin_user, None, yaml_text=draft_text())
    assert draft.status == VersionStatus.DRAFT
    assert PolicyVersion.objects.in_force(d("2023-02-01")).code == "F"
    before = ChangeEvent.objects.count()
    result = do_activate(admin_user, draft)
    assert result.previous.code == "F" and result.version.status == VersionStatus.ACTIVE
    assert PolicyVersion.objects.get(code="F").effective_to == d("2023-01-08")
    assert PolicyVersion.objects.in_force(d("2023-01-07")).code == "F"
    assert PolicyVersion.objects.in_force(d("2023-01-08")).code == "G"
    events = [e for e in ChangeEvent.objects.order_by("id")[before:] if e.content_type.model == "policyversion"]
    assert len(events) == 2 and all("G" in e.note and "2023-01-08" in e.note for e in events)
    assert {e.user for e in events} == {admin_user}
    version = PolicyVersion.objects.get(code="G")
    assert version.applied_by == admin_user and version.applied_at is not None


def test_activation_on_another_date_than_the_documents(shipped, admin_user):
    draft = do_save_draft(admin_user, None, yaml_text=draft_text())
    do_activate(admin_user, draft, effective_from=d("2023-03-01"))
    assert PolicyVersion.objects.in_force(d("2023-02-28")).code == "F"
    assert PolicyVersion.objects.in_force(d("2023-03-01")).code == "G"


@pytest.mark.parametrize("start", ["2022-11-11", "2021-08-10", "2021-08-01"])
def test_an_overlapping_draft_is_refused_with_the_line_and_nothing_changes(shipped, admin_user, start):
    text = draft_text(effective_from=start)
    before = {v.code: (v.effective_from, v.effective_to) for v in PolicyVersion.objects.all()}
    with pytest.raises(PolicyError) as exc:
        do_save_draft(admin_user, None, yaml_text=text)
    assert exc.value.field == "effective_from"
    assert exc.value.line == 5 and "第 5 行" in str(exc.value)
    assert not PolicyVersion.objects.filter(code="G").exists()
    assert {v.code: (v.effective_from, v.effective_to) for v in PolicyVersion.objects.all()} == before
    assert PolicyVersion.objects.in_force(d(start)).code != "G"


def test_a_version_inserted_into_history_needs_an_end(shipped, admin_user):
    draft = do_save_draft(admin_user, None,
                          yaml_text=draft_text(effective_from="2021-08-10", extra="\neffective_to: 2021-08-25"))
    do_activate(admin_user, draft)
    assert [PolicyVersion.objects.in_force(d(x)).code for x in ("2021-08-09", "2021-08-10", "2021-08-25")] == [
        "A", "G", "B"]


def test_a_version_that_would_leave_days_without_a_policy_is_refused(shipped, admin_user):
    with pytest.raises(PolicyError) as exc:
        do_save_draft(admin_user, None,
                      yaml_text=draft_text(effective_from="2021-08-10", extra="\neffective_to: 2021-08-20"))
    assert exc.value.field == "effective_to" and exc.value.line == 6 and "2021-08-25" in str(exc.value)


def test_activation_refuses_an_overlap_and_changes_nothing(shipped, admin_user):
    draft = do_save_draft(admin_user, None, yaml_text=draft_text())
    with pytest.raises(PolicyError) as exc:
        do_activate(admin_user, draft, effective_from=d("2022-11-11"))
    assert exc.value.field == "effective_from"
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert PolicyVersion.objects.get(code="F").effective_to is None


def test_saving_overlapping_active_versions_is_refused_at_the_model(shipped):
    version = PolicyVersion(status=VersionStatus.ACTIVE)
    version.load_yaml(draft_text(effective_from="2022-12-01"))
    with pytest.raises(PolicyError, match="F"):
        version.save()


def test_only_district_admins_change_policies(shipped, worker, cadre):
    with pytest.raises(NotPermitted):
        do_save_draft(worker, None, yaml_text=draft_text())
    with pytest.raises(NotPermitted):
        do_activate(cadre, shipped["F"])


def test_only_drafts_are_activated_or_edited(shipped, admin_user):
    with pytest.raises(Conflict):
        do_activate(admin_user, shipped["F"])
    with pytest.raises(Conflict):
        do_save_draft(admin_user, shipped["F"], yaml_text=read_shipped("F"))


def test_a_code_is_used_once(shipped, admin_user):
    with pytest.raises(PolicyError) as exc:
        do_save_draft(admin_user, None, yaml_text=draft_text(code="E", effective_from="2024-01-01"))
    assert exc.value.field == "code" and exc.value.line == 3


def test_retiring_takes_a_version_out_of_force(shipped, admin_user):
    do_retire(admin_user, shipped["F"])
    assert PolicyVersion.objects.in_force(d("2023-01-01")) is None
    assert ChangeEvent.objects.filter(note__contains="F", object_id=str(shipped["F"].pk)).exists()


def test_activation_recomputes_follow_up_plans_when_the_version_is_in_force_today(shipped, admin_user, monkeypatch):
    """The activation sends policy_activated in its own transaction; follow-up's receiver recomputes the plans
    (here counted by a stand-in) only when the version is in force on the clock's today."""
    from wangge.core import clock
    from wangge.followup import actions as followup_actions

    calls = []
    monkeypatch.setattr(followup_actions, "do_recompute_plans",
                        lambda actor, document: calls.append((document["code"], actor)) or 7)
    with clock.frozen(d("2023-01-10")):
        result = do_activate(admin_user, do_save_draft(admin_user, None, yaml_text=draft_text()))
        assert calls == [("G", admin_user)] and result.followups_recomputed == 7
        calls.clear()
        later = do_save_draft(admin_user, None, yaml_text=draft_text(code="H", effective_from="2024-01-01"))
        assert do_activate(admin_user, later).followups_recomputed is None  # not in force yet: plans stay
    assert calls == []


def test_a_policy_action_with_no_actor_is_refused_and_changes_nothing(shipped):
    """No user never means "everyone": the CLI and the demo act as the system actor."""
    with pytest.raises(NotPermitted):
        do_save_draft(None, None, yaml_text=draft_text())
    with pytest.raises(NotPermitted):
        do_activate(None, shipped["F"])
    with pytest.raises(NotPermitted):
        do_retire(None, shipped["F"])
    assert not PolicyVersion.objects.filter(code="G").exists()
    assert PolicyVersion.objects.get(code="F").status == VersionStatus.ACTIVE


def test_a_bad_policy_document_is_an_invalid_input_naming_the_field_in_chinese(shipped, admin_user):
    with pytest.raises(ActionError) as exc:
        do_save_draft(admin_user, None, yaml_text=draft_text().replace("        days: 7", "        days: seven", 1))
    assert isinstance(exc.value, Invalid) and exc.value.status_code == 400
    assert exc.value.field and exc.value.field.startswith("categories.") and "行" in str(exc.value)


def test_the_system_actor_loads_the_shipped_policies_and_is_named_as_the_one_who_activated_them(db):
    from wangge.accounts.selectors import system_actor

    ensure_shipped_policies()
    assert PolicyVersion.objects.get(code="F").applied_by == system_actor()
