"""The outsider (a grid worker of grid B) walks every URL the project registers and must find nothing of grid A.

The walk is generic: it enumerates `get_resolver().url_patterns` recursively (pages and API of every app, including
URLs added later) and the models through `apps.get_models()`.

- A pattern without parameters is fetched as is, with `?format=json`, `?export=csv`, `?export=xlsx` and
  `?region=<grid A>`, and every export/format link the page itself offers is followed.
- A pattern with one object parameter (`pk`, `id`, `*_id`, `*_pk`, or a field name such as `code` or `key`) is
  fetched with the value of every grid-A object of every model that has a `region_path`. If the view's own model
  is known (a DRF viewset's queryset, a generic view's model/queryset), a grid-A object of that model must not
  answer 200; in every case the body must not leak.
- "Leak" = the name, the full or masked ID number, or the full or masked phone of a grid-A resident appears in
  the body (HTML, JSON with or without \\u escapes, CSV in UTF-8 or GB18030, xlsx).
- No request may answer 5xx or raise.

Grid-A rows of every scoped model: the residents of the `district` fixture, a household and a staff member; then each
app's `wangge/<app>/tests/outsider_data.py` `populate(district)` if it has one; then, for any scoped model still
without a grid-A row, a best-effort factory fills the required fields (grid A for region fields and codes).

`test_the_walk_reaches_the_data_as_the_district_admin` proves the walk can fail: the same walk as the district
admin does find grid-A residents.
"""

import csv
import importlib
import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django.utils.regex_helper import normalize
from django.views.generic.detail import SingleObjectMixin

from wangge.core.ids import mask_id, mask_phone
from wangge.people.models import Resident
from wangge.regions.models import GridStaff

GRID_A = "320684102001001"
SKIP_PREFIXES = ("admin/", "static/", "media/", "i18n/", "api/schema", "api/docs", "__debug__", "jsi18n")
SKIP_WORDS = ("logout",)
ID_PARAM = re.compile(r"^(pk|id|.+_pk|.+_id)$")
# A page that narrows by `?region=` must still stay inside the caller's jurisdiction.
PARAMLESS_VARIANTS = ("", "?format=json", "?export=csv", "?export=xlsx", f"?region={GRID_A}")
FOLLOW_LINK = re.compile(r"""href=["']([^"'#]*(?:export|format)=[^"'#]*)["']""")
# Pages the walk must reach by name (the generic walk finds them; this says a renamed or dropped route is noticed):
# the command centre's daily report, its print layout and its xlsx export.
MUST_WALK = ("/dashboard/report/", "/dashboard/report/print/", "/dashboard/report/xlsx/", "/api/dashboard/map/")


@dataclass
class Walk:
    requests: int = 0
    leaks: dict = field(default_factory=dict)  # url → leaked markers
    errors: list = field(default_factory=list)  # 5xx / exceptions
    answered_200: list = field(default_factory=list)  # a grid-A object of the view's own model answered 200
    skipped: list = field(default_factory=list)  # patterns the walk could not fill in
    statuses: dict = field(default_factory=dict)  # url → HTTP status (None: raised)


# --- the URL map ---------------------------------------------------------------------------------------------------

def leaf_patterns(patterns=None, prefix=()):
    """(the chain of patterns from the root, the leaf URLPattern) for every registered URL."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from leaf_patterns(pattern.url_patterns, (*prefix, pattern))
        else:
            yield (*prefix, pattern), pattern


def url_template(chain) -> tuple[str, list[str]]:
    """'/api/residents/%(pk)s/' and ['pk'] from the chain of (route or regex) patterns."""
    template, params = "", []
    for pattern in chain:
        fmt, names = normalize(pattern.pattern.regex.pattern)[0]
        template += fmt
        params += names
    return "/" + template, params


def skipped_by_rule(template: str) -> bool:
    path = template.lstrip("/")
    return path.startswith(SKIP_PREFIXES) or any(word in path for word in SKIP_WORDS)


def view_model(callback):
    """The model whose object a view answers for, when it says so: a DRF viewset's detail route, or a Django
    SingleObjectMixin view (DetailView, UpdateView …). Else None (the walk then only checks for leaks)."""
    view_class = getattr(callback, "cls", None)
    if view_class is not None:
        detail = "retrieve" in getattr(callback, "actions", {}).values() or callback.initkwargs.get("detail")
    else:
        view_class = getattr(callback, "view_class", None)
        detail = view_class is not None and issubclass(view_class, SingleObjectMixin)
    if not detail:
        return None
    queryset = getattr(view_class, "queryset", None)
    return queryset.model if queryset is not None else getattr(view_class, "model", None)


# --- grid A ---------------------------------------------------------------------------------------------------------

def scoped_models():
    return [m for m in apps.get_models() if getattr(m, "region_path", None)]


def grid_a_objects(model):
    return model._default_manager.filter(**{f"{model.region_path}__startswith": GRID_A})


def candidate_values(param: str) -> list[tuple[type, object]]:
    """(model, value) pairs to put into a URL parameter: pks for id-like names, else a same-named field."""
    values = []
    for model in scoped_models():
        if ID_PARAM.match(param):
            column = "pk"
        else:
            try:
                model._meta.get_field(param)
            except FieldDoesNotExist:
                continue
            column = param
        values += [(model, value) for value in grid_a_objects(model).values_list(column, flat=True).distinct()]
    return values


def leak_markers(district) -> set[str]:
    """Every string that would betray a grid-A resident, minus any that also belongs to someone allowed."""
    markers = set()
    for resident in Resident.objects.filter(region_code=GRID_A):
        markers |= {resident.name, resident.id_number, mask_id(resident.id_number)}
        if resident.phone:
            markers |= {resident.phone, mask_phone(resident.phone)}
    others = Resident.objects.exclude(region_code=GRID_A)
    innocent = " ".join(f"{r.name} {mask_id(r.id_number)} {mask_phone(r.phone)}" for r in others)
    innocent += " ".join(str(u) for u in get_user_model().objects.all())
    return {m for m in markers if m and m not in innocent}


# --- fetching -------------------------------------------------------------------------------------------------------

def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # xlsx and other zip containers: read every member
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = content.decode("latin-1")
    if "json" in response.get("Content-Type", ""):
        try:
            text += json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    if "csv" in response.get("Content-Type", ""):
        text += " ".join(" ".join(row) for row in csv.reader(io.StringIO(text)))
    return text


def is_login_redirect(response) -> bool:
    return response.status_code in (301, 302, 303) and "login" in response.get("Location", "")


def fetch(client, url, walk: Walk, markers, hops=0) -> int | None:
    """GET `url` (once), record leaks and 5xx, follow non-login redirects and offered export links; the status."""
    if url in walk.statuses:
        return walk.statuses[url]
    walk.statuses[url] = None
    walk.requests += 1
    try:
        response = client.get(url)
    except Exception as exc:  # noqa: BLE001 — a crash anywhere is a finding to report, not to hide
        walk.errors.append(f"{url}: raised {exc!r}")
        return None
    walk.statuses[url] = response.status_code
    if response.status_code >= 500:
        walk.errors.append(f"{url}: HTTP {response.status_code}")
        return response.status_code
    text = body_text(response)
    found = {m for m in markers if m in text}
    if found:
        walk.leaks[url] = sorted(found)
    location = response.get("Location", "")
    if 300 <= response.status_code < 400 and location and not is_login_redirect(response) and hops < 3:
        target = urljoin(url, location)
        if not urlsplit(target).netloc:
            fetch(client, target, walk, markers, hops + 1)
    # Links are followed from the plain page only (a `?format=json` page repeats them with its own query).
    if response.status_code == 200 and "html" in response.get("Content-Type", "") and "?" not in url:
        for link in FOLLOW_LINK.findall(text):
            target = urljoin(url, link.replace("&amp;", "&"))
            if not urlsplit(target).netloc:
                fetch(client, target, walk, markers, hops)
    return response.status_code


def walk_everything(client, district) -> Walk:
    walk, markers = Walk(), leak_markers(district)
    assert markers, "grid A has no residents to look for"
    for chain, pattern in leaf_patterns():
        template, params = url_template(chain)
        if skipped_by_rule(template):
            continue
        fixed = {"format": "json"} if "format" in params else {}
        free = [p for p in params if p not in fixed]
        if not free:
            for variant in PARAMLESS_VARIANTS if not fixed else ("",):
                fetch(client, template % fixed + variant, walk, markers)
        elif len(free) == 1:
            walk_object_pattern(client, walk, markers, template, fixed, free[0], pattern)
        else:
            walk.skipped.append(f"{template} (several parameters)")
    return walk


def walk_object_pattern(client, walk, markers, template, fixed, param, pattern):
    own_model = view_model(pattern.callback)
    candidates = candidate_values(param)
    if not candidates:
        walk.skipped.append(f"{template} (no grid-A value for {param!r})")
    for model, value in candidates:
        url = template % {**fixed, param: value}
        try:
            if resolve(url).func is not pattern.callback:
                continue  # another pattern answers this URL; it is walked on its own
        except Resolver404:
            continue  # the value does not fit this parameter's converter
        if fetch(client, url, walk, markers) == 200 and model is own_model:
            walk.answered_200.append(f"{url} ({model._meta.label} of grid A)")


def add_grid_a_data(district):
    """Grid-A rows beyond the residents: a household, a staff member, and whatever each app contributes."""
    from wangge.people.models import Household

    grid = district["grid_a"]
    household = Household.objects.create(key="HH-A-0001", grid=grid, region_code=grid.code, address="大石村1号")
    Resident.objects.filter(region_code=grid.code).update(household=household)
    GridStaff.objects.create(grid=grid, name="甲网格员", phone="13900001111", role="worker")
    for config in apps.get_app_configs():
        if not config.name.startswith("wangge."):
            continue
        module_name = f"{config.name}.tests.outsider_data"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name in (module_name, f"{config.name}.tests"):
                continue
            raise
        module.populate(district)
    for model in scoped_models():
        if not grid_a_objects(model).exists():
            autofill(model, district)


# --- a best-effort factory, so that a new app's models have a grid-A row even without outsider_data.py -----------

def autofill(model, district, depth=0):
    """A saved grid-A instance of `model` with every required field filled in, or None if that fails."""
    existing = grid_a_objects(model).first() if getattr(model, "region_path", None) else None
    if existing is not None or depth > 3:
        return existing or model._default_manager.first()
    region_field = (getattr(model, "region_path", None) or "").split("__")[0]
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        if f.name == region_field or not (f.null or f.has_default() or f.blank):
            value = fill_value(f, district, depth)
            if value is None and not f.null:
                return None
            values[f.name] = value
    try:
        with transaction.atomic():
            return model._default_manager.create(**values)
    except Exception:  # noqa: BLE001 — best effort: an app can always add tests/outsider_data.py instead
        return None


def fill_value(f, district, depth):
    from wangge.regions.models import Region

    if f.is_relation:
        target = f.related_model
        if target is Region:
            return district["grid_a"]
        return autofill(target, district, depth + 1)
    if f.choices:
        return f.choices[0][0]
    if isinstance(f, models.BooleanField):
        return False
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return timezone.localdate()
    if isinstance(f, models.IntegerField | models.FloatField | models.DecimalField):
        return 1
    if isinstance(f, models.JSONField):
        return {}
    if isinstance(f, models.CharField | models.TextField):
        if "code" in f.name:
            return GRID_A
        return f"{f.name[:4]}-{uuid.uuid4().hex[:8]}"[: f.max_length or 40]
    return None


@pytest.fixture
def walked_district(district, admin_user, cadre, worker, outsider, settings):
    settings.DEBUG = False
    add_grid_a_data(district)
    return district


def report(walk: Walk) -> str:
    lines = [f"{walk.requests} requests"]
    lines += [f"LEAK {url}: {found}" for url, found in walk.leaks.items()]
    lines += [f"ERROR {e}" for e in walk.errors]
    lines += [f"200 for a grid-A object {u}" for u in walk.answered_200]
    lines += [f"skipped {s}" for s in walk.skipped]
    return "\n".join(lines)


def test_the_outsider_finds_nothing_of_grid_a_anywhere(walked_district, outsider, client):
    client.force_login(outsider)
    walk = walk_everything(client, walked_district)
    print(report(walk))
    assert not walk.errors, report(walk)
    assert not walk.leaks, report(walk)
    assert not walk.answered_200, report(walk)
    for url in MUST_WALK:  # a grid worker has no command centre
        assert walk.statuses.get(url) == walk.statuses.get(f"{url}?region={GRID_A}") == 403, (url, report(walk))


def test_a_command_centre_user_of_another_town_opens_nothing_of_grid_a(walked_district, client):
    """The pages of MUST_WALK as a town cadre of the other town (who holds the command centre): their own town's
    page opens, grid A's is a 404, and nothing of grid A's people appears in any of them."""
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user

    user = make_user("walker_other_town", Role.TOWN_CADRE, walked_district["other_town"])
    client.force_login(user)
    walk, markers = Walk(), leak_markers(walked_district)
    for url in MUST_WALK:
        for variant in PARAMLESS_VARIANTS:
            fetch(client, url + variant, walk, markers)
        assert walk.statuses[url] == 200, (url, report(walk))
        assert walk.statuses[f"{url}?region={GRID_A}"] == 404, (url, report(walk))
    assert not walk.errors, report(walk)
    assert not walk.leaks, report(walk)


# The monitoring points and the video wall (dashboard/tests/outsider_data.py puts an online point with coordinates in
# grid A). The generic walk covers their routes; a point holds nobody's personal data, so this walk looks for the
# grid-A point itself: its name and stream URL.
VIDEO_WALK = ("/dashboard/points/", "/dashboard/video/", "/api/monitoring-points/", "/api/monitoring-points/geojson/")


def test_the_monitoring_points_of_grid_a_stay_inside_their_jurisdiction(walked_district, client):
    """The grid-B worker has no video at all (403); a town cadre of the other town opens their own lists, finds grid A's
    point on no page, gets a 404 for its page, its API object and a heartbeat for it (which changes nothing); the
    cadre of grid A's village does find it, so this walk can fail."""
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user
    from wangge.dashboard.models import MonitoringPoint
    from wangge.dashboard.tests.outsider_data import GRID_A_POINT

    point = MonitoringPoint.objects.get(code=GRID_A_POINT)
    markers = {point.name, point.stream_url}  # not the code: an error page may repeat the URL that was asked for
    objects = (f"/dashboard/points/{point.code}/", f"/dashboard/points/{point.code}/edit/",
               f"/api/monitoring-points/{point.code}/")
    urls = [url + variant for url in VIDEO_WALK for variant in PARAMLESS_VARIANTS] + list(objects)

    def walk_as(user) -> Walk:
        client.force_login(user)
        walk = Walk()
        for url in urls:
            fetch(client, url, walk, markers)
        assert not walk.errors, report(walk)
        return walk

    outsider = walk_as(make_user("video_outsider", Role.GRID_WORKER, walked_district["grid_b"]))
    assert not outsider.leaks, report(outsider)
    assert all(outsider.statuses[url] in (403, 404) for url in urls), report(outsider)

    other_town = make_user("video_other_town", Role.TOWN_CADRE, walked_district["other_town"])
    walk = walk_as(other_town)
    assert not walk.leaks, report(walk)
    assert all(walk.statuses[url] == 200 for url in VIDEO_WALK), report(walk)
    # The point's page and API object are a 404; its edit form needs a permission a cadre does not hold (403).
    assert [walk.statuses[url] for url in objects] == [404, 403, 404], report(walk)
    for url in ("/dashboard/video/", "/api/monitoring-points/geojson/"):
        assert walk.statuses[f"{url}?region={GRID_A}"] == 404, report(walk)
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(other_town)
    assert api.post(f"/api/monitoring-points/{point.code}/heartbeat/", {"status": "offline"},
                    format="json").status_code == 404
    point.refresh_from_db()
    assert point.last_status == "online"

    insider = walk_as(make_user("video_insider", Role.VILLAGE_CADRE, walked_district["village"]))
    assert {"/dashboard/points/", "/api/monitoring-points/", "/api/monitoring-points/geojson/",
            f"/dashboard/points/{point.code}/"} <= set(insider.leaks), report(insider)


def test_the_walk_reaches_the_data_as_the_district_admin(walked_district, admin_user, client):
    client.force_login(admin_user)
    walk = walk_everything(client, walked_district)
    assert not walk.errors, report(walk)
    assert any(url.startswith("/api/residents/?") or url == "/api/residents/" for url in walk.leaks), report(walk)
    resident = Resident.objects.filter(region_code=GRID_A).first()
    assert f"/api/residents/{resident.pk}/" in walk.leaks, report(walk)
    assert walk.answered_200, "the admin should open grid-A objects through the object URLs"


def test_the_walk_covers_every_app_and_skips_only_what_it_says(walked_district):
    templates = [url_template(chain)[0] for chain, _pattern in leaf_patterns()]
    assert "/api/residents/%(pk)s/" in templates and "/api/users/me/" in templates
    walked = [t for t in templates if not skipped_by_rule(t)]
    assert all(not t.startswith(("/admin/", "/static/", "/i18n/")) for t in walked)
    mounted = {t.strip("/").split("/")[0] for t in walked if t.strip("/")}
    wangge_apps = {c.label for c in apps.get_app_configs() if c.name.startswith("wangge.")}
    assert {"api", "people", "regions"} <= mounted and mounted - {"api", "open311", "public"} <= wangge_apps, mounted


# --- a walk per role: what a role's work does not need, it does not see -----------------------------------------

# Roles whose work needs nothing of the resident registry, placed over the whole district so that the
# jurisdiction hides nothing: only their permissions keep grid A's people from them.
NOTHING_PERSONAL = ("volunteer", "enterprise_liaison", "hotline_operator", "department_handler")


@pytest.mark.parametrize("role", NOTHING_PERSONAL)
def test_a_role_without_registry_work_finds_no_resident_anywhere_even_over_the_whole_district(
        walked_district, client, role):
    from wangge.conftest import make_user

    user = make_user(f"walker_{role}", role, walked_district["district"])
    client.force_login(user)
    walk = walk_everything(client, walked_district)
    assert not walk.errors, report(walk)
    assert not walk.leaks, report(walk)
    # A grid-A object opens only where the role's work reads that kind of thing (the territory, a work order for
    # the hotline); none of them may carry a resident (asserted above).
    def readable(entry):
        app_label, model = entry.split("(")[-1].split(" ")[0].lower().split(".")
        return user.has_perm(f"{app_label}.view_{model}")

    assert all(readable(u) for u in walk.answered_200), report(walk)
    # and the pages of the registry answer 403 rather than an empty list
    for url in ("/people/residents/", "/people/residents/?export=csv", "/followup/", "/api/residents/"):
        if url in walk.statuses:
            assert walk.statuses[url] == 403, (url, walk.statuses[url])
