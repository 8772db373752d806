"""Every change of the liaison register is an action `do_<verb>(actor, …)`: one transaction, the scope checked,
refusals as core.errors (Invalid names the field; NotFound for anything outside the actor's jurisdiction)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.actions import require_actor, require_perm
from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted

from .choices import MaterialKind, ProblemKind
from .models import Assignment, Material, Problem, Visit


def _enterprise_in_scope(actor, enterprise):
    from wangge.enterprises.models import Enterprise

    pk = getattr(enterprise, "pk", enterprise)
    found = Enterprise.objects.restrict(actor).filter(pk=pk).first() if pk else None
    if found is None:
        raise Invalid(_("Choose an enterprise of your jurisdiction."), "enterprise")
    return found


@transaction.atomic
def do_save_assignment(actor, assignment: Assignment | None, *, cadre, enterprise, start_date,
                       end_date=None, note: str = "") -> Assignment:
    """Link a cadre to an enterprise (or change the link): the dates in order, no second open link."""
    require_perm(actor, "liaison.add_assignment" if assignment is None else "liaison.change_assignment")
    if assignment is not None and not Assignment.objects.restrict(actor).filter(pk=assignment.pk).exists():
        raise NotFound(_("Not found or outside your jurisdiction."))
    enterprise = _enterprise_in_scope(actor, enterprise)
    if cadre is None:
        raise Invalid(_("Choose the cadre."), "cadre")
    if start_date is None:
        raise Invalid(_("Enter the start date."), "start_date")
    if end_date is not None and end_date < start_date:
        raise Invalid(_("The end date is before the start date."), "end_date")
    overlapping = Assignment.objects.filter(cadre=cadre, enterprise=enterprise, end_date__isnull=True)
    if assignment is not None:
        overlapping = overlapping.exclude(pk=assignment.pk)
    if end_date is None and overlapping.exists():
        raise Invalid(_("This cadre is already linked to this enterprise."), "cadre")
    row = assignment or Assignment()
    row.cadre, row.enterprise, row.start_date, row.end_date, row.note = cadre, enterprise, start_date, end_date, \
        (note or "")[:200]
    row.save()
    return row


def _materials(value) -> dict[str, int]:
    out: dict[str, int] = {}
    for kind, count in (value or {}).items():
        if kind not in MaterialKind.values:
            raise Invalid(_("Unknown kind of material %(kind)s.") % {"kind": kind}, "materials")
        try:
            number = int(count or 0)
        except (TypeError, ValueError):
            raise Invalid(_("The count of %(kind)s is not a whole number.") % {"kind": kind}, "materials") from None
        if number < 0:
            raise Invalid(_("The count of %(kind)s is negative.") % {"kind": kind}, "materials")
        if number:
            out[kind] = number
    return out


@transaction.atomic
def do_record_visit(actor, *, enterprise, date: datetime.date | None = None, checked: str = "",
                    help_given: str = "", materials: dict | None = None, problems=(), suggestions=()) -> Visit:
    """A visit of `actor` to an enterprise of their jurisdiction: what was checked, help given, materials handed
    over {kind: count}, problems and suggestions collected (one text each). Not in the future."""
    require_perm(actor, "liaison.add_visit")
    enterprise = _enterprise_in_scope(actor, enterprise)
    day = date or clock.today()
    if day > clock.today():
        raise Invalid(_("A visit cannot be in the future."), "date")
    counts = _materials(materials)
    visit = Visit.objects.create(enterprise=enterprise, cadre=actor, date=day, checked=(checked or "").strip(),
                                 help_given=(help_given or "").strip())
    Material.objects.bulk_create([Material(visit=visit, kind=k, count=n) for k, n in counts.items()])
    for kind, texts in ((ProblemKind.PROBLEM, problems), (ProblemKind.SUGGESTION, suggestions)):
        for text in texts:
            if text and text.strip():
                Problem.objects.create(visit=visit, kind=kind, text=text.strip(), collected_on=day)
    return visit


@transaction.atomic
def do_solve_problem(actor, problem: Problem | int, *, solution: str = "") -> Problem:
    """Mark a problem or suggestion solved (who and when are recorded)."""
    require_actor(actor)
    if not actor.has_perm("liaison.change_problem"):
        raise NotPermitted(_("Your role does not allow this action."))
    pk = getattr(problem, "pk", problem)
    row = Problem.objects.restrict(actor).select_for_update().filter(pk=pk).first()
    if row is None:
        raise NotFound(_("Not found or outside your jurisdiction."))
    if row.solved:
        raise Conflict(_("This problem is already marked solved."))
    row.solved, row.solved_by, row.solved_at, row.solution = True, actor, clock.now(), (solution or "").strip()
    row.save()
    return row
