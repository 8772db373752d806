"""The liaison register's public reads: who is linked to which enterprise."""

from __future__ import annotations

from django.db.models import Q

from wangge.core import clock


def current(queryset, day=None):
    day = day or clock.today()
    return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


def my_enterprise_ids(user, day=None) -> list[int]:
    """The enterprises `user` is linked to today (挂钩联系): their liaison pages show these."""
    from .models import Assignment

    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(current(Assignment.objects.filter(cadre_id=user.pk), day)
                .values_list("enterprise_id", flat=True).distinct())


def cadres_of(enterprise, day=None):
    """The cadres linked to `enterprise` today."""
    from wangge.accounts.models import User

    from .models import Assignment

    ids = current(Assignment.objects.filter(enterprise=enterprise), day).values("cadre_id")
    return User.objects.filter(pk__in=ids)
