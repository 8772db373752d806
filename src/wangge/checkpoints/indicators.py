"""The checkpoints' figures for the command centre: people checked on the day, passed, turned back (劝返), handed
over to centralized isolation, sent to the fever clinic, and follow-ups opened from checkpoints (from the gate to
the grid). Each person of a vehicle counts once. Grouped by the checkpoint's region: a highway exit counts for its
town, a compound gate for its grid."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from wangge.dashboard.registry import Indicator, Section, count_by_region, register

from .choices import Decision
from .models import Check
from .selectors import day_bounds

VIEW_CHECKS = "checkpoints.view_check"


def checks(**filters):
    def values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
        start, end = day_bounds(day)
        return count_by_region(Check.objects.filter(checked_at__gte=start, checked_at__lt=end, **filters),
                               "region_code", region_code, length)

    values.__name__ = "checks_" + ("_".join(f"{k}_{v}" for k, v in filters.items()) or "all")
    return values


def _people(name, label, definition, order, *, headline=False, better=None, query="", **filters):
    return Indicator(f"checkpoints.{name}", label, unit=_("people"), section=Section.PREVENTION, perm=VIEW_CHECKS,
                     definition=definition, values=checks(**filters), higher_is_better=better, headline=headline,
                     action_url="checkpoints:checks", action_query=query, order=order)


register(
    _people("checks", _("Checked at checkpoints today"), _(
        "People checked at the checkpoints on the day (each person of a vehicle once), whatever the decision."),
        600, headline=True),
    _people("passed", _("Passed at checkpoints"), _(
        "People the policy in force let through at a checkpoint on the day."), 610, query="decision=pass",
        decision=Decision.PASS),
    _people("turned_back", _("Turned back at checkpoints"), _(
        "People persuaded to turn back (劝返) at a checkpoint on the day: a yellow code."), 620,
        query="decision=persuade_back", decision=Decision.PERSUADE_BACK),
    _people("handed_over", _("Handed over to centralized isolation"), _(
        "People handed over to centralized isolation at a checkpoint on the day: a red code."), 630,
        query="decision=isolate", decision=Decision.ISOLATE),
    _people("fever", _("Fevers at checkpoints"), _(
        "People at or above the policy's fever threshold (37.3 °C) at a checkpoint on the day, escorted to the fever "
        "clinic."), 640, query="decision=fever", decision=Decision.FEVER),
    _people("followups", _("Follow-ups opened from checkpoints"), _(
        "People a checkpoint handed to the grid on the day (someone from a risk area, or turned back or handed over "
        "who entered anyway): a follow-up of source checkpoint opened at once."), 650, query="followup=true",
        followup_opened=True),
)
