"""The practical projects' figures for the command centre (section 治理): projects published in the quarter of
the day, done, their mean progress (equal weights, dropped left out) and the satisfaction of their evaluations."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangge.dashboard.registry import Indicator, Section, count_by_region, register

from .choices import SATISFIED_RATINGS, Status, quarter_of
from .models import Evaluation, Project

VIEW = "projects.view_project"
PROJECTS = pgettext_lazy("unit", "projects")


def _quarter(day):
    return Project.objects.filter(quarter=quarter_of(day), published=True)


def published(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(_quarter(day), "region_code", region_code, length)


def done(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(_quarter(day).filter(status=Status.DONE), "region_code", region_code, length)


def live(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(_quarter(day).exclude(status=Status.DROPPED), "region_code", region_code, length)


def progress_sum(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(_quarter(day).exclude(status=Status.DROPPED), "region_code", region_code, length,
                           Sum("progress"))


def _evaluations(day):
    return Evaluation.objects.filter(project__quarter=quarter_of(day), project__published=True)


def evaluations(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(_evaluations(day), "project__region_code", region_code, length)


def satisfied(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(_evaluations(day), "project__region_code", region_code, length,
                           Count("pk", filter=Q(rating__in=SATISFIED_RATINGS)))


def _count(name, label, definition, values, order, **kwargs):
    return Indicator(f"projects.{name}", label, unit=kwargs.pop("unit", PROJECTS), section=Section.GOVERNANCE,
                     perm=VIEW, definition=definition, values=values, action_url="projects:list",
                     action_day_param=None, order=order, **kwargs)


register(
    _count("published", _("Practical projects published"), _(
        "Practical projects (我为群众办实事) of the quarter of the day published on the public list (晒单)."),
        published, 900, headline=True, action_query="published=true"),
    _count("done", _("Practical projects done"), _(
        "Published practical projects of the quarter of the day that are done (已办结)."), done, 910,
        action_query="published=true&status=done", higher_is_better=True),
    _count("live", _("Practical projects under way or done"), _(
        "Published practical projects of the quarter of the day, dropped ones left out: the base of the progress."),
        live, 915),
    _count("progress_sum", _("Sum of project progress"), _(
        "The sum of the progress (%) of the published, not dropped projects of the quarter of the day."),
        progress_sum, 916, unit="%"),
    Indicator("projects.progress", _("Practical project progress"), unit="%", section=Section.GOVERNANCE, perm=VIEW,
              definition=_("Mean progress of the published projects of the quarter, each project weighing the same "
                           "whatever its budget; dropped projects left out."),
              numerator="projects.progress_sum", denominator="projects.live", percent=False,
              higher_is_better=True, order=920),
    _count("evaluations", _("Project evaluations"), _(
        "Evaluations (评单) of the published projects of the quarter of the day, online or from paper forms."),
        evaluations, 930, unit=pgettext_lazy("unit", "evaluations")),
    _count("satisfied", _("Satisfied evaluations"), _(
        "Evaluations saying satisfied or basically satisfied, of the published projects of the quarter."),
        satisfied, 935, unit=pgettext_lazy("unit", "evaluations")),
    Indicator("projects.satisfaction", _("Practical project satisfaction"), unit="%", section=Section.GOVERNANCE,
              perm=VIEW, definition=_("Share of the evaluations of the quarter's published projects that say "
                                      "satisfied or basically satisfied."),
              numerator="projects.satisfied", denominator="projects.evaluations", higher_is_better=True,
              headline=True, order=940),
)
