"""Lab results and what follows from them.

A positive or invalid pooled tube puts every member under temporary control at once (and, when the follow-up
module is installed, opens a follow-up with a single-tube retest task on the responsible grid worker); a
single-tube result for a person under temporary control releases or confirms them.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.models import log_bulk

from .choices import ControlState, TubeResult, TubeState
from .models import Sample, TemporaryControl, Tube


class ResultError(ValueError):
    pass


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


def open_retest_followups(controls: list[TemporaryControl], user) -> None:
    """Hand the members of a positive pool to the follow-up module (a single-tube retest task each)."""
    try:
        from wangge.followup.actions import open_for_positive_pool
    except ImportError:
        return
    open_for_positive_pool(controls, user)


@transaction.atomic
def record_results(rows: list[ResultRow], user) -> ResultSummary:
    """Store lab results by tube barcode (idempotent: the same result again changes nothing)."""
    summary = ResultSummary(unknown=[])
    tubes = {t.barcode: t for t in Tube.objects.select_for_update().filter(barcode__in=[r.barcode for r in rows])}
    changed, pooled_alarm, single = [], [], []
    for row in rows:
        tube = tubes.get(row.barcode)
        if tube is None:
            summary.unknown.append(row.barcode)
            continue
        if tube.result == row.result and tube.tested_at == row.tested_at:
            summary.unchanged += 1
            continue
        tube.result, tube.tested_at, tube.lab, tube.state = row.result, row.tested_at, row.lab, TubeState.RESULTED
        if tube.closed_at is None:
            tube.closed_at = row.tested_at
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


def write_results(tubes: list[Tube]) -> None:
    """One UPDATE per distinct (result, tested time, lab): a lab's file has a handful of them, where bulk_update
    would build a CASE over every tube."""
    groups: dict[tuple, list[int]] = {}
    for tube in tubes:
        groups.setdefault((tube.result, tube.tested_at, tube.lab), []).append(tube.pk)
    for (result, tested_at, lab), pks in groups.items():
        for start in range(0, len(pks), 900):
            Tube.objects.filter(pk__in=pks[start:start + 900]).update(
                result=result, tested_at=tested_at, lab=lab, state=TubeState.RESULTED,
                closed_at=Coalesce("closed_at", Value(tested_at)))


def put_members_under_control(tubes: list[Tube], user) -> int:
    if not tubes:
        return 0
    samples = (Sample.objects.filter(tube__in=tubes).exclude(control__isnull=False)
               .select_related("tube").only("id", "tube", "resident_id", "region_code", "id_number", "phone", "name"))
    controls = [TemporaryControl(tube=s.tube, sample=s, resident_id=s.resident_id, region_code=s.region_code)
                for s in samples]
    TemporaryControl.objects.bulk_create(controls, batch_size=2000)
    if controls:
        log_bulk(TemporaryControl, len(controls), _("Members of positive or invalid pools put under control"))
        open_retest_followups(controls, user)
    return len(controls)


def settle_controls(single_tubes: list[Tube]) -> tuple[int, int]:
    """A single-tube result settles the temporary control of the people in that tube."""
    released = confirmed = 0
    for tube in single_tubes:
        ids = list(tube.samples.values_list("id_number", flat=True))
        if not ids or tube.result == TubeResult.INVALID:
            continue
        # Only controls that come from a pool sampled before this single tube.
        controls = TemporaryControl.objects.filter(sample__id_number__in=ids, state=ControlState.UNDER_CONTROL,
                                                   tube__opened_at__lte=tube.opened_at)
        # A person whose own pooled tube was the positive single tube stays confirmed, not released.
        controls = controls.exclude(tube=tube) if tube.result == TubeResult.NEGATIVE else controls
        state = ControlState.RELEASED if tube.result == TubeResult.NEGATIVE else ControlState.CONFIRMED
        n = controls.update(state=state, updated=timezone.now())
        released += n if state == ControlState.RELEASED else 0
        confirmed += n if state == ControlState.CONFIRMED else 0
    return released, confirmed


def satisfy_followup_tests(tubes: list[Tube], user) -> int:
    """A resulted sample of someone under follow-up is that day's test: the follow-up records it (and closes the
    day's NAT or retest task). Invalid tubes satisfy nothing, and neither does a positive pool: it says nothing
    about one member until the single-tube retest."""
    from wangge.followup.actions import ActionError, record_nat_result
    from wangge.followup.choices import OPEN_STATES
    from wangge.followup.models import FollowUp

    resulted = [t for t in tubes if t.result == TubeResult.NEGATIVE
                or (t.result == TubeResult.POSITIVE and t.pool_size == 1)]
    if not resulted:
        return 0
    open_keys = FollowUp.objects.filter(state__in=OPEN_STATES).values("person_key")
    if not open_keys.exists():
        return 0
    done = 0
    by_pk = {t.pk: t for t in resulted}
    for start in range(0, len(resulted), 500):
        chunk = [t.pk for t in resulted[start:start + 500]]
        samples = list(Sample.objects.filter(tube_id__in=chunk, id_number__in=open_keys)
                       .values_list("tube_id", "id_number", "scanned_at"))
        followups = dict(FollowUp.objects.filter(person_key__in={s[1] for s in samples}, state__in=OPEN_STATES)
                         .order_by("-pk").values_list("person_key", "pk"))
        for tube_id, id_number, scanned_at in samples:
            followup = followups[id_number]
            try:
                record_nat_result(followup, timezone.localtime(scanned_at).date(), by_pk[tube_id].result, user)
            except ActionError:
                continue  # outside the lab user's jurisdiction: the grid worker records it
            done += 1
    return done


def latest_negative(id_number: str, now: datetime.datetime | None = None) -> tuple[datetime.datetime, float] | None:
    """The person's latest negative result and its age in hours (checkpoints ask for "negative within 48 h")."""
    tested_at = (Sample.objects.filter(id_number=id_number, tube__result=TubeResult.NEGATIVE)
                 .order_by("-tube__tested_at").values_list("tube__tested_at", flat=True).first())
    if tested_at is None:
        return None
    now = now or timezone.now()
    return tested_at, round((now - tested_at).total_seconds() / 3600, 1)
