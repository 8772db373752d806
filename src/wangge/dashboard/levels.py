"""What a command-centre page shows for one region on one day, built once for the page, its API, the big screen
and the report, so that every card, table, chart and map on them draws the same numbers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from wangge.regions import codes
from wangge.regions.models import Region

from . import figures, registry
from .models import Snapshot
from .registry import Indicator, Section

TREND_DAYS = 14


def days_back(day: datetime.date, n: int = TREND_DAYS) -> list[datetime.date]:
    return [day - datetime.timedelta(days=i) for i in range(n - 1, -1, -1)]


def regions_at(region: Region, level: str) -> list[Region]:
    """The regions of `level` inside `region` (its children by default), in code order."""
    if level == region.level:
        return [region]
    return list(Region.objects.filter(level=level, code__startswith=region.code).order_by("code")
                .only("code", "name", "level"))


def indicator_json(indicator: Indicator) -> dict:
    return {"key": indicator.key, "label": str(indicator.label), "unit": indicator.display_unit,
            "definition": str(indicator.definition), "section": indicator.section,
            "higher_is_better": indicator.higher_is_better, "ratio": indicator.is_ratio,
            "headline": indicator.headline}


def drill_url(region_code: str) -> str:
    """Where clicking a region leads: the level page, or for a grid the daily board (the grid level)."""
    if codes.is_grid(region_code):
        return f"{reverse('followup:board')}?region={region_code}"
    return f"{reverse('dashboard:level')}?region={region_code}"


def action_link(indicator: Indicator, region_code: str, day: datetime.date) -> str | None:
    if not indicator.action_url:
        return None
    try:
        url = reverse(indicator.action_url)
    except NoReverseMatch:
        return None
    query = f"{indicator.action_region_param}={region_code}"
    if indicator.action_day_param:
        query += f"&{indicator.action_day_param}={day.isoformat()}"
    return f"{url}?{query}&{indicator.action_query}" if indicator.action_query else f"{url}?{query}"


@dataclass
class Card:
    indicator: Indicator
    value: float | None
    previous: float | None
    url: str | None = None

    @property
    def text(self) -> str:
        return self.indicator.format(self.value)

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, self.indicator.decimals)

    @property
    def trend_class(self) -> str:
        change, better = self.change, self.indicator.higher_is_better
        if not change or better is None:
            return "flat"
        return "good" if (change > 0) == better else "bad"

    def as_json(self) -> dict:
        return {**indicator_json(self.indicator), "value": self.value, "previous": self.previous,
                "change": self.change, "text": self.text, "url": self.url}


@dataclass
class LevelView:
    """The figures of `region` and its children on `day`, for the indicators `user` may see."""

    user: object
    region: Region
    day: datetime.date
    keys: list[str] | None = None
    indicators: list[Indicator] = field(init=False)
    children: list[Region] = field(init=False)
    snapshot: Snapshot | None = field(init=False)

    def __post_init__(self):
        self.indicators = registry.visible_to(self.user, self.keys)
        child = codes.child_level(self.region.level)
        self.children = regions_at(self.region, child) if child else []
        self.snapshot = figures.snapshot_of(self.day)
        codes_here = [self.region.code, *(c.code for c in self.children)]
        self.today = figures.values_for(self.indicators, codes_here, self.day)
        self.yesterday = figures.values_for(self.indicators, [self.region.code], self.day - datetime.timedelta(1)) \
            if figures.Snapshot.objects.filter(day=self.day - datetime.timedelta(1)).exists() else {}

    def value(self, key: str, code: str | None = None) -> float | None:
        return self.today[key].get(code or self.region.code)

    def cards(self, headline_only: bool = False) -> list[Card]:
        chosen = [i for i in self.indicators if i.headline or not headline_only]
        return [Card(i, self.value(i.key), self.yesterday.get(i.key, {}).get(self.region.code),
                     action_link(i, self.region.code, self.day)) for i in chosen]

    def sections(self) -> list[dict]:
        """Per section: its indicators as columns and a row per child region, with the total and, when some rows
        carry only this region's code (not yet placed on a child), a row for those."""
        result = []
        for section in Section.ORDER:
            columns = [i for i in self.indicators if i.section == section]
            if not columns:
                continue
            rows = [{"code": c.code, "name": c.name, "url": drill_url(c.code),
                     "cells": [{"key": i.key, "value": self.value(i.key, c.code),
                                "text": i.format(self.value(i.key, c.code))} for i in columns]}
                    for c in self.children]
            unplaced = []
            for i in columns:
                if i.is_ratio:
                    unplaced.append(None)
                    continue
                total = self.value(i.key) or 0
                placed = sum(self.value(i.key, c.code) or 0 for c in self.children)
                unplaced.append(total - placed if self.children else 0)
            total_row = [{"key": i.key, "value": self.value(i.key), "text": i.format(self.value(i.key))}
                         for i in columns]
            result.append({"key": section, "label": Section.LABELS[section], "columns": columns, "rows": rows,
                           "total": total_row,
                           "unplaced": [{"value": v, "text": columns[n].format(v) if v else ""}
                                        for n, v in enumerate(unplaced)] if any(unplaced) else None})
        return result

    def actions(self) -> list[dict]:
        """The figures that need someone to act (overdue, unreachable, positive pools, late orders), with the list
        of names behind them: every visible indicator that has such a list and is not zero."""
        items = []
        for card in self.cards():
            if card.url and card.value and card.indicator.higher_is_better is False:
                items.append({"label": card.indicator.label, "value": card.indicator.format(card.value),
                              "unit": card.indicator.display_unit, "url": card.url})
        return items

    def trends(self, indicators: list[Indicator] | None = None) -> dict:
        chosen = indicators if indicators is not None else [i for i in self.indicators if i.headline]
        days = days_back(self.day)
        series = figures.history(chosen, self.region.code, days)
        return {"days": [d.isoformat() for d in days], "series": [
            {**indicator_json(i), "values": series[i.key]} for i in chosen]}

    def crumbs(self) -> list[dict]:
        """The regions above this one that the user may open, then this one."""
        visible = Region.objects.restrict(self.user).filter(code__in=codes.ancestor_codes(self.region.code))
        return [*({"label": r.name, "url": drill_url(r.code)} for r in visible.order_by("code")),
                {"label": self.region.name, "url": ""}]

    def as_json(self, level: str | None = None) -> dict:
        return {"day": self.day.isoformat(), "region": region_json(self.region),
                "computed_at": self.snapshot.computed_at.isoformat() if self.snapshot else None,
                "cards": [c.as_json() for c in self.cards()]}


def region_json(region: Region) -> dict:
    return {"code": region.code, "name": region.name, "level": region.level, "full_name": region.full_name}


def level_figures(user, region: Region, level: str, day: datetime.date, keys: list[str] | None = None) -> dict:
    """The figures of every region of `level` inside `region` (the map's and the figures API's answer)."""
    indicators = registry.visible_to(user, keys)
    regions = regions_at(region, level)
    table = figures.values_at_level(indicators, region.code, level, day, [r.code for r in regions])
    return {"day": day.isoformat(), "region": region_json(region), "level": level,
            "indicators": [indicator_json(i) for i in indicators],
            "regions": [{"code": r.code, "name": r.name} for r in regions],
            "values": table}
