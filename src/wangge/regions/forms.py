from django.utils.translation import gettext_lazy as _

from wangge.core.querysets import user_scope_code

from .choices import CODE_LENGTH, LEVEL_BY_LENGTH
from .models import Region


def region_choices(user, depth: int = 2):
    """(code, indented name) of the user's jurisdiction and up to `depth` levels below it, for a filter select.

    A district has ~1,400 grids: listing them all would make every page heavy, so a district user picks a town
    or village here and drills down on the region pages."""
    scope = user_scope_code(user)
    if scope is None:
        return []
    top = len(scope) if scope else 6
    lengths = [n for n in sorted(CODE_LENGTH.values()) if top <= n <= top + 3 * depth]
    levels = [LEVEL_BY_LENGTH[n] for n in lengths]
    regions = Region.objects.restrict(user).filter(level__in=levels).order_by("code").only("code", "name", "level")
    choices = [("", _("Whole jurisdiction"))]
    for region in regions:
        indent = "\u3000" * ((len(region.code) - top) // 3)
        choices.append((region.code, f"{indent}{region.name}"))
    return choices
