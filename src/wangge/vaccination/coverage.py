"""Vaccination coverage: grouped queries over the residents and their VaccinationStatus (no per-person loops)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Q, Value, When
from django.db.models.functions import Substr

from wangge.people.models import Resident
from wangge.regions import codes
from wangge.regions.models import Region

from .choices import AGE_BANDS, EXCLUDED_FROM_MOBILISATION
from .models import Dose


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_expression(as_of: datetime.date):
    """A CASE expression giving the age band label of a resident on `as_of` ('' for under 3 or unknown)."""
    whens = []
    for label, low, high in AGE_BANDS:
        condition = Q(birth_date__lte=years_before(as_of, low))
        if high is not None:
            # Older than high means born on or before (as_of - (high + 1) years).
            condition &= Q(birth_date__gt=years_before(as_of, high + 1))
        whens.append(When(condition, then=Value(label)))
    return Case(*whens, default=Value(""), output_field=CharField())


@dataclass
class CoverageRow:
    key: str
    label: str
    eligible: int = 0
    first: int = 0
    full: int = 0
    booster: int = 0
    extra: dict = field(default_factory=dict)

    def rate(self, part: int) -> float:
        return round(100.0 * part / self.eligible, 1) if self.eligible else 0.0

    @property
    def first_rate(self):
        return self.rate(self.first)

    @property
    def full_rate(self):
        return self.rate(self.full)

    @property
    def booster_rate(self):
        return self.rate(self.booster)

    def add(self, other: "CoverageRow"):
        self.eligible += other.eligible
        self.first += other.first
        self.full += other.full
        self.booster += other.booster


def eligible_residents(user, region_code: str, as_of: datetime.date):
    """Residents of the subtree aged 3 or more on `as_of` (the eligible population), scoped to the user."""
    return (Resident.objects.restrict(user).filter(region_code__startswith=region_code)
            .filter(birth_date__lte=years_before(as_of, 3)))


def _counts(queryset, group_by: str):
    return queryset.values(group_by).annotate(
        eligible=Count("pk"),
        first=Count("vaccination__first_dose_date"),
        full=Count("vaccination__full_course_date"),
        booster=Count("vaccination__booster_date"),
    )


def coverage_by_child_region(user, region: Region, as_of: datetime.date) -> tuple[list[CoverageRow], CoverageRow]:
    """One row per child region of `region` (a grid gives one row for itself), and the total."""
    length = codes.child_length(region.code) or len(region.code)
    qs = eligible_residents(user, region.code, as_of).annotate(child=Substr("region_code", 1, length))
    if length == len(region.code):
        names = {region.code: region.name}
    else:
        names = dict(region.children.values_list("code", "name"))
    rows = {code: CoverageRow(code, name) for code, name in names.items()}
    total = CoverageRow(region.code, region.name)
    for item in _counts(qs, "child"):
        row = rows.setdefault(item["child"], CoverageRow(item["child"], item["child"]))
        part = CoverageRow(row.key, row.label, item["eligible"], item["first"], item["full"], item["booster"])
        row.add(part)
        total.add(part)
    return sorted(rows.values(), key=lambda r: r.key), total


def coverage_by_age_band(user, region: Region, as_of: datetime.date) -> list[CoverageRow]:
    qs = eligible_residents(user, region.code, as_of).annotate(band=age_band_expression(as_of))
    rows = {label: CoverageRow(label, label) for label, _low, _high in AGE_BANDS}
    for item in _counts(qs, "band"):
        if item["band"] in rows:
            r = rows[item["band"]]
            r.eligible, r.first, r.full, r.booster = item["eligible"], item["first"], item["full"], item["booster"]
    return list(rows.values())


def doses_per_day(user, region: Region, start: datetime.date | None = None, end: datetime.date | None = None):
    """[(date, doses that day, cumulative doses)] for the subtree."""
    qs = Dose.objects.restrict(user).filter(region_code__startswith=region.code)
    if end:
        qs = qs.filter(date__lte=end)
    before = 0
    if start:
        before = qs.filter(date__lt=start).count()
        qs = qs.filter(date__gte=start)
    series, running = [], before
    for item in qs.values("date").annotate(n=Count("pk")).order_by("date"):
        running += item["n"]
        series.append((item["date"], item["n"], running))
    return series


def unvaccinated(user, region: Region, as_of: datetime.date, include_excluded: bool = False):
    """Eligible residents with no first dose, for mobilisation: those with a medical contraindication or away
    are left out unless asked for; the oldest first (they are most at risk)."""
    qs = eligible_residents(user, region.code, as_of).filter(
        Q(vaccination__isnull=True) | Q(vaccination__first_dose_date__isnull=True))
    if not include_excluded:
        qs = qs.exclude(vaccination__exemption__in=EXCLUDED_FROM_MOBILISATION)
    return qs.select_related("grid", "vaccination").order_by("region_code", "birth_date", "id")
