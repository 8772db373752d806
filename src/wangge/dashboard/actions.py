"""The command centre's actions: register and edit monitoring points, record the video platform's heartbeats,
import the registry from CSV.

Each is `do_<verb>(actor, obj, *, …)`: one transaction, the permission of accounts/roles.py, the jurisdiction
re-checked inside the transaction, a refusal raised as a `core.errors.ActionError` subclass naming the field.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wangge.accounts.roles import MONITORING_HEARTBEAT
from wangge.core import clock
from wangge.core.actions import require_in_scope, require_perm
from wangge.core.errors import Invalid, NotFound
from wangge.core.geo import check_coordinates
from wangge.core.imports import ImportResult

from .choices import PointKind, PointStatus
from .models import MonitoringPoint, validate_stream_url

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
NAME_MAX: int = MonitoringPoint._meta.get_field("name").max_length or 100
URL_MAX: int = MonitoringPoint._meta.get_field("stream_url").max_length or 500
# A platform's clock may run a little ahead of ours; a heartbeat further in the future is refused.
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)


# --- checks shared by the page, the API and the import ----------------------------------------------------------


def check_code(code: str) -> str:
    code = (code or "").strip()
    if not code:
        raise Invalid(_("This field is required."), field="code")
    if not CODE_RE.match(code):
        raise Invalid(_("Use 1 to 40 letters, digits, '-' or '_' for the code."), field="code")
    return code


def check_stream_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise Invalid(_("This field is required."), field="stream_url")
    if len(url) > URL_MAX:
        raise Invalid(_("The stream URL is too long (at most %(max)d characters).") % {"max": URL_MAX},
                      field="stream_url")
    try:
        validate_stream_url(url)
    except ValidationError as exc:
        raise Invalid(str(exc.messages[0]), field="stream_url") from None
    return url


def _checked_fields(actor, *, name, kind, region, stream_url, sampling_site, lat, lon) -> dict:
    from wangge.regions.models import Region

    name = (name or "").strip()
    if not name:
        raise Invalid(_("This field is required."), field="name")
    if len(name) > NAME_MAX:
        raise Invalid(_("The name is too long (at most %(max)d characters).") % {"max": NAME_MAX}, field="name")
    if kind not in PointKind.values:
        raise Invalid(_("Choose the kind of the point."), field="kind")
    if region is None or not Region.objects.restrict(actor).filter(pk=region.pk).exists():
        raise Invalid(_("Choose a region of your jurisdiction."), field="region")
    if sampling_site is not None:
        from wangge.labtests.models import SamplingSite

        if not SamplingSite.objects.restrict(actor).filter(pk=sampling_site.pk).exists():
            raise Invalid(_("Choose a sampling site of your jurisdiction."), field="sampling_site")
    lat, lon = check_coordinates(lat, lon)
    return {"name": name, "kind": kind, "region": region, "stream_url": check_stream_url(stream_url),
            "sampling_site": sampling_site, "lat": lat, "lon": lon}


# --- the registry -----------------------------------------------------------------------------------------------------


@transaction.atomic
def do_create_point(actor, *, code: str, name: str, kind: str, region, stream_url: str, sampling_site=None,
                    lat: float | None = None, lon: float | None = None, active: bool = True) -> MonitoringPoint:
    """A new monitoring point in a region of the actor's jurisdiction; the code must be new."""
    require_perm(actor, "dashboard.add_monitoringpoint", _("Your role may not register monitoring points."))
    code = check_code(code)
    fields = _checked_fields(actor, name=name, kind=kind, region=region, stream_url=stream_url,
                             sampling_site=sampling_site, lat=lat, lon=lon)
    if MonitoringPoint.objects.filter(code=code).exists():
        raise Invalid(_("A monitoring point with this code already exists."), field="code")
    return MonitoringPoint.objects.create(code=code, active=bool(active), **fields)


@transaction.atomic
def do_update_point(actor, point: MonitoringPoint, *, name: str, kind: str, region, stream_url: str,
                    sampling_site=None, lat: float | None = None, lon: float | None = None, active: bool = True,
                    **_ignored) -> MonitoringPoint:
    """Change a point inside the actor's jurisdiction (its code, the platform's key, stays); it may move only to a
    region the actor sees. The heartbeat state is kept."""
    require_perm(actor, "dashboard.change_monitoringpoint", _("Your role may not change monitoring points."))
    require_in_scope(actor, point)
    point = MonitoringPoint.objects.select_for_update().get(pk=point.pk)
    fields = _checked_fields(actor, name=name, kind=kind, region=region, stream_url=stream_url,
                             sampling_site=sampling_site, lat=lat, lon=lon)
    for key, value in {**fields, "active": bool(active)}.items():
        setattr(point, key, value)
    point.save()
    return point


# --- heartbeats ------------------------------------------------------------------------------------------------------


@transaction.atomic
def do_record_heartbeat(actor, point: MonitoringPoint, *, status: str = PointStatus.ONLINE,
                        at: datetime.datetime | None = None) -> MonitoringPoint:
    """The video platform says the point's stream is online (or offline) at `at` (default: now).

    A heartbeat older than the last one recorded changes nothing (the platform may resend or deliver out of order);
    one more than a few minutes in the future is refused. Heartbeats are the point's state, not a change of the
    registry: they are written with a conditional UPDATE and no change-log row."""
    require_perm(actor, MONITORING_HEARTBEAT, _("Your role may not report heartbeats."))
    require_in_scope(actor, point)
    if status not in PointStatus.values:
        raise Invalid(_("The status is online or offline."), field="status")
    now = clock.now()
    at = at or now
    if at.tzinfo is None:
        raise Invalid(_("Give the time with its time zone."), field="at")
    if at > now + FUTURE_TOLERANCE:
        raise Invalid(_("The heartbeat's time lies in the future."), field="at")
    changes = {"last_heartbeat_at": at, "last_status": status}
    if status == PointStatus.ONLINE:
        changes["last_online_at"] = at
    newer = Q(last_heartbeat_at__isnull=True) | Q(last_heartbeat_at__lte=at)
    updated = MonitoringPoint.objects.filter(pk=point.pk).filter(newer).update(**changes)
    if not updated and not MonitoringPoint.objects.filter(pk=point.pk).exists():
        raise NotFound(_("Not found or outside your jurisdiction."))
    return MonitoringPoint.objects.select_related("region").get(pk=point.pk)


# --- import ----------------------------------------------------------------------------------------------------------


def do_import_monitoring_points(actor, path: str | Path, *, rejected_path: str | Path | None = None,
                                progress: bool = False) -> ImportResult:
    """monitoring_points.csv / .xlsx → the registry, upserted by code inside the actor's jurisdiction; rejected rows
    with their reason in their file (user guide, 8.6a)."""
    from .imports import MonitoringPointImporter

    require_perm(actor, "dashboard.add_monitoringpoint", _("Your role may not import monitoring points."))
    return MonitoringPointImporter(user=actor).run(path, rejected_path=rejected_path, progress=progress)
