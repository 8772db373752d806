"""Policy fixtures: the shipped documents parsed (no database), and the shipped versions stored and active."""

import datetime

import pytest

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
