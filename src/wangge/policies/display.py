"""A policy document as readable Chinese tables (for the detail and preview pages)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from wangge.regions.choices import RegionLevel

from .choices import RISK_LABELS, Category, CheckpointAction, CodeColour, MeasureKind, Then
from .evaluation import Change, Plan


def label(choices: Any, value: str | None) -> str:
    """The translated label of a code, or the code itself when unknown."""
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def day_list(days: list[int]) -> str:
    if not days:
        return _("none")
    return _("day %(days)s") % {"days": "、".join(str(d) for d in days)}


def category_tables(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Per category: its label and one row per phase (measure, days, day range, NAT days, notes)."""
    tables = []
    for code, rules in document.get("categories", {}).items():
        rows, first = [], 1
        for phase in rules["phases"]:
            last = first + phase["days"] - 1
            notes = [phase["note"]] if phase.get("note") else []
            if phase.get("fallback"):
                notes.append(_("otherwise: %(kind)s") % {"kind": label(MeasureKind, phase["fallback"])})
            if phase.get("waived_by_certificate_hours"):
                notes.append(_("not needed with a negative NAT certificate of the last %(hours)s h") % {
                    "hours": phase["waived_by_certificate_hours"]})
            if phase.get("nat_min_interval_hours"):
                notes.append(_("tests at least %(hours)s h apart") % {"hours": phase["nat_min_interval_hours"]})
            rows.append({"kind": label(MeasureKind, phase["kind"]), "days": phase["days"],
                         "range": (_("day %(days)s") % {"days": first} if first == last else
                                   _("day %(first)s–%(last)s") % {"first": first, "last": last}),
                         "nat": day_list(phase["nat_days"]), "notes": "；".join(notes)})
            first = last + 1
        tables.append({"code": code, "label": rules.get("label") or label(Category, code), "rows": rows,
                       "total_days": first - 1, "then": label(Then, rules.get("then")), "note": rules.get("note", "")})
    return tables


def describe_when(when: dict[str, Any]) -> str:
    parts = []
    if "code" in when:
        parts.append(_("health code %(colours)s") % {"colours": "/".join(label(CodeColour, c) for c in when["code"])})
    if "fever" in when:
        parts.append(_("fever") if when["fever"] else _("no fever"))
    if "starred" in when:
        parts.append(_("itinerary with a star") if when["starred"] else _("itinerary without a star"))
    if "nat_within_hours" in when:
        parts.append(_("negative NAT within %(hours)s h") % {"hours": when["nat_within_hours"]})
    return "，".join(parts) or _("anyone else")


def checkpoint_rows(document: dict[str, Any]) -> list[dict[str, str]]:
    return [{"when": describe_when(rule["when"]), "action": label(CheckpointAction, rule["action"]),
             "action_code": rule["action"], "reason": rule["reason"]}
            for rule in document.get("checkpoint", {}).get("rules", [])]


def pool_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"risk": str(RISK_LABELS.get(risk, risk)), "size": size}
            for risk, size in document.get("pool_sizes", {}).items()]


def escalation_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"level": label(RegionLevel, step["level"]), "hours": step["hours"]}
            for step in document.get("escalation", [])]


def kinds_text(kinds: tuple[str, ...] | list[str]) -> str:
    return " → ".join(label(MeasureKind, k) for k in kinds) or "—"


def dates_text(dates: tuple[datetime.date, ...] | list[datetime.date]) -> str:
    return "、".join(d.strftime("%m-%d") for d in dates) or "—"


def plan_summary(plan: Plan | None) -> dict[str, str]:
    if plan is None:
        return {"kinds": "—", "end": "—"}
    return {"kinds": kinds_text(plan.kinds), "end": plan.end.isoformat()}


def change_rows(changes: list[Change]) -> list[dict[str, Any]]:
    """One row per follow-up whose plan changes: before/after measures, end date and tests still due."""
    rows = []
    for change in changes:
        before, after = plan_summary(change.before), plan_summary(change.after)
        rows.append({
            "followup_id": change.followup_id, "person": change.person,
            "category": label(Category, change.category), "fields": set(change.fields),
            "kinds_before": before["kinds"], "kinds_after": after["kinds"],
            "end_before": before["end"], "end_after": after["end"],
            "due_before": dates_text(change.due_before), "due_after": dates_text(change.due_after),
            "problem": change.problem,
        })
    return rows
