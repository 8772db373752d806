"""Accounts' actions: open an account, change its role or jurisdiction, close it, grant or withdraw the reveal.

Who may do this is the role table's answer (`accounts.add_user`, `accounts.change_user`); an actor can only
place an account inside their own jurisdiction, never give the system role, and only someone who may reveal
personal data can grant that to another person (every grant is in the change log).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core.actions import require_in_scope, require_perm
from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted

from .choices import PERSON_ROLES
from .models import User
from .roles import PERSONAL_GRANT

if TYPE_CHECKING:
    from wangge.regions.models import Region


def _check_role_and_region(actor, role: str, region: Region | None) -> None:
    if role not in PERSON_ROLES:
        raise Invalid(_("Choose one of the roles a person can hold."), field="role")
    if region is None:
        raise Invalid(_("Every account needs a jurisdiction."), field="region")
    try:
        require_in_scope(actor, region)
    except NotFound:
        raise Invalid(_("This region is outside your jurisdiction."), field="region") from None


@transaction.atomic
def do_create_account(actor, *, username: str, role: str, region: Region | None, display_name: str = "",
                      phone: str = "", password: str | None = None) -> User:
    """A person's login with a role and a jurisdiction inside the actor's. Without a password the account
    cannot log in until one is set."""
    require_perm(actor, "accounts.add_user", _("Your role may not open accounts."))
    username = (username or "").strip()
    if not username:
        raise Invalid(_("This field is required."), field="username")
    if User.objects.filter(username=username).exists():
        raise Invalid(_("This user name is taken."), field="username")
    _check_role_and_region(actor, role, region)
    user = User(username=username, role=role, region=region, display_name=display_name.strip(), phone=phone)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def _locked_account(actor, account: User) -> User:
    require_perm(actor, "accounts.change_user", _("Your role may not change accounts."))
    account = User.objects.select_for_update(of=("self",)).get(pk=account.pk)
    if account.is_system:
        raise NotPermitted(_("The system account cannot be changed."))
    if not User.objects.restrict(actor).filter(pk=account.pk).exists():
        raise NotFound(_("Not found or outside your jurisdiction."))
    return account


@transaction.atomic
def do_change_account(actor, account: User, *, role: str, region: Region | None, display_name: str | None = None,
                      phone: str | None = None) -> User:
    """New duty or new jurisdiction for an account (both inside the actor's jurisdiction)."""
    account = _locked_account(actor, account)
    _check_role_and_region(actor, role, region)
    account.role, account.region = role, region
    if display_name is not None:
        account.display_name = display_name.strip()
    if phone is not None:
        account.phone = phone
    account.save()
    return account


@transaction.atomic
def do_deactivate_account(actor, account: User) -> User:
    """Close an account: it can no longer log in; its history keeps its name."""
    account = _locked_account(actor, account)
    if account.pk == actor.pk:
        raise Conflict(_("You cannot close your own account."))
    if not account.is_active:
        raise Conflict(_("This account is already closed."))
    account.is_active = False
    account.save()
    return account


@transaction.atomic
def do_set_reveal(actor, account: User, *, granted: bool) -> User:
    """Grant (or withdraw) the permission to reveal full ID numbers and phones: a person's grant, never a role's,
    given only by someone who holds it."""
    account = _locked_account(actor, account)
    if not actor.has_perm(PERSONAL_GRANT) and not actor.is_system:
        raise NotPermitted(_("Only someone who may reveal personal data can grant it."))
    app_label, codename = PERSONAL_GRANT.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    if granted:
        account.user_permissions.add(permission)
    else:
        account.user_permissions.remove(permission)
    for cache in ("_perm_cache", "_user_perm_cache"):
        account.__dict__.pop(cache, None)
    return account
