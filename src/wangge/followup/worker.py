"""The follow-up worker's daily pass, one idempotent step per method (Healthchecks' `sendalerts` shape).

Every step is set-based, so 100,000 people cost a handful of statements, not 100,000 round trips:
- task generation is one INSERT … SELECT of the missing rows per kind; the anti-join skips rows that exist and the
  partial unique constraint (followup, kind, due_date) with ON CONFLICT DO NOTHING absorbs a second worker racing
  the first, so a second pass or a second worker is a no-op;
- the other steps are the Healthchecks claim — `UPDATE … SET … WHERE <still to do>` — on whole sets: the WHERE no
  longer matches once the work is done. Under PostgreSQL's READ COMMITTED a concurrent UPDATE re-evaluates its
  WHERE on the row it waited for, so two workers never escalate one task twice; `claimed_at` records the pass that
  moved a row."""

import datetime

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Substr

from wangge.core import clock
from wangge.core.context import acting_as
from wangge.core.models import log_bulk
from wangge.regions import codes
from wangge.regions.choices import RegionLevel

from . import plans
from .choices import (
    CLOSED_STATES,
    ESCALATING_KINDS,
    GENERATED_KINDS,
    NO_HOME_VISIT_MEASURES,
    FollowUpState,
    TaskKind,
    TaskOutcome,
    TaskState,
)
from .models import FollowUp, NatRecord, PlanPhase, Task
from .signals import worker_pass_done

# The responsible level of a new task from the length of its follow-up's region code (regions.codes' table).
_LEVEL_CASE = ("CASE LENGTH(f.region_code) "
               + " ".join(f"WHEN {length} THEN '{level}'" for length, level in sorted(codes.LEVEL_BY_LENGTH.items())
                          if level != RegionLevel.DISTRICT)
               + f" ELSE '{RegionLevel.DISTRICT}' END")
_TASK_COLUMNS = ("created, updated, followup_id, kind, due_date, due_at, state, overdue, outcome, note, attempts, "
                 "level, region_code")


def _lit(value: str) -> str:
    """A task kind written into the SQL as a literal (constants of ours, checked), so the planner sees it."""
    text = str(value)
    if not text.replace("_", "").isalpha() or not text.islower():
        raise ValueError(f"not a task kind: {text!r}")
    return f"'{text}'"


# The partial unique index's own condition, repeated verbatim in the anti-joins: SQLite uses a partial index only
# when the query contains the index's WHERE term itself (it does not infer it from kind = 'nat'); without it the
# anti-join scans the task table once per person (measured: 70–130× slower with 5,000 people).
_GENERATED = f"t.kind IN ({', '.join(_lit(k) for k in GENERATED_KINDS)})"


def _tables() -> dict:
    return {"task": Task._meta.db_table, "followup": FollowUp._meta.db_table,
            "phase": PlanPhase._meta.db_table, "nat": NatRecord._meta.db_table}


def _ids_clause(followup_ids) -> tuple[str, list]:
    if followup_ids is None:
        return "", []
    ids = [int(i) for i in followup_ids]
    return f" AND f.id IN ({', '.join(['%s'] * len(ids))})" if ids else " AND 1 = 0", ids


def _insert_visits(today: datetime.date, now: datetime.datetime, followup_ids=None) -> int:
    """Today's daily health visit for everyone under a home measure today who has none yet (phases of one plan never
    overlap, so the join yields one row per person)."""
    ops = connection.ops
    where_ids, id_params = _ids_clause(followup_ids)
    excluded = ", ".join(["%s"] * len(NO_HOME_VISIT_MEASURES))
    sql = f"""
        INSERT INTO {{task}} ({_TASK_COLUMNS})
        SELECT %s, %s, f.id, %s, %s, %s, %s, %s, '', '', 0, {_LEVEL_CASE}, f.region_code
        FROM {{followup}} f JOIN {{phase}} p ON p.followup_id = f.id
        WHERE f.state = %s{where_ids}
          AND p.start_date <= %s AND p.end_date >= %s AND p.kind NOT IN ({excluded})
          AND NOT EXISTS (SELECT 1 FROM {{task}} t WHERE t.followup_id = f.id AND t.kind = {_lit(TaskKind.DAILY_VISIT)}
                          AND {_GENERATED} AND t.due_date = %s)
        ON CONFLICT DO NOTHING""".format(**_tables())
    stamp = ops.adapt_datetimefield_value(now)
    day = ops.adapt_datefield_value(today)
    params = [stamp, stamp, TaskKind.DAILY_VISIT.value, day, ops.adapt_datetimefield_value(clock.end_of(today)),
              TaskState.OPEN.value, False, FollowUpState.UNDER_MEASURE.value, *id_params, day, day,
              *NO_HOME_VISIT_MEASURES, day]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _insert_nats(today: datetime.date, now: datetime.datetime, followup_ids=None) -> int:
    """A NAT task for every planned test due by today that is not sampled and has no task yet (a test day the
    worker missed is caught up today)."""
    ops = connection.ops
    where_ids, id_params = _ids_clause(followup_ids)
    sql = f"""
        INSERT INTO {{task}} ({_TASK_COLUMNS})
        SELECT %s, %s, f.id, %s, n.date, %s, %s, %s, '', '', 0, {_LEVEL_CASE}, f.region_code
        FROM {{nat}} n JOIN {{followup}} f ON f.id = n.followup_id
        WHERE f.state = %s{where_ids} AND n.date <= %s AND n.sampled = %s
          AND NOT EXISTS (SELECT 1 FROM {{task}} t WHERE t.followup_id = f.id AND t.kind = {_lit(TaskKind.NAT)}
                          AND {_GENERATED} AND t.due_date = n.date)
        ON CONFLICT DO NOTHING""".format(**_tables())
    stamp = ops.adapt_datetimefield_value(now)
    params = [stamp, stamp, TaskKind.NAT.value, ops.adapt_datetimefield_value(clock.end_of(today)),
              TaskState.OPEN.value, False, FollowUpState.UNDER_MEASURE.value, *id_params,
              ops.adapt_datefield_value(today), False]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


# After inserting this many rows, PostgreSQL's statistics of the task table are refreshed at once: the next steps
# (and the next pass's anti-joins) would otherwise be planned for a table a fraction of its size until autovacuum
# gets round to it — measured: a no-op pass went from 0.16 s to 1.5 s with 20,000 people.
ANALYZE_AFTER_ROWS = 5000


def generate_tasks(today: datetime.date, followup_ids=None) -> dict:
    """Today's visit and NAT tasks (for everyone, or for the given follow-ups right after verification)."""
    now = clock.now()
    counts = {"visits": _insert_visits(today, now, followup_ids), "nats": _insert_nats(today, now, followup_ids)}
    if followup_ids is None and any(counts.values()):
        log_bulk(Task, sum(counts.values()), f"worker: tasks generated for {today}", after=counts)
    return counts


class FollowUpWorker:
    """One daily pass = the steps below, each in its own transaction, each safe to repeat."""

    def __init__(self, today: datetime.date | None = None, user=None):
        self.today_override = today
        self.user = user

    @property
    def today(self) -> datetime.date:
        return self.today_override or clock.today()

    @property
    def now(self) -> datetime.datetime:
        now = clock.now()
        if self.today_override and clock.today() != self.today_override:
            # A fixed day with the real time of day (the demo clock).
            return datetime.datetime.combine(self.today_override, now.timetz())
        return now

    def _document(self) -> dict:
        try:
            return plans.policy_in_force(self.now).document
        except plans.NoPolicyInForce:
            return {}

    @transaction.atomic
    def generate(self) -> dict:
        self.generated = generate_tasks(self.today)
        return self.generated

    def refresh_statistics(self) -> bool:
        """After a large generation, PostgreSQL's planner statistics of the task table are refreshed at once."""
        if connection.vendor != "postgresql" or sum(getattr(self, "generated", {}).values()) < ANALYZE_AFTER_ROWS:
            return False
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Task._meta.db_table}")
        return True

    @transaction.atomic
    def mark_overdue(self) -> int:
        count = Task.objects.filter(state=TaskState.OPEN, overdue=False, due_at__lt=self.now).update(overdue=True)
        if count:
            log_bulk(Task, count, "worker: marked overdue")
        return count

    @transaction.atomic
    def expire_visits(self) -> int:
        """A daily visit not made by the end of its day is recorded as missed (漏访), not carried over."""
        count = Task.objects.filter(state=TaskState.OPEN, kind=TaskKind.DAILY_VISIT, due_date__lt=self.today).update(
            state=TaskState.FAILED, outcome=TaskOutcome.MISSED, overdue=True, done_at=self.now)
        if count:
            log_bulk(Task, count, "worker: daily visits missed")
        return count

    @transaction.atomic
    def escalate(self) -> int:
        """An overdue task moves one level up the policy's chain (grid → village → town) once the current level's
        hours have passed since its deadline there. The region code is cut to the new level's, so the task leaves
        the grid worker's list and lands on the cadres'; its deadline at the new level is the moment it arrives
        (it is overdue already), and that level's hours run from then. Levels are processed top down so that
        one pass moves a task one step only."""
        document = self._document()
        steps = plans.chain(document) if document else plans.DEFAULT_CHAIN
        now, total = self.now, 0
        for (level, hours), (upper, _upper_hours) in reversed(list(zip(steps, steps[1:], strict=False))):
            length = codes.CODE_LENGTH.get(upper)
            if length is None or hours is None:
                continue
            candidates = Task.objects.filter(state=TaskState.OPEN, level=level, kind__in=ESCALATING_KINDS,
                                             due_at__lt=now - datetime.timedelta(hours=hours))
            count = candidates.update(level=upper, region_code=Substr(F("region_code"), 1, length), due_at=now,
                                      overdue=True, escalated_at=now, claimed_at=now)
            if count:
                moved = Task.objects.filter(level=upper, escalated_at=now).values("followup_id")
                FollowUp.objects.filter(pk__in=Subquery(moved), state__in=(
                    FollowUpState.PENDING_VERIFICATION, FollowUpState.UNREACHABLE, FollowUpState.UNDER_MEASURE,
                    FollowUpState.ESCALATED)).update(escalation_level=upper)
                log_bulk(Task, count, f"worker: escalated {level} → {upper}")
                total += count
        return total

    @transaction.atomic
    def complete_measures(self) -> int:
        """Measures whose last day has passed with every planned test sampled are completed."""
        untested = NatRecord.objects.filter(followup=OuterRef("pk"), sampled=False)
        count = (FollowUp.objects.filter(state=FollowUpState.UNDER_MEASURE, end_date__lt=self.today)
                 .exclude(Exists(untested)).update(state=FollowUpState.COMPLETED, closed_at=self.now))
        if count:
            log_bulk(FollowUp, count, "worker: measures completed")
        return count

    @transaction.atomic
    def cancel_orphans(self) -> int:
        """Open tasks of closed follow-ups are cancelled."""
        count = Task.objects.filter(state=TaskState.OPEN, followup__state__in=CLOSED_STATES).update(
            state=TaskState.CANCELLED, outcome=TaskOutcome.CANCELLED, done_at=self.now)
        if count:
            log_bulk(Task, count, "worker: tasks of closed follow-ups cancelled")
        return count

    def run_pass(self) -> dict:
        with acting_as(self.user):
            result = {"today": self.today.isoformat()}
            result.update(self.generate())
            result["analyzed"] = self.refresh_statistics()
            result["overdue"] = self.mark_overdue()
            result["missed_visits"] = self.expire_visits()
            result["escalated"] = self.escalate()
            result["completed"] = self.complete_measures()
            result["cancelled"] = self.cancel_orphans()
            for _receiver, answer in worker_pass_done.send(sender=type(self), today=self.today, result=result):
                if isinstance(answer, dict):
                    result.update(answer)
            return result
