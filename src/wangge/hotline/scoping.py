"""Who sees which work orders: the centre sees its jurisdiction, a department handler sees the orders their
department holds, an operator sees the centre's intake."""

from __future__ import annotations

from wangge.accounts.choices import Role

CENTRE_ROLES = {Role.DISTRICT_ADMIN, Role.HOTLINE_OPERATOR}


def is_centre(user) -> bool:
    """Centre staff (operators, supervisors, administrators); None is the system (CLI, generator)."""
    if user is None:
        return True
    return bool(user.is_superuser or getattr(user, "role", None) in CENTRE_ROLES)


def user_department(user):
    """The Department a handler works for, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    membership = getattr(user, "hotline_membership", None) if hasattr(user, "hotline_membership") else None
    return membership.department if membership else None


def visible_orders(user, queryset=None):
    """The work orders `user` may see."""
    from .models import WorkOrder

    qs = queryset if queryset is not None else WorkOrder.objects.all()
    if user is None:
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_superuser:
        return qs
    if getattr(user, "role", None) == Role.DEPARTMENT_HANDLER:
        department = user_department(user)
        return qs.filter(department=department) if department else qs.none()
    if is_centre(user):
        from django.db.models import Q

        from wangge.core.querysets import user_scope_code

        scope = user_scope_code(user)
        if scope is None:
            return qs.none()
        # Orders without a place belong to the whole centre.
        return qs if scope == "" else qs.filter(Q(region_code__startswith=scope) | Q(region_code=""))
    return qs.none()


def can_see(user, order) -> bool:
    if user is None or getattr(user, "is_superuser", False):
        return True
    return visible_orders(user, type(order).objects.filter(pk=order.pk)).exists()
