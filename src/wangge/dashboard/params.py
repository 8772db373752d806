"""Reading a command-centre request: which region, which level under it, which day, which indicators.

A region outside the user's jurisdiction is a 404 (`regions.codes.page_region`); a malformed level, day or
indicator key is a `BadParameter` naming the field, which the API answers with a 400 and a page with a message."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.regions import codes


class BadParameter(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def day_param(params, name: str = "day") -> datetime.date:
    raw = (params.get(name) or params.get("date") or "").strip()
    if not raw:
        return clock.today()
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, _("Give the day as YYYY-MM-DD.")) from None
    if day > clock.today():
        raise BadParameter(name, _("There are no figures for a day that has not come yet."))
    return day


def level_param(params, region, name: str = "level") -> str:
    """The level below (or at) `region` to show; default its children's level."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return codes.child_level(region.level) or region.level
    if raw not in codes.LEVELS or codes.LEVELS.index(raw) < codes.LEVELS.index(region.level):
        raise BadParameter(name, _("Use a level at or below the region: town, village or grid."))
    return raw


def keys_param(params, name: str = "indicators") -> list[str] | None:
    from . import registry

    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    unknown = [k for k in keys if k not in {i.key for i in registry.all_indicators()}]
    if unknown:
        raise BadParameter(name, _("Unknown indicator: %(keys)s") % {"keys": ", ".join(unknown)})
    return keys
