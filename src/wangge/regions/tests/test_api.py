"""The regions and grid-staff API: read only, scoped, filterable, phones masked."""

from wangge.core.ids import mask_phone
from wangge.regions.models import GridStaff


def codes(response):
    return [row["code"] for row in response.json()["results"]]


def test_a_grid_worker_sees_only_the_own_grid(api_for, worker):
    assert codes(api_for(worker).get("/api/regions/")) == ["320684102001001"]


def test_the_level_parent_region_and_q_filters(api_for, admin_user):
    api = api_for(admin_user)
    assert codes(api.get("/api/regions/?level=town")) == ["320684102", "320684103"]
    assert codes(api.get("/api/regions/?parent=320684102001")) == ["320684102001001", "320684102001002"]
    assert codes(api.get("/api/regions/?region=320684103")) == ["320684103", "320684103001", "320684103001001"]
    assert codes(api.get("/api/regions/?q=常乐村")) == ["320684103001", "320684103001001"]
    assert api.get("/api/regions/?level=planet").status_code == 400


def test_a_region_carries_its_parent_code(api_for, admin_user, district):
    row = api_for(admin_user).get(f"/api/regions/{district['grid_a'].pk}/").json()
    assert (row["code"], row["parent"], row["level"]) == ("320684102001001", "320684102001", "grid")


def test_a_region_outside_the_jurisdiction_is_404(api_for, outsider, district):
    assert api_for(outsider).get(f"/api/regions/{district['grid_a'].pk}/").status_code == 404


def test_regions_are_read_only(api_for, admin_user, district):
    api = api_for(admin_user)
    assert api.post("/api/regions/", {"code": "320684104", "name": "x", "level": "town"}).status_code == 405
    assert api.delete(f"/api/regions/{district['grid_a'].pk}/").status_code == 405


def test_grid_staff_phones_are_masked_and_scoped(api_for, admin_user, outsider, district):
    staff = GridStaff.objects.create(grid=district["grid_a"], name="周网格", phone="13912345678", role="worker")
    rows = api_for(admin_user).get("/api/grid-staff/?grid=320684102001001").json()["results"]
    assert [(r["name"], r["phone"], r["grid"]) for r in rows] == [("周网格", mask_phone(staff.phone),
                                                                  "320684102001001")]
    assert api_for(outsider).get("/api/grid-staff/").json()["count"] == 0
    assert api_for(outsider).get(f"/api/grid-staff/{staff.pk}/").status_code == 404
