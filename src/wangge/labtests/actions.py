"""Lab results and what follows from them.

A positive or invalid pooled tube puts every member under temporary control at once (and, when the follow-up
module is installed, opens a follow-up with a single-tube retest task on the responsible grid worker); a
single-tube result for a person under temporary control releases or confirms them.
"""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.actions import require_perm
from wangge.core.bulk import db_timestamp, fast_insert, in_chunks, one_of
from wangge.core.errors import ActionError
from wangge.core.models import log_bulk

from .choices import ControlState, TubeResult, TubeState
from .models import Sample, TemporaryControl, Tube


@dataclass
class ResultRow:
    barcode: str
    result: str
    tested_at: datetime.datetime
    lab: str = ""


@dataclass
class ResultSummary:
    updated: int = 0
    unchanged: int = 0
    unknown: list[str] | None = None
    controlled: int = 0
    released: int = 0
    confirmed: int = 0


class _LockedTube:
    """The columns of a tube that recording a result reads and writes (no model instance: a lab's file has
    ~100,000 tubes)."""

    __slots__ = ("pk", "barcode", "result", "tested_at", "lab", "pool_size", "state")
    columns = ("pk", "barcode", "result", "tested_at", "lab", "pool_size", "state")
    pk: int
    barcode: str
    result: str
    tested_at: datetime.datetime | None
    lab: str
    pool_size: int
    state: str

    def __init__(self, *values):
        for name, value in zip(self.columns, values, strict=True):
            setattr(self, name, value)


class PoolMember:
    """A member of a positive or invalid pool about to be put under control (see `open_retest_followups`)."""

    __slots__ = ("sample_id", "tube_id", "barcode", "resident_id", "region_code", "id_number", "phone", "name",
                 "followup_id")

    def __init__(self, sample_id, tube_id, barcode, resident_id, region_code, id_number, phone, name):
        self.sample_id, self.tube_id, self.barcode = sample_id, tube_id, barcode
        self.resident_id, self.region_code = resident_id, region_code
        self.id_number, self.phone, self.name = id_number, phone, name
        self.followup_id = None


def open_retest_followups(members: list[PoolMember], user) -> None:
    """Hand the members of a positive pool to the follow-up module (a single-tube retest task each); each member
    learns its follow-up's id."""
    from wangge.followup.actions import do_open_for_positive_pool

    do_open_for_positive_pool(user, members)


def _lock_tubes(barcodes: list[str]) -> dict[str, _LockedTube]:
    tubes = {}
    for chunk in in_chunks(barcodes):
        for values in (Tube.objects.select_for_update().filter(one_of("barcode", chunk))
                       .values_list(*_LockedTube.columns)):
            tube = _LockedTube(*values)
            tubes[tube.barcode] = tube
    return tubes


def do_sync_batch(actor, terminal_code: str, events: list):
    """Apply a terminal's batch of offline scan events (labtests.sync): needs the registration permission; each
    refused event is answered with its reason and the person it was about, the rest of the batch is kept."""
    from .sync import apply_batch  # one transaction per attempt there (a racing resend is retried)

    require_perm(actor, "labtests.add_sample", _("Your role may not register samples."))
    return apply_batch(actor, terminal_code, events)


@transaction.atomic
def do_record_results(actor, rows: list[ResultRow]) -> ResultSummary:
    """Store lab results by tube barcode (idempotent: the same result again changes nothing)."""
    require_perm(actor, "labtests.change_tube", _("Your role may not record lab results."))
    user = actor
    summary = ResultSummary(unknown=[])
    unknown: list[str] = []
    summary.unknown = unknown
    tubes = _lock_tubes([r.barcode for r in rows])
    changed, pooled_alarm, single = [], [], []
    for row in rows:
        tube = tubes.get(row.barcode)
        if tube is None:
            unknown.append(row.barcode)
            continue
        if tube.result == row.result and tube.tested_at == row.tested_at:
            summary.unchanged += 1
            continue
        tube.result, tube.tested_at, tube.lab, tube.state = row.result, row.tested_at, row.lab, TubeState.RESULTED
        changed.append(tube)
        if row.result in (TubeResult.POSITIVE, TubeResult.INVALID):
            pooled_alarm.append(tube)
        if tube.pool_size == 1:
            single.append(tube)
    write_results(changed)
    summary.updated = len(changed)
    satisfy_followup_tests(changed, user)
    summary.controlled = put_members_under_control(pooled_alarm, user)
    summary.released, summary.confirmed = settle_controls(single)
    if changed:
        log_bulk(Tube, len(changed), _("Lab results recorded"),
                 after={"positive": sum(t.result == TubeResult.POSITIVE for t in changed)})
    return summary




def write_results(tubes) -> None:
    """One UPDATE per distinct (result, tested time, lab): a lab's file has a handful of them, where bulk_update
    would build a CASE over every tube."""
    groups: dict[tuple, list[int]] = {}
    for tube in tubes:
        groups.setdefault((tube.result, tube.tested_at, tube.lab), []).append(tube.pk)
    for (result, tested_at, lab), pks in groups.items():
        for chunk in in_chunks(pks):
            Tube.objects.filter(one_of("pk", chunk)).update(
                result=result, tested_at=tested_at, lab=lab, state=TubeState.RESULTED,
                closed_at=Coalesce("closed_at", Value(tested_at)))


def put_members_under_control(tubes, user) -> int:
    """Every member of these tubes not yet under control is put under it (and handed to the follow-up module)."""
    if not tubes:
        return 0
    barcodes = {t.pk: t.barcode for t in tubes}
    members = []
    for chunk in in_chunks(list(barcodes)):
        members += [PoolMember(sample_id, tube_id, barcodes[tube_id], *rest) for sample_id, tube_id, *rest in
                    Sample.objects.filter(one_of("tube_id", chunk), control__isnull=True)
                    .values_list("pk", "tube_id", "resident_id", "region_code", "id_number", "phone", "name")]
    if not members:
        return 0
    # Logged first, as before the follow-ups and tasks it causes; the rows follow in the same transaction once
    # each member knows its follow-up.
    log_bulk(TemporaryControl, len(members), _("Members of positive or invalid pools put under control"))
    open_retest_followups(members, user)
    now = db_timestamp(clock.now())
    fast_insert(TemporaryControl, [
        {"tube": m.tube_id, "sample": m.sample_id, "resident": m.resident_id, "region_code": m.region_code,
         "state": ControlState.UNDER_CONTROL.value, "followup_id": m.followup_id} for m in members],
        created=now, updated=now)
    return len(members)


def settle_controls(single_tubes) -> tuple[int, int]:
    """A single-tube result settles the temporary control of the people in that tube: a negative releases the
    controls from pools sampled before it (not the person's own tube), a positive confirms them. Tubes are taken
    in order, as if one after the other; three queries and two UPDATEs for the whole batch."""
    tubes = [t for t in single_tubes if t.result != TubeResult.INVALID]
    if not tubes:
        return 0, 0
    people: dict[int, list[str]] = {}
    opened: dict[int, datetime.datetime] = {}
    for chunk in in_chunks({t.pk for t in tubes}):
        for tube_id, id_number, opened_at in (Sample.objects.filter(one_of("tube_id", chunk))
                                              .values_list("tube_id", "id_number", "tube__opened_at")):
            people.setdefault(tube_id, []).append(id_number)
            opened[tube_id] = opened_at
    controls: dict[str, list[tuple]] = {}  # ID number → (control, its pooled tube, when that tube was opened)
    for chunk in in_chunks({i for ids in people.values() for i in ids}):
        for pk, id_number, tube_id, opened_at in (
                TemporaryControl.objects.filter(one_of("sample__id_number", chunk), state=ControlState.UNDER_CONTROL)
                .values_list("pk", "sample__id_number", "tube_id", "tube__opened_at")):
            controls.setdefault(id_number, []).append((pk, tube_id, opened_at))
    settled: dict[str, list[int]] = {ControlState.RELEASED.value: [], ControlState.CONFIRMED.value: []}
    done = set()
    for tube in tubes:
        state = ControlState.RELEASED if tube.result == TubeResult.NEGATIVE else ControlState.CONFIRMED
        for id_number in people.get(tube.pk, ()):
            for pk, tube_id, opened_at in controls.get(id_number, ()):
                # Only controls that come from a pool sampled before this single tube; a person whose own pooled
                # tube was the positive single tube stays confirmed, not released.
                if pk in done or opened_at > opened[tube.pk] or (state == ControlState.RELEASED and tube_id == tube.pk):
                    continue
                done.add(pk)
                settled[state].append(pk)
    counts: dict[str, int] = {}
    for state_name, pks in settled.items():
        counts[state_name] = 0
        now = clock.now()
        for chunk in in_chunks(pks):
            counts[state_name] += TemporaryControl.objects.filter(
                one_of("pk", chunk), state=ControlState.UNDER_CONTROL).update(state=state_name, updated=now)
    return counts[ControlState.RELEASED], counts[ControlState.CONFIRMED]


def satisfy_followup_tests(tubes, user) -> int:
    """A resulted sample of someone under follow-up is that day's test: the follow-up records it (and closes the
    day's NAT or retest task). Invalid tubes satisfy nothing, and neither does a positive pool: it says nothing
    about one member until the single-tube retest."""
    from wangge.followup.actions import do_record_nat_result
    from wangge.followup.selectors import open_followup_ids, open_person_keys

    resulted = [t for t in tubes if t.result == TubeResult.NEGATIVE
                or (t.result == TubeResult.POSITIVE and t.pool_size == 1)]
    if not resulted:
        return 0
    open_keys = open_person_keys()
    if not open_keys.exists():
        return 0
    done = 0
    by_pk = {t.pk: t for t in resulted}
    for chunk in in_chunks(list(by_pk), 500):
        samples = _samples_under_followup(chunk, open_keys)
        if not samples:
            continue
        followups = open_followup_ids(s[1] for s in samples)
        for tube_id, id_number, scanned_at in samples:
            followup = followups[id_number]
            try:
                do_record_nat_result(user, followup, day=clock.local_date(scanned_at),
                                     result=by_pk[tube_id].result)
            except ActionError:
                continue  # outside the lab user's jurisdiction: the grid worker records it
            done += 1
    return done


def _samples_under_followup(tube_ids: list[int], open_keys) -> list[tuple]:
    """(tube, ID number, scan time) of the samples in these tubes whose person has an open follow-up, latest first.

    On PostgreSQL the batch's samples are read first (by tube), then matched: the statistics of the follow-up
    table lag behind an import that is filling it, and the planner would otherwise probe the samples once per open
    follow-up, checking each against the whole list of tubes."""
    if connection.vendor != "postgresql":
        return list(Sample.objects.filter(tube_id__in=tube_ids, id_number__in=open_keys)
                    .values_list("tube_id", "id_number", "scanned_at"))
    keys_sql, keys_params = open_keys.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"""
            WITH batch AS MATERIALIZED (
                SELECT tube_id, id_number, scanned_at FROM {Sample._meta.db_table} WHERE tube_id = ANY(%s))
            SELECT tube_id, id_number, scanned_at FROM batch WHERE id_number IN ({keys_sql})
            ORDER BY scanned_at DESC""", [tube_ids, *keys_params])
        return cursor.fetchall()
