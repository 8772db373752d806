"""Pages: the task list a grid worker taps through, the timeline, the notice, the 日清 board and the lists."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangge.followup import actions
from wangge.followup.board import board_counts
from wangge.followup.models import FollowUp, Task
from wangge.followup.worker import FollowUpWorker

from .conftest import DAY1

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(district, policy_a, today, make_flag, admin_user):
    """Grid A: a medium (will be verified), a high (unreachable ×3 → village); grid C: a same_city; an unmatched
    person routed to the village."""
    a = district["residents"][district["grid_a"].code]
    c = district["residents"][district["grid_c"].code]
    flags = [make_flag(a[0], "medium"), make_flag(a[1], "high"), make_flag(c[0], "same_city"),
             make_flag(None, "medium", id_number="11010519491231002X", name="赵六", region=district["village"])]
    actions.do_open_from_flags(admin_user, flags)
    return {"medium": FollowUp.objects.get(resident=a[0]), "high": FollowUp.objects.get(resident=a[1]),
            "other_town": FollowUp.objects.get(resident=c[0]), "unmatched": FollowUp.objects.get(resident=None)}


def test_my_tasks_lists_verify_first_and_records_with_one_tap(three, client_for, worker):
    client = client_for(worker)
    page = client.get("/followup/")
    assert page.status_code == 200
    html = page.content.decode()
    assert three["medium"].name in html and three["high"].name in html
    assert three["other_town"].name not in html and "赵六" not in html  # another town; routed to the village
    task = Task.objects.get(followup=three["medium"])
    response = client.post(f"/followup/tasks/{task.pk}/verify/", {"outcome": "reached"})
    assert response.status_code == 302
    html = client.get("/followup/").content.decode()
    assert 'name="temperature"' in html and "viewport" in html


def test_the_outsider_sees_no_page_of_grid_a(three, client_for, outsider):
    client = client_for(outsider)
    assert three["medium"].name not in client.get("/followup/").content.decode()
    assert client.get(f"/followup/people/{three['medium'].pk}/").status_code == 404
    assert client.get(f"/followup/people/{three['medium'].pk}/notice/").status_code == 404
    task = Task.objects.get(followup=three["medium"])
    assert client.post(f"/followup/tasks/{task.pk}/verify/", {"outcome": "reached"}).status_code == 404
    assert three["medium"].name not in client.get("/followup/people/").content.decode()
    assert client.get("/followup/board/", {"region": "320684102001"}).status_code == 404


def test_a_second_tap_on_a_closed_task_is_a_message_not_a_change(three, client_for, worker):
    client = client_for(worker)
    task = Task.objects.get(followup=three["medium"])
    client.post(f"/followup/tasks/{task.pk}/verify/", {"outcome": "reached"})
    response = client.post(f"/followup/tasks/{task.pk}/verify/", {"outcome": "moved_away"}, follow=True)
    assert response.status_code == 200
    assert FollowUp.objects.get(pk=three["medium"].pk).state == "under_measure"


def test_timeline_and_notice(three, client_for, worker):
    client = client_for(worker)
    task = Task.objects.get(followup=three["medium"])
    client.post(f"/followup/tasks/{task.pk}/verify/", {"outcome": "reached", "note": "在家"})
    html = client.get(f"/followup/people/{three['medium'].pk}/").content.decode()
    assert "2021-08-17" in html and "2021-08-10" in html
    notice = client.get(f"/followup/people/{three['medium'].pk}/notice/").content.decode()
    assert "2021年8月17日" in notice and "@media print" not in notice and "followup.css" in notice


def test_board_counts_equal_hand_counts(three, worker, admin_user, cadre, client_for):
    high_task = Task.objects.get(followup=three["high"])
    for _ in range(3):
        actions.do_mark_unreachable(worker, high_task)
    actions.do_verify(worker, Task.objects.get(followup=three["medium"]), outcome="reached")
    with CaptureQueriesContext(connection) as queries:
        table = board_counts(FollowUp.objects.restrict(admin_user), Task.objects.restrict(admin_user),
                             "320684", 9, DAY1)
    assert len(queries) == 2
    assert table["320684102"] == {"pushed": 3, "matched": 2, "verified": 1, "uncleared": 2, "unreachable": 1,
                                  "overdue": 0, "escalated": 1, "missed": 0, "fever": 0}
    assert table["320684103"]["pushed"] == 1 and table["320684103"]["uncleared"] == 1
    village = board_counts(FollowUp.objects.restrict(cadre), Task.objects.restrict(cadre), "320684102001", 15, DAY1)
    assert village["320684102001"]["pushed"] == 1  # the unmatched person, not yet on a grid
    assert village["320684102001001"]["pushed"] == 2
    page = client_for(cadre).get("/followup/board/")
    assert page.status_code == 200 and "大石村" in page.content.decode()
    assert client_for(cadre).get("/followup/board/", {"region": "320684103"}).status_code == 404


def test_board_counts_overdue_and_missed_visits(three, worker, admin_user, today):
    actions.do_verify(worker, Task.objects.get(followup=three["medium"]), outcome="reached")
    today.move(1)
    FollowUpWorker().run_pass()
    table = board_counts(FollowUp.objects.restrict(admin_user), Task.objects.restrict(admin_user),
                         "320684", 9, DAY1)
    hand_overdue = Task.objects.filter(state="open", overdue=True, followup__region_code__startswith="320684102")
    assert table["320684102"]["overdue"] == hand_overdue.count() and table["320684102"]["missed"] == 1


def test_measure_list_shows_day_number_and_next_test(three, client_for, worker, today):
    actions.do_verify(worker, Task.objects.get(followup=three["medium"]), outcome="reached")
    html = client_for(worker).get("/followup/measures/", {"kind": "home_isolation"}).content.decode()
    assert three["medium"].name in html and str(DAY1) in html


def test_a_grid_worker_reports_a_person_by_hand(district, policy_a, today, client_for, worker):
    client = client_for(worker)
    assert client.get("/followup/people/new/").status_code == 200
    response = client.post("/followup/people/new/", {
        "name": "钱七", "phone": "13800138000", "category": "medium",
        "start_date": (DAY1 - datetime.timedelta(days=2)).isoformat(), "region": district["grid_a"].code,
        "reporter_note": "邻居反映"})
    assert response.status_code == 302
    assert FollowUp.objects.get(name="钱七").source == "manual"


def test_my_tasks_costs_the_same_queries_for_more_people(district, policy_a, today, make_flag, admin_user, worker,
                                                         client_for):
    from django.test.utils import CaptureQueriesContext

    grid_a = district["residents"][district["grid_a"].code]
    client = client_for(worker)
    actions.do_open_from_flags(admin_user, [make_flag(grid_a[0], "medium")])
    with CaptureQueriesContext(connection) as one:
        client.get("/followup/")
    actions.do_open_from_flags(admin_user, [make_flag(r, "high") for r in grid_a[1:]])
    with CaptureQueriesContext(connection) as three:
        assert client.get("/followup/").content.decode().count("task-card") == 3
    assert len(three) == len(one)


def test_a_village_cadre_verifies_an_unmatched_person_and_puts_them_on_a_grid(three, client_for, district):
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user

    village_cadre = make_user("vc", Role.VILLAGE_CADRE, district["village"])
    client = client_for(village_cadre)
    assert "赵六" in client.get("/followup/").content.decode()
    task = Task.objects.get(followup=three["unmatched"])
    client.post(f"/followup/tasks/{task.pk}/verify/", {"outcome": "reached", "grid": district["grid_b"].code})
    followup = FollowUp.objects.get(pk=three["unmatched"].pk)
    assert (followup.state, followup.region_code) == ("under_measure", district["grid_b"].code)
    assert Task.objects.get(followup=followup, kind="deliver_notice").region_code == district["grid_b"].code


def test_the_back_office_lists_follow_ups_read_only_and_masked(three, client):
    from wangge.accounts.models import User

    root = User.objects.create_superuser("root", password="pw-root")
    client.force_login(root)
    html = client.get("/admin/followup/followup/").content.decode()
    assert three["medium"].name in html and three["medium"].id_number not in html
    assert client.get(f"/admin/followup/followup/{three['medium'].pk}/change/").status_code == 200
    assert client.get("/admin/followup/task/").status_code == 200
    assert client.get("/admin/followup/followup/add/").status_code == 403
