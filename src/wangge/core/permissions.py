"""The API's permission check: the role's permission for what a request does (named in settings.REST_FRAMEWORK).

Kept apart from `core.api` (which imports DRF's routers and views) so that DRF's settings can import it."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

WRITE_VERBS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class RolePermission(permissions.BasePermission):
    """The role's permission for what the request does (accounts/roles.py), checked before any handler runs:
    scope says where, this says what. A view declares `permission_required` (one name for every method), or the
    model of its `queryset` decides: reading needs `view_<model>`, writing `add_`/`change_`/`delete_<model>`,
    and an extra action that writes (`@action(methods=["post"])`) needs `change_<model>` unless the viewset maps
    it in `action_permissions = {"name": "app.codename"}` (the action itself may check more). A view with
    neither answers to authentication alone (the public Open311 and schema views)."""

    message = _("Your role does not allow this.")

    def has_permission(self, request, view):
        perm = self.required(request, view)
        return perm is None or request.user.has_perm(perm)

    @staticmethod
    def required(request, view) -> str | None:
        action = getattr(view, "action", None)
        declared = getattr(view, "action_permissions", {})
        if action in declared:
            return declared[action]  # None: any signed-in user (e.g. "my own account")
        if getattr(view, "permission_required", None):
            return view.permission_required
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return None
        meta = queryset.model._meta
        standard = action in ("list", "retrieve", "create", "update", "partial_update", "destroy", None)
        if request.method in permissions.SAFE_METHODS:
            verb = "view"
        else:
            verb = WRITE_VERBS.get(request.method, "change") if standard else "change"
        return f"{meta.app_label}.{verb}_{meta.model_name}"
