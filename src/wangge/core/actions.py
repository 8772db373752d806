"""Core actions every app uses: the actor check, and the logged reveal and call of a person's full number.

An action is `do_<verb>(actor, obj, *, …)`: one transaction, the audit row written with the change, a refusal
raised as a `core.errors.ActionError` subclass. There is always an actor: a user, or the system actor of
background work (`accounts.selectors.system_actor`); `None` is refused, never read as "everyone".
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from .errors import Invalid, NotFound, NotPermitted
from .ids import normalize_phone
from .models import AccessKind, AccessReason, log_access

REVEAL_PERMISSION = "accounts.reveal_personal_data"
CALL_PERMISSION = "people.call_resident"


def require_actor(actor) -> None:
    """Refuse an action called without an actor (403): background work acts as the system actor."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotPermitted(_("This action needs an acting user."))


def require_perm(actor, perm: str, message: str | None = None) -> None:
    require_actor(actor)
    if not actor.has_perm(perm):
        raise NotPermitted(message or _("Your role does not allow this action."))


def require_in_scope(actor, obj) -> None:
    """The object must lie inside the actor's jurisdiction (404 otherwise: existence does not leak)."""
    model = type(obj)
    if not model._default_manager.restrict(actor).filter(pk=obj.pk).exists():
        raise NotFound(_("Not found or outside your jurisdiction."))


def do_import(actor, importer, path, *, rejected_path=None, progress: bool = False):
    """Run an `Importer` on a file as `actor`, who must be allowed to add the importer's model rows. Good rows
    are committed in batches, rejected ones written to their file with the reason (core.imports)."""
    model = importer.model
    require_perm(actor, f"{model._meta.app_label}.add_{model._meta.model_name}",
                 _("Your role may not import %(things)s.") % {"things": model._meta.verbose_name_plural})
    return importer.run(path, rejected_path=rejected_path, progress=progress)


def _reason(reason: str, note: str) -> tuple[str, str]:
    if reason not in AccessReason.values:
        raise Invalid(_("Say why you need the full number."), field="reason")
    note = (note or "").strip()
    if reason == AccessReason.OTHER and not note:
        raise Invalid(_("Describe the reason."), field="reason_note")
    return reason, note


@transaction.atomic
def do_reveal(actor, obj, *, fields: tuple[str, ...], reason: str, note: str = "") -> dict[str, str]:
    """Show the full values of `fields` of `obj` once: needs the reveal permission and a reason, writes the
    access-log row. Returns {field: full value}."""
    require_perm(actor, REVEAL_PERMISSION, _("You may not reveal personal data."))
    require_in_scope(actor, obj)
    reason, note = _reason(reason, note)
    log_access(AccessKind.REVEAL, obj, fields=",".join(fields), masked=False, reason=reason, reason_note=note)
    return {name: getattr(obj, name) or "" for name in fields}


@transaction.atomic
def do_call(actor, obj, *, phone_field: str = "phone", reason: str, note: str = "") -> str:
    """Place a call to the person of `obj` without showing the number: needs the call permission (or the
    reveal), a reason, and writes the access-log row (who, whom, why, when). Returns the number to dial."""
    require_actor(actor)
    if not (actor.has_perm(CALL_PERMISSION) or actor.has_perm(REVEAL_PERMISSION)):
        raise NotPermitted(_("Your role does not allow calling people."))
    require_in_scope(actor, obj)
    reason, note = _reason(reason, note)
    number = (getattr(obj, phone_field, "") or "").strip()
    if not number:
        raise Invalid(_("No phone number is recorded for this person."), field=phone_field)
    try:
        number = normalize_phone(number)
    except ValueError:
        pass  # a landline as the hotline recorded it: dial it as it is
    log_access(AccessKind.CALL, obj, fields=phone_field, masked=False, reason=reason, reason_note=note)
    return number
