import datetime

import pytest

from wangge.labtests.models import Sample, ScanEvent, Tube
from wangge.labtests.sync import apply_batch

from .conftest import Scans


@pytest.fixture
def people(district):
    return district["residents"][district["grid_a"].code] + district["residents"][district["grid_b"].code]


def test_a_tube_takes_people_up_to_its_pool_size_and_no_more(campaign, staff, scans, people):
    events = [scans.open("TUBE000001", pool=5)] + [scans.add("TUBE000001", p, minute=i + 1)
                                                   for i, p in enumerate(people)]
    result = apply_batch(staff, "T-0001", events)
    assert len(result.accepted) == 6
    assert [r["event_id"] for r in result.rejected] == [events[-1]["event_id"]]
    assert "full" in result.rejected[0]["reason"] or "已满" in result.rejected[0]["reason"]
    tube = Tube.objects.get(barcode="TUBE000001")
    assert tube.members == 5 == Sample.objects.filter(tube=tube).count()


def test_nobody_can_be_added_to_a_closed_tube(campaign, staff, scans, people):
    apply_batch(staff, "T-0001", [scans.open("TUBE000002"), scans.add("TUBE000002", people[0], minute=1),
                                  scans.close("TUBE000002", minute=2)])
    late = apply_batch(staff, "T-0001", [scans.add("TUBE000002", people[1], minute=3)])
    assert late.accepted == [] and len(late.rejected) == 1
    assert Sample.objects.count() == 1


def test_the_same_batch_three_times_stores_one_set_of_samples(campaign, staff, scans, people):
    batch = [scans.open("TUBE000003")] + [scans.add("TUBE000003", p, minute=1) for p in people[:4]]
    first = apply_batch(staff, "T-0001", batch)
    second = apply_batch(staff, "T-0001", batch)
    third = apply_batch(staff, "T-0001", batch)
    assert len(first.accepted) == 5
    assert second.accepted == [] and len(second.duplicates) == 5
    assert third.duplicates == second.duplicates
    assert Sample.objects.count() == 4 and Tube.objects.get().members == 4
    assert ScanEvent.objects.count() == 5


def test_a_member_event_before_its_open_tube_event_waits_and_is_applied_when_the_tube_opens(
        campaign, staff, scans, people):
    open_event = scans.open("TUBE000004")
    member = scans.add("TUBE000004", people[0], minute=1)
    early = apply_batch(staff, "T-0001", [member])
    assert early.pending == [member["event_id"]]
    assert not Sample.objects.exists()
    later = apply_batch(staff, "T-0001", [open_event])
    assert later.accepted == [open_event["event_id"]]
    assert Sample.objects.get().resident == people[0]
    assert ScanEvent.objects.get(event_id=member["event_id"]).status == "applied"


def test_events_out_of_order_inside_one_batch(campaign, staff, scans, people):
    open_event = scans.open("TUBE000005", minute=10)
    member = scans.add("TUBE000005", people[0], minute=2)  # the terminal clock was behind
    result = apply_batch(staff, "T-0001", [member, open_event])
    assert sorted(result.accepted) == sorted([open_event["event_id"], member["event_id"]])
    assert Sample.objects.count() == 1


def test_one_person_in_two_tubes_of_the_campaign_is_flagged(campaign, staff, scans, people):
    apply_batch(staff, "T-0001", [scans.open("TUBE000006"), scans.add("TUBE000006", people[0])])
    other = Scans("T-0002")
    apply_batch(staff, "T-0002", [other.open("TUBE000007"), other.add("TUBE000007", people[0])])
    assert list(Sample.objects.values_list("in_other_tube", flat=True)) == [True, True]


@pytest.mark.parametrize("bad, reason", [
    ({"barcode": "x!"}, "barcode"), ({"id_number": "110105194912310021"}, "校验位"),
    ({"terminal": "T-9999"}, "T-9999"), ({"type": "explode"}, "explode"), ({"at": "yesterday"}, "ISO"),
])
def test_a_bad_event_is_rejected_with_its_reason_and_the_rest_of_the_batch_is_kept(
        campaign, staff, scans, people, bad, reason, settings):
    settings.LANGUAGE_CODE = "en"
    good = [scans.open("TUBE000008"), scans.add("TUBE000008", people[0])]
    broken = {**scans.add("TUBE000008", people[1]), **bad}
    result = apply_batch(staff, "T-0001", [good[0], broken, good[1]])
    assert len(result.accepted) == 2
    assert len(result.rejected) == 1 and reason in result.rejected[0]["reason"]
    assert Sample.objects.get().resident == people[0]


def test_a_visitor_outside_the_registry_is_registered_with_id_and_phone(campaign, staff, scans):
    from wangge.simulate.synth import make_id

    visitor_id = make_id("110105", datetime.date(1990, 5, 1), 11)
    result = apply_batch(staff, "T-0001", [scans.open("TUBE000009"),
                                           scans.add("TUBE000009", visitor_id, name="访客甲", phone="13900001111")])
    assert len(result.accepted) == 2
    sample = Sample.objects.get()
    assert sample.resident is None and sample.phone == "13900001111"
    assert sample.region_code == campaign.sites.get().region_code


def test_a_terminal_outside_the_users_jurisdiction_is_unknown(campaign, outsider, scans, people):
    result = apply_batch(outsider, "T-0001", [scans.open("TUBE000010")])
    assert result.accepted == [] and "T-0001" in result.rejected[0]["reason"]
    assert not Tube.objects.exists()


def test_the_sync_api_answers_accepted_known_and_rejected(campaign, staff, scans, people, api_for):
    api = api_for(staff)
    batch = [scans.open("TUBE000011"), scans.add("TUBE000011", people[0]), scans.add("TUBE000011", "123")]
    first = api.post("/api/labtests/sync/", {"terminal": "T-0001", "events": batch}, format="json")
    assert first.status_code == 200
    body = first.json()
    assert len(body["accepted"]) == 2 and len(body["rejected"]) == 1
    again = api.post("/api/labtests/sync/", {"terminal": "T-0001", "events": batch[:2]}, format="json").json()
    assert len(again["duplicates"]) == 2


def test_the_single_scan_api(campaign, staff, scans, people, api_for):
    api = api_for(staff)
    assert api.post("/api/labtests/scan/", {"terminal": "T-0001", **scans.open("TUBE000012")},
                    format="json").status_code == 200
    bad = api.post("/api/labtests/scan/", {"terminal": "T-0001", **scans.add("TUBE000012", "1234")}, format="json")
    assert bad.status_code == 400 and bad.json()["rejected"]


def test_the_pages_render_and_the_not_sampled_list_is_scoped(campaign, staff, scans, people, client_for, district,
                                                             worker, outsider):
    apply_batch(staff, "T-0001", [scans.open("TUBE000020"), scans.add("TUBE000020", people[0])])
    page = client_for(staff).get(f"/labtests/campaigns/{campaign.pk}/")
    assert page.status_code == 200
    assert "大石村" in page.content.decode() and "16.7%" in page.content.decode()  # 1 of the village's 6
    body = client_for(worker).get(f"/labtests/campaigns/{campaign.pk}/not-sampled/").content.decode()
    names_a = [p.name for p in district["residents"][district["grid_a"].code]]
    assert names_a[0] not in body and names_a[1] in body and names_a[2] in body
    leak = client_for(outsider).get(f"/labtests/campaigns/{campaign.pk}/not-sampled/").content.decode()
    assert not any(n in leak for n in names_a[1:])
    assert client_for(staff).get("/labtests/register/").status_code == 200


def _day_of_visitors(scans, first_tube, tubes, terminal_no=7):
    from wangge.labtests.terminal_client import synthetic_id

    events = []
    for t in range(first_tube, first_tube + tubes):
        barcode = f"LOAD{t:06d}"
        events.append(scans.open(barcode, pool=10, minute=t))
        events += [scans.add(barcode, synthetic_id(terminal_no, t * 10 + k), minute=t) for k in range(10)]
        events.append(scans.close(barcode, minute=t))
    return events


def test_a_batch_costs_the_same_queries_whatever_its_size(campaign, staff, scans):
    """Registration speed on a testing day: ten times the events must not mean ten times the round trips."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    apply_batch(staff, "T-0001", _day_of_visitors(scans, 0, 1))  # the terminal's first sync of the day
    small, large = _day_of_visitors(scans, 1, 2), _day_of_visitors(scans, 3, 20)
    with CaptureQueriesContext(connection) as few:
        assert len(apply_batch(staff, "T-0001", small).accepted) == 24
    with CaptureQueriesContext(connection) as many:
        assert len(apply_batch(staff, "T-0001", large).accepted) == 240
    assert len(many) == len(few) <= 14
    assert Sample.objects.count() == 230 and Tube.objects.filter(state="closed", members=10).count() == 23
