"""Public reads of the policies app: the version in force, who may change policies, the preview of a switch."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from wangge.core import clock

from .evaluation import Change, FollowUpFacts, preview_switch
from .models import PolicyVersion


def version_in_force(at: datetime.datetime | datetime.date | None = None) -> PolicyVersion | None:
    """The active version in force at `at` (default: the clock's now); None when there is none."""
    return PolicyVersion.objects.in_force(at if at is not None else clock.now())


def can_change_policies(user: Any) -> bool:
    """District administrators (and superusers, and the system actor) change policies; everyone logged in may read
    them (accounts/roles.py)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.has_perm("policies.change_policyversion"))


def followup_facts(user: Any) -> list[FollowUpFacts]:
    """Facts about everyone under follow-up that `user` may see (follow-up's public read)."""
    from wangge.followup.selectors import policy_switch_facts

    return list(policy_switch_facts(user))


@dataclass(frozen=True)
class SwitchPreview:
    """What switching to `version` would change: the follow-ups whose plan changes, out of `examined`."""

    version: PolicyVersion
    current: PolicyVersion | None
    effective_from: datetime.date
    today: datetime.date
    changes: list[Change]
    examined: int


def preview_activation(user: Any, version: PolicyVersion, *, effective_from: datetime.date | None = None,
                       today: datetime.date | None = None,
                       facts: Iterable[FollowUpFacts] | None = None) -> SwitchPreview:
    """Compare each follow-up's plan under the version in force today with its plan under `version`."""
    facts = list(followup_facts(user) if facts is None else facts)
    day = today or next((f.today for f in facts if f.today is not None), None) or clock.today()
    current = PolicyVersion.objects.in_force(day)
    old_doc = current.document if current is not None else None
    changes = preview_switch(old_doc, version.document, facts, today=day)
    return SwitchPreview(version=version, current=current, effective_from=effective_from or version.effective_from,
                         today=day, changes=changes, examined=len(facts))
