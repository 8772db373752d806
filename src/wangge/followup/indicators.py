"""The follow-up figures of the command centre: the daily clearance board's (日清) figures and who is under each
measure.

The board's figures are counted with the board's own definitions (`board.followup_figure` / `board.task_figure`),
so the board, its lists of names and the command centre count the same rows. Like the board, every figure is
grouped by the region of the *person* (the follow-up's `region_code`): a task escalated to the village still
counts for its grid, and a person not yet on a grid (落地查人) counts for the village or town the flag was routed
to and for no region below it."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangge.dashboard.registry import Indicator, Section, count_by_region, register
from wangge.policies.choices import MeasureKind

from .board import followup_figure, task_figure
from .choices import OPEN_STATES
from .models import FollowUp, PlanPhase, Task

# Units shown after the figures (msgctxt "unit": "12 人", not the column header "人数").
PEOPLE = pgettext_lazy("unit", "people")
TASKS = pgettext_lazy("unit", "tasks")

VIEW_FOLLOWUPS = "followup.view_followup"
VIEW_TASKS = "followup.view_task"


def people_figure(name: str):
    """values() of one people-figure of the board: follow-ups, grouped by their region code."""

    def values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
        return count_by_region(FollowUp.objects.filter(followup_figure(name, day)), "region_code", region_code,
                               length)

    values.__name__ = f"followup_{name}"
    return values


def tasks_figure(name: str):
    """values() of one task-figure of the board: tasks, grouped by their follow-up's region code."""

    def values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
        return count_by_region(Task.objects.filter(task_figure(name, day)), "followup__region_code", region_code,
                               length)

    values.__name__ = f"task_{name}"
    return values


def current_phases(day: datetime.date) -> Q:
    """The plan phases people are under on `day`: the phase covers the day and the follow-up is still open (the
    measure list's tabs, followup.views.MeasureListView)."""
    return Q(start_date__lte=day, end_date__gte=day, followup__state__in=OPEN_STATES)


def under_measure(kind: str):
    def values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
        return count_by_region(PlanPhase.objects.filter(current_phases(day), kind=kind), "followup__region_code",
                               region_code, length)

    values.__name__ = f"under_{kind}"
    return values


def _people(name, label, definition, *, order, better=None, headline=False):
    return Indicator(f"followup.{name}", label, unit=PEOPLE, section=Section.PREVENTION, perm=VIEW_FOLLOWUPS,
                     definition=definition, values=people_figure(name), higher_is_better=better, headline=headline,
                     action_url="followup:list", action_query=f"figure={name}",
                     action_region_param="area", action_day_param="day", order=order)


def _tasks(name, label, definition, *, order, headline=False):
    return Indicator(f"followup.{name}", label, unit=TASKS, section=Section.PREVENTION, perm=VIEW_TASKS,
                     definition=definition, values=tasks_figure(name), higher_is_better=False, headline=headline,
                     action_url="followup:tasks", action_query=f"figure={name}",
                     action_region_param="area", action_day_param="day", order=order)


register(
    _people("pushed", _("Pushed today"), _(
        "People the big-data screening pushed to the district and opened for follow-up on the day."),
        order=100, headline=True),
    _people("matched", _("Matched to a resident"), _(
        "Of the people pushed on the day, those found in the population registry (the rest must be found on the "
        "ground, 落地查人)."), order=110),
    _people("verified", _("Verified"), _(
        "Of the people pushed on the day, those whose whereabouts the grid has already checked."),
        order=120, better=True),
    _people("unreachable", _("Unreachable"), _(
        "Of the people pushed on the day, those the grid could not reach (including those handed up to the "
        "village or town)."), order=130, better=False),
    _people("uncleared", _("Not cleared"), _(
        "Everyone opened for follow-up by the end of the day whose whereabouts were still not checked then "
        "(the whole backlog, not only the day's push)."), order=140, better=False, headline=True),
    _people("fever", _("Fever alerts"), _(
        "People still under follow-up with an open fever alert: a temperature at or above the policy's threshold, "
        "or symptoms, at a daily visit, not yet dealt with."), order=150, better=False, headline=True),
    _tasks("overdue", _("Overdue tasks"), _(
        "Follow-up tasks still open past their deadline (verification, notice, test, retest, fever alert)."),
        order=160, headline=True),
    _tasks("escalated", _("Escalated tasks"), _(
        "Open tasks handed up to the village or the town because the grid did not finish them in time."),
        order=170),
    _tasks("missed", _("Missed visits"), _(
        "Daily health visits due on the day that nobody recorded."), order=180),
    Indicator("followup.verified_share", _("Share of the day's push verified"), section=Section.PREVENTION,
              definition=_("People verified ÷ people pushed on the day."),
              numerator="followup.verified", denominator="followup.pushed", higher_is_better=True, order=125),
    *[Indicator(f"followup.under_{kind}", format_lazy(_("Under measure: {measure}"), measure=label),
                unit=PEOPLE, section=Section.PREVENTION, perm=VIEW_FOLLOWUPS,
                definition=format_lazy(_("People still under follow-up whose plan puts them under “{measure}” on "
                                         "the day."), measure=label),
                values=under_measure(kind), action_url="followup:measures", action_query=f"kind={kind}",
                order=200 + i)
      for i, (kind, label) in enumerate(MeasureKind.choices)],
)
