"""海企通 help requests as hotline work orders (channel `enterprise`), through the hotline's own actions.

An enterprise account files a request: the 12345 centre's intake registers it for the enterprise's place and puts
it in the dispatch queue, so it gets the hotline's time limits, dispatch, signing, replies, extensions and KPIs.
Once the centre has accepted a department's reply (待回访) the enterprise itself is the callback: it confirms the
request solved and rates the answer (回访 → 办结), or reopens it with a reason (a dissatisfied 回访 → 重办, back to
the department). The hotline's actions run as the system actor acting for the enterprise; the timeline names the
enterprise and its user (the Event's `actor_name`)."""

from __future__ import annotations

import copy

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core.actions import require_actor
from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted
from wangge.hotline import actions as hotline
from wangge.hotline.choices import DISSATISFIED, Channel, Satisfaction, State
from wangge.hotline.models import Category, WorkOrder

ASK = "enterprises.ask_for_help"
SUBJECT_MAX = 100


def acting_for(user):
    """The system actor, named as the enterprise's user on the work order's timeline."""
    from wangge.accounts.selectors import system_actor

    actor = copy.copy(system_actor())
    actor.display_name = f"{user.enterprise.name}（{user.display_name or user.get_username()}）"[:150]
    return actor


def _enterprise_account(actor):
    require_actor(actor)
    if not actor.has_perm(ASK) or not getattr(actor, "enterprise_id", None):
        raise NotPermitted(_("Only an enterprise account may do this."))
    return actor.enterprise


def _own(actor, order) -> WorkOrder:
    enterprise = _enterprise_account(actor)
    pk = getattr(order, "pk", order)
    found = WorkOrder.objects.filter(pk=pk, enterprise=enterprise, channel=Channel.ENTERPRISE).first()
    if found is None:
        raise NotFound(_("Not found or outside your jurisdiction."))
    return found


def split_content(content: str) -> tuple[str, str]:
    """(subject, text) of a help request's work-order content (the subject is its first line)."""
    subject, _sep, text = (content or "").partition("\n")
    return subject, text


@transaction.atomic
def do_file_request(actor, *, subject: str, text: str, category) -> WorkOrder:
    """An enterprise asks for help: a work order of channel `enterprise` in the 12345 dispatch queue."""
    enterprise = _enterprise_account(actor)
    subject, text = (subject or "").strip(), (text or "").strip()
    if not subject:
        raise Invalid(_("Enter a subject."), "subject")
    if len(subject) > SUBJECT_MAX or "\n" in subject:
        raise Invalid(_("The subject is one line of at most 100 characters."), "subject")
    if not text:
        raise Invalid(_("Describe what you need."), "text")
    if category in (None, ""):
        raise Invalid(_("Category is required."), "category")
    cat = category if isinstance(category, Category) else Category.objects.filter(
        pk=category if str(category).isdigit() else None, active=True).first() or \
        Category.objects.filter(code=str(category), active=True).first()
    if cat is None or not cat.active:
        raise Invalid(_("Unknown category %(code)s.") % {"code": category}, "category")
    phone = actor.phone or enterprise.contact_phone
    try:
        phone = hotline.clean_phone(phone)
    except Invalid:
        phone = ""
    name = (actor.display_name or enterprise.contact_name or "")[:50]
    return hotline.do_intake(acting_for(actor), content=f"{subject}\n{text}", category=cat, region=enterprise.region,
                             caller_name=name, caller_phone=phone, channel=Channel.ENTERPRISE,
                             address=enterprise.address, enterprise=enterprise, queue=True,
                             note=_("Filed by the enterprise account."))


def _awaiting_feedback(order: WorkOrder) -> None:
    if order.state != State.PENDING_CALLBACK:
        raise Conflict(_("The request can be confirmed or reopened once the 12345 centre has passed on the answer."))


@transaction.atomic
def do_confirm(actor, order, *, satisfaction: str, note: str = "") -> WorkOrder:
    """The enterprise confirms the request is solved and rates the answer: 回访 with its rating, then 办结."""
    found = _own(actor, order)
    _awaiting_feedback(found)
    if satisfaction not in Satisfaction.values or satisfaction == Satisfaction.UNREACHED:
        raise Invalid(_("Choose one of the satisfaction levels."), "satisfaction")
    proxy = acting_for(actor)
    text = (note or "").strip() or _("Solved, confirmed by the enterprise.")
    hotline.do_callback(proxy, found, satisfaction=satisfaction, note=text)
    return hotline.do_close(proxy, found, note=text)


@transaction.atomic
def do_reopen(actor, order, *, reason: str, satisfaction: str = Satisfaction.DISSATISFIED) -> WorkOrder:
    """The enterprise says it is not solved: a dissatisfied 回访 with the reason, then 重办 (back to the
    department with a fresh time limit)."""
    found = _own(actor, order)
    _awaiting_feedback(found)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say why the request is not solved."), "reason")
    if satisfaction not in DISSATISFIED:
        raise Invalid(_("A reopened request is rated dissatisfied or very dissatisfied."), "satisfaction")
    proxy = acting_for(actor)
    hotline.do_callback(proxy, found, satisfaction=satisfaction, note=reason)
    return hotline.do_redo(proxy, found, reason=reason)
