"""The indicator registry: every figure the command centre, the map, the big screen and the daily report show.

An app declares its figures in its own `indicators.py`:

    from wangge.dashboard.registry import Indicator, count_by_region, register

    register(
        Indicator("followup.pushed", _("Pushed today"), unit=_("people"), section=Section.PREVENTION,
                  definition=_("People pushed by the province and opened for follow-up on the day."),
                  perm="followup.view_followup", values=pushed_values),
        Indicator("vaccination.first_coverage", _("First-dose coverage"), unit="%", ...,
                  numerator="vaccination.first_dose", denominator="people.residents"),
    )

A *count* indicator has `values(region_code, day, length) -> {code: number}`: the figure of every region of code
length `length` inside `region_code`, in one grouped query (`count_by_region` does the grouping). Rows whose own
code is shorter than `length` (a follow-up on a town for 落地查人, a work order placed only in a village) come back
under their own shorter code: they count for every region above them and for none below.

A *ratio* indicator names two count indicators and is worked out from them at every level (coverage, on-time
rate, mean satisfaction = score sum / rated orders): a ratio is never summed.

The dashboard app imports every app's `indicators` module when Django starts (like the admin's autodiscovery), so
a new app appears on every screen by declaring its figures: nothing in the dashboard names an app.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from wangge.core.querysets import within_code

ValuesFn = Callable[[str, datetime.date, int], dict[str, float]]


class Section:
    """The groups of the menu and of the screens (防疫 · 网格 · 热线 …), in display order."""

    PREVENTION = "prevention"
    GRID = "grid"
    HOTLINE = "hotline"
    ENTERPRISE = "enterprise"
    VOLUNTEER = "volunteer"
    GOVERNANCE = "governance"

    LABELS = {
        PREVENTION: _("Epidemic prevention"),
        GRID: _("Grid"),
        HOTLINE: _("Hotline 12345"),
        ENTERPRISE: _("Enterprises"),
        VOLUNTEER: _("Volunteers"),
        GOVERNANCE: _("Governance"),
    }
    ORDER = tuple(LABELS)


@dataclass(frozen=True)
class Indicator:
    key: str  # "<app>.<name>", unique
    label: str
    unit: str = ""
    definition: str = ""
    section: str = Section.PREVENTION
    perm: str | None = None  # who may see it (the permission to view the rows it counts); None = everyone
    values: ValuesFn | None = None  # count indicators
    numerator: str | None = None  # ratio indicators: keys of two count indicators
    denominator: str | None = None
    percent: bool = True  # a ratio shown as a percentage (False: a plain quotient, e.g. a mean score)
    decimals: int = 1
    higher_is_better: bool | None = None  # colours the map and marks a fall as bad; None = neutral
    headline: bool = False  # a key figure: on the big screen and at the top of the level pages
    action_url: str | None = None  # url name of the list of names behind the figure, takes ?region=
    action_query: str = ""  # extra query string for action_url ("figure=overdue")
    action_region_param: str = "region"  # the list's parameter for the region (and below) …
    action_day_param: str | None = "date"  # … and for the day (None: the list has no day)
    order: int = 0
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if (self.values is None) == (self.numerator is None):
            raise ValueError(f"indicator {self.key}: give either values or numerator/denominator")
        if self.numerator is not None and self.denominator is None:
            raise ValueError(f"indicator {self.key}: a ratio needs a denominator")

    @property
    def is_ratio(self) -> bool:
        return self.numerator is not None

    @property
    def app_label(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def display_unit(self) -> str:
        return "%" if self.is_ratio and self.percent else str(self.unit)

    def format(self, value: float | None) -> str:
        if value is None:
            return "—"
        if self.is_ratio:
            return f"{value:.{self.decimals}f}"
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.{self.decimals}f}"


_REGISTRY: dict[str, Indicator] = {}


def register(*indicators: Indicator) -> None:
    for indicator in indicators:
        if indicator.key in _REGISTRY and _REGISTRY[indicator.key] != indicator:
            raise ValueError(f"indicator {indicator.key} registered twice")
        _REGISTRY[indicator.key] = indicator


def get(key: str) -> Indicator:
    return _REGISTRY[key]


def all_indicators() -> list[Indicator]:
    rank = {s: i for i, s in enumerate(Section.ORDER)}
    return sorted(_REGISTRY.values(), key=lambda i: (rank.get(i.section, 99), i.order, i.key))


def count_indicators() -> list[Indicator]:
    return [i for i in all_indicators() if not i.is_ratio]


def visible_to(user, keys: Iterable[str] | None = None) -> list[Indicator]:
    """The indicators `user` may see (ratios need both of their counts' permissions as well)."""
    wanted = set(keys) if keys is not None else None

    def allowed(indicator: Indicator) -> bool:
        if indicator.perm is not None and not user.has_perm(indicator.perm):
            return False
        if indicator.is_ratio:
            assert indicator.numerator and indicator.denominator
            return allowed(_REGISTRY[indicator.numerator]) and allowed(_REGISTRY[indicator.denominator])
        return True

    return [i for i in all_indicators() if (wanted is None or i.key in wanted) and allowed(i)]


def ratio(numerator: float | None, denominator: float | None, indicator: Indicator) -> float | None:
    if not denominator:
        return None
    value = (numerator or 0) / denominator
    return round(value * 100 if indicator.percent else value, indicator.decimals)


def count_by_region(queryset: QuerySet, code_field: str, region_code: str, length: int, value=None
                    ) -> dict[str, float]:
    """`{code[:length]: value}` over the rows of `queryset` inside `region_code`: the one grouped query behind a
    count indicator. `code_field` is the row's region code (a denormalised CharField, so no join); `value`
    defaults to counting rows (pass `Count("person", distinct=True)`, `Sum("score")` …)."""
    rows = (within_code(queryset, region_code, code_field)
            .annotate(_region=Substr(code_field, 1, length)).values("_region")
            .annotate(_value=value if value is not None else Count("pk")).order_by())
    return {row["_region"]: row["_value"] or 0 for row in rows}


def evaluate(indicator: Indicator, region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    """Live figures of a count indicator (the snapshot in `figures.py` stores these)."""
    assert indicator.values is not None, indicator.key
    return {code: float(v) for code, v in indicator.values(region_code, day, length).items()}


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("indicators")
    for indicator in _REGISTRY.values():
        for part in (indicator.numerator, indicator.denominator):
            if part is not None and (part not in _REGISTRY or _REGISTRY[part].is_ratio):
                raise ValueError(f"indicator {indicator.key}: {part} is not a registered count indicator")
