"""Persona sentences about the mass-testing pages (issue 17: 3, 10, 11, 17)."""

import datetime

from wangge.core import clock
from wangge.core.models import AccessEvent
from wangge.labtests.models import Campaign
from wangge.labtests.sync import apply_batch

from .conftest import Scans


def test_the_grid_worker_calls_a_not_sampled_neighbour_without_seeing_the_number(campaign, worker, district,
                                                                                 client_for):
    person = district["residents"][district["grid_a"].code][0]
    client = client_for(worker)
    page = client.get(f"/labtests/campaigns/{campaign.pk}/not-sampled/").content.decode()
    assert person.name in page and person.phone not in page
    assert f"{person.phone[:3]}****{person.phone[-4:]}" in page and f"/people/residents/{person.pk}/call/" in page
    answer = client.post(f"/people/residents/{person.pk}/call/", {"reason": "test"}, HTTP_ACCEPT="application/json")
    assert answer.json() == {"tel": person.phone}
    logged = AccessEvent.objects.get(kind="call")
    assert logged.reason == "test" and logged.user_id == worker.pk


def test_the_not_sampled_list_filters_by_smartphone_and_pages_without_offset(campaign, worker, client_for, district):
    page = client_for(worker).get(f"/labtests/campaigns/{campaign.pk}/not-sampled/?no_smartphone=true")
    assert page.status_code == 200 and 'type="date"' not in page.content.decode()
    assert "page" in page.context and hasattr(page.context["page"], "next_cursor")


def test_the_sampler_opens_the_registration_page_which_checks_id_digits_and_registers_its_worker(
        campaign, staff, client_for):
    client = client_for(staff)
    with clock.frozen(campaign.start_date):
        page = client.get("/labtests/register/").content.decode()
    assert 'id="scan"' in page and "labtests/register.js" in page and "/labtests/register/sw.js" in page
    assert "<script>" not in page  # no inline script
    worker = client.get("/labtests/register/sw.js")
    assert worker.status_code == 200 and worker["Content-Type"].startswith("application/javascript")
    assert worker["Service-Worker-Allowed"] == "/labtests/register/"
    assert "caches" in worker.content.decode()
    from django.contrib.staticfiles import finders

    script = open(finders.find("labtests/register.js"), encoding="utf-8").read()
    assert "7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2" in script and "10X98765432" in script


def test_a_campaign_past_its_last_day_shows_finished_and_the_register_page_says_so(campaign, staff, client_for):
    with clock.frozen(campaign.end_date + datetime.timedelta(days=1)):
        listing = client_for(staff).get("/labtests/").content.decode()
        assert "已结束" in listing or "finished" in listing
        page = client_for(staff).get("/labtests/register/").content.decode()
        assert "T-0001" in page and 'id="scan"' not in page


def test_the_hourly_chart_runs_over_the_campaigns_own_hours(campaign, staff, client_for):
    site = campaign.sites.get()
    site.opens, site.closes = datetime.time(7, 0), datetime.time(19, 0)
    site.save()
    Campaign.objects.filter(pk=campaign.pk).update(end_date=campaign.start_date + datetime.timedelta(days=1))
    scans = Scans()
    apply_batch(staff, "T-0001", [scans.open("HOURS00001", minute=90)])
    chart = client_for(staff).get(f"/labtests/campaigns/{campaign.pk}/").context["chart"]
    assert chart["hours"][0] == "08-03 07:00" and chart["hours"][-1] == "08-04 18:00"
    assert len(chart["hours"]) == 2 * 12
