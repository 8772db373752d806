"""Pure evaluation of a policy document: (policy, facts) → plan / decision. No database, no clock.

`policy_doc` is the normalised document that `schema.parse_policy` returns (and `PolicyVersion.document`
stores). Dates in, dates out; every result is a frozen dataclass with `as_dict()` for JSON.

Conventions (see README.md):
- A measure plan starts on `start_date` (the arrival date). Phases follow one another; a phase of `days`
  days covers `start … start + days − 1` inclusive. NAT day n of a phase is the date `phase start + n − 1`.
- A phase with `waived_by_certificate_hours` (B's arrival test) is dropped when the person shows a negative
  certificate (`has_certificate=True`); unknown (None) counts as no certificate, so the test is planned.
- `nat_due` lists the planned test dates from `today` on that are not done yet; missed past tests are
  `nat_missed`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .schema import CATEGORIES, CODE_COLOURS, RISK_LEVELS, PolicyError

PolicyDoc = Mapping[str, Any]
Date = datetime.date

ONE_DAY = datetime.timedelta(days=1)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------------------------- plans


@dataclass(frozen=True)
class PlannedPhase:
    """One phase of a plan with absolute dates (inclusive)."""

    kind: str
    start: Date
    end: Date
    nat_dates: tuple[Date, ...]
    fallback: str | None = None
    note: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Plan:
    """The measure plan of one person: phases, overall end date, NAT dates, what follows."""

    policy_code: str
    category: str
    start: Date
    end: Date
    phases: tuple[PlannedPhase, ...]
    nat_dates: tuple[Date, ...]
    then: str = "release"
    waived: tuple[str, ...] = ()
    note: str = ""

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(p.kind for p in self.phases)

    def phase_on(self, day: Date) -> PlannedPhase | None:
        """The phase that covers `day`, or None before the start / after the end."""
        for phase in self.phases:
            if phase.start <= day <= phase.end:
                return phase
        return None

    def day_number(self, day: Date) -> int:
        """Day n of the measure (1 = start date)."""
        return (day - self.start).days + 1

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self) | {"kinds": list(self.kinds)})


def category_rules(policy_doc: PolicyDoc, category: str) -> Mapping[str, Any]:
    """The category's section of the document, or a PolicyError saying which categories the version has."""
    categories = policy_doc.get("categories", {})
    if category not in CATEGORIES:
        raise PolicyError(_("unknown category “%(category)s”; known: %(known)s") % {
            "category": category, "known": ", ".join(CATEGORIES)}, field="category")
    if category not in categories:
        raise PolicyError(_("policy %(code)s has no category “%(category)s” (it has: %(has)s)") % {
            "code": policy_doc.get("code", "?"), "category": category, "has": ", ".join(categories)},
            field="category")
    return categories[category]


def has_category(policy_doc: PolicyDoc, category: str) -> bool:
    return category in policy_doc.get("categories", {})


def measure_plan(policy_doc: PolicyDoc, category: str, start_date: Date, *,
                 has_certificate: bool | None = None) -> Plan:
    """The plan for a person of `category` whose measure starts on `start_date` (day 1)."""
    rules = category_rules(policy_doc, category)
    phases: list[PlannedPhase] = []
    waived: list[str] = []
    cursor = start_date
    for spec in rules["phases"]:
        if spec.get("waived_by_certificate_hours") and has_certificate:
            waived.append(spec["kind"])
            continue
        end = cursor + (spec["days"] - 1) * ONE_DAY
        nat = tuple(cursor + (n - 1) * ONE_DAY for n in spec["nat_days"])
        phases.append(PlannedPhase(spec["kind"], cursor, end, nat, spec.get("fallback"), spec.get("note", "")))
        cursor = end + ONE_DAY
    nat_dates = tuple(sorted({d for p in phases for d in p.nat_dates}))
    return Plan(policy_code=str(policy_doc.get("code", "")), category=category, start=start_date,
                end=cursor - ONE_DAY, phases=tuple(phases), nat_dates=nat_dates, then=rules.get("then", "release"),
                waived=tuple(waived), note=rules.get("note", ""))


def nat_due(plan: Plan, done_dates: Iterable[Date], today: Date) -> list[Date]:
    """Planned tests from `today` on that are not done yet (today's test counts as due until it is done)."""
    done = set(done_dates)
    return [d for d in plan.nat_dates if d >= today and d not in done]


def nat_missed(plan: Plan, done_dates: Iterable[Date], today: Date) -> list[Date]:
    """Planned tests before `today` that were not done."""
    done = set(done_dates)
    return [d for d in plan.nat_dates if d < today and d not in done]


@dataclass(frozen=True)
class FieldChange:
    """One difference between two plans: `field` is measures / end_date / nat_dates / nat_due."""

    field: str
    before: Any
    after: Any

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


def diff_plans(old_plan: Plan, new_plan: Plan, *, done_dates: Iterable[Date] | None = None,
               today: Date | None = None) -> list[FieldChange]:
    """What differs between two plans: the measure kinds, the end date and the NAT dates — or, when `today`
    is given, the tests still due from today (done ones excluded)."""
    changes = []
    if old_plan.kinds != new_plan.kinds:
        changes.append(FieldChange("measures", old_plan.kinds, new_plan.kinds))
    if old_plan.end != new_plan.end:
        changes.append(FieldChange("end_date", old_plan.end, new_plan.end))
    if today is None:
        if old_plan.nat_dates != new_plan.nat_dates:
            changes.append(FieldChange("nat_dates", old_plan.nat_dates, new_plan.nat_dates))
    else:
        done = tuple(done_dates or ())
        before, after = nat_due(old_plan, done, today), nat_due(new_plan, done, today)
        if before != after:
            changes.append(FieldChange("nat_due", tuple(before), tuple(after)))
    return changes


# ---------------------------------------------------------------------------------------------- switch preview


@dataclass(frozen=True)
class FollowUpFacts:
    """What a version switch needs to know of one follow-up (the follow-up app builds these from its rows)."""

    followup_id: int | str
    person: str
    category: str
    start_date: Date
    done_nat_dates: tuple[Date, ...] = ()
    today: Date | None = None
    has_certificate: bool | None = None


@dataclass(frozen=True)
class Change:
    """A follow-up whose plan changes under the new version, with before and after.

    `after` is None when the new version has no such category (e.g. medium under F): `problem` says so and
    the follow-up needs a decision by hand."""

    followup_id: int | str
    person: str
    category: str
    before: Plan | None
    after: Plan | None
    changes: tuple[FieldChange, ...]
    due_before: tuple[Date, ...] = ()
    due_after: tuple[Date, ...] = ()
    problem: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.changes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "followup_id": self.followup_id, "person": self.person, "category": self.category,
            "before": self.before.as_dict() if self.before else None,
            "after": self.after.as_dict() if self.after else None,
            "changes": [c.as_dict() for c in self.changes], "fields": list(self.fields),
            "due_before": _jsonable(self.due_before), "due_after": _jsonable(self.due_after),
            "problem": self.problem,
        }


def _plan_or_problem(doc: PolicyDoc, facts: FollowUpFacts) -> tuple[Plan | None, str]:
    try:
        return measure_plan(doc, facts.category, facts.start_date, has_certificate=facts.has_certificate), ""
    except PolicyError as exc:
        return None, str(exc)


def preview_switch(old_doc: PolicyDoc | None, new_doc: PolicyDoc, facts: Iterable[FollowUpFacts], *,
                   today: Date | None = None) -> list[Change]:
    """Exactly the follow-ups whose plan changes (measure kinds, end date, tests still due) when `new_doc`
    replaces `old_doc`; the others are left out. Each plan keeps the follow-up's own start date."""
    result = []
    for fact in facts:
        day = fact.today or today
        if day is None:
            raise PolicyError(_("the preview needs today's date"), field="today")
        before, before_problem = _plan_or_problem(old_doc, fact) if old_doc is not None else (None, "")
        after, after_problem = _plan_or_problem(new_doc, fact)
        done = fact.done_nat_dates
        due_before = tuple(nat_due(before, done, day)) if before else ()
        due_after = tuple(nat_due(after, done, day)) if after else ()
        if before is not None and after is not None:
            changes = tuple(diff_plans(before, after, done_dates=done, today=day))
            if not changes:
                continue
        elif before is None and after is None:
            continue
        else:
            changes = (FieldChange("measures", before.kinds if before else (), after.kinds if after else ()),)
        result.append(Change(fact.followup_id, fact.person, fact.category, before, after, changes,
                             due_before, due_after, after_problem or before_problem))
    return result


# ---------------------------------------------------------------------------------------------- pools, checkpoint


def pool_size(policy_doc: PolicyDoc, risk: str) -> int:
    """Swabs per tube for a person of `risk` (high / medium / low)."""
    sizes = policy_doc["pool_sizes"]
    if risk not in RISK_LEVELS or risk not in sizes:
        raise PolicyError(_("unknown risk “%(risk)s”; known: %(known)s") % {
            "risk": risk, "known": ", ".join(RISK_LEVELS)}, field="risk")
    return int(sizes[risk])


@dataclass(frozen=True)
class Decision:
    """A checkpoint decision: pass / need_nat_48h / persuade_back / centralized_isolation / medical_check."""

    action: str
    reason: str

    @property
    def passes(self) -> bool:
        return self.action == "pass"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def match_checkpoint_rule(rules: Sequence[Mapping[str, Any]], code_colour: str, starred: bool, fever: bool,
                          nat_age_hours: float | None) -> Mapping[str, Any] | None:
    """The first rule whose conditions all hold (conditions absent from a rule match anything)."""
    for rule in rules:
        when = rule["when"]
        if "code" in when and code_colour not in when["code"]:
            continue
        if "starred" in when and bool(starred) != when["starred"]:
            continue
        if "fever" in when and fever != when["fever"]:
            continue
        if "nat_within_hours" in when and (nat_age_hours is None or not 0 <= nat_age_hours <= when["nat_within_hours"]):
            continue
        return rule
    return None


def checkpoint_decision(policy_doc: PolicyDoc, code_colour: str, starred: bool,
                        latest_negative_nat_age_hours: float | None, temperature: float | None) -> Decision:
    """Decide at a checkpoint from the health-code colour, the itinerary star, the age in hours of the latest
    negative NAT (None: none shown) and the measured temperature (None: not measured; fever is ≥ the
    document's `fever_celsius`, 37.3 °C). Rules are tried in order; the first that matches decides."""
    if code_colour not in CODE_COLOURS:
        raise PolicyError(_("unknown health-code colour “%(code)s”; known: %(known)s") % {
            "code": code_colour, "known": ", ".join(CODE_COLOURS)}, field="code_colour")
    checkpoint = policy_doc["checkpoint"]
    fever = temperature is not None and temperature >= checkpoint["fever_celsius"]
    rule = match_checkpoint_rule(checkpoint["rules"], code_colour, starred, fever, latest_negative_nat_age_hours)
    if rule is None:  # the schema refuses tables with holes; this guards hand-built documents
        raise PolicyError(_("no checkpoint rule matches"), field="checkpoint.rules")
    return Decision(rule["action"], rule["reason"])


# ---------------------------------------------------------------------------------------------- tasks, escalation


@dataclass(frozen=True)
class TaskLimits:
    """Time limits of grid tasks."""

    verify_within_hours: int
    notice_within_hours: int
    visit_every_days: int
    same_day_clearance: bool
    clearance_cutoff: str
    unreachable_attempts: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def task_limits(policy_doc: PolicyDoc) -> TaskLimits:
    return TaskLimits(**policy_doc["tasks"])


@dataclass(frozen=True)
class EscalationStep:
    level: str
    hours: int | None = field(default=None)


def escalation_chain(policy_doc: PolicyDoc) -> tuple[EscalationStep, ...]:
    return tuple(EscalationStep(s["level"], s["hours"]) for s in policy_doc["escalation"])


def escalation_target(policy_doc: PolicyDoc, level: str, hours_overdue: float) -> str:
    """The level an overdue item sitting at `level` should be at after `hours_overdue` hours overdue there.

    Each step's `hours` is how long that level has before the item goes one level up; a long enough delay
    climbs several steps; the last level keeps it. Unknown levels are refused."""
    chain = escalation_chain(policy_doc)
    levels = [s.level for s in chain]
    if level not in levels:
        raise PolicyError(_("level “%(level)s” is not in the escalation chain (%(chain)s)") % {
            "level": level, "chain": " → ".join(levels)}, field="level")
    index, remaining = levels.index(level), hours_overdue
    while index < len(chain) - 1:
        hours = chain[index].hours
        if hours is None or remaining < hours:
            break
        remaining -= hours
        index += 1
    return levels[index]


def next_level(policy_doc: PolicyDoc, level: str) -> str | None:
    """The level above `level` in the chain (for an immediate escalation, e.g. after N unreachable attempts)."""
    levels = [s.level for s in escalation_chain(policy_doc)]
    if level not in levels:
        raise PolicyError(_("level “%(level)s” is not in the escalation chain (%(chain)s)") % {
            "level": level, "chain": " → ".join(levels)}, field="level")
    index = levels.index(level)
    return levels[index + 1] if index + 1 < len(levels) else None
