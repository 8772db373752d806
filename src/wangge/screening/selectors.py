"""Public reads of the screening app for other apps (follow-up, the command centre)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from .models import Flag, RiskArea


def pushed_at(flag: Flag) -> datetime.datetime:
    """When the flag's person was pushed: the screening run's time (`ScreeningRun.as_of`, the moment the pushed list
    was screened). Follow-up counts the verify deadline from it (issue 17.7), not from when it opened the task."""
    return flag.run.as_of


def pushed_at_by_flag(flag_ids: Iterable[int]) -> dict[int, datetime.datetime]:
    """{flag id: push time} for many flags in one query."""
    ids = list(flag_ids)
    rows = Flag.objects.filter(pk__in=ids).values_list("pk", "run__as_of")
    return {pk: at for pk, at in rows}


def designations_in_force(at: datetime.datetime):
    """The risk-area designations in force at `at` (public notices: not scoped)."""
    return RiskArea.objects.in_force(at)
