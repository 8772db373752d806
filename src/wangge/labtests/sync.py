"""Applying batches of scan events recorded offline by registration terminals.

Contract: every event carries a terminal-generated `event_id`; (terminal, event_id) is applied at most once.
A batch answers, per event, whether it was accepted (applied now, or held until its tube is known), already
known (a resend: acknowledged, not applied again) or rejected (with the reason). A rejected event never takes
the rest of the batch down with it. The whole batch is one transaction; if a concurrent resend of the same
events wins the race, the unique constraint refuses ours and we re-run the batch, which then sees them as known.
"""

import datetime
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.bulk import db_timestamp, fast_insert, fetch_by_keys, key_lookup
from wangge.core.ids import InvalidID, mask_id, normalize_id, normalize_phone
from wangge.people.models import Resident

from .choices import ALLOWED_POOL_SIZES, EventKind, EventStatus, TubeState
from .models import Sample, ScanEvent, Terminal, Tube

BARCODE_RE = re.compile(r"^[A-Za-z0-9-]{6,40}$")
KIND_ORDER = {EventKind.OPEN_TUBE: 0, EventKind.ADD_PERSON: 1, EventKind.CLOSE_TUBE: 2}


class Rejected(Exception):
    """A refused event: the reason, the field it is about, and 409 when the state forbids it (a finished
    campaign, a closed tube) rather than the input being bad."""

    def __init__(self, message: str, field: str = "", status: int = 400):
        super().__init__(message)
        self.field = field
        self.status = status


def person_label(raw) -> str:
    """Who a refused scan was about, as the operator may see it: the name (when the scan carried one) and the
    masked ID number."""
    if not isinstance(raw, dict):
        return ""
    id_number = str(raw.get("id_number") or "").strip().upper()
    name = str(raw.get("name") or "").strip()[:50]
    masked = mask_id(id_number) if len(id_number) >= 10 else id_number
    return " ".join(p for p in (name, masked) if p)


def refusal(raw, exc: "Rejected") -> dict:
    """One entry of a batch's `rejected` list: event id, reason, field, status and the person named."""
    event_id = str(raw.get("event_id", "")) if isinstance(raw, dict) else ""
    person = person_label(raw)
    reason = str(exc)
    if person:
        reason = _("%(person)s: %(reason)s") % {"person": person, "reason": reason}
    return {"event_id": event_id, "reason": reason, "field": exc.field, "status": exc.status, "person": person}


def campaign_refusal(campaign, at: datetime.datetime) -> str:
    """Why a campaign takes no more tubes at `at`, or '' when it does: finished (by its status or past its last
    day) or not yet begun."""
    from .choices import CampaignStatus

    day = clock.local_date(at)
    if campaign.status == CampaignStatus.FINISHED or day > campaign.end_date:
        return _("The campaign %(c)s finished on %(d)s and takes no more tubes.") % {
            "c": campaign.name, "d": campaign.end_date.isoformat()}
    if day < campaign.start_date:
        return _("The campaign %(c)s begins on %(d)s.") % {"c": campaign.name, "d": campaign.start_date.isoformat()}
    return ""


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
        raise Rejected(_("Malformed tube barcode: %(b)s") % {"b": barcode}, field="barcode")
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
            raise Rejected(_("Pool size %(n)s is not allowed (1, 5, 10 or 20).") % {"n": event.pool_size},
                           field="pool_size")
    elif kind == EventKind.ADD_PERSON:
        try:
            event.id_number = normalize_id(str(raw.get("id_number") or ""))
        except InvalidID as exc:
            raise Rejected(str(exc), field="id_number") from None
        event.name = str(raw.get("name") or "")[:50]
        if raw.get("phone"):
            try:
                event.phone = normalize_phone(str(raw["phone"]))
            except ValueError as exc:
                raise Rejected(str(exc)) from None
    return event


class BatchApplier:
    """Applies the parsed events of one batch inside one transaction.

    Tubes are few per batch and are locked as model instances; samples and scan events are many and are written as
    plain rows (COPY on PostgreSQL), so a batch costs a fixed handful of queries whatever its size."""

    SAMPLE_FIELDS = ["tube_id", "campaign_id", "resident_id", "id_number", "name", "phone", "region_code",
                     "scanned_at", "terminal_id", "event_id", "in_other_tube"]
    EVENT_FIELDS = ["terminal_id", "event_id", "kind", "barcode", "payload", "recorded_at", "status", "reason",
                    "user_id"]
    TUBE_FIELDS = ["barcode", "campaign_id", "site_id", "terminal_id", "region_code", "pool_size", "members",
                   "state", "opened_at", "closed_at", "result", "tested_at", "lab"]

    def __init__(self, user, result: SyncResult):
        self.user_id = user.pk if getattr(user, "is_authenticated", False) else None
        self.result = result
        self.tubes: dict[str, Tube] = {}
        self.new_tubes: list[Tube] = []
        self.dirty_tubes: dict[int, Tube] = {}
        self.samples: list[list] = []  # SAMPLE_FIELDS, with the Tube in place of tube_id until it is written
        self.events: list[tuple] = []
        self.seen_people: set[tuple[str, str]] = set()  # (barcode, ID number)
        # (campaign, ID number) -> pks of stored samples, or the batch's new sample rows, for the repeat flag
        self.in_campaign: dict[tuple[int, str], list] = defaultdict(list)
        self.flag_stored: set[int] = set()
        self.residents: dict[str, tuple] = {}  # ID number -> (pk, name, phone, region code)
        self.risk: dict[str, int] = {}
        self.loaded_ids: set[str] = set()

    def load(self, events: list[Event]):
        """Lock the tubes these events touch and fetch the people they name (added to what is loaded)."""
        barcodes = {e.barcode for e in events} - set(self.tubes)
        if barcodes:
            barcodes = list(barcodes)
            lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
            self.tubes.update({t.barcode: t for t in Tube.objects.raw(
                # In barcode order: two batches touching the same tubes (a resend racing its original) lock them
                # in the same order and cannot deadlock.
                f"SELECT * FROM labtests_tube WHERE barcode IN ({', '.join(['%s'] * len(barcodes))}) "
                f"ORDER BY barcode{lock}",
                barcodes)})
        ids = list({e.id_number for e in events if e.id_number} - self.loaded_ids)
        if not ids:
            return
        self.loaded_ids.update(ids)
        self.residents.update(fetch_by_keys(Resident, "id_number", ids, ["pk", "name", "phone", "region_code"]))
        self.risk.update(person_risk(ids))
        # The people's stored samples: "already in this tube", and the repeat flag (per campaign).
        barcode_of = {t.pk: t.barcode for t in self.tubes.values() if t.pk}
        for pk, tube_id, campaign_id, id_number in key_lookup(
                "SELECT id, tube_id, campaign_id, id_number FROM labtests_sample WHERE id_number IN ({keys})", ids):
            if tube_id in barcode_of:
                self.seen_people.add((barcode_of[tube_id], id_number))
            self.in_campaign[(campaign_id, id_number)].append(pk)

    def apply(self, event: Event) -> str:
        """Apply one event; returns the status. Raises Rejected."""
        tube = self.tubes.get(event.barcode)
        if event.kind == EventKind.OPEN_TUBE:
            if tube is not None:
                raise Rejected(_("Tube %(b)s is already in use.") % {"b": event.barcode}, field="barcode",
                               status=409)
            site = event.terminal.site
            finished = campaign_refusal(site.campaign, event.at)
            if finished:
                raise Rejected(finished, field="barcode", status=409)
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
            raise Rejected(_("Tube %(b)s is already closed.") % {"b": tube.barcode}, field="barcode", status=409)
        if event.terminal.site.campaign_id == tube.campaign_id:
            finished = campaign_refusal(event.terminal.site.campaign, event.at)
            if finished:
                raise Rejected(finished, field="barcode", status=409)
        if (tube.barcode, event.id_number) in self.seen_people:
            raise Rejected(_("This person is already in tube %(b)s.") % {"b": tube.barcode}, field="id_number",
                           status=409)
        if tube.members >= tube.pool_size:
            raise Rejected(_("Tube %(b)s is full (%(n)s people).") % {"b": tube.barcode, "n": tube.pool_size},
                           field="barcode", status=409)
        limit = self.risk.get(event.id_number)
        if limit is not None and tube.pool_size > limit:
            raise Rejected(_("This person must be sampled in a pool of at most %(n)s.") % {"n": limit},
                           field="pool_size", status=409)
        resident_id, name, phone, region_code = self.residents.get(event.id_number) or (None, "", "", "")
        tube.members += 1
        self.touch(tube)
        self.seen_people.add((tube.barcode, event.id_number))
        row = [tube, tube.campaign_id, resident_id, event.id_number, event.name or name, event.phone or phone,
               region_code or tube.region_code, event.at, event.terminal.pk, event.event_id, False]
        # One person in two tubes of the same campaign: both samples are flagged for the site to check.
        others = self.in_campaign[(tube.campaign_id, event.id_number)]
        if others:
            row[-1] = True
            for other in others:
                if isinstance(other, list):
                    other[-1] = True
                else:
                    self.flag_stored.add(other)
        others.append(row)
        self.samples.append(row)
        return EventStatus.APPLIED

    def insert_tubes(self):
        """The batch's new tubes in one INSERT … RETURNING (their ids are needed for the samples)."""
        if not self.new_tubes:
            return
        adapt = connection.ops.adapt_datetimefield_value
        params = []
        for t in self.new_tubes:
            params += [t.barcode, t.campaign_id, t.site_id, t.terminal_id, t.region_code, t.pool_size, t.members,
                       t.state, adapt(t.opened_at), adapt(t.closed_at), t.result, None, t.lab]
        row = "(" + ", ".join(["%s"] * len(self.TUBE_FIELDS)) + ")"
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO labtests_tube ({', '.join(self.TUBE_FIELDS)}) VALUES "
                           f"{', '.join([row] * len(self.new_tubes))} RETURNING id", params)
            # Rows come back in the order of VALUES (as Django's bulk_create relies on too).
            for tube, (pk,) in zip(self.new_tubes, cursor.fetchall(), strict=True):
                tube.pk = pk
                tube._state.adding = False

    def record(self, event: Event, status: str):
        # A held event keeps what the terminal sent, to be applied when its tube arrives. An applied one needs no
        # copy: its sample (or tube) holds what it said, and the row keeps kind, barcode, time and who sent it.
        payload = json.dumps(event.raw, ensure_ascii=False) if status == EventStatus.PENDING else "{}"
        self.events.append((event.terminal.pk, event.event_id, event.kind, event.barcode, payload, event.at, status,
                            "", self.user_id))

    def release_held(self):
        """Events that waited for their tube are applied once the tube exists: opened in this batch, or by a
        concurrent batch that committed while the event was being held."""
        opened = [t.barcode for t in self.new_tubes]
        # Through the partial index of pending events: nearly always empty, and one short query when it is.
        sql = ("SELECT id FROM labtests_scanevent e WHERE e.status = 'pending' AND ("
               + ("e.barcode IN ({keys}) OR " if opened else "")
               + "EXISTS (SELECT 1 FROM labtests_tube t WHERE t.barcode = e.barcode))"
               + (" FOR UPDATE" if connection.features.has_select_for_update else ""))
        pending = [pk for (pk,) in key_lookup(sql, opened)]
        if not pending:
            return []
        waiting = list(ScanEvent.objects.filter(pk__in=pending).select_related("terminal__site__campaign"))
        parsed, released = [], []
        for stored in waiting:
            try:
                parsed.append((stored, parse_event(stored.payload, {stored.terminal.code: stored.terminal},
                                                   stored.terminal.code)))
            except Rejected as exc:
                stored.status, stored.reason = EventStatus.REJECTED, str(exc)[:200]
                released.append(stored)
        self.load([event for _stored, event in parsed])
        for stored, event in sorted(parsed, key=lambda p: (p[1].at, KIND_ORDER[p[1].kind])):
            try:
                stored.status = self.apply(event)
            except Rejected as exc:
                stored.status, stored.reason = EventStatus.REJECTED, str(exc)[:200]
            released.append(stored)
        return released

    def write(self, released: list[ScanEvent]):
        self.insert_tubes()
        if self.dirty_tubes:
            adapt = connection.ops.adapt_datetimefield_value
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE labtests_tube SET members = %s, state = %s, closed_at = %s WHERE id = %s",
                    [(t.members, t.state, adapt(t.closed_at), t.pk) for t in self.dirty_tubes.values()])
        for row in self.samples:
            row[0] = row[0].pk
        fast_insert(Sample, [dict(zip(self.SAMPLE_FIELDS, row, strict=True)) for row in self.samples])
        if self.flag_stored:
            Sample.objects.filter(pk__in=self.flag_stored).update(in_other_tube=True)
        now = db_timestamp(clock.now())
        fast_insert(ScanEvent, [dict(zip(self.EVENT_FIELDS, e, strict=True)) for e in self.events], received_at=now)
        if released:
            ScanEvent.objects.bulk_update(released, ["status", "reason"])


def apply_batch(user, terminal_code: str, raw_events: list, *, attempts: int = 3) -> SyncResult:
    for attempt in range(attempts):
        try:
            return _apply_batch_once(user, terminal_code, raw_events)
        except IntegrityError:
            # A concurrent resend stored some of these events first; the next pass sees them as known.
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


# How often a terminal's "last sync" time is written: it is shown to the minute, and every batch writing it
# would make each sync take one more row lock.
LAST_SYNC_EVERY = datetime.timedelta(seconds=30)


@transaction.atomic
def _apply_batch_once(user, terminal_code: str, raw_events: list) -> SyncResult:
    result = SyncResult()
    if connection.vendor == "postgresql":
        # Every lookup of a batch is by key (event ids, barcodes, ID numbers). On the first morning of a campaign
        # the tables grow faster than autovacuum analyses them, and without statistics the planner takes a
        # 50-key IN list for a quarter of the table and scans it all; the batch's own transaction rules that out.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    codes = {str(terminal_code)} | {str(e.get("terminal")) for e in raw_events if isinstance(e, dict)
                                    and e.get("terminal")}
    terminals = {t.code: t for t in Terminal.objects.restrict(user).filter(code__in=codes)
                 .select_related("site__campaign")}
    parsed: list[Event] = []
    for raw in raw_events:
        try:
            parsed.append(parse_event(raw, terminals, terminal_code))
        except Rejected as exc:
            result.rejected.append(refusal(raw, exc))
    # By event id alone (the key's first column), so the lookup stays an index probe per event.
    known = set(key_lookup("SELECT terminal_id, event_id FROM labtests_scanevent WHERE event_id IN ({keys})",
                           [e.event_id for e in parsed])) if parsed else set()
    fresh, seen = [], set()
    for event in parsed:
        key = (event.terminal.pk, event.event_id)
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
            result.rejected.append(refusal(event.raw, exc))
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
            result.rejected.append(refusal(event.raw, exc))
            continue
        applier.record(event, status)
        (result.pending if status == EventStatus.PENDING else result.accepted).append(event.event_id)
    released = applier.release_held()
    applier.write(released)
    now = clock.now()
    stale = [t.pk for t in terminals.values() if t.last_sync is None or now - t.last_sync >= LAST_SYNC_EVERY]
    if stale:
        Terminal.objects.filter(pk__in=stale).update(last_sync=now)
    return result
