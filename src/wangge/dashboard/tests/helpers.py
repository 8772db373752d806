"""Reading indicators in the apps' indicator tests: the live values of a count indicator at the grid, village and
town lengths, and the stored figures of any indicator after a refresh."""

from __future__ import annotations

import datetime
from collections import Counter

from wangge.conftest import DISTRICT
from wangge.dashboard import figures, registry
from wangge.regions import codes

GRID, VILLAGE_LEN, TOWN_LEN = codes.GRID_LENGTH, 12, 9


def live(key: str, day: datetime.date, length: int, region: str = DISTRICT) -> dict[str, float]:
    """The indicator's own values() (the one grouped query), zeros left out."""
    values = registry.get(key).values
    assert values is not None, key
    return {code: v for code, v in values(region, day, length).items() if v}


def at_levels(key: str, day: datetime.date, region: str = DISTRICT) -> dict[int, dict[str, float]]:
    return {length: live(key, day, length, region) for length in (GRID, VILLAGE_LEN, TOWN_LEN)}


def expected_levels(by_code: Counter | dict) -> dict[int, dict[str, float]]:
    """What the indicator must answer at each length for rows with these own codes (a row coded to a village
    comes back under its own code at grid length, and counts for nothing below it)."""
    out: dict[int, dict[str, float]] = {}
    for length in (GRID, VILLAGE_LEN, TOWN_LEN):
        level: Counter = Counter()
        for code, n in by_code.items():
            if n and len(code) >= 6:
                level[code[:length]] += n
        out[length] = dict(level)
    return out


def stored(keys: list[str], region_codes: list[str], day: datetime.date, refresh: bool = True) -> dict:
    """figures.values_for after refreshing the day's snapshot: {key: {code: value}}."""
    if refresh:
        figures.refresh(day)
    return figures.values_for([registry.get(k) for k in keys], region_codes, day)
