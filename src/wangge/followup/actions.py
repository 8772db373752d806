"""Every state change of a follow-up or a task, as a named function that owns its transaction, re-checks the
caller's jurisdiction inside it, leaves its audit trail (per-object change events through the model signals; one
batch event for bulk paths) and returns the new state.

Refusals are exceptions the views map to HTTP: `NotFound` (404: not the caller's, or no such object — the two are
indistinguishable on purpose), `Conflict` (409: already closed, or the state forbids it), `Invalid` (400, naming the
field), `NotPermitted` (403: no acting user). Every action is `do_<verb>(actor, obj, *, …)`."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.actions import require_actor
from wangge.core.context import acting_as
from wangge.core.errors import Conflict, Invalid, NotFound
from wangge.core.ids import InvalidID, normalize_id, normalize_phone
from wangge.core.models import log_bulk
from wangge.core.querysets import user_scope_code
from wangge.policies.choices import Category, MeasureKind
from wangge.regions import codes
from wangge.regions.choices import RegionLevel

from . import plans
from .choices import (
    CLOSED_STATES,
    OPEN_STATES,
    POOL_POSITIVE,
    FollowUpState,
    NatResult,
    Source,
    TaskKind,
    TaskOutcome,
    TaskState,
    TransferTo,
    VisitOutcome,
)
from .models import FollowUp, NatRecord, PlanPhase, Task, Visit


@dataclass(frozen=True)
class NewState:
    """What an action leaves behind: the follow-up's state, and the task's state and responsible level."""

    followup_state: str
    task_state: str | None = None
    level: str | None = None
    attempts: int | None = None
    alert: bool | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


# ---------------------------------------------------------------------------------------------------- helpers


def _in_scope(user, code: str) -> bool:
    """Whether `code` lies in the actor's jurisdiction (the system actor's is everything; no actor, nothing)."""
    return codes.is_within(code, user_scope_code(user))


def _scoped(queryset, user):
    return queryset.restrict(user)


def level_for(code: str) -> str:
    return codes.level_of(code) or RegionLevel.GRID


def _limits() -> dict:
    try:
        return plans.limits(plans.policy_in_force(clock.now()).document)
    except plans.NoPolicyInForce:
        return dict(plans.DEFAULT_LIMITS)


def _document() -> dict:
    try:
        return plans.policy_in_force(clock.now()).document
    except plans.NoPolicyInForce:
        return {}


def _locked_task(user, task) -> Task:
    """The task, locked, if the caller may act on it (404 otherwise) and it is still open (409 otherwise)."""
    task_id = task.pk if isinstance(task, Task) else task
    found = _scoped(Task.objects, user).select_for_update().filter(pk=task_id).first()
    if found is None:
        raise NotFound(_("No such task in your jurisdiction."))
    if found.state != TaskState.OPEN:
        raise Conflict(_("This task is already closed (%(state)s).") % {"state": found.get_state_display()})
    found.followup = FollowUp.objects.select_for_update().get(pk=found.followup_id)
    return found


def _locked_followup(user, followup) -> FollowUp:
    followup_id = followup.pk if isinstance(followup, FollowUp) else followup
    found = _scoped(FollowUp.objects, user).select_for_update().filter(pk=followup_id).first()
    if found is None:
        raise NotFound(_("No such follow-up in your jurisdiction."))
    if found.state in CLOSED_STATES:
        raise Conflict(_("This follow-up is already closed (%(state)s).") % {"state": found.get_state_display()})
    return found


def _check_kind(task: Task, *kinds: str) -> None:
    if task.kind not in kinds:
        raise Invalid(_("This action does not apply to a %(kind)s task.") % {"kind": task.get_kind_display()},
                      field="kind")


def _finish(task: Task, user, state: str = TaskState.DONE, outcome: str = "", note: str = "") -> None:
    task.state = state
    task.outcome = outcome or task.outcome
    if note:
        task.note = note
    task.done_by = user
    task.done_at = clock.now()
    task.save()


def _cancel_open_tasks(followup: FollowUp, note: str) -> int:
    count = Task.objects.filter(followup=followup, state=TaskState.OPEN).update(
        state=TaskState.CANCELLED, outcome=TaskOutcome.CANCELLED, done_at=clock.now())
    if count:
        log_bulk(Task, count, note, after={"followup": followup.pk})
    return count


def _close(followup: FollowUp, state: str, note: str) -> None:
    followup.state = state
    followup.closed_at = clock.now()
    if note:
        followup.close_note = note
    followup.save()
    _cancel_open_tasks(followup, f"follow-up {followup.pk} closed: {state}")


def _state(task: Task) -> NewState:
    return NewState(followup_state=task.followup.state, task_state=task.state, level=task.level,
                    attempts=task.attempts)


# ---------------------------------------------------------------------------------------------------- opening


def _plan_rows(followup: FollowUp) -> tuple[list[PlanPhase], list[NatRecord]]:
    """The plan's phases as rows, and its NAT days as planned tests. Test days that fell before the follow-up was
    opened (a person flagged late) become one catch-up test on the opening day (补检)."""
    phases = [PlanPhase(followup=followup, seq=i, kind=p["kind"],
                        start_date=datetime.date.fromisoformat(p["start"]),
                        end_date=datetime.date.fromisoformat(p["end"]))
              for i, p in enumerate(followup.plan.get("phases", []))]
    nat_days: dict[datetime.date, str] = {}
    for item in followup.plan.get("nat", []):
        day = max(datetime.date.fromisoformat(item["date"]), followup.opened_on)
        nat_days.setdefault(day, item.get("phase", ""))
    nats = [NatRecord(followup=followup, date=day, phase=phase) for day, phase in sorted(nat_days.items())]
    return phases, nats


def _apply_plan(followup: FollowUp, plan: dict, policy_code: str) -> None:
    followup.plan = plan
    followup.policy_code = policy_code
    followup.measure = plan["phases"][0]["kind"] if plan.get("phases") else ""
    # No end date without a plan: the worker must not "complete" a measure nobody has decided.
    followup.end_date = datetime.date.fromisoformat(plan["end"]) if plan.get("end") else None


def _verify_task(followup: FollowUp, limits: dict, since: datetime.datetime | None = None) -> Task:
    """The verify task, due the policy's hours after the event that started it: the push (the screening run's time)
    for a flagged person, the report for a hand entry. Someone handed over from a checkpoint is to be found at once,
    day or night (domain.md §9): their task is due as soon as a fever alert's, so it sorts at the top of the
    responsible unit's list (my tasks: overdue first, then by deadline)."""
    since = since or clock.now()
    hours = limits["verify_within_hours"]
    if followup.source == Source.CHECKPOINT:
        hours = min(hours, limits.get("fever_alert_within_hours", hours))
    return Task(followup=followup, kind=TaskKind.VERIFY, due_date=followup.opened_on,
                due_at=since + datetime.timedelta(hours=hours),
                region_code=followup.region_code, level=level_for(followup.region_code))


def _create_many(followups: list[FollowUp], policy: plans.Policy, note: str,
                 pushed_at: list[datetime.datetime | None]) -> list[FollowUp]:
    """Bulk path: follow-ups, their phases, planned tests and verify tasks, with one batch event per table."""
    created = FollowUp.objects.bulk_create(followups, batch_size=2000)
    phases, nats = [], []
    for followup in created:
        p, n = _plan_rows(followup)
        phases += p
        nats += n
    PlanPhase.objects.bulk_create(phases, batch_size=5000)
    NatRecord.objects.bulk_create(nats, batch_size=5000)
    limits = plans.limits(policy.document)
    tasks = Task.objects.bulk_create([_verify_task(f, limits, since) for f, since in zip(created, pushed_at,
                                                                                           strict=True)],
                                     batch_size=5000)
    log_bulk(FollowUp, len(created), note, after={"policy": policy.code})
    log_bulk(Task, len(tasks), f"{note}: verify tasks")
    return created


@transaction.atomic
def do_open_followup(actor, resident=None, *, category: str, start_date: datetime.date, id_number: str = "",
                     phone: str = "", name: str = "", region=None, reporter_note: str = "",
                     source: str = Source.MANUAL) -> FollowUp:
    """Open a follow-up by hand (a person reported by a neighbour, a close contact named by the CDC): a resident of
    the registry, or someone known only by ID number / phone, placed in a region of the caller's jurisdiction."""
    require_actor(actor)
    user = actor
    if category not in Category.values:
        raise Invalid(_("Unknown category %(value)s.") % {"value": category}, field="category")
    if resident is not None:
        id_number, phone, name = resident.id_number, resident.phone, resident.name
        region_code, grid = resident.region_code, resident.grid
    else:
        if region is None:
            raise Invalid(_("Choose the region where the person is."), field="region")
        region_code, grid = region.code, (region if codes.is_grid(region.code) else None)
        try:
            id_number = normalize_id(id_number) if id_number else ""
        except InvalidID as exc:
            raise Invalid(str(exc), field="id_number") from None
        try:
            phone = normalize_phone(phone) if phone else ""
        except ValueError as exc:
            raise Invalid(str(exc), field="phone") from None
        if not id_number and not phone:
            raise Invalid(_("Give an ID number or a phone number."), field="id_number")
    if not _in_scope(user, region_code):
        raise NotFound(_("This person is outside your jurisdiction."))
    person_key = id_number or phone
    if FollowUp.objects.filter(person_key=person_key, state__in=OPEN_STATES).exists():
        raise Conflict(_("This person is already under follow-up."))
    try:
        policy = plans.policy_in_force(clock.now())
    except plans.NoPolicyInForce:
        raise Invalid(_("No policy version is in force today."), field="category") from None
    followup = FollowUp(person_key=person_key, resident=resident, id_number=id_number, phone=phone, name=name,
                        source=source, reporter_note=reporter_note, category=category, start_date=start_date,
                        opened_on=clock.today(), region_code=region_code, grid=grid,
                        escalation_level=level_for(region_code))
    _apply_plan(followup, plans.make_plan(policy.document, category, start_date), policy.code)
    followup.save()
    phases, nats = _plan_rows(followup)
    PlanPhase.objects.bulk_create(phases)
    for nat in nats:
        nat.save()
    _verify_task(followup, plans.limits(policy.document)).save()
    return followup


def _person_key(flag) -> str:
    """A matched resident is known by their ID number, however the list named them (ID or phone)."""
    resident = getattr(flag, "resident", None)
    return resident.id_number if resident is not None else flag.person_key


def _flag_region(flag) -> tuple[str, Any]:
    grid = getattr(flag, "grid", None)
    if grid is not None:
        return grid.code, grid
    code = getattr(flag, "region_code", "") or ""
    routed = getattr(flag, "routed_to", None)
    if not code and routed is not None:
        code = routed.code
    return code, None


@transaction.atomic
def do_open_from_flags(actor, flags) -> int:
    """Open one follow-up per screening flag whose person has no open follow-up yet; returns how many were opened.

    Bulk and idempotent: a second call with the same flags opens nothing. Flags outside the caller's jurisdiction
    and unroutable flags (no grid, no region) are skipped."""
    require_actor(actor)
    user = actor
    with acting_as(actor):
        try:
            policy = plans.policy_in_force(clock.now())
        except plans.NoPolicyInForce:
            raise Invalid(_("No policy version is in force today."), field="policy") from None
        if hasattr(flags, "select_related"):
            flags = flags.select_related("grid", "routed_to", "resident", "run")
        flags = list(flags)
        keys = {_person_key(f) for f in flags}
        taken = set()
        key_list = list(keys)
        for i in range(0, len(key_list), 900):  # SQLite's bound-parameter limit
            taken |= set(FollowUp.objects.filter(person_key__in=key_list[i:i + 900], state__in=OPEN_STATES)
                         .values_list("person_key", flat=True))
        today = clock.today()
        followups, pushed_at, seen, plan_cache = [], [], set(), {}
        for flag in flags:
            region_code, grid = _flag_region(flag)
            key = _person_key(flag)
            if key in taken or key in seen or not region_code or not _in_scope(user, region_code):
                continue
            seen.add(key)
            resident = getattr(flag, "resident", None)
            start = clock.local_date(flag.arrived_at)
            followup = FollowUp(
                person_key=key, resident=resident,
                id_number=flag.id_number or (resident.id_number if resident else ""),
                phone=flag.phone or (resident.phone if resident else ""),
                name=flag.name or (resident.name if resident else ""),
                source=Source.FLAG, flag=flag, category=flag.category, area_code=flag.area_code or "",
                start_date=start, opened_on=today, region_code=region_code, grid=grid,
                escalation_level=level_for(region_code))
            if (flag.category, start) not in plan_cache:
                plan_cache[(flag.category, start)] = plans.make_plan(policy.document, flag.category, start)
            _apply_plan(followup, plan_cache[(flag.category, start)], policy.code)
            followups.append(followup)
            run = getattr(flag, "run", None)
            pushed_at.append(getattr(run, "as_of", None) or getattr(flag, "pushed_at", None))
        if followups:
            _create_many(followups, policy, _("Follow-ups opened from screening flags"), pushed_at)
        return len(followups)


@transaction.atomic
def do_open_for_positive_pool(actor, members) -> int:
    """For the lab-tests app: the members of a positive (or invalid) pooled tube each get a single-tube retest task
    today on their grid — on their open follow-up when they have one, else on a new follow-up of category
    "member of a positive pool" (no plan: the retest decides). Each member learns its follow-up's id
    (`followup_id`, left None for a member known by no ID number).

    `members` are objects with `resident_id`, `region_code`, `id_number`, `phone`, `name` (the sample's) and
    `barcode` (the pooled tube's), e.g. labtests.actions.PoolMember. Set-based: a lab's file brings ~10,000 members.

    A fan-out of lab results, not a request of the acting user's: it is not narrowed to the user's jurisdiction
    (every member must be retested); the user is recorded as the actor. Returns how many retest tasks opened."""
    from django.utils import timezone

    from wangge.core.bulk import db_timestamp, fast_insert, in_chunks, one_of
    from wangge.people.models import Resident
    from wangge.regions.models import Region

    require_actor(actor)
    with acting_as(actor):
        today, now = clock.today(), clock.now()
        members = list(members)
        residents: dict = {}  # pk → (ID number, phone, name, region code, grid id)
        for chunk in in_chunks({m.resident_id for m in members if m.resident_id}):
            residents.update((pk, rest) for pk, *rest in Resident.objects.filter(one_of("pk", chunk)).values_list(
                "id", "id_number", "phone", "name", "region_code", "grid_id"))
        keyed = []  # (member, resident or None, person key)
        for member in members:
            resident = residents.get(member.resident_id)
            key = resident[0] if resident is not None else (member.id_number or "")
            if key:
                keyed.append((member, resident, key))
        followups: dict = {}  # person key → (follow-up id, region code)
        for chunk in in_chunks({key for _m, _r, key in keyed}):
            followups.update((key, (pk, code)) for key, pk, code in FollowUp.objects.select_for_update().filter(
                one_of("person_key", chunk), state__in=OPEN_STATES).values_list("person_key", "pk", "region_code"))
        existing = [pk for pk, _code in followups.values()]
        visitor_grids = dict(Region.objects.filter(
            code__in={m.region_code for m, r, _k in keyed if r is None}, level="grid").values_list("code", "id"))
        note = _("Pooled tube %(barcode)s")
        # created/updated are record-keeping stamps (real time, like every model save); the work's time is the clock's.
        stamp, verified_at = db_timestamp(timezone.now()), db_timestamp(now)
        new, seen = [], set(followups)
        for member, resident, key in keyed:
            if key in seen:
                continue
            seen.add(key)
            region_code = resident[3] if resident is not None else member.region_code
            new.append({
                "person_key": key, "resident": member.resident_id if resident is not None else None,
                "id_number": key, "phone": (resident[1] if resident else member.phone) or "",
                "name": (resident[2] if resident else member.name) or "", "source": Source.LABTEST.value,
                "flag": None, "reporter_note": note % {"barcode": member.barcode or ""},
                "category": POOL_POSITIVE, "area_code": "", "policy_code": "", "plan": "{}",
                "measure": "", "start_date": today, "end_date": None, "opened_on": today,
                "state": FollowUpState.UNDER_MEASURE.value, "escalation_level": level_for(region_code),
                "region_code": region_code,
                "grid": resident[4] if resident is not None else visitor_grids.get(region_code),
                "verified_at": verified_at, "closed_at": None, "close_note": ""})
        fast_insert(FollowUp, new, created=stamp, updated=stamp)
        # The new rows' ids: one open follow-up per person (a unique constraint).
        for chunk in in_chunks([row["person_key"] for row in new]):
            followups.update((key, (pk, code)) for key, pk, code in FollowUp.objects.filter(
                one_of("person_key", chunk), state__in=OPEN_STATES).values_list("person_key", "pk", "region_code"))
        has_task: set = set()
        for chunk in in_chunks(existing):
            has_task.update(Task.objects.filter(one_of("followup_id", chunk), kind=TaskKind.RETEST, due_date=today)
                            .values_list("followup_id", flat=True))
        mine: dict = {}  # follow-up id → region code, each once
        for member, _resident, key in keyed:
            member.followup_id, code = followups[key]
            mine.setdefault(member.followup_id, code)
        due_at = db_timestamp(clock.end_of(today))
        tasks = [{"followup": pk, "kind": TaskKind.RETEST.value, "due_date": today, "due_at": due_at,
                  "state": TaskState.OPEN.value, "overdue": False, "outcome": "", "note": "", "done_by": None,
                  "done_at": None, "attempts": 0, "level": level_for(code), "escalated_at": None,
                  "region_code": code, "claimed_at": None}
                 for pk, code in mine.items() if pk not in has_task]
        fast_insert(Task, tasks, created=stamp, updated=stamp)
        if new:
            log_bulk(FollowUp, len(new), _("Follow-ups opened for members of positive pools"))
        if tasks:
            log_bulk(Task, len(tasks), _("Single-tube retest tasks"))
        return len(tasks)


# ---------------------------------------------------------------------------------------------------- tasks


def _person(followup: FollowUp) -> str:
    return followup.name or _("this person")


def _due_for_isolation(followup: FollowUp) -> bool:
    """Whether the person's plan has them in centralized isolation today (they cannot be "at home")."""
    return followup.current_phase(clock.today()) == MeasureKind.CENTRALIZED_ISOLATION


def _move_to_grid(followup: FollowUp, grid) -> None:
    """落地查人 done: the person and every open task of theirs go to the grid (its worker's list)."""
    followup.grid, followup.region_code = grid, grid.code
    followup.escalation_level = RegionLevel.GRID
    moved = Task.objects.filter(followup=followup, state=TaskState.OPEN).update(
        region_code=grid.code, level=RegionLevel.GRID)
    if moved:
        log_bulk(Task, moved, f"follow-up {followup.pk} assigned to grid {grid.code}", after={"grid": grid.code})


@transaction.atomic
def do_verify(actor, task, *, outcome: str, note: str = "", grid=None, no_grid_reason: str = "") -> NewState:
    """Record the verification of a person: reached (the measure starts, the notice task follows), unreachable
    (one more attempt), moved away or transferred to centralized isolation (the follow-up closes).

    Someone due for centralized isolation cannot be "reached, at home": record the transfer instead. An unmatched
    person (no grid yet, 落地查人) who is found needs their grid — the follow-up and its open tasks move to it — or
    the reason why they cannot be put on one."""
    require_actor(actor)
    user = actor
    task = _locked_task(user, task)
    _check_kind(task, TaskKind.VERIFY)
    followup = task.followup
    if outcome == VisitOutcome.UNREACHABLE:
        return _unreachable(user, task, note)
    if outcome not in (VisitOutcome.REACHED, VisitOutcome.MOVED_AWAY, VisitOutcome.TRANSFERRED):
        raise Invalid(_("Unknown outcome %(value)s.") % {"value": outcome}, field="outcome")
    if (outcome == VisitOutcome.REACHED and _due_for_isolation(followup)
            and not Visit.objects.filter(followup=followup, outcome=VisitOutcome.TRANSFERRED).exists()):
        raise Conflict(_("%(person)s must be in centralized isolation: record the transfer to centralized "
                         "isolation, not “found, at home”.") % {"person": _person(followup)},
                       field="outcome")
    if grid is not None:
        if not codes.is_grid(grid.code) or not _in_scope(user, grid.code) \
                or not codes.is_within(grid.code, followup.region_code):
            raise Invalid(_("Choose a grid of your jurisdiction."), field="grid")
    elif outcome == VisitOutcome.REACHED and followup.grid_id is None and not no_grid_reason.strip():
        raise Invalid(_("%(person)s is not on a grid yet: choose their grid, or say why they cannot be put on "
                        "one.") % {"person": _person(followup)}, field="grid")
    if grid is not None:
        _move_to_grid(followup, grid)
        task.region_code, task.level = grid.code, RegionLevel.GRID
    elif no_grid_reason.strip():
        note = f"{note} {_('Not on a grid')}: {no_grid_reason.strip()}".strip()
    Visit.objects.create(followup=followup, task=task, outcome=outcome, note=note, visited_by=user,
                         visited_at=clock.now())
    _finish(task, user, outcome=outcome, note=note)
    # Verified = the person's whereabouts are settled today (found at home, or known to have left / been taken).
    followup.verified_at = clock.now()
    if outcome == VisitOutcome.REACHED:
        followup.state = FollowUpState.UNDER_MEASURE
        followup.save()
        limits = _limits()
        Task.objects.get_or_create(
            followup=followup, kind=TaskKind.DELIVER_NOTICE, due_date=clock.today(),
            defaults={"due_at": clock.now() + datetime.timedelta(hours=limits["notice_within_hours"]),
                      "region_code": followup.region_code, "level": level_for(followup.region_code)})
        from .worker import generate_tasks

        generate_tasks(clock.today(), followup_ids=[followup.pk])
    elif outcome == VisitOutcome.MOVED_AWAY:
        _close(followup, FollowUpState.MOVED_OUT, note)
    else:
        _close(followup, FollowUpState.TRANSFERRED_CENTRALIZED, note)
    return _state(task)


@transaction.atomic
def do_deliver_notice(actor, task, *, note: str = "") -> NewState:
    """The notice of the person's measure was handed over (and signed)."""
    require_actor(actor)
    task = _locked_task(actor, task)
    _check_kind(task, TaskKind.DELIVER_NOTICE)
    _finish(task, actor, outcome=TaskOutcome.DELIVERED, note=note)
    return _state(task)


def _temperature(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        temp = Decimal(str(value)).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise Invalid(_("Temperature must be a number such as 36.5."), field="temperature") from None
    if not Decimal("34") <= temp <= Decimal("43"):
        raise Invalid(_("Temperature must be between 34 and 43 °C."), field="temperature")
    return temp


def _raise_fever_alert(followup: FollowUp) -> bool:
    """A fever (or symptoms) of someone under a measure: at once an alert task for the grid (its leader) and one
    for the village, due within the policy's hours and escalating like other tasks. One open alert per person."""
    if Task.objects.filter(followup=followup, kind=TaskKind.FEVER_ALERT, state=TaskState.OPEN).exists():
        return False
    hours = _limits()["fever_alert_within_hours"]
    now = clock.now()
    due = now + datetime.timedelta(hours=hours)
    codes_for = [followup.region_code]
    village = codes.truncate(followup.region_code, RegionLevel.VILLAGE)
    if village != followup.region_code:
        codes_for.append(village)
    for code in codes_for:
        Task.objects.create(followup=followup, kind=TaskKind.FEVER_ALERT, due_date=clock.today(), due_at=due,
                            region_code=code, level=level_for(code))
    return True


@transaction.atomic
def do_record_visit(actor, task, *, temperature=None, symptoms: str = "", note: str = "",
                    outcome: str = VisitOutcome.REACHED) -> NewState:
    """The daily health visit: temperature, symptoms, a note; or the person was not found / has left. A temperature
    at or above the policy's fever threshold, or any symptom, raises a fever alert at once (`alert` in the result)."""
    require_actor(actor)
    user = actor
    task = _locked_task(user, task)
    _check_kind(task, TaskKind.DAILY_VISIT)
    if outcome == VisitOutcome.UNREACHABLE:
        return _unreachable(user, task, note)
    if outcome not in VisitOutcome.values:
        raise Invalid(_("Unknown outcome %(value)s.") % {"value": outcome}, field="outcome")
    temp = _temperature(temperature)
    if outcome == VisitOutcome.REACHED and temp is None:
        raise Invalid(_("Record the temperature of %(person)s.") % {"person": _person(task.followup)},
                      field="temperature")
    symptoms = (symptoms or "").strip()[:200]
    now = clock.now()
    fever = outcome == VisitOutcome.REACHED and (
        bool(symptoms) or (temp is not None and float(temp) >= plans.fever_celsius(now)))
    Visit.objects.create(followup=task.followup, task=task, temperature=temp, symptoms=symptoms, note=note,
                         outcome=outcome, fever=fever, visited_by=user, visited_at=now)
    _finish(task, user, outcome=outcome, note=note)
    alert = False
    if outcome == VisitOutcome.MOVED_AWAY:
        _close(task.followup, FollowUpState.MOVED_OUT, note)
    elif outcome == VisitOutcome.TRANSFERRED:
        _close(task.followup, FollowUpState.TRANSFERRED_CENTRALIZED, note)
    elif fever and task.followup.state in OPEN_STATES:
        alert = _raise_fever_alert(task.followup)
    state = _state(task)
    return NewState(**{**state.__dict__, "alert": alert})


@transaction.atomic
def do_record_nat(actor, task, *, result: str = NatResult.PENDING, sampled: bool = True, note: str = "") -> NewState:
    """The test of the day was sampled (with its result when known), or was not (the task fails)."""
    require_actor(actor)
    user = actor
    task = _locked_task(user, task)
    _check_kind(task, TaskKind.NAT, TaskKind.RETEST)
    if result not in NatResult.values:
        raise Invalid(_("Unknown result %(value)s.") % {"value": result}, field="result")
    if not sampled:
        _finish(task, user, state=TaskState.FAILED, outcome=TaskOutcome.NOT_SAMPLED, note=note)
        return _state(task)
    _set_nat(task.followup, task.due_date, result, user)
    _finish(task, user, outcome=result, note=note)
    _release_pool_member(task.followup, result)
    return _state(task)


def _set_nat(followup: FollowUp, day: datetime.date, result: str, user) -> NatRecord:
    record, _created = NatRecord.objects.get_or_create(followup=followup, date=day)
    record.sampled = True
    record.sampled_at = record.sampled_at or clock.now()
    if result != NatResult.PENDING or record.result == NatResult.PENDING:
        record.result = result
    record.recorded_by = user
    record.save()
    return record


@transaction.atomic
def do_record_nat_result(actor, followup, *, day: datetime.date, result: str) -> NewState:
    """For the lab-tests app: a test of this person on this day was sampled and resulted. Marks the planned test
    done and closes the day's NAT task, if any. Works on closed follow-ups too (results arrive late)."""
    require_actor(actor)
    user, date = actor, day
    followup_id = followup.pk if isinstance(followup, FollowUp) else followup
    found = _scoped(FollowUp.objects, user).select_for_update().filter(pk=followup_id).first()
    if found is None:
        raise NotFound(_("No such follow-up in your jurisdiction."))
    if result not in NatResult.values:
        raise Invalid(_("Unknown result %(value)s.") % {"value": result}, field="result")
    _set_nat(found, date, result, user)
    for task in Task.objects.filter(followup=found, kind__in=(TaskKind.NAT, TaskKind.RETEST), due_date=date,
                                    state=TaskState.OPEN):
        task.followup = found
        _finish(task, user, outcome=result)
    _release_pool_member(found, result)
    return NewState(followup_state=found.state)


def _release_pool_member(followup: FollowUp, result: str) -> None:
    """A member of a positive pool whose single-tube retest is negative is released."""
    if (followup.category == POOL_POSITIVE and result == NatResult.NEGATIVE
            and followup.state == FollowUpState.UNDER_MEASURE):
        _close(followup, FollowUpState.COMPLETED, _("Single-tube retest negative"))


def _unreachable(user, task: Task, note: str) -> NewState:
    """One more failed attempt. After the policy's N attempts the person is escalated one level (grid → village →
    town): a verify task moves up itself; a missed visit or notice fails and a new verify task ("find this
    person") opens at the level above, since a visit cannot wait for tomorrow. The count starts again there."""
    followup = task.followup
    Visit.objects.create(followup=followup, task=task, outcome=VisitOutcome.UNREACHABLE, note=note,
                         visited_by=user, visited_at=clock.now())
    task.attempts += 1
    if note:
        task.note = note
    if task.kind == TaskKind.VERIFY:
        followup.state = FollowUpState.UNREACHABLE
    document = _document()
    if task.attempts >= plans.limits(document)["unreachable_attempts"]:
        step = plans.next_level(document, task.level) if document else _default_next(task.level)
        if step is not None:
            level, hours = step
            target = task
            if task.kind != TaskKind.VERIFY:
                _finish(task, user, state=TaskState.FAILED, outcome=TaskOutcome.UNREACHABLE, note=note)
                target = Task(followup=followup, kind=TaskKind.VERIFY, due_date=clock.today())
            target.level = level
            target.region_code = codes.truncate(followup.region_code, level)
            target.escalated_at = clock.now()
            target.due_at = clock.now() + datetime.timedelta(hours=hours or 24)
            target.attempts = 0
            target.save()
            followup.escalation_level = level
        followup.state = FollowUpState.ESCALATED
    if task.state == TaskState.OPEN and task.escalated_at != clock.now():
        task.save()
    followup.save()
    return _state(task)


def _default_next(level: str):
    for i, (name, _hours) in enumerate(plans.DEFAULT_CHAIN):
        if name == level and i + 1 < len(plans.DEFAULT_CHAIN):
            return plans.DEFAULT_CHAIN[i + 1]
    return None


@transaction.atomic
def do_mark_unreachable(actor, task, *, note: str = "") -> NewState:
    """The person could not be reached for this task (verify or visit): count the attempt, escalate after N."""
    require_actor(actor)
    task = _locked_task(actor, task)
    _check_kind(task, TaskKind.VERIFY, TaskKind.DAILY_VISIT, TaskKind.DELIVER_NOTICE)
    return _unreachable(actor, task, note)


@transaction.atomic
def do_clear_alert(actor, task, *, note: str = "") -> NewState:
    """A fever alert checked on the spot (a doctor saw the person, no transfer needed): every open alert of the
    person closes, with the reason, which is required."""
    require_actor(actor)
    task = _locked_task(actor, task)
    _check_kind(task, TaskKind.FEVER_ALERT)
    if not note.strip():
        raise Invalid(_("Say why %(person)s need not be transferred.") % {"person": _person(task.followup)},
                      field="note")
    _finish(task, actor, outcome=TaskOutcome.CHECKED, note=note)
    _close_alerts(task.followup, actor, TaskOutcome.CHECKED, note)
    return _state(task)


def _close_alerts(followup: FollowUp, actor, outcome: str, note: str) -> int:
    count = Task.objects.filter(followup=followup, kind=TaskKind.FEVER_ALERT, state=TaskState.OPEN).update(
        state=TaskState.DONE, outcome=outcome, note=note, done_by=actor, done_at=clock.now())
    if count:
        log_bulk(Task, count, f"follow-up {followup.pk}: fever alerts closed ({outcome})")
    return count


# ---------------------------------------------------------------------------------------------------- follow-ups


@transaction.atomic
def do_transfer(actor, followup, *, to: str = TransferTo.CENTRALIZED_ISOLATION, note: str = "") -> NewState:
    """The person was taken away: to centralized isolation (the follow-up closes and its open tasks are
    cancelled — unless centralized isolation is the plan's measure today: then the transfer is recorded and the
    follow-up goes on at the site, and the person can be verified), or to the
    fever clinic (the transfer is recorded, the person's fever alerts close; the follow-up stays open)."""
    require_actor(actor)
    followup = _locked_followup(actor, followup)
    if to not in TransferTo.values:
        raise Invalid(_("Choose where %(person)s was taken.") % {"person": _person(followup)}, field="to")
    if to == TransferTo.FEVER_CLINIC:
        Visit.objects.create(followup=followup, outcome=VisitOutcome.FEVER_CLINIC, note=note, visited_by=actor,
                             visited_at=clock.now())
        _close_alerts(followup, actor, TaskOutcome.FEVER_CLINIC, note)
        return NewState(followup_state=followup.state)
    Visit.objects.create(followup=followup, outcome=VisitOutcome.TRANSFERRED, note=note, visited_by=actor,
                         visited_at=clock.now())
    _close_alerts(followup, actor, TaskOutcome.TRANSFERRED, note)
    if _due_for_isolation(followup):
        # The plan's own measure: the follow-up goes on at the isolation site (its tests, then the home phase).
        return NewState(followup_state=followup.state)
    _close(followup, FollowUpState.TRANSFERRED_CENTRALIZED, note)
    return NewState(followup_state=followup.state)


@transaction.atomic
def do_move_out(actor, followup, *, note: str = "") -> NewState:
    """The person has left the district (handed over to where they went)."""
    require_actor(actor)
    followup = _locked_followup(actor, followup)
    _close(followup, FollowUpState.MOVED_OUT, note)
    return NewState(followup_state=followup.state)


@transaction.atomic
def do_complete(actor, followup, *, note: str = "") -> NewState:
    """Close a measure by hand (the worker closes finished measures itself): only once it is under measure."""
    require_actor(actor)
    followup = _locked_followup(actor, followup)
    if followup.state != FollowUpState.UNDER_MEASURE:
        raise Conflict(_("Only a follow-up under measure can be completed."))
    _close(followup, FollowUpState.COMPLETED, note)
    return NewState(followup_state=followup.state)


# ---------------------------------------------------------------------------------------------------- policy switch


def _open_followups(user):
    return _scoped(FollowUp.objects, user).filter(state__in=OPEN_STATES).order_by("id")


@transaction.atomic
def do_recompute_plans(actor, document: dict) -> int:
    """Recompute the plan of every open follow-up the actor may see under a newly activated policy version (one
    logged batch); tests already sampled stay, planned tests the new plan no longer has are dropped. Returns how
    many plans changed. Called by the `policies.signals.policy_activated` receiver (receivers.py)."""
    require_actor(actor)
    new_doc, user = document, actor
    code = str(new_doc.get("code", ""))
    changed = 0
    for followup in _open_followups(user).select_for_update():
        plan = plans.make_plan(new_doc, followup.category, followup.start_date)
        if plan == followup.plan and followup.policy_code == code:
            continue
        _apply_plan(followup, plan, code)
        followup.save()
        PlanPhase.objects.filter(followup=followup).delete()
        phases, nats = _plan_rows(followup)
        PlanPhase.objects.bulk_create(phases)
        keep = {n.date for n in nats}
        NatRecord.objects.filter(followup=followup, sampled=False).exclude(date__in=keep).delete()
        existing = set(NatRecord.objects.filter(followup=followup).values_list("date", flat=True))
        NatRecord.objects.bulk_create([n for n in nats if n.date not in existing])
        Task.objects.filter(followup=followup, kind=TaskKind.NAT, state=TaskState.OPEN).exclude(
            due_date__in=keep).update(state=TaskState.CANCELLED, outcome=TaskOutcome.POLICY_SWITCH, done_at=clock.now())
        changed += 1
    log_bulk(FollowUp, changed, _("Plans recomputed under policy version %(code)s") % {"code": code},
             after={"policy": code})
    return changed
