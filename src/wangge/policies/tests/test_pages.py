"""Pages and API: everyone logged in reads; only district administrators upload, preview and switch."""

import datetime

from wangge.core import clock
from wangge.policies import actions
from wangge.policies.choices import VersionStatus
from wangge.policies.models import PolicyVersion

from .conftest import TODAY, g_text


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


def form_data(version, **changes):
    """What the form page posts when nothing is touched, with `changes` applied."""
    from wangge.policies.editor import PolicyDocumentForm

    form = PolicyDocumentForm(base_text=version.yaml_text)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
    data.update(changes)
    return data


def test_the_district_admin_edits_a_draft_in_a_form_and_the_yaml_stays_the_stored_format(draft, admin_user,
                                                                                         client_for):
    """Issue 17.18: phases, days, NAT days, pool sizes and the checkpoint table are fields; the YAML is written."""
    client = client_for(admin_user)
    page = client.get(f"/policies/{draft.pk}/form/").content.decode()
    assert 'value="home_isolation" selected>居家隔离' in page and 'name="high__0__nat_days" value="1, 3, 5, 7"' in page
    data = form_data(draft, **{"high__0__days": "12", "high__0__nat_days": "1、3、5、7、12", "pool__medium": "10"})
    rule = next(p for p in (f"rule__{i}" for i in range(20)) if f"{p}__action" in data and not data[f"{p}__action"])
    data.update({f"{rule}__code": "yellow", f"{rule}__action": "persuade_back", f"{rule}__reason": "黄码劝返"})
    response = client.post(f"/policies/{draft.pk}/form/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    high = draft.document["categories"]["high"]["phases"][0]
    assert (high["days"], high["nat_days"]) == (12, [1, 3, 5, 7, 12])
    assert draft.document["pool_sizes"]["medium"] == 10
    assert "nat_days: [1, 3, 5, 7, 12]" in draft.yaml_text and "黄码劝返" in draft.yaml_text
    assert draft.status == VersionStatus.DRAFT


def test_a_nat_day_outside_its_phase_is_refused_next_to_the_field_and_nothing_is_saved(draft, admin_user,
                                                                                      client_for):
    before = draft.yaml_text
    data = form_data(draft, **{"high__0__days": "5", "high__0__nat_days": "1, 9"})
    response = client_for(admin_user).post(f"/policies/{draft.pk}/form/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "high__0__nat_days" in form.errors and "9" in str(form.errors["high__0__nat_days"])
    draft.refresh_from_db()
    assert draft.yaml_text == before


def test_a_grid_worker_may_not_open_the_draft_form(draft, worker, client_for):
    assert client_for(worker).get(f"/policies/{draft.pk}/form/").status_code == 403


def test_the_policy_list_says_who_activated_each_version_by_display_name(draft, admin_user, client_for, facts):
    admin_user.display_name = "王主任"
    admin_user.save()
    actions.do_activate(admin_user, draft)
    html = client_for(admin_user).get("/policies/").content.decode()
    row = html[html.index(">G<"):][:1500]
    assert "王主任" in row and admin_user.username not in row and "2023-01-10" in row
    export = client_for(admin_user).get("/policies/", {"export": "csv"})
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert export.status_code == 200 and "王主任" in body
