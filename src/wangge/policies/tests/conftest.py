"""Policy fixtures: the shipped documents parsed (no database), and the shipped versions stored and active."""

import datetime

import pytest

from wangge.core import clock
from wangge.policies.schema import parse_policy, shipped_files


def read_shipped(code: str) -> str:
    for path in shipped_files():
        if path.name.startswith(f"{code}-"):
            return path.read_text(encoding="utf-8")
    raise LookupError(code)


@pytest.fixture(scope="session")
def docs():
    """{"A": document, "B": …, "E": …, "F": …}."""
    return {doc["code"]: doc for doc in (parse_policy(p.read_text(encoding="utf-8")) for p in shipped_files())}


@pytest.fixture
def shipped(db):
    """The four shipped versions stored and active, chained by date."""
    from wangge.policies.actions import ensure_shipped_policies
    from wangge.policies.models import PolicyVersion

    ensure_shipped_policies()
    return {v.code: v for v in PolicyVersion.objects.all()}


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


TODAY = datetime.date(2023, 1, 10)


def g_text(effective_from="2023-01-08"):
    """A draft G: F with 10 days of home isolation for high-risk arrivals."""
    text = read_shipped("F").replace("code: F", "code: G").replace("effective_from: 2022-11-11",
                                                                   f"effective_from: {effective_from}")
    old = "        days: 7\n        nat_days: [1, 3, 5, 7]"
    return text.replace(old, old.replace("days: 7", "days: 10"))


@pytest.fixture
def draft(shipped, admin_user):
    from wangge.policies.actions import do_save_draft

    return do_save_draft(admin_user, None, yaml_text=g_text())


@pytest.fixture
def facts(monkeypatch):
    """Two people under follow-up: a high-risk arrival (plan changes under G) and a close contact (it does not)."""
    from wangge.policies import selectors
    from wangge.policies.evaluation import FollowUpFacts

    people = [
        FollowUpFacts(1, "张*", "high", datetime.date(2023, 1, 9), (datetime.date(2023, 1, 9),), TODAY),
        FollowUpFacts(2, "李*", "close_contact", datetime.date(2023, 1, 9), (), TODAY),
    ]
    monkeypatch.setattr(selectors, "followup_facts", lambda user: people)
    monkeypatch.setattr(clock, "_frozen", clock.at(TODAY))  # the clock stopped on that day
    return people
