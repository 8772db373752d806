"""Coordinates of things on the map (checkpoints, monitoring points): the one check of a latitude/longitude pair,
for actions (Invalid naming the field) and for imports (a Chinese row reason)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import Invalid
from .imports import RowError


def check_coordinates(lat, lon) -> tuple[float | None, float | None]:
    """Both or neither; latitude in [-90, 90], longitude in [-180, 180]."""
    if lat is None and lon is None:
        return None, None
    if lat is None or lon is None:
        raise Invalid(_("Give both latitude and longitude, or neither."), field="lat" if lat is None else "lon")
    if not -90 <= lat <= 90:
        raise Invalid(_("Latitude lies between -90 and 90."), field="lat")
    if not -180 <= lon <= 180:
        raise Invalid(_("Longitude lies between -180 and 180."), field="lon")
    return float(lat), float(lon)


def row_coordinates(lat: str, lon: str) -> dict:
    """`{"lat", "lon"}` from an import row's two cells (empty = none), else a RowError with the reason."""
    numbers: dict[str, float | None] = {}
    for name, value, label in (("lat", lat, _("纬度")), ("lon", lon, _("经度"))):
        if not value:
            numbers[name] = None
            continue
        try:
            numbers[name] = float(value)
        except ValueError:
            raise RowError(_("%(field)s应为数字：%(value)s") % {"field": label, "value": value}) from None
    if (numbers["lat"] is None) != (numbers["lon"] is None):
        raise RowError(_("纬度和经度须同时填写或同时留空"))
    try:
        lat_value, lon_value = check_coordinates(numbers["lat"], numbers["lon"])
    except Invalid as exc:
        reasons = {"lat": _("纬度应在 -90 到 90 之间：%(value)s") % {"value": lat},
                   "lon": _("经度应在 -180 到 180 之间：%(value)s") % {"value": lon}}
        raise RowError(reasons[exc.field]) from None
    return {"lat": lat_value, "lon": lon_value}
