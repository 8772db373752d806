"""The daily clearance board (日清): what each figure counts, defined once, so that the board's numbers and the
lists of names behind them (the follow-up list and the task list, filtered by `figure`) are the same rows.

Every figure is grouped by the region of the *person* (the follow-up's region code), not of the task: a task
escalated to the village still counts for its grid, so the grid leader's board and the village's agree."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from wangge.core import clock

from .choices import OPEN_STATES, FollowUpState, Source, TaskKind, TaskOutcome, TaskState

# (name, label, which list shows the names: "people" = the follow-up list, "tasks" = the task list)
FIGURES = (
    ("pushed", _("Pushed"), "people"),
    ("matched", _("Matched"), "people"),
    ("verified", _("Verified"), "people"),
    ("uncleared", _("Not cleared"), "people"),
    ("unreachable", _("Unreachable"), "people"),
    ("fever", _("Fever alerts"), "people"),
    ("overdue", _("Overdue"), "tasks"),
    ("escalated", _("Escalated"), "tasks"),
    ("missed", _("Missed visits"), "tasks"),
)
BOARD_COLUMNS = tuple(name for name, _label, _page in FIGURES)
PEOPLE_FIGURES = tuple(name for name, _label, page in FIGURES if page == "people")
TASK_FIGURES = tuple(name for name, _label, page in FIGURES if page == "tasks")


def _open_fever_alert() -> Q:
    return Q(kind=TaskKind.FEVER_ALERT, state=TaskState.OPEN)


def followup_figure(name: str, day: datetime.date) -> Q:
    """The follow-ups one people-figure of the board counts on `day`."""
    pushed = Q(source=Source.FLAG, opened_on=day)
    end = clock.end_of(day)
    if name == "pushed":
        return pushed
    if name == "matched":
        return pushed & Q(resident__isnull=False)
    if name == "verified":
        return pushed & Q(verified_at__isnull=False)
    if name == "uncleared":
        # The whole backlog: everyone opened by that day whose whereabouts were still not settled at its end.
        return (Q(opened_on__lte=day) & (Q(verified_at__isnull=True) | Q(verified_at__gt=end))
                & (Q(closed_at__isnull=True) | Q(closed_at__gt=end)))
    if name == "unreachable":
        return pushed & Q(state__in=(FollowUpState.UNREACHABLE, FollowUpState.ESCALATED))
    if name == "fever":
        from .models import Task

        # IN (subquery), not EXISTS: SQLite runs the subquery once instead of scanning open tasks per follow-up.
        return Q(pk__in=Task.objects.filter(_open_fever_alert()).values("followup_id")) & Q(state__in=OPEN_STATES)
    raise ValueError(name)


def task_figure(name: str, day: datetime.date) -> Q:
    """The tasks one task-figure of the board counts on `day`."""
    if name == "overdue":
        return Q(state=TaskState.OPEN, overdue=True)
    if name == "escalated":
        return Q(state=TaskState.OPEN, escalated_at__isnull=False)
    if name == "missed":
        return Q(kind=TaskKind.DAILY_VISIT, outcome=TaskOutcome.MISSED, due_date=day)
    raise ValueError(name)


def board_counts(scope_qs_followups, scope_qs_tasks, parent: str, child_len: int, day: datetime.date) -> dict:
    """Per child region of `parent` (grouped by the first `child_len` digits of the follow-up's region code): the
    figures above. Two grouped queries, whatever the number of rows."""
    people = [n for n in PEOPLE_FIGURES if n != "fever"]
    f_rows = (scope_qs_followups.filter(region_code__startswith=parent)
              .annotate(key=Substr("region_code", 1, child_len)).values("key")
              .annotate(**{n: Count("id", filter=followup_figure(n, day)) for n in people}))
    t_rows = (scope_qs_tasks.filter(followup__region_code__startswith=parent)
              .annotate(key=Substr("followup__region_code", 1, child_len)).values("key")
              .annotate(**{n: Count("id", filter=task_figure(n, day)) for n in TASK_FIGURES},
                        fever=Count("followup_id", distinct=True,
                                    filter=_open_fever_alert() & Q(followup__state__in=OPEN_STATES))))
    table: dict[str, dict] = {}
    for row in [*f_rows, *t_rows]:
        table.setdefault(row["key"], dict.fromkeys(BOARD_COLUMNS, 0)).update(
            {k: v for k, v in row.items() if k != "key"})
    return table
