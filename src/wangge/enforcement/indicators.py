"""Joint punishment's figures for the command centre (Section.GOVERNANCE): open cases, parties under punishment,
cases corrected, punishments lifted, and cases with a step overdue — all as they stand on the day, by the region
of the case."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from wangge.dashboard.registry import Indicator, Section, count_by_region, register

from .choices import OPEN_PHASES, PUNISHED_PHASES, Phase
from .models import ViolationCase
from .selectors import overdue_q

VIEW = "enforcement.view_violationcase"


def _cases(name, **filters):
    def values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
        qs = ViolationCase.objects.filter(found_on__lte=day, **filters)
        return count_by_region(qs, "region_code", region_code, length)

    values.__name__ = f"enforcement_{name}"
    return values


def _overdue(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(ViolationCase.objects.filter(overdue_q(day)), "region_code", region_code, length)


def _corrected(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(ViolationCase.objects.filter(corrected_on__lte=day), "region_code", region_code, length)


def _lifted(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(ViolationCase.objects.filter(lifted_on__lte=day), "region_code", region_code, length)


def _indicator(name, label, definition, values, order, *, query="", better=None, headline=False):
    return Indicator(f"enforcement.{name}", label, unit=_("cases"), section=Section.GOVERNANCE, perm=VIEW,
                     definition=definition, values=values, higher_is_better=better, headline=headline,
                     action_url="enforcement:list", action_query=query, action_day_param=None, order=order)


register(
    _indicator("open", _("Open violation cases"), _(
        "Violation cases not yet finished: found, under persuasion, applied for, under punishment, corrected and "
        "waiting for the lifting."), _cases("open", phase__in=OPEN_PHASES), 1100, headline=True),
    _indicator("punished", _("Parties under joint punishment"), _(
        "Cases whose joint punishment was approved and not yet lifted: the member departments apply their "
        "measures."), _cases("punished", phase__in=PUNISHED_PHASES), 1110, query="phase=punished"),
    _indicator("corrected", _("Violations corrected"), _(
        "Cases whose violation was corrected (self-demolition or assisted demolition) by the day."), _corrected,
        1120, better=True),
    _indicator("lifted", _("Punishments lifted"), _(
        "Cases whose joint punishment was lifted after the party's application by the day."), _lifted, 1130,
        query=f"phase={Phase.LIFTED}", better=True),
    _indicator("overdue", _("Enforcement steps overdue"), _(
        "Cases with a step past its deadline on the day (first visit, persuasion, approval, a department's "
        "measure, the lifting review)."), _overdue, 1140, query="overdue=true", better=False),
)
