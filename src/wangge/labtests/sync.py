"""Applying batches of scan events recorded offline by registration terminals.

Contract: every event carries a terminal-generated `event_id`; (terminal, event_id) is applied at most once.
A batch answers, per event, whether it was accepted (applied now, or held until its tube is known), already
known (a resend: acknowledged, not applied again) or rejected (with the reason). A rejected event never takes
the rest of the batch down with it. The whole batch is one transaction; if a concurrent resend of the same
events wins the race, the unique constraint refuses ours and we re-run the batch, which then sees them as known.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from wangge.core.ids import InvalidID, normalize_id, normalize_phone
from wangge.people.models import Resident

from .choices import ALLOWED_POOL_SIZES, EventKind, EventStatus, TubeState
from .models import Sample, ScanEvent, Terminal, Tube

BARCODE_RE = re.compile(r"^[A-Za-z0-9-]{6,40}$")
KIND_ORDER = {EventKind.OPEN_TUBE: 0, EventKind.ADD_PERSON: 1, EventKind.CLOSE_TUBE: 2}


class Rejected(Exception):
    pass


@dataclass
class SyncResult:
    accepted: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"accepted": self.accepted, "pending": self.pending, "duplicates": self.duplicates,
                "rejected": self.rejected}


@dataclass
class Event:
    """A parsed, validated event."""

    event_id: str
    kind: str
    terminal: Terminal
    barcode: str
    at: datetime.datetime
    raw: dict
    id_number: str = ""
    name: str = ""
    phone: str = ""
    pool_size: int = 0


def person_risk(id_numbers: list[str]) -> dict[str, int]:
    """Largest pool size allowed per person (high risk 1, medium 5); people not listed may go in any pool.
    Filled from the follow-up module when it is installed: people under a high/medium measure."""
    try:
        from wangge.followup.selectors import max_pool_sizes
    except ImportError:
        return {}
    return max_pool_sizes(id_numbers)


def parse_event(raw: dict, terminals: dict[str, Terminal], default_terminal: str) -> Event:
    if not isinstance(raw, dict):
        raise Rejected(_("An event must be an object."))
    event_id = str(raw.get("event_id") or "").strip()
    if not event_id or len(event_id) > 64:
        raise Rejected(_("event_id is missing or longer than 64 characters."))
    kind = raw.get("type") or raw.get("kind")
    if kind not in KIND_ORDER:
        raise Rejected(_("Unknown event type: %(t)s") % {"t": kind})
    terminal = terminals.get(str(raw.get("terminal") or default_terminal))
    if terminal is None:
        raise Rejected(_("Unknown terminal: %(t)s") % {"t": raw.get("terminal") or default_terminal})
    barcode = str(raw.get("barcode") or "").strip()
    if not BARCODE_RE.match(barcode):
        raise Rejected(_("Malformed tube barcode: %(b)s") % {"b": barcode})
    at = parse_datetime(str(raw.get("at") or ""))
    if at is None:
        raise Rejected(_("The event time is missing or not ISO 8601."))
    if timezone.is_naive(at):
        at = timezone.make_aware(at, datetime.timezone(datetime.timedelta(hours=8)))
    event = Event(event_id, kind, terminal, barcode, at, raw)
    if kind == EventKind.OPEN_TUBE:
        try:
            event.pool_size = int(raw.get("pool_size") or terminal.site.campaign.default_pool_size)
        except (TypeError, ValueError):
            raise Rejected(_("pool_size must be a number.")) from None
        if event.pool_size not in ALLOWED_POOL_SIZES:
            raise Rejected(_("Pool size %(n)s is not allowed (1, 5, 10 or 20).") % {"n": event.pool_size})
    elif kind == EventKind.ADD_PERSON:
        try:
            event.id_number = normalize_id(str(raw.get("id_number") or ""))
        except InvalidID as exc:
            raise Rejected(str(exc)) from None
        event.name = str(raw.get("name") or "")[:50]
        if raw.get("phone"):
            try:
                event.phone = normalize_phone(str(raw["phone"]))
            except ValueError as exc:
                raise Rejected(str(exc)) from None
    return event


class BatchApplier:
    """Applies the parsed events of one batch inside one transaction."""

    def __init__(self, user, result: SyncResult):
        self.user = user
        self.result = result
        self.tubes: dict[str, Tube] = {}
        self.new_tubes: list[Tube] = []
        self.dirty_tubes: dict[int, Tube] = {}
        self.samples: list[Sample] = []
        self.events: list[ScanEvent] = []
        self.seen_people: set[tuple[str, str]] = set()
        self.residents: dict[str, Resident] = {}
        self.risk: dict[str, int] = {}
        self.held: dict[str, list[Event]] = defaultdict(list)

    def load(self, events: list[Event], extra: bool = False):
        """Lock the tubes these events touch and fetch the people they name (added to what is loaded)."""
        barcodes = {e.barcode for e in events} - set(self.tubes)
        self.tubes.update({t.barcode: t for t in Tube.objects.select_for_update().filter(barcode__in=barcodes)})
        ids = [e.id_number for e in events if e.id_number]
        self.residents.update({r.id_number: r for r in Resident.objects.filter(id_number__in=ids)
                               .only("id", "id_number", "name", "phone", "region_code")})
        self.risk.update(person_risk(ids))
        existing = Sample.objects.filter(tube__barcode__in=barcodes).values_list("tube__barcode", "id_number")
        self.seen_people.update(existing)

    def apply(self, event: Event) -> str:
        """Apply one event; returns the status. Raises Rejected."""
        tube = self.tubes.get(event.barcode)
        if event.kind == EventKind.OPEN_TUBE:
            if tube is not None:
                raise Rejected(_("Tube %(b)s is already in use.") % {"b": event.barcode})
            site = event.terminal.site
            tube = Tube(barcode=event.barcode, campaign_id=site.campaign_id, site=site, terminal=event.terminal,
                        region_code=site.region_code, pool_size=event.pool_size, opened_at=event.at)
            self.tubes[event.barcode] = tube
            self.new_tubes.append(tube)
            return EventStatus.APPLIED
        if tube is None:
            return EventStatus.PENDING
        if event.kind == EventKind.CLOSE_TUBE:
            if tube.state == TubeState.OPEN:
                tube.state, tube.closed_at = TubeState.CLOSED, event.at
                self.touch(tube)
            return EventStatus.APPLIED
        return self.add_person(tube, event)

    def touch(self, tube: Tube):
        if tube.pk:
            self.dirty_tubes[tube.pk] = tube

    def add_person(self, tube: Tube, event: Event) -> str:
        if tube.state != TubeState.OPEN and not (tube.closed_at and event.at <= tube.closed_at):
            raise Rejected(_("Tube %(b)s is already closed.") % {"b": tube.barcode})
        if (tube.barcode, event.id_number) in self.seen_people:
            raise Rejected(_("This person is already in tube %(b)s.") % {"b": tube.barcode})
        if tube.members >= tube.pool_size:
            raise Rejected(_("Tube %(b)s is full (%(n)s people).") % {"b": tube.barcode, "n": tube.pool_size})
        limit = self.risk.get(event.id_number)
        if limit is not None and tube.pool_size > limit:
            raise Rejected(_("This person must be sampled in a pool of at most %(n)s.") % {"n": limit})
        resident = self.residents.get(event.id_number)
        tube.members += 1
        self.touch(tube)
        self.seen_people.add((tube.barcode, event.id_number))
        self.samples.append(Sample(
            tube=tube, campaign_id=tube.campaign_id, resident=resident, id_number=event.id_number,
            name=event.name or (resident.name if resident else ""),
            phone=event.phone or (resident.phone if resident else ""),
            region_code=resident.region_code if resident else tube.region_code, scanned_at=event.at,
            terminal=event.terminal, event_id=event.event_id,
        ))
        return EventStatus.APPLIED

    def record(self, event: Event, status: str):
        self.events.append(ScanEvent(terminal=event.terminal, event_id=event.event_id, kind=event.kind,
                                     barcode=event.barcode, payload=event.raw, recorded_at=event.at, status=status,
                                     user=self.user if getattr(self.user, "is_authenticated", False) else None))

    def release_held(self):
        """Events that waited for their tube are applied once the tube exists: opened in this batch, or by a
        concurrent batch that committed while the event was being held."""
        opened = [t.barcode for t in self.new_tubes]
        waiting = list(ScanEvent.objects.select_for_update(of=("self",)).filter(status=EventStatus.PENDING)
                       .filter(Q(barcode__in=opened) | Q(barcode__in=Tube.objects.values("barcode")))
                       .select_related("terminal__site__campaign"))
        if not waiting:
            return []
        parsed, released = [], []
        for stored in waiting:
            try:
                parsed.append((stored, parse_event(stored.payload, {stored.terminal.code: stored.terminal},
                                                   stored.terminal.code)))
            except Rejected as exc:
                stored.status, stored.reason = EventStatus.REJECTED, str(exc)[:200]
                released.append(stored)
        self.load([event for _stored, event in parsed], extra=True)
        for stored, event in sorted(parsed, key=lambda p: (p[1].at, KIND_ORDER[p[1].kind])):
            try:
                stored.status = self.apply(event)
            except Rejected as exc:
                stored.status, stored.reason = EventStatus.REJECTED, str(exc)[:200]
            released.append(stored)
        return released

    def write(self, released: list[ScanEvent]):
        Tube.objects.bulk_create(self.new_tubes)
        for sample in self.samples:
            sample.tube_id = sample.tube.pk
        if self.dirty_tubes:
            Tube.objects.bulk_update(self.dirty_tubes.values(), ["members", "state", "closed_at"])
        Sample.objects.bulk_create(self.samples)
        self.flag_repeats()
        ScanEvent.objects.bulk_create(self.events)
        if released:
            ScanEvent.objects.bulk_update(released, ["status", "reason"])

    def flag_repeats(self):
        """One person in two tubes of the same campaign: flag both samples for the site to check."""
        by_campaign = defaultdict(set)
        for s in self.samples:
            by_campaign[s.campaign_id].add(s.id_number)
        for campaign_id, ids in by_campaign.items():
            repeated = (Sample.objects.filter(campaign_id=campaign_id, id_number__in=ids)
                        .values("id_number").annotate(n=Count("id"))
                        .filter(n__gt=1).values_list("id_number", flat=True))
            repeated = list(repeated)
            if repeated:
                Sample.objects.filter(campaign_id=campaign_id, id_number__in=repeated).update(in_other_tube=True)


def apply_batch(user, terminal_code: str, raw_events: list, *, attempts: int = 3) -> SyncResult:
    for attempt in range(attempts):
        try:
            return _apply_batch_once(user, terminal_code, raw_events)
        except IntegrityError:
            # A concurrent resend stored some of these events first; the next pass sees them as known.
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _apply_batch_once(user, terminal_code: str, raw_events: list) -> SyncResult:
    result = SyncResult()
    codes = {str(terminal_code)} | {str(e.get("terminal")) for e in raw_events if isinstance(e, dict)
                                    and e.get("terminal")}
    terminals = {t.code: t for t in Terminal.objects.restrict(user).filter(code__in=codes)
                 .select_related("site__campaign")}
    parsed: list[Event] = []
    for raw in raw_events:
        try:
            parsed.append(parse_event(raw, terminals, terminal_code))
        except Rejected as exc:
            event_id = str(raw.get("event_id", "")) if isinstance(raw, dict) else ""
            result.rejected.append({"event_id": event_id, "reason": str(exc)})
    known = set(ScanEvent.objects.filter(terminal__in=terminals.values(), event_id__in=[e.event_id for e in parsed])
                .values_list("terminal__code", "event_id"))
    fresh, seen = [], set()
    for event in parsed:
        key = (event.terminal.code, event.event_id)
        if key in known or key in seen:
            result.duplicates.append(event.event_id)
        else:
            seen.add(key)
            fresh.append(event)
    applier = BatchApplier(user, result)
    applier.load(fresh)
    held = []
    for event in sorted(fresh, key=lambda e: (e.at, KIND_ORDER[e.kind])):
        try:
            status = applier.apply(event)
        except Rejected as exc:
            result.rejected.append({"event_id": event.event_id, "reason": str(exc)})
            continue
        if status == EventStatus.PENDING:
            held.append(event)
            continue
        applier.record(event, status)
        result.accepted.append(event.event_id)
    # An event whose tube was opened later in this same batch (terminal clocks drift) gets a second go.
    for event in held:
        try:
            status = applier.apply(event)
        except Rejected as exc:
            result.rejected.append({"event_id": event.event_id, "reason": str(exc)})
            continue
        applier.record(event, status)
        (result.pending if status == EventStatus.PENDING else result.accepted).append(event.event_id)
    released = applier.release_held()
    applier.write(released)
    if terminals:
        Terminal.objects.filter(pk__in=[t.pk for t in terminals.values()]).update(last_sync=timezone.now())
    return result
