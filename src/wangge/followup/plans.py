"""The bridge to the policies app: which version is in force, the plan it gives a person, the task time limits and
the escalation chain. Follow-up stores plans as plain JSON so a later policy change never rewrites history
silently; `actions.do_recompute_plans` recomputes them explicitly."""

import datetime
from dataclasses import dataclass

from wangge.regions.choices import RegionLevel

from .choices import DEFAULT_FEVER_CELSIUS

DEFAULT_LIMITS = {"verify_within_hours": 24, "notice_within_hours": 24, "unreachable_attempts": 3,
                  "fever_alert_within_hours": 2}
DEFAULT_CHAIN = ((RegionLevel.GRID, 24), (RegionLevel.VILLAGE, 24), (RegionLevel.TOWN, None))


class NoPolicyInForce(LookupError):
    """No policy version is in force on the day in question: no plan can be made."""


@dataclass(frozen=True)
class Policy:
    code: str
    document: dict


def policy_in_force(at: datetime.datetime) -> Policy:
    from wangge.policies.models import PolicyVersion

    version = PolicyVersion.objects.in_force(at)
    if version is None:
        raise NoPolicyInForce(at)
    document = version.document
    return Policy(code=str(getattr(version, "code", "") or document.get("code", "")), document=document)


def _get(obj, name, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _iso(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def plan_json(plan) -> dict:
    """A policies Plan as the JSON kept on the follow-up: phases (kind, start, end) and NAT dates (date, phase)."""
    phases = []
    nat = []
    for phase in _get(plan, "phases", []) or []:
        kind = _get(phase, "kind")
        phases.append({"kind": kind, "start": _iso(_get(phase, "start")), "end": _iso(_get(phase, "end"))})
        for day in _get(phase, "nat_dates", []) or []:
            nat.append({"date": _iso(day), "phase": kind})
    for item in _get(plan, "nat_dates", []) or []:
        day = _get(item, "date", item) if not isinstance(item, datetime.date) else item
        if isinstance(item, tuple | list):
            day = item[0]
        phase = _get(item, "phase", "") if isinstance(item, dict) else ""
        if not any(n["date"] == _iso(day) for n in nat):
            nat.append({"date": _iso(day), "phase": phase or _phase_on(phases, _iso(day))})
    nat.sort(key=lambda n: n["date"])
    end = _get(plan, "end") or (phases[-1]["end"] if phases else None)
    return {"phases": phases, "end": _iso(end) if end else None, "nat": nat}


def _phase_on(phases: list[dict], day: str) -> str:
    for phase in phases:
        if phase["start"] <= day <= phase["end"]:
            return phase["kind"]
    return ""


def make_plan(document: dict, category: str, start_date: datetime.date) -> dict:
    """The plan as JSON; an empty plan when the version has no such category (e.g. medium under F) — the
    follow-up still opens, so nobody slips through, and the cadre decides the measure by hand."""
    from wangge.policies.evaluation import measure_plan
    from wangge.policies.schema import PolicyError

    try:
        return plan_json(measure_plan(document, category, start_date))
    except PolicyError as exc:
        return {"phases": [], "end": None, "nat": [], "problem": str(exc)}


def limits(document: dict) -> dict:
    """Task time limits: hours to verify, hours to deliver the notice, unreachable attempts before escalating."""
    merged = dict(DEFAULT_LIMITS)
    merged.update({k: v for k, v in (document.get("tasks") or {}).items() if v is not None})
    return merged


def chain(document: dict) -> tuple[tuple[str, int | None], ...]:
    """The escalation chain as (level, hours allowed at that level) from the grid upwards."""
    steps = document.get("escalation") or []
    parsed = tuple((str(step["level"]), step.get("hours")) for step in steps if step.get("level"))
    return parsed or DEFAULT_CHAIN


def next_level(document: dict, level: str) -> tuple[str, int | None] | None:
    steps = chain(document)
    for i, (name, _hours) in enumerate(steps):
        if name == level and i + 1 < len(steps):
            return steps[i + 1]
    return None


def fever_celsius(at: datetime.datetime) -> float:
    """The fever threshold of the policy in force at `at`: its checkpoint table's `fever_celsius` (37.3 °C)."""
    try:
        document = policy_in_force(at).document
    except NoPolicyInForce:
        return DEFAULT_FEVER_CELSIUS
    return float((document.get("checkpoint") or {}).get("fever_celsius") or DEFAULT_FEVER_CELSIUS)
