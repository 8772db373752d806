"""The API foundation: authentication errors, jurisdiction 404s, 400s naming the field, masking helpers, schema."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIClient

from wangge.core.serializers import MaskedField
from wangge.people.models import Resident

OFFICIAL_EXAMPLE = "11010519491231002X"


def test_an_unauthenticated_request_is_401_with_a_token_challenge(db):
    response = APIClient().get("/api/residents/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("url", ["/api/residents/", "/api/regions/", "/api/grid-staff/", "/api/users/",
                                 "/api/users/me/", "/api/households/"])
def test_every_endpoint_needs_authentication(db, url):
    assert APIClient().get(url).status_code == 401


def test_an_object_outside_the_jurisdiction_is_404_not_403(api_for, outsider, district):
    resident = district["residents"][district["grid_a"].code][0]
    response = api_for(outsider).get(f"/api/residents/{resident.pk}/")
    assert response.status_code == 404
    assert resident.name not in response.content.decode()


def test_an_unknown_object_is_the_same_404(api_for, outsider, district):
    resident = district["residents"][district["grid_a"].code][0]
    outside = api_for(outsider).get(f"/api/residents/{resident.pk}/")
    missing = api_for(outsider).get("/api/residents/999999/")
    assert (outside.status_code, outside.json()) == (missing.status_code, missing.json())


def test_wrong_types_are_a_400_with_the_field_named(api_for, worker, district):
    response = api_for(worker).post("/api/residents/", {"id_number": 12, "name": "x", "grid": "320684102001001",
                                                         "no_smartphone": "perhaps"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"id_number", "no_smartphone"}
    assert all(isinstance(messages, list) and messages for messages in body.values())


def test_a_body_that_is_not_json_is_a_400(api_for, worker, district):
    response = api_for(worker).generic("POST", "/api/residents/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_a_user_without_a_jurisdiction_sees_nothing(api_for, django_user_model, district):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert api_for(nobody).get("/api/residents/").json()["count"] == 0


def test_pagination_is_limit_offset(api_for, admin_user, district):
    body = api_for(admin_user).get("/api/residents/?limit=2&offset=2").json()
    assert (body["count"], len(body["results"])) == (9, 2)
    assert "offset=4" in body["next"] and "limit=2" in body["previous"] and "offset" not in body["previous"]


class _Person(serializers.Serializer):
    id_number = MaskedField(kind="id")
    phone = MaskedField(kind="phone", required=False, allow_blank=True)


class _Request:
    def __init__(self, user):
        self.user = user


def test_masked_field_masks_unless_the_context_reveals_and_the_user_may(admin_user, worker):
    data = {"id_number": OFFICIAL_EXAMPLE, "phone": "13812345678"}
    assert _Person(data).data == {"id_number": "110105********002X", "phone": "138****5678"}
    assert _Person(data, context={"request": _Request(admin_user)}).data["id_number"] == "110105********002X"
    revealed = _Person(data, context={"request": _Request(admin_user), "reveal": True}).data
    assert revealed == data
    assert _Person(data, context={"request": _Request(worker), "reveal": True}).data["phone"] == "138****5678"


def test_masked_field_normalises_and_names_the_bad_field():
    person = _Person(data={"id_number": OFFICIAL_EXAMPLE.lower(), "phone": "+86 138-1234-5678"})
    assert person.is_valid(), person.errors
    assert person.validated_data == {"id_number": OFFICIAL_EXAMPLE, "phone": "13812345678"}
    person = _Person(data={"id_number": OFFICIAL_EXAMPLE[:-1] + "1", "phone": "0123"})
    assert not person.is_valid()
    assert set(person.errors) == {"id_number", "phone"}


def test_masked_field_takes_the_masked_current_value_as_unchanged(district):
    resident = Resident.objects.first()
    serializer = _Person(resident, data={"id_number": "320684" + "*" * 8 + resident.id_number[-4:]})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["id_number"] == resident.id_number
    other = _Person(resident, data={"id_number": "320684" + "*" * 8 + "0000"})
    assert not other.is_valid() or resident.id_number.endswith("0000")


def test_the_openapi_schema_and_the_swagger_ui_are_served_from_local_files(client, worker):
    client.force_login(worker)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/residents/{id}/reveal/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "drf_spectacular_sidecar" in html and "cdn" not in html.lower()


@pytest.mark.parametrize(("prefix", "upper"), [("320684", "320685"), ("3206849", "3206850"),
                                               ("320684102001001", "320684102001002"), ("999", None), ("32x", None),
                                               ("", None)])
def test_a_code_prefix_is_a_half_open_range(prefix, upper):
    from wangge.core.querysets import code_upper_bound

    assert code_upper_bound(prefix) == upper


def test_the_scoped_api_queryset_matches_restrict_for_every_persona(district, admin_user, cadre, worker, outsider):
    from wangge.core.api import scope_queryset
    from wangge.regions.models import GridStaff, Region

    for model in (Resident, Region, GridStaff):
        for user in (admin_user, cadre, worker, outsider):
            assert set(scope_queryset(model.objects.all(), user)) == set(model.objects.restrict(user))


def test_the_residents_list_counts_with_an_index_range_and_without_joins(api_for, worker, district):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        api_for(worker).get("/api/residents/")
    count_sql = next(q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper())
    assert "JOIN" not in count_sql.upper() and "LIKE" not in count_sql.upper()


def test_the_foundation_endpoints_generate_a_valid_schema_without_warnings(db):
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    patterns = [path("api/", include(f"wangge.{app}.api.urls")) for app in ("accounts", "regions", "people")]
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, dict(GENERATOR_STATS._warn_cache)
    assert {"/api/residents/{id}/reveal/", "/api/auth/token/", "/api/users/me/"} <= set(schema["paths"])


def test_the_api_root_lists_the_endpoints_of_every_app(api_for, worker):
    root = api_for(worker).get("/api/").json()
    assert {"users", "regions", "grid-staff", "residents", "households"} <= set(root)
    assert root["residents"].endswith("/api/residents/")


@pytest.mark.parametrize(("error", "body"), [
    ("django-field", {"birth_date": ["bad date"]}),
    ("django-plain", {"non_field_errors": ["nope"]}),
    ("integrity", {"non_field_errors": None}),
])
def test_model_and_database_errors_are_400s_not_500s(db, error, body):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError
    from rest_framework.permissions import AllowAny
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    class Failing(APIView):
        permission_classes = [AllowAny]

        def post(self, request):
            raise {"django-field": ValidationError({"birth_date": "bad date"}),
                   "django-plain": ValidationError("nope"), "integrity": IntegrityError("dup")}[error]

    response = Failing.as_view()(APIRequestFactory().post("/x/"))
    assert response.status_code == 400
    assert set(response.data) == set(body)
    if body["non_field_errors" if "non_field_errors" in body else "birth_date"] is not None:
        assert response.data == body


@pytest.mark.parametrize("region", ["320684102", "320684102001002", "320684103", "32068410", "3206841029", "x", ""])
def test_the_region_filter_gives_the_same_rows_with_the_narrowed_range(api_for, admin_user, cadre, district, region):
    for user in (admin_user, cadre):
        expected = {r.pk for r in Resident.objects.restrict(user) if r.region_code.startswith(region.strip())}
        rows = api_for(user).get(f"/api/residents/?region={region}&limit=100").json()["results"]
        assert {row["id"] for row in rows} == expected


def test_the_region_filter_narrows_the_index_range(api_for, admin_user, district):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        api_for(admin_user).get("/api/residents/?region=320684103")
    count = next(q for q in queries.captured_queries if "COUNT(" in q["sql"].upper())
    assert "320684104" in count["sql"] and "320684102" not in count["sql"]
