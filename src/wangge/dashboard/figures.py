"""The day's figures of every indicator, stored once and read by every screen.

`refresh(day)` runs each count indicator once over the whole territory at grid level (one grouped query each),
adds the grid values up to their villages, towns and the district, and stores a row per indicator and region in
one transaction (`IndicatorValue`). Every page, the map, the big screen and the daily report then read those rows:
the figures on all of them agree because they are the same rows, a page costs one indexed read whatever the
number of residents, and yesterday's "overdue" stays what it was yesterday (a figure about the state of things —
open tubes, overdue tasks — cannot be recomputed later; DHIS2's analytics tables are the same idea).

The worker refreshes today's snapshot every few minutes (`WANGGE_INDICATOR_REFRESH_SECONDS`), `wangge
refresh_indicators` does it on demand, and a page that finds no snapshot for its day computes one first.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from wangge.core import clock
from wangge.regions import codes

from . import registry
from .models import IndicatorValue, Snapshot
from .registry import Indicator

Table = dict[str, dict[str, float | None]]  # {indicator key: {region code: value}}


def refresh(day: datetime.date) -> Snapshot:
    """Work out and store every count indicator of `day` (replacing that day's rows)."""
    started = time.monotonic()
    rows: list[IndicatorValue] = []
    for indicator in registry.count_indicators():
        totals: dict[str, float] = defaultdict(float)
        for code, value in registry.evaluate(indicator, "", day, codes.GRID_LENGTH).items():
            if not value:
                continue
            for length in codes.LENGTHS:
                if length <= len(code):
                    totals[code[:length]] += value
        rows.extend(IndicatorValue(day=day, key=indicator.key, level=codes.LEVEL_BY_LENGTH[len(code)], code=code,
                                   value=value) for code, value in totals.items())
    with transaction.atomic():
        # The day's snapshot row is the lock: a worker and a page refreshing at once write one after the other.
        Snapshot.objects.get_or_create(day=day, defaults={"computed_at": clock.now()})
        snapshot = Snapshot.objects.select_for_update().get(day=day)
        IndicatorValue.objects.filter(day=day).delete()
        IndicatorValue.objects.bulk_create(rows, batch_size=2000)
        snapshot.computed_at = clock.now()
        snapshot.duration_ms = int((time.monotonic() - started) * 1000)
        snapshot.save(update_fields=["computed_at", "duration_ms"])
    return snapshot


def snapshot_of(day: datetime.date, *, compute: bool = True) -> Snapshot | None:
    """The stored snapshot of `day`, computed now when there is none yet (and `compute`)."""
    snapshot = Snapshot.objects.filter(day=day).first()
    if snapshot is None and compute and day <= clock.today():
        snapshot = refresh(day)
    return snapshot


def refresh_if_stale(day: datetime.date | None = None) -> Snapshot | None:
    """The worker's step: refresh today's figures when they are older than the refresh interval."""
    day = day or clock.today()
    interval = getattr(settings, "WANGGE_INDICATOR_REFRESH_SECONDS", 300)
    snapshot = Snapshot.objects.filter(day=day).first()
    if snapshot is not None and (clock.now() - snapshot.computed_at).total_seconds() < interval:
        return None
    return refresh(day)


def _counts(indicators: Iterable[Indicator]) -> set[str]:
    keys: set[str] = set()
    for indicator in indicators:
        if indicator.is_ratio:
            keys.update((indicator.numerator or "", indicator.denominator or ""))
        else:
            keys.add(indicator.key)
    return keys


def _with_ratios(indicators: list[Indicator], counts: dict[str, dict[str, float]], region_codes: Iterable[str]
                 ) -> Table:
    """Counts (missing = 0) and ratios worked out from them, for each of `region_codes`."""
    region_codes = list(region_codes)
    table: Table = {}
    for indicator in indicators:
        if indicator.is_ratio:
            num = counts.get(indicator.numerator or "", {})
            den = counts.get(indicator.denominator or "", {})
            table[indicator.key] = {c: registry.ratio(num.get(c, 0), den.get(c, 0), indicator) for c in region_codes}
        else:
            own = counts.get(indicator.key, {})
            table[indicator.key] = {c: own.get(c, 0) for c in region_codes}
    return table


def values_for(indicators: list[Indicator], region_codes: list[str], day: datetime.date) -> Table:
    """The figures of `region_codes` (a region and its children, say) on `day`: one indexed read."""
    snapshot_of(day)
    counts: dict[str, dict[str, float]] = defaultdict(dict)
    rows = (IndicatorValue.objects.filter(day=day, code__in=region_codes, key__in=_counts(indicators))
            .values_list("key", "code", "value"))
    for key, code, value in rows:
        counts[key][code] = value
    return _with_ratios(indicators, counts, region_codes)


def values_at_level(indicators: list[Indicator], region_code: str, level: str, day: datetime.date,
                    region_codes: list[str]) -> Table:
    """The figures of every region of `level` inside `region_code` (the map down to grids)."""
    snapshot_of(day)
    counts: dict[str, dict[str, float]] = defaultdict(dict)
    rows = (IndicatorValue.objects.filter(day=day, level=level, code__startswith=region_code,
                                          key__in=_counts(indicators)).values_list("key", "code", "value"))
    for key, code, value in rows:
        counts[key][code] = value
    return _with_ratios(indicators, counts, region_codes)


def history(indicators: list[Indicator], region_code: str, days: list[datetime.date]) -> dict[str, list]:
    """`{key: [value of each day]}` for one region over `days` (None for a day without a snapshot)."""
    stored = set(Snapshot.objects.filter(day__in=days).values_list("day", flat=True))
    per_day: dict[datetime.date, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    rows = (IndicatorValue.objects.filter(code=region_code, day__in=days, key__in=_counts(indicators))
            .values_list("day", "key", "value"))
    for day, key, value in rows:
        per_day[day][key][region_code] = value
    series: dict[str, list] = {i.key: [] for i in indicators}
    for day in days:
        table = _with_ratios(indicators, per_day[day], [region_code]) if day in stored else None
        for indicator in indicators:
            series[indicator.key].append(table[indicator.key][region_code] if table else None)
    return series
