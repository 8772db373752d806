"""The region tree: a node of the user's jurisdiction, its children with their figures, and its staff.

Figures come from four grouped queries over the indexed region codes (residents, households, staff,
grids), grouped by grid code and rolled up in Python — never one query per child region."""

import datetime
from collections import defaultdict

from django.apps import apps
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wangge.core import clock
from wangge.core.querysets import user_scope_code
from wangge.core.views_generic import PermissionRequiredMixin, data_version, within_code
from wangge.people.selectors import figures_by_grid

from . import codes
from .choices import RegionLevel
from .models import GridStaff, Region, joined_names
from .tables import COUNT_COLUMNS, GridStaffTable

STAFF_SHOWN = 100
# Figures of a subtree this large are cached: a district's million residents take a full scan. The key carries
# the change-log version, so an edit or an import batch renews them at once.
CACHE_MIN_RESIDENTS = 50_000
CACHE_SECONDS = 3600


def elderly_cutoff(today: datetime.date) -> datetime.date:
    """Born on or before this date = aged 60 or more today."""
    try:
        return today.replace(year=today.year - 60)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 60, day=28)


def _empty():
    return {key: 0 for key, _label, _filter in COUNT_COLUMNS}


def _counted_models():
    return (apps.get_model("people", "Resident"), apps.get_model("people", "Household"), GridStaff, Region)


def subtree_counts(user, prefix: str, child_length: int | None):
    """{child code prefix: figures} and the node's own totals, for the subtree `prefix` within `user`'s scope.

    The registry's figures come from people's selector, staff and grids from here: four grouped queries, the
    same number for a village as for a district."""
    today = clock.today()
    key = f"wangge:tree:{user_scope_code(user)}:{prefix}:{child_length}:{today}:{data_version(*_counted_models())}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    by_grid = defaultdict(_empty)
    for code, figures in figures_by_grid(user, prefix, elderly_born_by=elderly_cutoff(today)).items():
        by_grid[code].update(figures)
    staff = within_code(GridStaff.objects.restrict(user), prefix).order_by()
    for row in staff.values("grid__code").annotate(n=Count("id")):
        by_grid[row["grid__code"]]["staff"] = row["n"]
    grids = within_code(Region.objects.restrict(user).filter(level=RegionLevel.GRID), prefix)
    for code in grids.values_list("code", flat=True):
        by_grid[code]["grids"] = 1
    result = _roll_up(by_grid, child_length)
    if result[1]["residents"] >= CACHE_MIN_RESIDENTS:
        cache.set(key, result, CACHE_SECONDS)
    return result


def _roll_up(by_grid, child_length):
    children, total = defaultdict(_empty), _empty()
    for code, figures in by_grid.items():
        child = children[code[:child_length]] if child_length else None
        for name, value in figures.items():
            total[name] += value
            if child is not None:
                child[name] += value
    return dict(children), total


class RegionView(PermissionRequiredMixin, TemplateView):
    """`regions:tree` shows the user's own jurisdiction; `regions:detail` any node inside it (else 404)."""

    template_name = "regions/region_detail.html"
    permission_required = "regions.view_region"

    def get_node(self):
        code = self.kwargs.get("code")
        scope = user_scope_code(self.request.user)
        if code is None:
            if scope is None:
                raise Http404
            code = scope
        if code == "":
            return None  # a superuser without a jurisdiction: the whole system
        node = Region.objects.restrict(self.request.user).filter(code=code).first()
        if node is None:
            raise Http404(_("Not found or outside your jurisdiction."))
        return node

    def breadcrumbs(self, lineage):
        scope = user_scope_code(self.request.user) or ""
        crumbs = [{"label": _("Whole system"), "url": reverse("regions:tree")}] if scope == "" else []
        for region in lineage:
            if region.code.startswith(scope):
                crumbs.append({"label": region.name, "url": reverse("regions:detail", args=[region.code])})
        return crumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        node = self.get_node()
        prefix = node.code if node else ""
        child_length = codes.child_length(prefix)
        counts, total = subtree_counts(user, prefix, child_length)
        lineage = [*node.ancestors(), node] if node else []
        children = []
        if child_length:
            found = Region.objects.restrict(user)
            found = found.filter(parent=node) if node else found.filter(level=RegionLevel.DISTRICT)
            children = [{"region": r, "figures": counts.get(r.code, _empty())} for r in found.order_by("code")]
        staff_qs = within_code(GridStaff.objects.restrict(user).select_related("grid"), prefix, "grid__code")
        staff = list(staff_qs.order_by("grid__code", "role", "name")[:STAFF_SHOWN])
        context.update(
            node=node,
            title=joined_names(r.name for r in lineage) if node else _("Whole system"),
            crumbs=self.breadcrumbs(lineage),
            columns=[(key, label, f if not f else f.format(cutoff=elderly_cutoff(clock.today())))
                     for key, label, f in COUNT_COLUMNS],
            children=children,
            total=total,
            staff_table=GridStaffTable(staff),
            staff_more=total["staff"] > len(staff),
            staff_shown=STAFF_SHOWN,
            residents_url=reverse("people:resident-list") + (f"?region={prefix}" if prefix else ""),
        )
        return context
