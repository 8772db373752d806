"""The checkpoints' actions: register and edit checkpoints, import the registry, record a check (and a batch of
checks a device made offline).

Each is `do_<verb>(actor, obj, *, …)`: one transaction, the permission of accounts/roles.py, the jurisdiction
re-checked inside the transaction, a refusal raised as a `core.errors.ActionError` subclass naming the field.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.actions import require_in_scope, require_perm
from wangge.core.errors import ActionError, Conflict, Invalid, NotFound
from wangge.core.geo import check_coordinates
from wangge.core.imports import ImportResult
from wangge.regions import codes
from wangge.regions.choices import RegionLevel

from . import rules
from .choices import FOLLOWUP_CATEGORY, CheckpointKind, Decision
from .intake import CheckInput, PersonInput, parse_check, parse_event_id
from .models import Check, Checkpoint

if TYPE_CHECKING:
    from wangge.people.models import Resident

ADD_CHECK = "checkpoints.add_check"
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
# Words of the pages' own URLs (/checkpoints/check/ …), which a checkpoint's code would shadow.
RESERVED_CODES = frozenset({"add", "check", "checks", "figures"})
NAME_MAX: int = Checkpoint._meta.get_field("name").max_length or 100
ADDRESS_MAX: int = Checkpoint._meta.get_field("address").max_length or 200
# A device's clock may run a little ahead of ours; a check further in the future is refused.
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)


# --- the registry -----------------------------------------------------------------------------------------------------


def check_code(code: str) -> str:
    code = (code or "").strip()
    if not code:
        raise Invalid(_("This field is required."), field="code")
    if not CODE_RE.match(code):
        raise Invalid(_("Use 1 to 40 letters, digits, '-' or '_' for the code."), field="code")
    if code.lower() in RESERVED_CODES:
        raise Invalid(_("This code is reserved; choose another."), field="code")
    return code


def _checked_fields(actor, *, name, kind, region, address="", lat=None, lon=None, monitoring_point=None) -> dict:
    from wangge.regions.models import Region

    name = (name or "").strip()
    if not name:
        raise Invalid(_("This field is required."), field="name")
    if len(name) > NAME_MAX:
        raise Invalid(_("The name is too long (at most %(max)d characters).") % {"max": NAME_MAX}, field="name")
    if kind not in CheckpointKind.values:
        raise Invalid(_("Choose the kind of the checkpoint."), field="kind")
    if region is None or not Region.objects.restrict(actor).filter(pk=region.pk).exists():
        raise Invalid(_("Choose a region of your jurisdiction."), field="region")
    address = (address or "").strip()
    if len(address) > ADDRESS_MAX:
        raise Invalid(_("The address is too long (at most %(max)d characters).") % {"max": ADDRESS_MAX},
                      field="address")
    if monitoring_point is not None:
        from wangge.dashboard.models import MonitoringPoint

        if not MonitoringPoint.objects.restrict(actor).filter(pk=monitoring_point.pk).exists():
            raise Invalid(_("Choose a monitoring point of your jurisdiction."), field="monitoring_point")
    lat, lon = check_coordinates(lat, lon)
    return {"name": name, "kind": kind, "region": region, "address": address, "lat": lat, "lon": lon,
            "monitoring_point": monitoring_point}


@transaction.atomic
def do_create_checkpoint(actor, *, code: str, name: str, kind: str, region, address: str = "", lat=None, lon=None,
                         monitoring_point=None, active: bool = True) -> Checkpoint:
    """A new checkpoint in a region of the actor's jurisdiction; the code must be new."""
    require_perm(actor, "checkpoints.add_checkpoint", _("Your role may not register checkpoints."))
    code = check_code(code)
    fields = _checked_fields(actor, name=name, kind=kind, region=region, address=address, lat=lat, lon=lon,
                             monitoring_point=monitoring_point)
    if Checkpoint.objects.filter(code=code).exists():
        raise Invalid(_("A checkpoint with this code already exists."), field="code")
    return Checkpoint.objects.create(code=code, active=bool(active), **fields)


@transaction.atomic
def do_update_checkpoint(actor, checkpoint: Checkpoint, *, name: str, kind: str, region, address: str = "",
                         lat=None, lon=None, monitoring_point=None, active: bool = True, **_ignored) -> Checkpoint:
    """Change a checkpoint inside the actor's jurisdiction (its code, the natural key, stays); it may move only to a
    region the actor sees. Its checks keep the region they were made in."""
    require_perm(actor, "checkpoints.change_checkpoint", _("Your role may not change checkpoints."))
    require_in_scope(actor, checkpoint)
    checkpoint = Checkpoint.objects.select_for_update().get(pk=checkpoint.pk)
    fields = _checked_fields(actor, name=name, kind=kind, region=region, address=address, lat=lat, lon=lon,
                             monitoring_point=monitoring_point)
    for key, value in {**fields, "active": bool(active)}.items():
        setattr(checkpoint, key, value)
    checkpoint.save()
    return checkpoint


def do_import_checkpoints(actor, path: str | Path, *, rejected_path: str | Path | None = None,
                          progress: bool = False) -> ImportResult:
    """checkpoints.csv / .xlsx (formats.md) → the registry, upserted by code inside the actor's jurisdiction; rejected
    rows with their reason in their file."""
    from .imports import CheckpointImporter

    require_perm(actor, "checkpoints.add_checkpoint", _("Your role may not import checkpoints."))
    return CheckpointImporter(user=actor).run(path, rejected_path=rejected_path, progress=progress)


# --- the check -----------------------------------------------------------------------------------------------------


@dataclass
class CheckResult:
    answer: dict
    created: bool  # False: a resend, answered with the first answer


@dataclass
class _Person:
    """One person of a check on its way to being stored: the input, the registry's match and the verdict."""

    given: PersonInput
    seq: int
    field_prefix: str
    resident: Resident | None = None
    id_number: str = ""
    latest_negative_at: datetime.datetime | None = None
    hours: float | None = None
    doses: int | None = None
    full_course: bool | None = None
    stays: tuple = ()
    verdict: rules.Verdict | None = None
    followup_id: int | None = None
    followup_opened: bool = False

    @property
    def key(self) -> str:
        return self.id_number or self.given.phone

    @property
    def decided(self) -> rules.Verdict:
        assert self.verdict is not None, "decided after the rules ran"
        return self.verdict


def first_answer(actor, event_id: str) -> dict | None:
    """The answer already given to this event id (a resend), or None. An event id of another user's device is a
    conflict: its answer is theirs."""
    stored = Check.objects.filter(event_id=event_id, seq=0).values_list("checked_by_id", "answer").first()
    if stored is None:
        return None
    checked_by, answer = stored
    if checked_by != actor.pk:
        raise Conflict(_("This event id was already used by another device; make a new one."), field="event_id")
    return answer


@transaction.atomic
def do_record_check(actor, checkpoint: Checkpoint, *, data: CheckInput) -> CheckResult:
    """Decide and store a check at `checkpoint` (formats.md, "The checkpoint check").

    A resend of an event id is answered with the first answer and stores nothing. Otherwise: the policy in force at
    `checked_at`, each person's latest negative result (ours or the certificate's, whichever is later), the risk
    areas of the places they stayed, at an enterprise or compound gate the mask and the vaccination; each person
    decided, the vehicle waiting for the most severe. Someone turned back or handed over who enters anyway, and
    anyone who stayed in a risk area, is at once a follow-up of source `checkpoint` on their grid (or, for someone
    not in the registry, on the checkpoint's town for 落地查人)."""
    require_perm(actor, ADD_CHECK, _("Your role may not make checks at a checkpoint."))
    require_in_scope(actor, checkpoint)
    answer = first_answer(actor, data.event_id)
    if answer is not None:
        return CheckResult(answer, created=False)
    if not checkpoint.active:
        raise Conflict(_("This checkpoint is not in use."), field="checkpoint")
    now = clock.now()
    checked_at = data.checked_at or now
    if checked_at > now + FUTURE_TOLERANCE:
        raise Invalid(_("The time of the check lies in the future."), field="checked_at")
    from wangge.policies.selectors import version_in_force

    version = version_in_force(checked_at)
    if version is None:
        raise Invalid(_("No policy version is in force at the time of the check."), field="checked_at")
    document = version.document
    people = [_Person(p, seq, "" if seq == 0 else f"passengers[{seq}].")
              for seq, p in enumerate(data.people)]
    _match_residents(actor, people)
    _latest_negatives(people, checked_at)
    if checkpoint.is_gate:
        _vaccination(people)
    _risk_areas(people, checked_at)
    for person in people:
        person.verdict = rules.decide(document["checkpoint"], rules.Facts(
            health_code=person.given.health_code, itinerary_star=person.given.itinerary_star,
            temperature=float(person.given.temperature) if person.given.temperature is not None else None,
            hours_since_negative=person.hours, risk_stays=person.stays, gate=checkpoint.is_gate,
            mask=person.given.mask, vaccination_doses=person.doses, fully_vaccinated=person.full_course))
    vehicle_decision = rules.most_severe(p.decided.decision for p in people) if data.vehicle_plate else ""
    try:
        with transaction.atomic():
            lead, rows = _store(actor, checkpoint, data, people, checked_at, version.code, vehicle_decision)
    except IntegrityError:
        # A resend racing the first send: the first one is stored now; answer with it.
        answer = first_answer(actor, data.event_id)
        if answer is None:
            raise
        return CheckResult(answer, created=False)
    _open_followups(checkpoint, people, rows, checked_at)
    answer = _answer(actor, checkpoint, data, people, lead, checked_at, version.code, vehicle_decision)
    Check.objects.filter(pk=lead.pk).update(answer=answer)
    return CheckResult(answer, created=True)


def _match_residents(actor, people: list[_Person]) -> None:
    """The resident of each person: the one picked from the registry (inside the actor's jurisdiction), else by ID
    number, else by phone when exactly one resident has it. Two queries for a whole vehicle at most."""
    from wangge.people.models import Resident

    picked_ids = {p.given.resident_id for p in people if p.given.resident_id is not None}
    picked = {r.pk: r for r in Resident.objects.restrict(actor).select_related("grid").filter(pk__in=picked_ids)} \
        if picked_ids else {}
    ids = {p.given.id_number for p in people if p.given.id_number}
    by_id = {r.id_number: r for r in Resident.objects.select_related("grid").filter(id_number__in=ids)} if ids else {}
    phones = {p.given.phone for p in people if p.given.phone and not by_id.get(p.given.id_number)}
    by_phone: dict[str, list] = {}
    if phones:
        for candidate in Resident.objects.select_related("grid").filter(phone__in=phones):
            by_phone.setdefault(candidate.phone, []).append(candidate)
    for person in people:
        given = person.given
        resident: Resident | None
        if given.resident_id is not None:
            resident = picked.get(given.resident_id)
            if resident is None:
                raise Invalid(_("No such resident in your jurisdiction."), field=person.field_prefix + "resident")
        else:
            resident = by_id.get(given.id_number)
            if resident is None and given.phone and len(by_phone.get(given.phone, [])) == 1:
                resident = by_phone[given.phone][0]
        person.resident = resident
        person.id_number = given.id_number or (resident.id_number if resident is not None else "")


def _latest_negatives(people: list[_Person], checked_at: datetime.datetime) -> None:
    """Each person's latest negative: our own lab results up to the check, or the certificate shown, whichever is
    later; its age in exact hours."""
    from wangge.labtests.selectors import latest_negatives

    lab = latest_negatives([p.id_number for p in people], checked_at)
    for person in people:
        certificate = person.given.nat_certificate_at
        if certificate is not None and certificate > checked_at + FUTURE_TOLERANCE:
            raise Invalid(_("The negative certificate is dated after the check."),
                          field=person.field_prefix + "nat_certificate_at")
        if certificate is not None:
            certificate = min(certificate, checked_at)
        candidates = [t for t in (lab.get(person.id_number), certificate) if t is not None]
        person.latest_negative_at = max(candidates) if candidates else None
        person.hours = rules.hours_between(person.latest_negative_at, checked_at)


def _vaccination(people: list[_Person]) -> None:
    from wangge.vaccination.selectors import statuses_of

    statuses = statuses_of([p.resident.pk for p in people if p.resident is not None])
    for person in people:
        if person.resident is None:
            continue
        status = statuses.get(person.resident.pk)
        person.doses = status["doses"] if status else 0
        person.full_course = bool(status and status["full_course_date"])


def _risk_areas(people: list[_Person], checked_at: datetime.datetime) -> None:
    if not any(p.given.stays for p in people):
        return
    from wangge.screening.selectors import designations_in_force

    designations = list(designations_in_force(checked_at).values_list("area_code", "area_name", "level"))
    for person in people:
        person.stays = rules.matching_stays(person.given.stays, designations)


def _store(actor, checkpoint, data: CheckInput, people: list[_Person], checked_at, policy_code: str,
           vehicle_decision: str) -> tuple[Check, list[Check]]:
    rows = []
    for person in people:
        given, verdict = person.given, person.decided
        rows.append(Check(
            checkpoint=checkpoint, region_code=checkpoint.region_code, event_id=data.event_id, seq=person.seq,
            checked_at=checked_at, checked_by=actor, id_number=person.id_number, phone=given.phone,
            name=given.name or (person.resident.name if person.resident is not None else ""),
            resident=person.resident, health_code=given.health_code, itinerary_star=given.itinerary_star,
            temperature=given.temperature, nat_certificate_at=given.nat_certificate_at, mask=given.mask,
            stays=list(given.stays), vehicle_plate=data.vehicle_plate, entered=given.entered,
            decision=verdict.decision, reasons=verdict.all_reasons, policy_code=policy_code,
            latest_negative_at=person.latest_negative_at, hours_since_negative=person.hours,
            vaccination_doses=person.doses,
            risk_areas=[{"code": s.code, "name": s.name, "level": s.level} for s in person.stays],
            vehicle_decision=vehicle_decision))
    lead = rows[0]
    lead.save()
    for row in rows[1:]:
        row.lead = lead
    if len(rows) > 1:
        Check.objects.bulk_create(rows[1:])
    return lead, rows


def needs_followup(person: _Person) -> str | None:
    """The follow-up category a person opens under, or None: someone who stayed in a risk area (its level), or
    who enters anyway after being turned back or handed over (domain.md §9)."""
    if person.stays:
        return "high" if any(s.level == "high" for s in person.stays) else "medium"
    if person.given.entered and person.decided.decision in FOLLOWUP_CATEGORY:
        return FOLLOWUP_CATEGORY[person.decided.decision]
    return None


def _open_followups(checkpoint: Checkpoint, people: list[_Person], rows: list[Check], checked_at) -> None:
    """From the gate to the grid: a follow-up of source `checkpoint` at once, through follow-up's actions, as the
    system actor (the person lands on the grid of their home, wherever the checkpoint and whoever checked them).
    Someone already under follow-up keeps theirs, and the check points at it."""
    from wangge.accounts.selectors import system_actor
    from wangge.followup.actions import do_open_followup
    from wangge.followup.choices import Source
    from wangge.followup.selectors import open_followup_ids
    from wangge.regions.models import Region

    wanted = [(person, category) for person in people if (category := needs_followup(person))]
    if not wanted:
        return
    existing = open_followup_ids([p.key for p, _c in wanted if p.key])
    town = None
    system = system_actor()
    day = clock.local_date(checked_at)
    for person, category in wanted:
        if person.key in existing:
            person.followup_id = existing[person.key]
            continue
        note = _("%(checkpoint)s, %(time)s: %(decision)s") % {
            "checkpoint": checkpoint.name, "time": timezone.localtime(checked_at).strftime("%Y-%m-%d %H:%M"),
            "decision": Decision(person.decided.decision).label}
        kwargs: dict[str, Any]
        if person.resident is not None:
            kwargs = {"resident": person.resident}
        else:
            if town is None:
                town = Region.objects.filter(code=codes.truncate(checkpoint.region_code, RegionLevel.TOWN)).first() \
                    or checkpoint.region
            kwargs = {"id_number": person.id_number, "phone": person.given.phone, "name": person.given.name,
                      "region": town}
        try:
            followup = do_open_followup(system, category=category, start_date=day, source=Source.CHECKPOINT,
                                        reporter_note=note, **kwargs)
        except Conflict:  # opened meanwhile by someone else: the open one
            person.followup_id = open_followup_ids([person.key]).get(person.key)
            continue
        person.followup_id, person.followup_opened = followup.pk, True
    for person, row in zip(people, rows, strict=True):
        if person.followup_id:
            Check.objects.filter(pk=row.pk).update(followup_id=person.followup_id,
                                                   followup_opened=person.followup_opened)


def _iso(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment is not None else None


def _person_answer(actor, person: _Person, checkpoint: Checkpoint) -> dict:
    verdict = person.decided
    resident = person.resident
    matched: dict[str, Any] = {"matched": resident is not None}
    if resident is not None:
        matched["grid"] = resident.grid.name if resident.grid_id else ""
        if actor.has_perm("people.view_resident"):
            matched["id"] = resident.pk
            matched["name"] = resident.name
    answer = {
        "decision": verdict.decision, "decision_label": str(Decision(verdict.decision).label),
        "reasons": verdict.all_reasons, "health_code": person.given.health_code,
        "itinerary_star": person.given.itinerary_star,
        "temperature": float(person.given.temperature) if person.given.temperature is not None else None,
        "fever": verdict.fever, "latest_negative_at": _iso(person.latest_negative_at),
        "hours_since_negative": round(person.hours, 2) if person.hours is not None else None,
        "resident": matched, "followup_id": person.followup_id, "entered": person.given.entered,
        "risk_areas": [{"code": s.code, "name": s.name, "level": s.level} for s in person.stays],
    }
    if checkpoint.is_gate:
        answer["mask"] = person.given.mask
        answer["vaccination"] = {"doses": person.doses, "full_course": person.full_course}
    return answer


def _answer(actor, checkpoint, data: CheckInput, people: list[_Person], lead: Check, checked_at, policy_code: str,
            vehicle_decision: str) -> dict:
    answer = {"event_id": data.event_id, "check_id": lead.pk, "checkpoint": checkpoint.code,
              "checked_at": _iso(checked_at), "policy": policy_code, **_person_answer(actor, people[0], checkpoint)}
    if data.vehicle_plate:
        answer["vehicle_plate"] = data.vehicle_plate
        answer["vehicle_decision"] = vehicle_decision
        answer["vehicle_decision_label"] = str(Decision(vehicle_decision).label)
        answer["passengers"] = [_person_answer(actor, p, checkpoint) for p in people[1:]]
    return answer


# --- a device's batch (checks made offline) ---------------------------------------------------------------------------


@dataclass
class SyncResult:
    """The answer to a batch, in the shape of the sampling terminals' sync (labtests): the events stored now, the
    resends (acknowledged, stored once already), the refused ones with their reason; and the answer of each."""

    accepted: list
    duplicates: list
    rejected: list
    answers: dict

    def as_dict(self) -> dict:
        return {"accepted": self.accepted, "pending": [], "duplicates": self.duplicates, "rejected": self.rejected,
                "answers": self.answers}


def do_sync_checks(actor, events: list) -> SyncResult:
    """Checks a device kept while offline, each with its checkpoint code and event id. Each is recorded on its own
    (`do_record_check`, one transaction each): a refused one is answered with its reason and field, and the rest of
    the batch is kept; a resend is acknowledged with its first answer."""
    require_perm(actor, ADD_CHECK, _("Your role may not make checks at a checkpoint."))
    result = SyncResult([], [], [], {})
    checkpoints: dict[str, Checkpoint | None] = {}
    for raw in events:
        event_id = raw.get("event_id") if isinstance(raw, dict) else None
        event_id = str(event_id) if isinstance(event_id, str | int) else ""
        try:
            parse_event_id(raw if isinstance(raw, dict) else {})
            code = str(raw.get("checkpoint") or "")
            if code not in checkpoints:
                checkpoints[code] = Checkpoint.objects.restrict(actor).filter(code=code).first()
            checkpoint = checkpoints[code]
            if checkpoint is None:
                raise NotFound(_("No such checkpoint in your jurisdiction: %(code)s") % {"code": code},
                               field="checkpoint")
            outcome = do_record_check(actor, checkpoint, data=parse_check(raw))
        except ActionError as exc:
            result.rejected.append({"event_id": event_id, "reason": exc.message, "field": exc.field or "",
                                    "status": exc.status_code})
            continue
        (result.accepted if outcome.created else result.duplicates).append(event_id)
        result.answers[event_id] = outcome.answer
    return result
