"""The generic list machinery: code ranges, keyset pages, error pages, export helpers."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings

from wangge.core.querysets import code_upper_bound, within_code
from wangge.core.views_generic import Column, KeysetPage


def test_the_code_range_matches_the_prefix():
    assert code_upper_bound("320684") == "320685"
    assert code_upper_bound("320684102009") == "320684102010"
    assert code_upper_bound("999") is None


def test_within_code_selects_a_subtree(district):
    from wangge.people.models import Resident

    codes = set(within_code(Resident.objects.all(), "320684102").values_list("region_code", flat=True))
    assert codes == {"320684102001001", "320684102001002"}


def test_keyset_pages_handle_null_birth_dates(district):
    from wangge.people.models import Resident

    Resident.objects.filter(region_code="320684102001001").update(birth_date=None)
    qs = Resident.objects.all()
    rows = list(qs)
    # NULLs keep the database's place: largest on PostgreSQL, smallest on SQLite.
    largest = connection.features.nulls_order_largest
    ascending = sorted(rows, key=lambda r: ((r.birth_date is None) == largest, r.birth_date or datetime.date.min, r.pk))
    for ordering, expected in ((["birth_date", "id"], ascending), (["-birth_date", "-id"], ascending[::-1])):
        seen, after = [], None
        while True:
            page = KeysetPage(qs, ordering, 2, after=after)
            seen += [r.pk for r in page.rows]
            if not page.has_next:
                break
            after = page.next_cursor
        assert seen == [r.pk for r in expected], ordering


def test_a_column_masks_personal_values():
    class Obj:
        id_number = "11010519491231002X"
        phone = "13812345678"
        when = datetime.date(2022, 1, 5)

    assert Column("id_number", "ID", personal="id").value(Obj()) == "110105********002X"
    assert Column("phone", "P", personal="phone").value(Obj(), reveal=True) == "13812345678"
    assert Column("x", "X", accessor="missing.attr").value(Obj()) == ""


@override_settings(DEBUG=False)
@pytest.mark.parametrize("persona", ["admin_user", "worker"])
def test_the_404_page_is_chinese(request, client_for, persona):
    response = client_for(request.getfixturevalue(persona)).get("/regions/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_table_cells_show_china_time_yes_no_and_a_dash():
    import datetime

    from wangge.core.views_generic import display_value

    utc_evening = datetime.datetime(2021, 8, 4, 16, 0, tzinfo=datetime.UTC)
    assert display_value(utc_evening) == "2021-08-05 00:00"
    assert display_value(True) == "是" and display_value(False) == "否"
    assert display_value("") == "—" and display_value(None) == "—" and display_value(3) == 3
