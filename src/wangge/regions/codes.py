"""Region codes: the only place that knows their lengths, levels, parents and children.

A code is the national statistical code: county 6 digits + town 3 + village 3 (12 digits), a grid appends 3 more
(formats.md). A subtree is a code prefix, so "is X inside Y" is `x.startswith(y)` and a jurisdiction check is one
indexed range. The helpers here are pure (no database), except `page_region`, which answers "which region does
this page show" from the request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .choices import RegionLevel

if TYPE_CHECKING:
    from .models import Region

# Code length of each level, top down.
CODE_LENGTH: dict[str, int] = {
    RegionLevel.DISTRICT: 6, RegionLevel.TOWN: 9, RegionLevel.VILLAGE: 12, RegionLevel.GRID: 15,
}
LEVEL_BY_LENGTH: dict[int, str] = {length: level for level, length in CODE_LENGTH.items()}
LENGTHS: tuple[int, ...] = tuple(sorted(CODE_LENGTH.values()))  # (6, 9, 12, 15)
GRID_LENGTH = CODE_LENGTH[RegionLevel.GRID]
LEVELS: tuple[str, ...] = tuple(LEVEL_BY_LENGTH[n] for n in LENGTHS)  # district … grid


def is_code(value: str, lengths: tuple[int, ...] = LENGTHS) -> bool:
    """Digits of one of the region lengths (or of `lengths`)."""
    return isinstance(value, str) and value.isdigit() and len(value) in lengths


def level_of(code: str) -> str | None:
    """The level of a code by its length (None for a length no level has)."""
    return LEVEL_BY_LENGTH.get(len(code))


def is_grid(code: str) -> bool:
    return len(code) == GRID_LENGTH


def parent_level(level: str) -> str | None:
    index = LEVELS.index(level)
    return LEVELS[index - 1] if index > 0 else None


def child_level(level: str) -> str | None:
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def child_length(code: str) -> int | None:
    """The code length of the children of `code` ('' → the districts); None below the grid."""
    if not code:
        return LENGTHS[0]
    longer = [n for n in LENGTHS if n > len(code)]
    return longer[0] if longer else None


def parent_code(code: str) -> str | None:
    """The code of the region above (None for a district)."""
    shorter = [n for n in LENGTHS if n < len(code)]
    return code[:shorter[-1]] if shorter else None


def ancestor_codes(code: str) -> list[str]:
    """The codes above `code`, district first."""
    return [code[:n] for n in LENGTHS if n < len(code)]


def truncate(code: str, level: str) -> str:
    """The code of the region of `level` that contains `code` (the code itself when it is already higher)."""
    return code[:CODE_LENGTH[level]]


def is_within(code: str, scope: str | None) -> bool:
    """Whether `code` lies inside the subtree `scope` ('' = everything, None = nothing)."""
    return scope is not None and code.startswith(scope)


def page_region(request, param: str = "region", default: str | None = None) -> Region:
    """The region a page shows: `?region=CODE` when it lies inside the user's jurisdiction, else `default`, else
    the user's own jurisdiction (the district for a user who sees everything). A code outside the jurisdiction,
    or of no region, is a 404: its existence does not leak."""
    from django.http import Http404
    from django.utils.translation import gettext as _

    from .models import Region

    code = (request.GET.get(param) or "").strip() or default or getattr(request.user, "region_code", None)
    regions = Region.objects.restrict(request.user)
    region = regions.filter(code=code).first() if code else (
        regions.filter(level=RegionLevel.DISTRICT).order_by("code").first())
    if region is None:
        raise Http404(_("No such region in your jurisdiction."))
    return region
