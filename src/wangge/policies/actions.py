"""State changes of policy versions. Each is one transaction that writes its own audit events.

    do_save_draft(actor, None, yaml_text=text)        # a new draft (or `version` to replace a draft's text)
    do_activate(actor, version, effective_from=day)   # the draft becomes the active version; the previous one ends
    do_retire(actor, version)
    do_load_policies(actor, directory, activate=True) # the shipped files, idempotent

Refusals: `PolicyError` (a core.errors.Invalid naming the line and field), `Conflict` for a version whose status
forbids the action, `NotPermitted` without the permission to change policies. There is always an actor: the CLI
and the demo act as the system actor."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.actions import require_perm
from wangge.core.context import acting_as, bulk_changes, current_actor, current_request_id
from wangge.core.errors import Conflict
from wangge.core.models import ChangeAction, log_change

from .choices import VersionStatus
from .models import PolicyVersion
from .schema import PolicyError, field_line, parse_policy, shipped_files
from .selectors import can_change_policies  # noqa: F401 (pages and the API ask it here too)
from .signals import policy_activated

CHANGE_PERMISSION = "policies.change_policyversion"


def _require_admin(actor: Any) -> None:
    require_perm(actor, CHANGE_PERMISSION, _("Only district administrators may change policies."))


@contextmanager
def _acting(user: Any) -> Iterator[None]:
    """Record changes under `user` when no actor is bound yet (an action called from a test or a script)."""
    if current_actor() is not None:
        yield
        return
    with acting_as(user, request_id=current_request_id() or None):
        yield


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


# ---------------------------------------------------------------------------------------------- drafts


@transaction.atomic
def do_save_draft(actor: Any, version: PolicyVersion | None, *, yaml_text: str) -> PolicyVersion:
    """Create (`version` None) or, for an existing draft, replace a draft from YAML text. Invalid YAML, a code taken
    by another version, or a period that collides with an active version is refused with a PolicyError naming the
    line; a version that is no longer a draft is a Conflict."""
    _require_admin(actor)
    with _acting(actor):
        return _save_draft(yaml_text, version)


def _save_draft(yaml_text: str, version: PolicyVersion | None) -> PolicyVersion:
    if version is not None:
        version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise Conflict(_("only a draft can be edited; upload a new version instead"), field="yaml_text")
    else:
        version = PolicyVersion()
    version.load_yaml(yaml_text)
    taken = PolicyVersion.objects.filter(code=version.code).exclude(pk=version.pk).exists()
    if taken:
        raise PolicyError(_("a version with code %(code)s already exists") % {"code": version.code},
                          line=field_line(yaml_text, "code"), field="code")
    version.check_no_overlap()
    version.save()
    return version


# ---------------------------------------------------------------------------------------------- activation


@dataclass(frozen=True)
class Activation:
    """The state after an activation: the version now active, and the one it ended (if any)."""

    version: PolicyVersion
    previous: PolicyVersion | None
    note: str
    followups_recomputed: int | None = None


@transaction.atomic
def do_activate(actor: Any, version: PolicyVersion, *, effective_from: datetime.date | None = None) -> Activation:
    """Make a draft the active version from `effective_from` (default: its document's date). The active version
    in force just before that date ends there; a collision with any other active version is refused and
    nothing changes. One logged action: an audit event per touched version with a note saying what happened."""
    _require_admin(actor)
    with _acting(actor):
        return _activate(version, actor, effective_from)


def _activate(version: PolicyVersion, user: Any, effective_from: datetime.date | None) -> Activation:
    # Lock every active row so two concurrent activations cannot both pass the overlap check.
    list(PolicyVersion.objects.active().select_for_update().order_by("pk"))
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise Conflict(_("version %(code)s is %(status)s; only a draft can be activated") % {
            "code": version.code, "status": version.get_status_display()})
    version.load_yaml(version.yaml_text)  # re-validate: the schema may be stricter than when it was saved
    start = effective_from or version.effective_from
    if version.effective_to is not None and version.effective_to <= start:
        raise PolicyError(_("effective_from must be before the version's effective_to %(to)s") % {
            "to": version.effective_to.isoformat()}, line=field_line(version.yaml_text, "effective_from"),
            field="effective_from")
    version.check_no_overlap(start)

    previous = version.predecessor(start)
    note = _("Activated policy version %(code)s from %(start)s") % {"code": version.code, "start": start.isoformat()}
    if previous is not None:
        note += _("; version %(code)s ends on %(start)s") % {"code": previous.code, "start": start.isoformat()}
    now = clock.now()
    with bulk_changes():  # our own events below carry the note; the generic signal events would repeat them
        if previous is not None:
            before = _jsonable(previous.snapshot())
            previous.effective_to = start
            previous.save()
            log_change(previous, ChangeAction.UPDATE, before=before, after=_jsonable(previous.snapshot()), note=note)
        before = _jsonable(version.snapshot())
        version.effective_from = start
        version.status = VersionStatus.ACTIVE
        version.applied_by = user
        version.applied_at = now
        version.save()
        log_change(version, ChangeAction.UPDATE, before=before, after=_jsonable(version.snapshot()), note=note)
    # Receivers act in this transaction (follow-up recomputes everyone's plan and returns how many changed).
    answers: list[Any] = [n for _receiver, n in policy_activated.send(PolicyVersion, version=version,
                                                                      previous=previous, actor=user)]
    counts = [n for n in answers if isinstance(n, int)]
    recomputed: int | None = sum(counts) if counts else None
    return Activation(version=version, previous=previous, note=note, followups_recomputed=recomputed)


@transaction.atomic
def do_retire(actor: Any, version: PolicyVersion) -> PolicyVersion:
    """Withdraw a version (a draft never to be used, or an active version entered by mistake). The periods
    of the other versions are not touched."""
    _require_admin(actor)
    with _acting(actor):
        return _retire(version)


def _retire(version: PolicyVersion) -> PolicyVersion:
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status == VersionStatus.RETIRED:
        raise Conflict(_("version %(code)s is already retired") % {"code": version.code})
    before = _jsonable(version.snapshot())
    with bulk_changes():
        version.status = VersionStatus.RETIRED
        version.save()
        log_change(version, ChangeAction.UPDATE, before=before, after=_jsonable(version.snapshot()),
                   note=_("Retired policy version %(code)s") % {"code": version.code})
    return version


# ---------------------------------------------------------------------------------------------- shipped files


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    activated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@transaction.atomic
def do_load_policies(actor: Any, directory: Path | str | None = None, *, activate: bool = False) -> LoadResult:
    """Load the policy files of `directory` (default: the shipped A, B, E, F). Idempotent: a file whose text
    is unchanged does nothing; a changed text updates the stored version's text and document (an active
    version keeps its dates). With `activate`, drafts are activated in order of their effective dates."""
    _require_admin(actor)
    user = actor
    result = LoadResult()
    loaded: list[PolicyVersion] = []
    for path in shipped_files(directory):
        text = path.read_text(encoding="utf-8")
        try:
            document = parse_policy(text)
        except PolicyError as exc:
            raise PolicyError(f"{path.name}: {exc.message}", line=exc.line, field=exc.field) from None
        version = PolicyVersion.objects.filter(code=document["code"]).first()
        if version is None:
            loaded.append(do_save_draft(user, None, yaml_text=text))
            result.created.append(document["code"])
            continue
        loaded.append(version)
        if version.yaml_text == text:
            result.unchanged.append(version.code)
            continue
        if version.status == VersionStatus.DRAFT:
            do_save_draft(user, version, yaml_text=text)
        else:
            keep = (version.effective_from, version.effective_to)
            version.load_yaml(text)
            version.effective_from, version.effective_to = keep
            version.save()
        result.updated.append(version.code)
    if activate:
        for version in sorted(loaded, key=lambda v: v.effective_from):
            version.refresh_from_db()
            if version.status == VersionStatus.DRAFT:
                do_activate(user, version)
                result.activated.append(version.code)
    return result


def ensure_shipped_policies(actor: Any = None, *, activate: bool = True) -> LoadResult:
    """Make sure the shipped versions A, B, E, F are stored (and active, chained by date). Safe to call often:
    the demo and tests call it. Called without an actor it acts as the system actor (explicitly: the shipped
    files are the district's own defaults, not anyone's edit)."""
    from wangge.accounts.selectors import system_actor

    return do_load_policies(actor or system_actor(), activate=activate)
