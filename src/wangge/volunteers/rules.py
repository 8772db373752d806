"""The duty rules of domain.md §9, as pure functions over people's shifts (no database, no clock).

    breaches = check_duties(duties, max_hours=12, only={new_ref})

A `Duty` is one person on duty from `start` to `end` (aware datetimes); `person` is whatever says "the same
human being" (the volunteers app passes `Volunteer.person_key`, so a cadre who is also a registered volunteer is one
person). The rules, each named by `choices.Rule`:

- a shift ends after it starts (`END_AFTER_START`);
- no overlapping shifts for one person (`NO_OVERLAP`; back to back is fine);
- no more than `max_hours` on duty in any 24 hours (`MAX_HOURS`). The worst 24-hour window of a person starts at
  the start of one of their shifts or ends at the end of one (slide any other window until one of its edges meets
  a shift's edge: its hours do not fall), so those are the only windows looked at.

With `only` (refs of the duties being planned), a breach is reported only when it involves one of them: the plan
being made is refused, not the plan already standing. Without it, the whole plan is checked (bench/duty_plan.py).
"""

from __future__ import annotations

import datetime
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from .choices import Rule

WINDOW = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class Duty:
    person: str
    start: datetime.datetime
    end: datetime.datetime
    ref: Hashable = None  # the caller's handle (a sign-up id, or a marker for a shift being planned)
    label: str = ""  # how a message names the shift ("大石村卡口 08:00–16:00")

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class Breach:
    rule: str
    person: str
    duty: Duty  # the shift that breaks the rule (one being planned, when `only` was given)
    other: Duty | None = None  # the overlapping shift
    window_start: datetime.datetime | None = None  # the 24 hours with too many hours on duty
    hours: float | None = None  # the hours on duty in that window


def overlap_hours(a_start, a_end, b_start, b_end) -> float:
    seconds = (min(a_end, b_end) - max(a_start, b_start)).total_seconds()
    return seconds / 3600 if seconds > 0 else 0.0


def check_duties(duties: Iterable[Duty], *, max_hours: float, only: set | None = None) -> list[Breach]:
    """Every breach of the rules among `duties` (see the module docstring); at most one 24-hour breach per person
    (their worst window)."""
    by_person: dict[str, list[Duty]] = defaultdict(list)
    breaches: list[Breach] = []
    for duty in duties:
        if duty.end <= duty.start:
            if only is None or duty.ref in only:
                breaches.append(Breach(Rule.END_AFTER_START, duty.person, duty))
            continue
        by_person[duty.person].append(duty)
    for person, mine in by_person.items():
        if only is not None and not any(d.ref in only for d in mine):
            continue
        mine.sort(key=lambda d: (d.start, d.end))
        breaches += _overlaps(person, mine, only)
        worst = _worst_window(mine, max_hours, only)
        if worst is not None:
            breaches.append(worst)
    return breaches


def _overlaps(person: str, mine: list[Duty], only: set | None) -> list[Breach]:
    found = []
    latest: Duty | None = None  # the shift seen so far that ends last
    for duty in mine:
        if latest is not None and duty.start < latest.end:
            if only is None or duty.ref in only or latest.ref in only:
                new, old = (latest, duty) if (only is not None and latest.ref in only and duty.ref not in only) \
                    else (duty, latest)
                found.append(Breach(Rule.NO_OVERLAP, person, new, other=old))
        if latest is None or duty.end > latest.end:
            latest = duty
    return found


def _worst_window(mine: list[Duty], max_hours: float, only: set | None) -> Breach | None:
    """The 24 hours with the most hours on duty, if they are more than `max_hours` (and, with `only`, the window
    holds one of those shifts)."""
    if sum(d.hours for d in mine) <= max_hours:
        return None  # the common case: a person's whole list fits in the limit
    starts = [d.start for d in mine]
    longest = max(d.end - d.start for d in mine)
    best: tuple[float, datetime.datetime] | None = None
    candidates = {d.start for d in mine} | {d.end - WINDOW for d in mine}
    for window_start in sorted(candidates):
        window_end = window_start + WINDOW
        first = bisect_left(starts, window_start - longest)
        last = bisect_left(starts, window_end)
        inside = [d for d in mine[first:last] if d.end > window_start]
        if only is not None and not any(d.ref in only for d in inside):
            continue
        total = sum(overlap_hours(d.start, d.end, window_start, window_end) for d in inside)
        if total > max_hours + 1e-9 and (best is None or total > best[0] + 1e-9):
            best = (total, window_start)
    if best is None:
        return None
    total, window_start = best
    window_end = window_start + WINDOW
    inside = [d for d in mine if d.start < window_end and d.end > window_start]
    culprit = next((d for d in inside if only is None or d.ref in only), inside[0])
    return Breach(Rule.MAX_HOURS, culprit.person, culprit, window_start=window_start, hours=round(total, 2))


def age_on(birth_date: datetime.date | None, day: datetime.date) -> int | None:
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
