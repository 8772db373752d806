"""Scoped viewsets shared by every app's API."""

from rest_framework import viewsets


class ScopedViewSetMixin:
    """Applies `restrict(request.user)` to the queryset before any handler runs (NetBox's BaseViewSet)."""

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass
