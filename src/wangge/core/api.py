"""Scoped viewsets shared by every app's API.

A viewset declares `queryset`, `serializer_class` and `filterset_class`; these bases apply the jurisdiction
before any handler runs, so an object outside it is simply not found (404: its existence does not leak).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

LOCKING_ACTIONS = ("update", "partial_update", "destroy")


class ScopedViewSetMixin:
    """Applies `restrict(request.user)` to the queryset before any handler runs (NetBox's BaseViewSet)."""

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user)

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
        if not model._default_manager.restrict(self.request.user).filter(pk=instance.pk).exists():
            raise PermissionDenied(_("This change would put the object outside your jurisdiction."))
