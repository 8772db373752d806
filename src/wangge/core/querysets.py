"""Jurisdiction scoping: every queryset that holds people's data is narrowed by region-code prefix."""

from django.db import models


def user_scope_code(user) -> str | None:
    """The region-code prefix a user may see: '' for everything, None for nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return ""
    code = getattr(user, "region_code", None)
    return code or None


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user):
        """Only the rows inside `user`'s jurisdiction (the model's `region_path` starts with its code)."""
        path = getattr(self.model, "region_path", None)
        scope = user_scope_code(user)
        if scope is None:
            return self.none()
        if scope == "" or path is None:
            return self
        return self.filter(**{f"{path}__startswith": scope})


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)


class AreaQuerySet(RestrictedQuerySet):
    """For things that cover an area (a testing campaign over the district): a user sees those whose area lies
    inside their jurisdiction or contains it (a town cadre sees the district-wide campaign)."""

    def restrict(self, user):
        path = self.model.region_path
        scope = user_scope_code(user)
        if scope is None:
            return self.none()
        if scope == "":
            return self
        ancestors = [scope[:n] for n in (6, 9, 12) if n < len(scope)]
        return self.filter(models.Q(**{f"{path}__startswith": scope}) | models.Q(**{f"{path}__in": ancestors}))


AreaManager = models.Manager.from_queryset(AreaQuerySet)
