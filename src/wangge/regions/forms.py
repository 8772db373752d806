from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wangge.core.querysets import user_scope_code

from .codes import LENGTHS, LEVEL_BY_LENGTH
from .models import Region


def region_choices(user, depth: int = 2):
    """(code, indented name) of the user's jurisdiction and up to `depth` levels below it, for a filter select.

    A district has ~1,400 grids: listing them all would make every page heavy, so a district user picks a town
    or village here and drills down on the region pages."""
    scope = user_scope_code(user)
    if scope is None:
        return []
    top = len(scope) if scope else 6
    lengths = [n for n in LENGTHS if top <= n <= top + 3 * depth]
    levels = [LEVEL_BY_LENGTH[n] for n in lengths]
    regions = Region.objects.restrict(user).filter(level__in=levels).order_by("code").values_list("code", "name")
    choices = [("", _("Whole jurisdiction"))]
    for code, name in regions:
        choices.append((code, "\u3000" * ((len(code) - top) // 3) + name))
    return choices


class RegionSelect(forms.Select):
    """A select of a few hundred regions, rendered in Python rather than one template per <option>."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        value = "" if value is None else str(value[0] if isinstance(value, list | tuple) and value else value)
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((code, mark_safe(" selected") if str(code) == value else "", label) for code, label in self.choices),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)
