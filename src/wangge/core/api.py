"""Scoped viewsets shared by every app's API.

A viewset declares `queryset`, `serializer_class` and `filterset_class`; these bases apply the jurisdiction
before any handler runs, so an object outside it is simply not found (404: its existence does not leak).
"""

from django.db import transaction
from django.urls import URLResolver, get_resolver
from django.utils.regex_helper import normalize
from django.utils.translation import gettext_lazy as _
from rest_framework import routers, viewsets
from rest_framework.exceptions import PermissionDenied

from .querysets import user_scope_code, within_code

LOCKING_ACTIONS = ("update", "partial_update", "destroy")


def scope_queryset(queryset, user, within: str = ""):
    """`queryset.restrict(user)`, narrowed further to `within` (the FilterSet's `?region=`, which still applies)
    as an index range when it lies inside the user's jurisdiction: SQLite uses one range per column, so the
    range is drawn around the narrower prefix."""
    queryset = queryset.restrict(user)
    scope = user_scope_code(user)
    if within and scope is not None and within.startswith(scope) and within.isdigit():
        queryset = within_code(queryset, within)
    return queryset


class ScopedViewSetMixin:
    """Scopes the queryset to the caller's jurisdiction before any handler runs (NetBox's BaseViewSet)."""

    def get_queryset(self):
        return scope_queryset(super().get_queryset(), self.request.user, within=self.region_filter_value())

    def region_filter_value(self) -> str:
        """The `?region=` prefix when this endpoint's FilterSet has the shared region filter, else ''."""
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is None or "region" not in filterset_class.base_filters:
            return ""
        return (self.request.query_params.get("region") or "").strip()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The router's `.json` suffix routes pass `format=`; it has served content negotiation by now, and
        # dropping it here means an extra action written as `def x(self, request, pk=None)` cannot 500 on `.json`.
        self.kwargs.pop("format", None)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Every write is one transaction. The row being changed is locked, and after the write the object must
    still be inside the caller's jurisdiction; otherwise the whole write rolls back (403)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "action", None) in LOCKING_ACTIONS:
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @transaction.atomic
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_create(self, serializer):
        self.check_in_scope(serializer.save())

    def perform_update(self, serializer):
        self.check_in_scope(serializer.save())

    def check_in_scope(self, instance):
        model = type(instance)
        if not scope_queryset(model._default_manager.all(), self.request.user).filter(pk=instance.pk).exists():
            raise PermissionDenied(_("This change would put the object outside your jurisdiction."))


class APIRootView(routers.APIRootView):
    """`/api/`: the list endpoint of every app. Each app's DefaultRouter has its own root and only the first one
    mounted answers, so this root collects the `*-list` routes of all of them from the URL map."""

    def get(self, request, *args, **kwargs):
        self.api_root_dict = dict(sorted(list_routes(get_resolver().url_patterns)))
        return super().get(request, *args, **kwargs)


def list_routes(patterns, prefix=""):
    """(path under /api/, url name) of every router list route, found by walking the URL map."""
    for pattern in patterns:
        path = prefix + normalize(pattern.pattern.regex.pattern)[0][0]
        if isinstance(pattern, URLResolver):
            yield from list_routes(pattern.url_patterns, path)
        elif (pattern.name or "").endswith("-list") and path.startswith("api/") and "%(" not in path:
            yield path.removeprefix("api/").rstrip("/"), pattern.name
