"""Pages and API: everyone logged in reads; only district administrators upload, preview and switch."""

import datetime

import pytest

from wangge.core import clock
from wangge.policies import actions
from wangge.policies.choices import VersionStatus
from wangge.policies.evaluation import FollowUpFacts
from wangge.policies.models import PolicyVersion

from .conftest import read_shipped

TODAY = datetime.date(2023, 1, 10)


def g_text(effective_from="2023-01-08"):
    """A draft G: F with 10 days of home isolation for high-risk arrivals."""
    text = read_shipped("F").replace("code: F", "code: G").replace("effective_from: 2022-11-11",
                                                                   f"effective_from: {effective_from}")
    old = "        days: 7\n        nat_days: [1, 3, 5, 7]"
    return text.replace(old, old.replace("days: 7", "days: 10"))


@pytest.fixture
def draft(shipped, admin_user):
    return actions.save_draft(g_text(), admin_user)


@pytest.fixture
def facts(monkeypatch):
    """Two people under follow-up: a high-risk arrival (plan changes under G) and a close contact (it does not)."""
    people = [
        FollowUpFacts(1, "张*", "high", datetime.date(2023, 1, 9), (datetime.date(2023, 1, 9),), TODAY),
        FollowUpFacts(2, "李*", "close_contact", datetime.date(2023, 1, 9), (), TODAY),
    ]
    monkeypatch.setattr(actions, "followup_facts", lambda user: people)
    monkeypatch.setattr(clock, "_frozen", clock.at(TODAY))  # the clock stopped on that day
    return people


def test_everyone_logged_in_reads_the_list_with_the_version_in_force_highlighted(shipped, worker, client_for,
                                                                                 monkeypatch):
    monkeypatch.setattr(clock, "_frozen", clock.at(datetime.date(2021, 8, 30)))  # the clock stopped on that day
    page = client_for(worker).get("/policies/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="in-force"' in html and "现行" in html
    row = html[html.index('class="in-force"'):][:400]
    assert ">B<" in row
    assert "新建草稿版本" not in html  # a grid worker cannot change policies


def test_anonymous_users_are_sent_to_log_in(shipped, client):
    assert client.get("/policies/").status_code == 302


def test_the_detail_page_shows_the_measure_table_in_chinese_and_the_yaml(shipped, worker, client_for):
    html = client_for(worker).get(f"/policies/{shipped['A'].pk}/").content.decode()
    for text in ("集中隔离", "居家健康监测", "三天两检", "第 1、4、7、14 天", "第 15–21 天", "红码", "劝返",
                 "每管人数", "code: A"):
        assert text in html, text


def test_a_grid_worker_may_not_upload_or_switch(draft, worker, client_for):
    client = client_for(worker)
    assert client.get("/policies/new/").status_code == 403
    assert client.post("/policies/new/", {"yaml_text": g_text("2024-01-01")}).status_code == 403
    assert client.post(f"/policies/{draft.pk}/switch/", {"effective_from": "2023-01-08"}).status_code == 403
    assert PolicyVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


def test_bad_yaml_is_shown_with_its_line_and_nothing_is_saved(shipped, admin_user, client_for):
    text = g_text().replace("kind: home_isolation", "kind: quarantine", 1)
    page = client_for(admin_user).post("/policies/new/", {"yaml_text": text})
    assert page.status_code == 200
    html = page.content.decode()
    line = next(i + 1 for i, row in enumerate(text.splitlines()) if "quarantine" in row)
    assert f"第 {line} 行" in html and "quarantine" in html
    assert f"{line:4d} ▶ " in html  # the offending line is quoted
    assert not PolicyVersion.objects.filter(code="G").exists()


def test_an_admin_uploads_a_draft(shipped, admin_user, client_for):
    page = client_for(admin_user).post("/policies/new/", {"yaml_text": g_text()})
    version = PolicyVersion.objects.get(code="G")
    assert page.status_code == 302 and page.url == f"/policies/{version.pk}/"
    assert version.status == VersionStatus.DRAFT


def test_the_switch_page_previews_exactly_the_changed_follow_ups_then_activates(draft, admin_user, client_for,
                                                                               facts):
    client = client_for(admin_user)
    html = client.get(f"/policies/{draft.pk}/switch/").content.decode()
    assert "张*" in html and "李*" not in html
    assert "2023-01-15" in html and "2023-01-18" in html  # end date before → after
    assert PolicyVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT  # a preview changes nothing
    page = client.post(f"/policies/{draft.pk}/switch/", {"effective_from": "2023-01-08"})
    assert page.status_code == 302
    assert PolicyVersion.objects.in_force(TODAY).code == "G"


def test_the_switch_page_says_when_no_one_is_under_follow_up(draft, admin_user, client_for):
    html = client_for(admin_user).get(f"/policies/{draft.pk}/switch/").content.decode()
    assert "目前没有在管人员" in html


def test_an_overlapping_switch_date_is_refused_on_the_page(draft, admin_user, client_for, facts):
    page = client_for(admin_user).post(f"/policies/{draft.pk}/switch/", {"effective_from": "2022-11-11"})
    assert page.status_code == 200 and "重叠" in page.content.decode()
    assert PolicyVersion.objects.in_force(TODAY).code == "F"


def test_api_lists_versions_and_answers_the_version_in_force(shipped, worker, api_for):
    api = api_for(worker)
    listing = api.get("/api/policies/").json()
    assert {v["code"] for v in listing["results"]} == {"A", "B", "E", "F"}
    assert api.get("/api/policies/in-force/", {"at": "2021-08-25"}).json()["code"] == "B"
    assert api.get("/api/policies/in-force/", {"at": "2021-08-24T23:59:00+08:00"}).json()["code"] == "A"
    assert api.get("/api/policies/in-force/", {"at": "2020-01-01"}).status_code == 404
    bad = api.get("/api/policies/in-force/", {"at": "yesterday"})
    assert bad.status_code == 400 and "at" in bad.json()


def test_api_preview_is_for_admins_and_lists_the_changes(draft, admin_user, worker, api_for, facts):
    assert api_for(worker).post(f"/api/policies/{draft.pk}/preview/", {}, format="json").status_code == 403
    answer = api_for(admin_user).post(f"/api/policies/{draft.pk}/preview/", {}, format="json")
    assert answer.status_code == 200
    data = answer.json()
    assert data["current"] == "F" and data["examined"] == 2
    assert [c["followup_id"] for c in data["changes"]] == [1]
    assert data["changes"][0]["after"]["end"] == "2023-01-18"
    assert PolicyVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


def test_api_activation_refuses_an_overlap_with_400_and_activates_otherwise(draft, admin_user, api_for, facts):
    api = api_for(admin_user)
    refused = api.post(f"/api/policies/{draft.pk}/activate/", {"effective_from": "2022-11-11"}, format="json")
    assert refused.status_code == 400 and "effective_from" in refused.json()
    done = api.post(f"/api/policies/{draft.pk}/activate/", {}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "active"
    again = api.post(f"/api/policies/{draft.pk}/activate/", {}, format="json")
    assert again.status_code == 409
