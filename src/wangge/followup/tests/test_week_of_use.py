"""Issue 17 for follow-up, as the grid worker, the grid leader and the village cadre meet it (and issue 9's
shape: an action without an actor refuses)."""

import datetime

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core.errors import Conflict, Invalid, NotPermitted
from wangge.core.models import AccessEvent
from wangge.followup import actions
from wangge.followup.board import board_counts
from wangge.followup.models import FollowUp, Task
from wangge.followup.worker import FollowUpWorker

from .conftest import DAY1, arrived

pytestmark = pytest.mark.django_db


def _verified(district, make_flag, admin_user, worker, who=0, category="medium"):
    resident = district["residents"][district["grid_a"].code][who]
    actions.do_open_from_flags(admin_user, [make_flag(resident, category)])
    followup = FollowUp.objects.get(resident=resident)
    actions.do_verify(worker, Task.objects.get(followup=followup, kind="verify"), outcome="reached")
    return followup


@pytest.fixture
def leader(district):
    return make_user("leader", Role.GRID_LEADER, district["grid_a"])


@pytest.fixture
def village_cadre(district):
    return make_user("vc", Role.VILLAGE_CADRE, district["village"])


def test_an_action_called_without_an_actor_refuses(district, policy_a, today):
    with pytest.raises(NotPermitted):
        actions.do_open_followup(None, category="medium", start_date=DAY1, phone="13800138000",
                                 region=district["grid_a"])


# 1. fever


def test_the_grid_leader_and_the_village_get_a_fever_alert_task_at_once(district, policy_a, today, make_flag,
                                                                        admin_user, worker, leader, village_cadre,
                                                                        client_for):
    followup = _verified(district, make_flag, admin_user, worker)
    visit = Task.objects.get(followup=followup, kind="daily_visit")
    response = client_for(worker).post(f"/followup/tasks/{visit.pk}/visit/",
                                       {"temperature": "37.6", "symptoms": "咳嗽"}, follow=True)
    html = response.content.decode()
    assert "发热预警" in html or "fever alert" in html.lower()
    alerts = Task.objects.filter(followup=followup, kind="fever_alert", state="open")
    assert sorted(alerts.values_list("region_code", flat=True)) == [district["village"].code,
                                                                    district["grid_a"].code]
    assert followup.name in client_for(leader).get("/followup/").content.decode()
    assert followup.name in client_for(village_cadre).get("/followup/").content.decode()
    # The prompt to transfer, and the transfer recorded from it.
    detail = client_for(worker).get(f"/followup/people/{followup.pk}/").content.decode()
    assert 'value="fever_clinic"' in detail
    client_for(worker).post(f"/followup/people/{followup.pk}/transfer/", {"to": "fever_clinic", "note": "120"})
    assert not alerts.exists()
    assert followup.visits.filter(outcome="fever_clinic").exists()


def test_a_normal_temperature_raises_no_alert_but_the_policys_threshold_does(district, policy_a, today, make_flag,
                                                                          admin_user, worker):
    followup = _verified(district, make_flag, admin_user, worker)
    visit = Task.objects.get(followup=followup, kind="daily_visit")
    assert actions.do_record_visit(worker, visit, temperature="37.2").alert is False
    today.move(1)
    FollowUpWorker().run_pass()
    visit = Task.objects.get(followup=followup, kind="daily_visit", state="open")
    assert actions.do_record_visit(worker, visit, temperature="37.3").alert is True  # A's fever_celsius


def test_the_daily_board_counts_open_fever_alerts_and_links_to_the_names(district, policy_a, today, make_flag,
                                                                        admin_user, worker, leader, client_for):
    followup = _verified(district, make_flag, admin_user, worker)
    actions.do_record_visit(worker, Task.objects.get(followup=followup, kind="daily_visit"), temperature="38.1")
    table = board_counts(FollowUp.objects.restrict(admin_user), Task.objects.restrict(admin_user), "320684102", 12,
                         DAY1)
    assert table[district["village"].code]["fever"] == 1
    board = client_for(leader).get("/followup/board/").content.decode()
    assert "figure=fever" in board
    names = client_for(leader).get("/followup/people/", {"figure": "fever", "day": DAY1.isoformat(),
                                                          "area": district["grid_a"].code})
    assert followup.name in names.content.decode()


# 3. call button


def test_a_task_card_shows_the_masked_phone_and_a_logged_call_button(district, policy_a, today, make_flag,
                                                                     admin_user, worker, client_for):
    followup = _verified(district, make_flag, admin_user, worker)
    client = client_for(worker)
    html = client.get("/followup/").content.decode()
    assert followup.phone not in html and f"/followup/people/{followup.pk}/call/" in html
    response = client.post(f"/followup/people/{followup.pk}/call/", {"reason": "follow_up"},
                           HTTP_ACCEPT="application/json")
    assert response.json() == {"tel": followup.phone}
    event = AccessEvent.objects.get(kind="call")
    assert event.reason == "follow_up"


# 5. notice per measure, centralized isolation


def test_each_measure_gets_its_own_notice(district, policy_a, today, make_flag, admin_user, worker, client_for):
    home = _verified(district, make_flag, admin_user, worker, who=0, category="medium")
    monitor = _verified(district, make_flag, admin_user, worker, who=1, category="same_city")
    client = client_for(worker)
    home_notice = client.get(f"/followup/people/{home.pk}/notice/").content.decode()
    monitor_notice = client.get(f"/followup/people/{monitor.pk}/notice/").content.decode()
    assert "居家隔离告知书" in home_notice and "三天两检告知书" in monitor_notice
    assert "三天两检告知书" not in home_notice


def test_someone_due_for_centralized_isolation_is_not_found_at_home_without_the_transfer(district, policy_a, today,
                                                                                        make_flag, admin_user,
                                                                                        worker):
    resident = district["residents"][district["grid_a"].code][2]
    actions.do_open_from_flags(admin_user, [make_flag(resident, "high")])
    followup = FollowUp.objects.get(resident=resident)
    task = Task.objects.get(followup=followup, kind="verify")
    with pytest.raises(Conflict) as refused:
        actions.do_verify(worker, task, outcome="reached")
    assert resident.name in refused.value.message
    assert FollowUp.objects.get(pk=followup.pk).state == "pending_verification"
    actions.do_transfer(worker, followup, to="centralized_isolation")
    assert actions.do_verify(worker, task, outcome="reached").followup_state == "under_measure"


# 6. 落地查人


def test_a_village_cadre_must_give_the_unmatched_persons_grid_or_say_why(district, policy_a, today, make_flag,
                                                                        admin_user, village_cadre):
    flag = make_flag(None, "medium", id_number="11010519491231002X", name="赵六", region=district["village"])
    actions.do_open_from_flags(admin_user, [flag])
    followup = FollowUp.objects.get()
    task = Task.objects.get(followup=followup)
    with pytest.raises(Invalid) as refused:
        actions.do_verify(village_cadre, task, outcome="reached")
    assert refused.value.field == "grid" and "赵六" in refused.value.message
    actions.do_verify(village_cadre, task, outcome="reached", grid=district["grid_b"])
    followup.refresh_from_db()
    assert followup.region_code == district["grid_b"].code
    assert set(Task.objects.filter(followup=followup, state="open").values_list("region_code", flat=True)) == {
        district["grid_b"].code}


def test_an_unmatched_person_who_cannot_be_put_on_a_grid_is_verified_with_the_reason(district, policy_a, today,
                                                                                    make_flag, admin_user,
                                                                                    village_cadre):
    flag = make_flag(None, "medium", phone="13900139000", name="孙八", region=district["village"])
    actions.do_open_from_flags(admin_user, [flag])
    task = Task.objects.get()
    state = actions.do_verify(village_cadre, task, outcome="reached", no_grid_reason="住在工地宿舍")
    assert state.followup_state == "under_measure"
    assert "工地宿舍" in Task.objects.get(pk=task.pk).note


# 7. deadlines from the push


def test_the_verify_deadline_runs_from_the_push_not_from_when_tasks_were_made(district, policy_a, today, make_flag,
                                                                             admin_user):
    resident = district["residents"][district["grid_a"].code][0]
    flag = make_flag(resident, "medium")
    today.move(1)  # the tasks are made a day after the push (08:00 on DAY1)
    actions.do_open_from_flags(admin_user, [flag])
    task = Task.objects.get(kind="verify")
    assert task.due_at == arrived(DAY1, 8) + datetime.timedelta(hours=24)


# 8. boards say who


def test_the_grid_leaders_board_and_the_village_board_agree_after_escalation(district, policy_a, today, make_flag,
                                                                            admin_user, worker, leader,
                                                                            village_cadre, client_for):
    resident = district["residents"][district["grid_a"].code][1]
    actions.do_open_from_flags(admin_user, [make_flag(resident, "medium")])
    task = Task.objects.get(kind="verify")
    today.move(2)
    FollowUpWorker().run_pass()
    task.refresh_from_db()
    assert task.region_code == district["village"].code  # escalated
    grid = district["grid_a"].code
    leader_page = client_for(leader).get("/followup/board/").content.decode()
    village_page = client_for(village_cadre).get("/followup/board/").content.decode()
    link = f"figure=overdue&amp;day={today.day.isoformat()}&amp;area={grid}"
    assert link in leader_page and link in village_page
    # The names behind the figure, for the leader too.
    names = client_for(leader).get("/followup/tasks/", {"figure": "overdue", "day": today.day.isoformat(),
                                                         "area": grid}).content.decode()
    assert resident.name in names


def test_not_cleared_counts_the_whole_backlog(district, policy_a, today, make_flag, admin_user):
    resident = district["residents"][district["grid_a"].code][0]
    actions.do_open_from_flags(admin_user, [make_flag(resident, "medium")])
    today.move(1)
    table = board_counts(FollowUp.objects.restrict(admin_user), Task.objects.restrict(admin_user), "320684", 9,
                         today.day)
    assert table["320684102"]["pushed"] == 0 and table["320684102"]["uncleared"] == 1


def test_the_village_cadre_exports_the_board_and_the_export_is_logged(district, policy_a, today, make_flag,
                                                                      admin_user, village_cadre, client_for):
    resident = district["residents"][district["grid_a"].code][0]
    actions.do_open_from_flags(admin_user, [make_flag(resident, "medium")])
    response = client_for(village_cadre).get("/followup/board/", {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200 and district["grid_a"].name in body
    assert AccessEvent.objects.filter(kind="export").exists()


def test_the_board_fits_a_phone_its_table_scrolls_in_its_own_box(district, policy_a, today, village_cadre,
                                                                client_for):
    from pathlib import Path

    import wangge.followup

    html = client_for(village_cadre).get("/followup/board/").content.decode()
    assert '<div class="table-wrap board-wrap"><table' in html
    css = (Path(wangge.followup.__file__).parent / "static" / "followup" / "followup.css").read_text()
    assert ".board-wrap { max-width: 100%; overflow-x: auto;" in css
    assert ".board-page { max-width: 100%; overflow-x: hidden; }" in css


# 9. timeline


def test_the_timeline_speaks_chinese_with_display_names_in_time_order(district, policy_a, today, make_flag,
                                                                     admin_user, worker, client_for):
    from wangge.followup.views import timeline

    worker.display_name = "王网格员"
    worker.save()
    followup = _verified(district, make_flag, admin_user, worker)
    actions.do_deliver_notice(worker, Task.objects.get(followup=followup, kind="deliver_notice"))
    html = client_for(worker).get(f"/followup/people/{followup.pk}/").content.decode()
    assert "王网格员" in html and ">worker<" not in html
    timeline_part = html[html.index('class="timeline"'):]
    for code in ("reached", "delivered", "pending"):
        assert f" {code}" not in timeline_part and f">{code}<" not in timeline_part
    events = timeline(followup)
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
