"""Policies API: versions read by everyone logged in, the version in force, preview and activation for district
administrators."""

from wangge.policies.choices import VersionStatus
from wangge.policies.models import PolicyVersion


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
