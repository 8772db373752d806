"""Jurisdiction scoping: every queryset that holds people's data is narrowed by region-code prefix."""

from django.db import models

from wangge.regions.codes import ancestor_codes


def user_scope_code(user) -> str | None:
    """The region-code prefix a user may see: '' for everything, None for nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "sees_everything", False) or user.is_superuser:
        return ""
    code = getattr(user, "region_code", None)
    return code or None


def code_upper_bound(prefix: str) -> str | None:
    """The smallest code of the same length after every code starting with `prefix` ('320684' → '320685').

    Codes are digits, so `prefix <= code < upper` is the same set as `code LIKE 'prefix%'` but, unlike
    SQLite's LIKE (case-insensitive, so never served by an index), it is an index search."""
    if not prefix.isdigit() or set(prefix) == {"9"}:
        return None
    return str(int(prefix) + 1).zfill(len(prefix))


def within_code(queryset, prefix: str, path: str | None = None):
    """Narrow `queryset` to a region subtree, as an index-friendly range on the model's `region_path`."""
    path = path or getattr(queryset.model, "region_path", None)
    if not prefix or not path:
        return queryset
    upper = code_upper_bound(prefix)
    if upper is None:
        return queryset.filter(**{f"{path}__startswith": prefix})
    return queryset.filter(**{f"{path}__gte": prefix, f"{path}__lt": upper})


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user):
        """Only the rows inside `user`'s jurisdiction (the model's `region_path` starts with its code).

        Below district level this is an index range. A district-wide scope stays a prefix test: it keeps nearly
        every row, and as a range SQLite (which keeps no statistics by default) would pick it over the index
        that serves the page's ORDER BY; as a cheap row filter it costs nothing."""
        path = getattr(self.model, "region_path", None)
        scope = user_scope_code(user)
        if scope is None:
            return self.none()
        if scope == "" or path is None:
            return self
        if len(scope) <= 6:
            return self.filter(**{f"{path}__startswith": scope})
        return within_code(self, scope, path)


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
        ancestors = ancestor_codes(scope)
        return self.filter(models.Q(**{f"{path}__startswith": scope}) | models.Q(**{f"{path}__in": ancestors}))


AreaManager = models.Manager.from_queryset(AreaQuerySet)
