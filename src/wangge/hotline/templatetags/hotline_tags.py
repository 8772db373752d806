"""Hotline template helpers: rates as people read them."""

from django import template

from wangge.hotline.kpis import format_rate

register = template.Library()


@register.filter
def percent(value):
    """0.98692 → "98.7 %"; None (a rate with nothing to count) → "—"."""
    return format_rate(value)
