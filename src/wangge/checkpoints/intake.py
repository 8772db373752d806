"""The body of a check (formats.md, "The checkpoint check") read into a `CheckInput`, or refused with the field named.

Pure: no database, no clock. A refusal is `core.errors.Invalid` naming the field (`passengers[2].id_number` for the
second passenger's), with a message that says which field in words; the API answers it as a 400 and stores nothing.

Accepted besides the contract's fields (documented in the README's API notes): `resident` (the id of a resident
picked from the registry instead of typing a number), `mask` (true/false, the fifth of the five checks at an
enterprise or compound gate), `stays` (the region codes of the places the person stayed in, read off the itinerary
card or asked at the gate, matched against the risk areas in force) and `entered` (true when someone turned back or
handed over enters anyway: escorted, or a resident who must come home — it opens a follow-up on their grid).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from wangge.core.errors import Invalid
from wangge.core.ids import InvalidID, normalize_id, normalize_phone
from wangge.core.imports import RowError, parse_datetime_cst

from .choices import MAX_PASSENGERS, TEMPERATURE_RANGE, HealthCode

EVENT_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# A mainland plate: province, issuing letter (no I or O), then 5 characters (6 for a new-energy plate); a trailer,
# coach-school or police plate ends in its character.
PLATE_RE = re.compile(r"^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]"
                      r"[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳领试超]$")
STAY_RE = re.compile(r"^\d{6,15}$")
MAX_STAYS = 30
NAME_MAX = 50
TRUE_WORDS = {"true", "1", "yes", "y", "是"}
FALSE_WORDS = {"false", "0", "no", "n", "否"}


@dataclass(frozen=True)
class PersonInput:
    """One person at the gate (the one the device sent, or a passenger of their vehicle)."""

    health_code: str
    id_number: str = ""
    phone: str = ""
    name: str = ""
    resident_id: int | None = None
    itinerary_star: bool = False
    temperature: Decimal | None = None
    nat_certificate_at: datetime.datetime | None = None
    mask: bool | None = None
    stays: tuple[str, ...] = ()
    entered: bool = False

    @property
    def key(self) -> str:
        """How the follow-up knows a person: the ID number, else the phone."""
        return self.id_number or self.phone


@dataclass(frozen=True)
class CheckInput:
    event_id: str
    person: PersonInput
    checked_at: datetime.datetime | None = None
    vehicle_plate: str = ""
    passengers: tuple[PersonInput, ...] = field(default=())

    @property
    def people(self) -> list[PersonInput]:
        return [self.person, *self.passengers]


def normalize_plate(value: str) -> str:
    """苏F·12345 / 苏f 12345 / 苏F-12345 → 苏F12345."""
    return re.sub(r"[\s·.\-•]", "", value or "").upper()


def _text(raw: dict, name: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise Invalid(_("%(label)s must be text.") % {"label": _label(name)}, field=name)
    return str(value).strip()


def _bool(raw: dict, name: str, default: bool | None) -> bool | None:
    value = raw.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise Invalid(_("%(label)s must be true or false, not “%(value)s”.") % {"label": _label(name), "value": value},
                  field=name)


def _moment(raw: dict, name: str) -> datetime.datetime | None:
    value = raw.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise Invalid(_("%(label)s must be an ISO 8601 time, e.g. 2021-08-05T08:30+08:00.") % {
            "label": _label(name)}, field=name)
    try:
        return parse_datetime_cst(value, field=str(_label(name)))
    except RowError as exc:
        raise Invalid(str(exc), field=name) from None


def _label(name: str) -> str:
    """The field's name in words (Chinese in the Chinese catalogue): every refusal says which field it is about."""
    return {
        "event_id": _("Event id"), "checked_at": _("Time of the check"), "id_number": _("ID number"),
        "phone": _("Phone"), "name": _("Name"), "resident": _("Resident"), "health_code": _("Health code"),
        "itinerary_star": _("Itinerary star"), "temperature": _("Temperature"),
        "nat_certificate_at": _("Time of the negative certificate"), "vehicle_plate": _("Vehicle plate"),
        "passengers": _("Passengers"), "mask": _("Mask"), "stays": _("Places stayed"), "entered": _("Entered"),
    }.get(name, name)


def parse_person(raw, *, required_key: bool = True) -> PersonInput:
    """One person object; refusals name the field as in the object (the caller prefixes a passenger's)."""
    if not isinstance(raw, dict):
        raise Invalid(_("A person must be an object with id_number or phone, health_code …"), field="")
    id_number = _text(raw, "id_number")
    if id_number:
        try:
            id_number = normalize_id(id_number)
        except InvalidID as exc:
            raise Invalid(str(exc), field="id_number") from None
    phone = _text(raw, "phone")
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValueError as exc:
            raise Invalid(str(exc), field="phone") from None
    resident_id = raw.get("resident")
    if resident_id not in (None, ""):
        if isinstance(resident_id, bool) or not str(resident_id).isdigit():
            raise Invalid(_("%(label)s must be the number of a resident of the registry.") % {
                "label": _label("resident")}, field="resident")
        resident_id = int(resident_id)
    else:
        resident_id = None
    if required_key and not id_number and not phone and resident_id is None:
        raise Invalid(_("Give the ID number or the phone of the person (at least one)."), field="id_number")
    name = _text(raw, "name")
    if len(name) > NAME_MAX:
        raise Invalid(_("%(label)s is too long (at most %(max)d characters).") % {"label": _label("name"),
                                                                                "max": NAME_MAX}, field="name")
    code = _text(raw, "health_code").lower()
    if not code:
        raise Invalid(_("%(label)s is required: green, yellow or red.") % {"label": _label("health_code")},
                      field="health_code")
    if code not in HealthCode.values:
        raise Invalid(_("%(label)s: unknown colour “%(value)s” (green, yellow or red).") % {
            "label": _label("health_code"), "value": code}, field="health_code")
    return PersonInput(
        health_code=code, id_number=id_number, phone=phone, name=name, resident_id=resident_id,
        itinerary_star=bool(_bool(raw, "itinerary_star", False)), temperature=parse_temperature(raw),
        nat_certificate_at=_moment(raw, "nat_certificate_at"), mask=_bool(raw, "mask", None),
        stays=parse_stays(raw), entered=bool(_bool(raw, "entered", False)))


def parse_temperature(raw: dict) -> Decimal | None:
    value = raw.get("temperature")
    if value is None or value == "":
        return None
    low, high = TEMPERATURE_RANGE
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise Invalid(_("%(label)s must be a number of degrees Celsius, not “%(value)s”.") % {
            "label": _label("temperature"), "value": value}, field="temperature") from None
    if not number.is_finite() or not Decimal(str(low)) <= number <= Decimal(str(high)):
        raise Invalid(_("%(label)s %(value)s °C is outside %(low)s–%(high)s °C: measure again.") % {
            "label": _label("temperature"), "value": value, "low": low, "high": high}, field="temperature")
    return number.quantize(Decimal("0.1"))


def parse_stays(raw: dict) -> tuple[str, ...]:
    value = raw.get("stays")
    if value is None or value == "":
        return ()
    if not isinstance(value, list) or len(value) > MAX_STAYS:
        raise Invalid(_("%(label)s must be a list of at most %(max)d region codes.") % {
            "label": _label("stays"), "max": MAX_STAYS}, field="stays")
    stays = []
    for item in value:
        text = str(item).strip() if isinstance(item, str | int) and not isinstance(item, bool) else ""
        if not STAY_RE.match(text):
            raise Invalid(_("%(label)s: “%(value)s” is not a region code (6 to 15 digits).") % {
                "label": _label("stays"), "value": item}, field="stays")
        stays.append(text)
    return tuple(dict.fromkeys(stays))


def parse_check(raw) -> CheckInput:
    """The whole body: the person, their vehicle and its passengers."""
    if not isinstance(raw, dict):
        raise Invalid(_("The check must be a JSON object."), field="non_field_errors")
    event_id = parse_event_id(raw)
    checked_at = _moment(raw, "checked_at")
    person = parse_person(raw)
    plate = normalize_plate(_text(raw, "vehicle_plate"))
    if plate and not PLATE_RE.match(plate):
        raise Invalid(_("%(label)s “%(value)s” is not a plate number (e.g. 苏F12345).") % {
            "label": _label("vehicle_plate"), "value": raw.get("vehicle_plate")}, field="vehicle_plate")
    passengers_raw = raw.get("passengers")
    passengers: list[PersonInput] = []
    if passengers_raw not in (None, ""):
        if not isinstance(passengers_raw, list):
            raise Invalid(_("%(label)s must be a list of people.") % {"label": _label("passengers")},
                          field="passengers")
        if len(passengers_raw) > MAX_PASSENGERS:
            raise Invalid(_("%(label)s: at most %(max)d people in one vehicle.") % {
                "label": _label("passengers"), "max": MAX_PASSENGERS}, field="passengers")
        if passengers_raw and not plate:
            raise Invalid(_("%(label)s is required for a vehicle with passengers.") % {
                "label": _label("vehicle_plate")}, field="vehicle_plate")
        for n, item in enumerate(passengers_raw, start=1):
            try:
                passengers.append(parse_person(item))
            except Invalid as exc:
                where = f"passengers[{n}]" + (f".{exc.field}" if exc.field else "")
                raise Invalid(_("Passenger %(n)d: %(reason)s") % {"n": n, "reason": exc.message}, field=where) \
                    from None
    return CheckInput(event_id=event_id, person=person, checked_at=checked_at, vehicle_plate=plate,
                      passengers=tuple(passengers))


def parse_event_id(raw: dict) -> str:
    event_id = _text(raw, "event_id") if isinstance(raw, dict) else ""
    if not event_id:
        raise Invalid(_("%(label)s is required: the device makes one per check, and a resend carries the same.") % {
            "label": _label("event_id")}, field="event_id")
    if not EVENT_ID_RE.match(event_id):
        raise Invalid(_("%(label)s: at most 64 letters, digits and . _ : -") % {"label": _label("event_id")},
                      field="event_id")
    return event_id
