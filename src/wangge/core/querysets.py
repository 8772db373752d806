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
