"""Template helpers: masking, table cells, region-level badges."""

from django import template

from wangge.core.ids import mask_id as _mask_id
from wangge.core.ids import mask_phone as _mask_phone

register = template.Library()


@register.filter
def mask_id(value):
    return _mask_id(value or "")


@register.filter
def mask_phone(value):
    return _mask_phone(value or "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def startswith(value, prefix):
    return bool(prefix) and str(value).startswith(str(prefix))


@register.inclusion_tag("includes/call_button.html", takes_context=True)
def call_button(context, url, reason="follow_up", label=None, masked=""):
    """A call button: the person's masked number, a reason picker and a POST to the logged call action
    (core.views_generic.CallView), which dials without showing the full number. Nothing for a user whose role
    may not call, or when there is no number."""
    from wangge.core.models import AccessReason

    user = context["request"].user
    allowed = user.has_perm("people.call_resident") or user.has_perm("accounts.reveal_personal_data")
    return {"url": url, "reason": reason, "reasons": AccessReason.choices, "label": label, "masked": masked,
            "allowed": allowed and bool(masked), "csrf_token": context.get("csrf_token"),
            "next": context["request"].get_full_path()}


@register.inclusion_tag("includes/reveal_button.html", takes_context=True)
def reveal_button(context, url, revealed=False, reason="verify"):
    """Show / hide the full ID number and phone through the logged reveal (core.views_generic.RevealView)."""
    from wangge.core.models import AccessReason

    user = context["request"].user
    return {"url": url, "revealed": revealed, "reason": reason, "reasons": AccessReason.choices,
            "allowed": user.has_perm("accounts.reveal_personal_data"), "csrf_token": context.get("csrf_token"),
            "next": context["request"].get_full_path()}
