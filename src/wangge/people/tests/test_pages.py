"""The resident pages as the four personas: scoping, masking, reveal, search, export."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wangge.core.ids import mask_id, mask_phone
from wangge.core.models import AccessEvent

LIST = "/people/residents/"


@pytest.fixture
def grid_a(district):
    """Grid A's residents under names that appear nowhere else, so that a leak is unmistakable."""
    people = district["residents"][district["grid_a"].code]
    for n, person in enumerate(people):
        person.name = f"甲格居民{n}"
        person.save()
    return people


def body(response):
    return b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode()


def test_anonymous_users_are_sent_to_login(client, district):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["admin_user", "cadre", "worker", "outsider"])
def test_the_list_renders_for_every_persona(request, client_for, persona, grid_a):
    response = client_for(request.getfixturevalue(persona)).get(LIST)
    assert response.status_code == 200
    assert "居民" in response.content.decode()


def test_the_worker_sees_only_grid_a(client_for, worker, grid_a, district):
    html = client_for(worker).get(LIST).content.decode()
    for person in grid_a:
        assert person.name in html
    for code in (district["grid_b"].code, district["grid_c"].code):
        for person in district["residents"][code]:
            assert reverse("people:resident-detail", args=[person.pk]) not in html


def test_the_outsider_never_sees_grid_a(client_for, outsider, grid_a):
    client = client_for(outsider)
    for url in (LIST, f"{LIST}?region=320684102001001", f"{LIST}?q=甲格", "/regions/", "/regions/320684102001/"):
        response = client.get(url)
        assert "甲格居民" not in response.content.decode(), url
    for person in grid_a:
        assert client.get(reverse("people:resident-detail", args=[person.pk])).status_code == 404
        assert client.post(reverse("people:resident-reveal", args=[person.pk])).status_code == 404
    for fmt in ("csv", "xlsx"):
        response = client.get(f"{LIST}?export={fmt}")
        if fmt == "csv":
            assert "甲格居民" not in body(response)
        else:
            sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
            assert all("甲格居民" not in str(c) for row in sheet.iter_rows(values_only=True) for c in row)


def test_the_list_masks_ids_and_phones_even_for_the_admin(client_for, admin_user, grid_a):
    html = client_for(admin_user).get(LIST).content.decode()
    person = grid_a[0]
    assert person.id_number not in html and person.phone not in html
    assert mask_id(person.id_number) in html and mask_phone(person.phone) in html


def test_the_detail_is_masked_by_default(client_for, admin_user, grid_a):
    person = grid_a[0]
    response = client_for(admin_user).get(reverse("people:resident-detail", args=[person.pk]))
    html = response.content.decode()
    assert person.id_number not in html and person.phone not in html
    assert mask_id(person.id_number) in html
    assert "显示完整信息" in html
    assert not AccessEvent.objects.exists()


def test_reveal_shows_the_full_id_and_is_logged(client_for, admin_user, grid_a):
    person = grid_a[0]
    response = client_for(admin_user).post(reverse("people:resident-reveal", args=[person.pk]),
                                           {"reason": "verify"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("people:resident-detail", args=[person.pk])
    assert person.id_number in html and person.phone in html
    event = AccessEvent.objects.get()
    assert (event.kind, event.object_id, event.user_name, event.masked) == ("reveal", str(person.pk), "admin", False)
    assert event.reason == "verify"


def test_the_admin_reloading_a_revealed_resident_logs_no_second_reveal(client_for, admin_user, grid_a):
    person = grid_a[0]
    client = client_for(admin_user)
    client.post(reverse("people:resident-reveal", args=[person.pk]), {"reason": "verify"})
    for _ in range(3):
        assert person.id_number in client.get(reverse("people:resident-detail", args=[person.pk])).content.decode()
    assert AccessEvent.objects.count() == 1
    client.post(reverse("people:resident-reveal", args=[person.pk]), {"hide": "1"})
    assert person.id_number not in client.get(reverse("people:resident-detail", args=[person.pk])).content.decode()


def test_the_admin_must_say_why_before_a_reveal(client_for, admin_user, grid_a):
    person = grid_a[0]
    client = client_for(admin_user)
    response = client.post(reverse("people:resident-reveal", args=[person.pk]), follow=True)
    html = response.content.decode()
    assert person.id_number not in html and "请说明为何需要完整号码" in html
    response = client.post(reverse("people:resident-reveal", args=[person.pk]), {"reason": "other"}, follow=True)
    assert person.id_number not in response.content.decode()
    assert not AccessEvent.objects.exists()


def test_the_grid_worker_calls_a_resident_without_seeing_the_number_and_the_call_is_logged(
        client_for, worker, grid_a):
    person = grid_a[0]
    client = client_for(worker)
    page = client.get(reverse("people:resident-detail", args=[person.pk])).content.decode()
    assert person.phone not in page and mask_phone(person.phone) in page
    assert reverse("people:resident-call", args=[person.pk]) in page
    response = client.post(reverse("people:resident-call", args=[person.pk]), {"reason": "follow_up"},
                           HTTP_ACCEPT="application/json")
    assert response.json() == {"tel": person.phone}
    event = AccessEvent.objects.get()
    assert (event.kind, event.user_name, event.object_id, event.reason) == ("call", "worker", str(person.pk),
                                                                           "follow_up")
    without_script = client.post(reverse("people:resident-call", args=[person.pk]), {"reason": "follow_up"})
    assert without_script.status_code == 302 and without_script["Location"] == f"tel:{person.phone}"


def test_reveal_is_refused_without_the_permission(client_for, cadre, worker, grid_a):
    person = grid_a[0]
    for user in (cadre, worker):
        client = client_for(user)
        html = client.get(reverse("people:resident-detail", args=[person.pk])).content.decode()
        assert "显示完整信息" not in html
        assert client.post(reverse("people:resident-reveal", args=[person.pk]),
                           {"reason": "verify"}).status_code == 403
        assert client.get(reverse("people:resident-reveal", args=[person.pk])).status_code == 405
    assert not AccessEvent.objects.exists()


def test_search_by_last_four_id_digits_and_by_phone(client_for, admin_user, grid_a):
    client = client_for(admin_user)
    person = grid_a[1]
    for term in (person.id_number[-4:], person.phone, person.name):
        html = client.get(LIST, {"q": term}).content.decode()
        assert person.name in html, term
        assert grid_a[2].name not in html or grid_a[2].id_number[-4:] == term


def test_filters_by_region_and_residence_type(client_for, admin_user, grid_a, district):
    client = client_for(admin_user)
    html = client.get(LIST, {"region": district["grid_b"].code}).content.decode()
    assert "甲格居民" not in html
    grid_a[0].residence_type = "migrant"
    grid_a[0].save()
    html = client.get(LIST, {"residence_type": "migrant"}).content.decode()
    assert grid_a[0].name in html and grid_a[1].name not in html


def test_sorting_and_keyset_paging_walk_every_row_once(client_for, admin_user, grid_a, settings):
    settings.WANGGE_PAGE_SIZE = 2
    client = client_for(admin_user)
    for sort in ("", "name", "-name", "age", "-age", "grid", "-residence_type"):
        seen, response = [], client.get(LIST, {"sort": sort})
        while True:
            page = response.context["page"]
            seen += [r.pk for r in page.rows]
            if not page.has_next:
                break
            response = client.get(LIST, {"sort": sort, "after": page.next_cursor, "p": 2})
        assert len(seen) == len(set(seen)) == 9, sort
        back = client.get(LIST, {"sort": sort, "before": page.previous_cursor}).context["page"]
        assert [r.pk for r in back.rows] == seen[-len(page.rows) - 2:-len(page.rows)], sort


def test_a_tampered_cursor_falls_back_to_the_first_page(client_for, admin_user, grid_a):
    response = client_for(admin_user).get(LIST, {"after": "garbage!"})
    assert response.status_code == 200
    assert len(response.context["page"].rows) == 9


def test_csv_export_is_masked_for_the_cadre_and_logged(client_for, cadre, grid_a):
    response = client_for(cadre).get(LIST, {"export": "csv", "q": grid_a[0].name})
    assert response.status_code == 200
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["姓名", "身份证号", "手机号"]
    assert rows[1][1] == mask_id(grid_a[0].id_number)
    assert rows[1][2] == mask_phone(grid_a[0].phone)
    event = AccessEvent.objects.get()
    assert (event.kind, event.count, event.masked) == ("export", 1, True)
    assert "q=" in event.query and "export" not in event.query


def test_xlsx_export_is_full_for_the_admin_and_logged(client_for, admin_user, grid_a):
    response = client_for(admin_user).get(LIST, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 10
    assert grid_a[0].id_number in [row[1] for row in values]
    event = AccessEvent.objects.get()
    assert (event.kind, event.count, event.masked) == ("export", 9, False)


def test_the_list_does_not_query_per_row(client_for, admin_user, grid_a, django_assert_max_num_queries):
    client = client_for(admin_user)
    with django_assert_max_num_queries(9):
        client.get(LIST)


def test_the_detail_of_another_town_is_404_for_the_cadre(client_for, cadre, district):
    other = district["residents"][district["grid_c"].code][0]
    assert client_for(cadre).get(reverse("people:resident-detail", args=[other.pk])).status_code == 404



def test_the_cadre_is_told_how_many_rows_an_export_prepares_and_when_it_starts(client_for, cadre, grid_a):
    client = client_for(cadre)
    html = client.get(LIST).content.decode()
    assert "正在准备导出 6 行" in html and "data-export" in html
    response = client.get(LIST, {"export": "csv", "export_token": "abc123xyz"})
    assert response.cookies["wangge_export"].value == "abc123xyz"
    assert client.get(LIST, {"export": "csv", "export_token": "<script>"}).cookies.get("wangge_export") is None
