

from wangge.core import clock
from wangge.vaccination.models import VaccinationStatus

from .helpers import born_aged


def test_the_pages_render_for_a_grid_worker(district, worker, client_for, grid_a_people):
    client = client_for(worker)
    page = client.get("/vaccination/")
    assert page.status_code == 200 and "大石村第一网格" in page.content.decode()
    listing = client.get("/vaccination/unvaccinated/").content.decode()
    assert grid_a_people[0].name in listing
    assert grid_a_people[0].phone not in listing  # masked
    assert client.get("/vaccination/doses/add/").status_code == 200
    assert client.get("/vaccination/sites/").status_code == 200


def test_recording_a_reason_through_the_page(district, worker, client_for, grid_a_people):
    person = grid_a_people[1]
    answer = client_for(worker).post(f"/vaccination/unvaccinated/{person.pk}/reason/",
                                     {"reason": "declined", "note": "外出务工"})
    assert answer.status_code == 302
    assert VaccinationStatus.objects.get(resident=person).exemption_note == "外出务工"


def test_an_outsider_cannot_record_a_reason_for_another_grid(district, outsider, client_for, grid_a_people):
    answer = client_for(outsider).post(f"/vaccination/unvaccinated/{grid_a_people[1].pk}/reason/",
                                       {"reason": "declined"})
    assert answer.status_code == 404
    assert not VaccinationStatus.objects.exists()


def test_the_mobilisation_list_masks_phones_even_for_those_who_may_reveal(district, admin_user, client_for,
                                                                           grid_a_people):
    body = client_for(admin_user).get(f"/vaccination/unvaccinated/?region={district['grid_a'].code}")
    text = body.content.decode()
    assert grid_a_people[0].name in text and grid_a_people[0].phone not in text


def test_recording_a_reason_never_redirects_off_site(district, worker, client_for, grid_a_people):
    answer = client_for(worker).post(f"/vaccination/unvaccinated/{grid_a_people[0].pk}/reason/",
                                     {"reason": "declined", "next": "https://evil.example/"})
    assert answer.status_code == 302 and answer["Location"] == "/vaccination/unvaccinated/"


def test_the_grid_worker_filters_the_unvaccinated_by_age_band_and_exports_it_logged(district, worker, client_for,
                                                                                  grid_a_people):
    from wangge.core.models import AccessEvent

    elder, young, _third = grid_a_people
    elder.birth_date = born_aged(70)
    elder.save()
    young.birth_date = born_aged(30)
    young.save()
    client = client_for(worker)
    page = client.get(f"/vaccination/unvaccinated/?age_band=60-79&region={district['grid_a'].code}").content.decode()
    assert elder.name in page and young.name not in page
    assert f"/people/residents/{elder.pk}/call/" in page and elder.phone not in page
    export = client.get("/vaccination/unvaccinated/?age_band=60-79&export=csv")
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode("utf-8-sig") if export.streaming else export.content.decode(
        "utf-8-sig")
    assert elder.name in text and young.name not in text
    assert AccessEvent.objects.filter(kind="export").exists()


def test_the_exemption_reason_has_no_default_and_an_empty_one_is_refused(district, worker, client_for,
                                                                        grid_a_people):
    client = client_for(worker)
    page = client.get("/vaccination/unvaccinated/").content.decode()
    assert '<option value="" selected>' in page or '<option value="">' in page
    answer = client.post(f"/vaccination/unvaccinated/{grid_a_people[0].pk}/reason/", {"reason": "", "note": "x"})
    assert answer.status_code == 302
    assert not VaccinationStatus.objects.filter(resident=grid_a_people[0]).exclude(exemption="").exists()


def test_a_village_cadre_sees_the_town_site_that_serves_their_village(district, client_for):
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user
    from wangge.vaccination.models import VaccinationSite

    site = VaccinationSite.objects.create(name="三星镇卫生院接种点", kind="fixed", region=district["town"])
    other = VaccinationSite.objects.create(name="常乐镇接种点", kind="fixed", region=district["other_town"])
    site.serves.add(district["village"])
    cadre = make_user("village-cadre", Role.VILLAGE_CADRE, district["village"])
    page = client_for(cadre).get("/vaccination/sites/").content.decode()
    assert site.name in page and other.name not in page and "大石村" in page


def test_the_coverage_page_opens_on_the_demos_day(district, worker, client_for):
    import datetime as dt


    with clock.frozen(dt.date(2021, 8, 6)):
        page = client_for(worker).get("/vaccination/")
    assert page.context["as_of"] == dt.date(2021, 8, 6)
