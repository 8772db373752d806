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


@register.simple_tag
def cell_url(column, obj):
    """The link of a table cell, or '' when the column is not a link."""
    return column.url(obj)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def startswith(value, prefix):
    return bool(prefix) and str(value).startswith(str(prefix))
