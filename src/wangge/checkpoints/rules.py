"""The decision at the gate: pure functions of (the policy's checkpoint table, what was read off one person) → the
decision and its reasons. No database, no clock.

The policy document's `checkpoint.rules` are tried in their order, first match decides (policies/README.md): that
answers the health code and the itinerary (domain.md §3). The temperature is then weighed on its own: a fever
(at or above the policy's `fever_celsius`) gives the policy's fever rule, and of the two decisions the most severe
wins (formats.md: isolate > fever > persuade_back > nat_required > pass), so a yellow code with a fever goes to the
fever clinic and a red code with a fever to centralized isolation whatever the order of the rules. A vehicle waits
for the most severe decision of anyone in it (domain.md §9).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from wangge.policies.evaluation import match_checkpoint_rule

from .choices import POLICY_ACTIONS, SEVERITY, Decision, HealthCode


@dataclass(frozen=True)
class RiskStay:
    """A risk area in force that the person stayed in (screening's designation)."""

    code: str
    name: str
    level: str  # high / medium


@dataclass(frozen=True)
class Facts:
    """What the gate knows of one person."""

    health_code: str
    itinerary_star: bool = False
    temperature: float | None = None
    hours_since_negative: float | None = None  # exact hours, not rounded: 48 h 01 min is past 48 h
    risk_stays: tuple[RiskStay, ...] = ()
    gate: bool = False  # an enterprise or compound gate: five checks (五查)
    mask: bool | None = None
    vaccination_doses: int | None = None  # None: not in our registry (a visitor) or nothing recorded
    fully_vaccinated: bool | None = None


@dataclass(frozen=True)
class Verdict:
    decision: str
    reasons: tuple[str, ...]
    fever: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def all_reasons(self) -> list[str]:
        return [*self.reasons, *self.notes]


def most_severe(decisions: Iterable[str]) -> str:
    """The most severe of `decisions` (pass when there are none)."""
    return max(decisions, key=lambda d: SEVERITY[d], default=Decision.PASS)


def _decision_of(rule: Mapping[str, Any]) -> str:
    return POLICY_ACTIONS[rule["action"]]


def decide(checkpoint_doc: Mapping[str, Any], facts: Facts) -> Verdict:
    """The decision for one person under a policy's checkpoint table (`document["checkpoint"]`)."""
    if facts.health_code not in HealthCode.values:
        raise ValueError(facts.health_code)
    rules: Sequence[Mapping[str, Any]] = checkpoint_doc["rules"]
    fever = facts.temperature is not None and facts.temperature >= float(checkpoint_doc["fever_celsius"])
    found: list[tuple[str, str]] = []
    code_rule = match_checkpoint_rule(rules, facts.health_code, facts.itinerary_star, False,
                                      facts.hours_since_negative)
    if code_rule is not None:
        found.append((_decision_of(code_rule), code_rule["reason"]))
    if fever:
        fever_rules = [r for r in rules if r["when"].get("fever") is True]
        fever_rule = match_checkpoint_rule(fever_rules, facts.health_code, facts.itinerary_star, True,
                                           facts.hours_since_negative)
        if fever_rule is not None:
            found.append((_decision_of(fever_rule), fever_rule["reason"]))
        else:  # a hand-made table without a fever rule: the threshold still stops a fever
            found.append((Decision.FEVER, _("Temperature at or above %(t)s °C: to the fever clinic.") % {
                "t": checkpoint_doc["fever_celsius"]}))
    if not found:  # the policy schema refuses tables with holes; this guards a hand-built document
        raise ValueError("no checkpoint rule matches")
    decision = most_severe(d for d, _reason in found)
    ranked = sorted(found, key=lambda item: -SEVERITY[item[0]])
    reasons = [reason for d, reason in ranked if d != Decision.PASS or decision == Decision.PASS]
    return Verdict(decision, tuple(dict.fromkeys(reasons)), fever, tuple(_notes(facts)))


def _notes(facts: Facts) -> list[str]:
    """What else the gate must know: the risk areas stayed in, and at a gate the mask and the vaccination."""
    notes = []
    for stay in facts.risk_stays:
        notes.append(_("Stayed in a risk area in force: %(area)s (%(level)s): the grid is told at once.") % {
            "area": stay.name or stay.code, "level": level_label(stay.level)})
    if facts.gate:
        if facts.mask is False:
            notes.append(_("No mask: hand one out; enter only with the mask on."))
        if facts.vaccination_doses is None:
            notes.append(_("Vaccination: not found in our registry."))
        elif facts.vaccination_doses == 0:
            notes.append(_("Vaccination: not vaccinated."))
        elif facts.fully_vaccinated:
            notes.append(_("Vaccination: full course (%(n)d doses).") % {"n": facts.vaccination_doses})
        else:
            notes.append(_("Vaccination: course not complete (%(n)d doses).") % {"n": facts.vaccination_doses})
    return notes


def level_label(level: str) -> str:
    return {"high": _("high risk"), "medium": _("medium risk")}.get(level, level)


def hours_between(earlier: datetime.datetime | None, later: datetime.datetime) -> float | None:
    """Exact hours from `earlier` to `later` (None when there is no earlier moment)."""
    if earlier is None:
        return None
    return (later - earlier).total_seconds() / 3600


def matching_stays(stays: Iterable[str], designations: Iterable[tuple[str, str, str]]) -> tuple[RiskStay, ...]:
    """The designations (area code, name, level) that contain one of the places stayed in (region codes): a
    designation is a code prefix, so a stay in 320115001 lies in the high-risk area 320115."""
    stays = [s for s in stays if s]
    found: dict[str, RiskStay] = {}
    for code, name, level in designations:
        if any(stay.startswith(code) for stay in stays):
            previous = found.get(code)
            if previous is None or (level == "high" and previous.level != "high"):
                found[code] = RiskStay(code, name, level)
    return tuple(sorted(found.values(), key=lambda s: (s.level != "high", s.code)))
