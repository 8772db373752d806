"""Accounts' public reads for other apps."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import User

SYSTEM_USERNAME = "system"


def system_actor() -> User:
    """The actor of background work: the worker, the demo, CLI commands run without `--as`.

    One inactive account with the system role (it sees everything, holds every permission but the reveal, and
    cannot log in: no usable password, not active). Created on first use, so a fresh database needs no step."""
    from .choices import Role
    from .models import User

    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = User(username=SYSTEM_USERNAME, role=Role.SYSTEM, is_active=False, display_name="系统")
        user.set_unusable_password()
        user.save()
    return user


def user_by_username(username: str) -> User | None:
    from .models import User

    return User.objects.filter(username=username).first()
