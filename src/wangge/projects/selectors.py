"""Read-side of the practical projects: the roll-up of progress and counts per village and town, satisfaction, and
the public list (晒单).

Progress of a village or town (the definition shown on the figures page): the plain mean of its projects'
progress, every project weighing the same whatever its budget, dropped projects left out. A town's figure takes its
own street-level projects and all its villages' together. Satisfaction: the share of evaluations that say
"satisfied" or "basically satisfied"; None when nobody has evaluated."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from wangge.core.querysets import within_code

from .choices import SATISFIED_RATINGS, Status
from .models import Evaluation, Project

PROGRESS_DEFINITION = _("Progress of a village or town: the mean of its projects' progress, each project weighing "
                       "the same whatever its budget; dropped projects are left out. A town counts its own projects "
                       "and all its villages' together.")


def share(numerator, denominator) -> float | None:
    return round(100.0 * numerator / denominator, 1) if denominator else None


def evaluation_counts(project_ids) -> dict[int, tuple[int, int]]:
    """{project id: (evaluations, satisfied or basically satisfied)}."""
    rows = (Evaluation.objects.filter(project_id__in=list(project_ids)).values("project_id")
            .annotate(n=Count("pk"), good=Count("pk", filter=Q(rating__in=SATISFIED_RATINGS))).order_by())
    return {row["project_id"]: (row["n"], row["good"]) for row in rows}


def annotate_satisfaction(projects) -> list:
    projects = list(projects)
    counts = evaluation_counts(p.pk for p in projects)
    for project in projects:
        n, good = counts.get(project.pk, (0, 0))
        project.evaluation_count, project.satisfied_count = n, good
        project.satisfaction = share(good, n)
    return projects


def rollup(projects, regions) -> list[dict]:
    """One row per region of `regions` (ordered): the projects whose code lies within it, their counts by status,
    published, the mean progress and satisfaction. `projects` is a queryset (scoped by the caller)."""
    projects = list(projects.only("pk", "region_code", "status", "progress", "published", "budget"))
    counts = evaluation_counts(p.pk for p in projects)
    rows = []
    for region in regions:
        mine = [p for p in projects if p.region_code.startswith(region.code)]
        live = [p for p in mine if p.status != Status.DROPPED]
        n = sum(counts.get(p.pk, (0, 0))[0] for p in mine)
        good = sum(counts.get(p.pk, (0, 0))[1] for p in mine)
        by_status: defaultdict[str, int] = defaultdict(int)
        for p in mine:
            by_status[p.status] += 1
        rows.append({
            "region": region, "projects": len(mine), "published": sum(p.published for p in mine),
            "planned": by_status[Status.PLANNED], "in_progress": by_status[Status.IN_PROGRESS],
            "done": by_status[Status.DONE], "dropped": by_status[Status.DROPPED],
            "progress": round(sum(p.progress for p in live) / len(live), 1) if live else None,
            "budget": sum((p.budget or 0) for p in mine),
            "evaluations": n, "satisfaction": share(good, n),
        })
    return rows


def region_progress(queryset, region_code: str) -> float | None:
    """The mean progress of the live projects of `queryset` within `region_code` (PROGRESS_DEFINITION)."""
    live = within_code(queryset, region_code).exclude(status=Status.DROPPED)
    total = live.aggregate(n=Count("pk"), s=Sum("progress"))
    return round(total["s"] / total["n"], 1) if total["n"] else None


def public_projects(region, quarter: str):
    """The published projects of a village (or a town with its villages') and quarter, as the public sees them."""
    projects = within_code(Project.objects.filter(quarter=quarter, published=True), region.code)
    return annotate_satisfaction(projects.select_related("region").prefetch_related("milestones")
                                 .order_by("region_code", "title"))


def public_data(region, quarter: str) -> dict:
    """formats.md, "The public project list": nothing about who evaluated, no responsible person, no phones."""
    return {
        "region": {"code": region.code, "name": region.name},
        "quarter": quarter,
        "projects": [{
            "title": p.title, "category": p.category, "status": p.status, "progress": p.progress,
            "milestones": [{"date": m.date.isoformat(), "text": m.text} for m in p.milestones.all()],
            "evaluations": p.evaluation_count, "satisfaction": p.satisfaction,
        } for p in public_projects(region, quarter)],
    }
