"""Persona sentences about the mass-testing API (issue 17: 10, 11)."""

import datetime

from wangge.labtests.models import Campaign, Sample

from .conftest import Scans


def test_a_refused_scan_names_the_person_it_was_about(campaign, staff, district, api_for):
    people = district["residents"][district["grid_a"].code]
    scans = Scans()
    batch = [scans.open("NAMED00001", pool=1), scans.add("NAMED00001", people[0]),
             scans.add("NAMED00001", people[1], name=people[1].name)]
    body = api_for(staff).post("/api/labtests/sync/", {"terminal": "T-0001", "events": batch}, format="json").json()
    assert len(body["accepted"]) == 2 and len(body["rejected"]) == 1
    refused = body["rejected"][0]
    masked = people[1].id_number[:6] + "********" + people[1].id_number[-4:]
    assert people[1].name in refused["reason"] and masked in refused["reason"]
    assert people[1].id_number not in refused["reason"]
    assert Sample.objects.count() == 1  # only the accepted scan counts toward the tube


def test_a_finished_campaign_refuses_new_tubes_with_a_chinese_message_naming_the_field(campaign, staff, api_for):
    Campaign.objects.filter(pk=campaign.pk).update(end_date=datetime.date(2021, 8, 2))
    scans = Scans()
    answer = api_for(staff).post("/api/labtests/scan/", {"terminal": "T-0001", **scans.open("LATE000001")},
                                 format="json")
    assert answer.status_code in (400, 409)
    body = answer.json()
    assert "barcode" in body and "结束" in body["barcode"][0] and "不再接收试管" in body["barcode"][0]


def test_a_role_that_may_not_register_is_refused_by_the_sync_api(campaign, worker, api_for):
    scans = Scans()
    answer = api_for(worker).post("/api/labtests/sync/", {"terminal": "T-0001", "events": [scans.open("NOPE000001")]},
                                  format="json")
    assert answer.status_code == 403
