"""Every work-order transition is a named, atomic action: it locks the order, re-checks who may act and
whether the state machine allows it, changes the order and appends an Event (who, when, from, to, note).

Errors: InvalidInput (400, names the field), NotPermitted (403), TransitionNotAllowed (409); nothing is
written when one is raised.
"""

from __future__ import annotations

import datetime
import re
import secrets
import time
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.errors import ActionError, Conflict, Invalid, NotFound, NotPermitted  # noqa: F401
from wangge.core.ids import normalize_phone

from . import deadlines, states
from .choices import DISSATISFIED, Channel, EventKind, Satisfaction, State, Urgency
from .models import Category, Department, Event, KnowledgeArticle, OrderSequence, WorkOrder
from .scoping import can_see, is_centre, user_department
from .text import index_tokens

# The refusals are core.errors' (a transition the state machine forbids is a Conflict, 409).
HotlineError = ActionError
InvalidInput = Invalid
TransitionNotAllowed = Conflict


LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _actor_name(user) -> str:
    return user.get_username() if user is not None else "system"


def _event(order: WorkOrder, kind: str, user, when: datetime.datetime, from_state: str, note: str = "",
           department: Department | None = None, **extra: Any) -> Event:
    return Event.objects.create(order=order, kind=kind, time=when, actor=user, actor_name=_actor_name(user),
                                from_state=from_state, to_state=order.state,
                                department=department if department is not None else order.department,
                                category_id=order.category_id,
                                note=note, **extra)


def _locked(order: WorkOrder | int) -> WorkOrder:
    pk = order.pk if isinstance(order, WorkOrder) else order
    return WorkOrder.objects.select_for_update(of=("self",)).select_related("category", "department").get(pk=pk)


def _check(order: WorkOrder, action: str, user) -> None:
    """Scope, role and state checks shared by every transition."""
    if not can_see(user, order):
        raise NotFound(_("Work order not found."))
    sources, _to, who = states.TRANSITIONS[action]
    if who == states.CENTRE and not is_centre(user):
        raise NotPermitted(_("Only the 12345 centre may do this."))
    if who == states.DEPARTMENT and user is not None and not user.is_superuser:
        department = user_department(user)
        if department is None or department.pk != order.department_id:
            raise NotPermitted(_("Only the department holding this order may do this."))
    if order.state not in sources:
        raise TransitionNotAllowed(
            _("Cannot %(action)s an order that is %(state)s.")
            % {"action": EVENT_LABELS.get(action, action), "state": order.get_state_display()})


EVENT_LABELS = {
    "answer_directly": EventKind.ANSWER.label, "queue": EventKind.QUEUE.label, "dispatch": EventKind.DISPATCH.label,
    "sign": EventKind.SIGN.label, "reply": EventKind.REPLY.label, "return_order": EventKind.RETURN.label,
    "request_extension": EventKind.REQUEST_EXTENSION.label, "approve_extension": EventKind.APPROVE_EXTENSION.label,
    "reject_extension": EventKind.REJECT_EXTENSION.label, "urge": EventKind.URGE.label,
    "supervise": EventKind.SUPERVISE.label, "accept_reply": EventKind.ACCEPT_REPLY.label,
    "callback": EventKind.CALLBACK.label, "close": EventKind.CLOSE.label, "redo": EventKind.REDO.label,
}


def _move(order: WorkOrder, action: str) -> str:
    from_state = order.state
    order.state = states.target(action, from_state)
    return from_state


def next_number(day: datetime.date) -> str:
    """12345-YYYYMMDD-NNNNNN, numbered per day: one upsert, safe under concurrent intakes."""
    table = OrderSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (day, last) VALUES (%s, 1) ON CONFLICT (day) "
                       f"DO UPDATE SET last = {table}.last + 1 RETURNING last", [day])
        last = cursor.fetchone()[0]
    return f"12345-{day:%Y%m%d}-{last:06d}"


class _TtlCache:
    """A small per-process cache for catalogue rows that change rarely (categories, regions): intake looks
    them up on every call, and a minute of staleness after an admin edit is harmless."""

    def __init__(self, seconds: float = 60.0):
        self.seconds, self.data = seconds, {}

    def get(self, key, load):
        now = time.monotonic()
        hit = self.data.get(key)
        if hit is not None and now - hit[0] < self.seconds:
            return hit[1]
        value = load()
        if value is not None:
            self.data[key] = (now, value)
        return value


_categories = _TtlCache()
_regions = _TtlCache()


def clean_phone(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if LANDLINE_RE.match(value):
        return value.replace("-", "")
    try:
        return normalize_phone(value)
    except ValueError:
        raise InvalidInput(_("Caller phone is not a valid mobile or landline number."), "caller_phone") from None


def resolve_category(category) -> Category:
    if isinstance(category, Category):
        return category
    if category in (None, ""):
        raise InvalidInput(_("Category is required."), "category")
    found = _categories.get(str(category), lambda: Category.objects.filter(code=str(category), active=True).first())
    if found is None and str(category).isdigit():
        found = Category.objects.filter(pk=int(category), active=True).first()
    if found is None:
        raise InvalidInput(_("Unknown category %(code)s.") % {"code": category}, "category")
    return found


def resolve_region(region):
    from wangge.regions.models import Region

    if region in (None, ""):
        return None
    if isinstance(region, Region):
        return region
    found = _regions.get(str(region), lambda: Region.objects.filter(code=str(region)).first())
    if found is None:
        raise InvalidInput(_("Unknown region %(code)s.") % {"code": region}, "region")
    return found


def resolve_department(department) -> Department:
    if isinstance(department, Department):
        return department
    found = Department.objects.filter(code=str(department), active=True).first() if department else None
    if found is None and department and str(department).isdigit():
        found = Department.objects.filter(pk=int(department), active=True).first()
    if found is None:
        raise InvalidInput(_("Unknown department %(code)s.") % {"code": department}, "department")
    return found


@transaction.atomic
def intake(user, *, content: str, category, region=None, caller_name: str = "", caller_phone: str = "",
           channel: str = Channel.PHONE, urgency: str = Urgency.NORMAL, address: str = "",
           received_at: datetime.datetime | None = None, answer: str = "", article: KnowledgeArticle | None = None,
           department=None, duplicate_of: WorkOrder | None = None, api_key=None, latitude=None,
           longitude=None, note: str = "") -> WorkOrder:
    """Register a request (受理). With `answer` it is answered at once (直接答复); with `department` it is
    dispatched at once; otherwise it waits for dispatch."""
    if not is_centre(user):
        raise NotPermitted(_("Only the 12345 centre may register work orders."))
    content = (content or "").strip()
    if not content:
        raise InvalidInput(_("Content is required."), "content")
    cat = resolve_category(category)
    place = resolve_region(region)
    if channel not in Channel.values:
        raise InvalidInput(_("Unknown channel %(value)s.") % {"value": channel}, "channel")
    if urgency not in Urgency.values:
        raise InvalidInput(_("Unknown urgency %(value)s.") % {"value": urgency}, "urgency")
    phone = clean_phone(caller_phone)
    dept = resolve_department(department) if department else None
    when = _now(received_at)
    urgent = urgency == Urgency.URGENT or cat.urgent
    limit = deadlines.deadline_after(when, 0 if urgent else cat.time_limit_days)
    order = WorkOrder.objects.create(
        number=next_number(deadlines.local_date(when)), channel=channel, caller_name=(caller_name or "").strip()[:50],
        caller_phone=phone, content=content, tokens=index_tokens(content), address=(address or "")[:200],
        region=place, region_code=place.code if place else "", category=cat,
        urgency=Urgency.URGENT if urgent else Urgency.NORMAL, state=State.RECEIVED, received_at=when,
        deadline=limit, due_at=limit, duplicate_of=duplicate_of, api_key=api_key, latitude=latitude,
        longitude=longitude,
        open311_token=secrets.token_hex(8) if api_key is not None or channel == Channel.OPEN311 else "")
    if user is not None and not user.is_superuser and not can_see(user, order):
        raise InvalidInput(_("The place is outside your jurisdiction."), "region")
    _event(order, EventKind.INTAKE, user, when, "", note=note)
    if duplicate_of is not None:
        _event(order, EventKind.LINK_DUPLICATE, user, when, order.state, note=duplicate_of.number)
    if answer or article:
        answer_directly(user, order, answer=answer, article=article, now=when)
        order.refresh_from_db()
    elif dept is not None:
        dispatch(user, order, dept, now=when)
        order.refresh_from_db()
    return order


@transaction.atomic
def answer_directly(user, order, *, answer: str = "", article: KnowledgeArticle | None = None,
                    now: datetime.datetime | None = None) -> WorkOrder:
    """直接答复: the operator answers from the knowledge base; the order is finished on the spot."""
    order = _locked(order)
    _check(order, "answer_directly", user)
    text = (answer or (article.answer if article else "")).strip()
    if not text:
        raise InvalidInput(_("An answer is required."), "answer")
    when = _now(now)
    from_state = _move(order, "answer_directly")
    order.answer, order.knowledge_article, order.finished_at, order.closed_at = text, article, when, when
    order.save(update_fields=["state", "answer", "knowledge_article", "finished_at", "closed_at", "updated"])
    _event(order, EventKind.ANSWER, user, when, from_state, note=text[:500], on_time=True)
    return order


@transaction.atomic
def queue(user, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """Put a received order in the dispatch queue (待派单)."""
    order = _locked(order)
    _check(order, "queue", user)
    when = _now(now)
    from_state = _move(order, "queue")
    order.save(update_fields=["state", "updated"])
    _event(order, EventKind.QUEUE, user, when, from_state, note=note)
    return order


@transaction.atomic
def dispatch(user, order, department, *, note: str = "", category=None,
             now: datetime.datetime | None = None) -> WorkOrder:
    """派单 to a department; the signing clock starts. The operator may correct the category."""
    order = _locked(order)
    _check(order, "dispatch", user)
    dept = resolve_department(department)
    when = _now(now)
    fields = ["state", "department", "dispatched_at", "sign_due_at", "signed_at", "updated"]
    if category is not None:
        cat = resolve_category(category)
        if cat.pk != order.category_id:
            order.category = cat
            order.deadline = order.due_at = deadlines.deadline_for(cat, order.received_at)
            fields += ["category", "deadline", "due_at"]
    from_state = _move(order, "dispatch")
    order.department, order.dispatched_at, order.signed_at = dept, when, None
    order.sign_due_at = deadlines.sign_deadline(when, order.urgency == Urgency.URGENT)
    order.save(update_fields=fields)
    _event(order, EventKind.DISPATCH, user, when, from_state, note=note)
    return order


@transaction.atomic
def sign(user, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """签收: the department accepts the order and starts handling it."""
    order = _locked(order)
    _check(order, "sign", user)
    when = _now(now)
    from_state = _move(order, "sign")
    order.signed_at = when
    order.save(update_fields=["state", "signed_at", "updated"])
    _event(order, EventKind.SIGN, user, when, from_state, note=note,
           on_time=order.sign_due_at is None or when <= order.sign_due_at)
    return order


@transaction.atomic
def reply(user, order, *, answer: str, now: datetime.datetime | None = None) -> WorkOrder:
    """回复: the department reports what it did; handling is finished (the on-time clock stops here)."""
    order = _locked(order)
    _check(order, "reply", user)
    text = (answer or "").strip()
    if not text:
        raise InvalidInput(_("A reply is required."), "answer")
    when = _now(now)
    from_state = _move(order, "reply")
    order.answer, order.replied_at, order.finished_at = text, when, when
    order.save(update_fields=["state", "answer", "replied_at", "finished_at", "updated"])
    _event(order, EventKind.REPLY, user, when, from_state, note=text[:500], on_time=when <= order.due_at)
    return order


@transaction.atomic
def return_order(user, order, *, reason: str, now: datetime.datetime | None = None) -> WorkOrder:
    """退单: within 2 working days of dispatch, with a reason; back to the dispatch queue."""
    order = _locked(order)
    _check(order, "return_order", user)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("A reason is required to return an order."), "reason")
    when = _now(now)
    if order.dispatched_at and not deadlines.can_return(order.dispatched_at, when):
        raise TransitionNotAllowed(_("An order can only be returned within 2 working days of dispatch "
                                     "(until %(limit)s).") % {
            "limit": timezone.localtime(deadlines.return_deadline(order.dispatched_at)).strftime("%Y-%m-%d %H:%M")})
    department = order.department
    from_state = _move(order, "return_order")
    order.department, order.dispatched_at, order.sign_due_at, order.signed_at = None, None, None, None
    order.return_count += 1
    order.save(update_fields=["state", "department", "dispatched_at", "sign_due_at", "signed_at", "return_count",
                              "updated"])
    _event(order, EventKind.RETURN, user, when, from_state, note=reason, department=department)
    return order


@transaction.atomic
def request_extension(user, order, *, until: datetime.datetime, reason: str,
                      now: datetime.datetime | None = None) -> WorkOrder:
    """延期申请: before the deadline, with a reason and the date wanted (at most 10 working days more)."""
    order = _locked(order)
    _check(order, "request_extension", user)
    when = _now(now)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("A reason is required for an extension."), "reason")
    if when > order.due_at:
        raise TransitionNotAllowed(_("An extension must be requested before the deadline."))
    if order.extension_requested_until is not None:
        raise TransitionNotAllowed(_("An extension request is already pending."))
    until = _as_deadline(until)
    if until <= order.due_at:
        raise InvalidInput(_("The new deadline must be after the current one."), "until")
    if until > deadlines.max_extension(order.due_at):
        raise InvalidInput(_("An extension may add at most 10 working days."), "until")
    order.extension_requested_until, order.extension_reason = until, reason[:200]
    order.save(update_fields=["extension_requested_until", "extension_reason", "updated"])
    _event(order, EventKind.REQUEST_EXTENSION, user, when, order.state,
           note=f"{timezone.localtime(until):%Y-%m-%d}：{reason}")
    return order


def _as_deadline(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return deadlines.end_of_day(value)
    try:
        return deadlines.end_of_day(datetime.date.fromisoformat(str(value)))
    except ValueError:
        raise InvalidInput(_("Enter the new deadline as YYYY-MM-DD."), "until") from None


@transaction.atomic
def approve_extension(user, order, *, until=None, note: str = "",
                      now: datetime.datetime | None = None) -> WorkOrder:
    """延期审批: the centre grants the extension (the requested date unless it sets another)."""
    order = _locked(order)
    _check(order, "approve_extension", user)
    if order.extension_requested_until is None:
        raise TransitionNotAllowed(_("There is no pending extension request."))
    new = _as_deadline(until) if until else order.extension_requested_until
    if new <= order.due_at or new > deadlines.max_extension(order.due_at):
        raise InvalidInput(_("The new deadline must be after the current one and at most 10 working days later."),
                           "until")
    when = _now(now)
    order.extended_deadline = order.due_at = new
    order.extension_requested_until, order.extension_reason = None, ""
    order.save(update_fields=["extended_deadline", "due_at", "extension_requested_until", "extension_reason",
                              "updated"])
    _event(order, EventKind.APPROVE_EXTENSION, user, when, order.state,
           note=f"{timezone.localtime(new):%Y-%m-%d} {note}".strip())
    return order


@transaction.atomic
def reject_extension(user, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    order = _locked(order)
    _check(order, "reject_extension", user)
    if order.extension_requested_until is None:
        raise TransitionNotAllowed(_("There is no pending extension request."))
    order.extension_requested_until, order.extension_reason = None, ""
    order.save(update_fields=["extension_requested_until", "extension_reason", "updated"])
    _event(order, EventKind.REJECT_EXTENSION, user, _now(now), order.state, note=note)
    return order


@transaction.atomic
def urge(user, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """催办: flag the order and remind the department."""
    order = _locked(order)
    _check(order, "urge", user)
    order.urged = True
    order.save(update_fields=["urged", "updated"])
    _event(order, EventKind.URGE, user, _now(now), order.state, note=note)
    return order


@transaction.atomic
def supervise(user, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """督办: put the order under supervision."""
    order = _locked(order)
    _check(order, "supervise", user)
    order.supervised = True
    order.save(update_fields=["supervised", "updated"])
    _event(order, EventKind.SUPERVISE, user, _now(now), order.state, note=note)
    return order


@transaction.atomic
def accept_reply(user, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """The centre reviews the reply and queues the callback (待回访)."""
    order = _locked(order)
    _check(order, "accept_reply", user)
    from_state = _move(order, "accept_reply")
    order.save(update_fields=["state", "updated"])
    _event(order, EventKind.ACCEPT_REPLY, user, _now(now), from_state, note=note)
    return order


@transaction.atomic
def callback(user, order, *, satisfaction: str, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """回访: the caller rates the handling (5 levels) or cannot be reached."""
    order = _locked(order)
    _check(order, "callback", user)
    if satisfaction not in Satisfaction.values:
        raise InvalidInput(_("Choose one of the satisfaction levels."), "satisfaction")
    order.satisfaction = satisfaction
    order.save(update_fields=["satisfaction", "updated"])
    _event(order, EventKind.CALLBACK, user, _now(now), order.state, note=note, satisfaction=satisfaction)
    return order


@transaction.atomic
def close(user, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """办结: the centre closes the order after the callback."""
    order = _locked(order)
    _check(order, "close", user)
    when = _now(now)
    from_state = _move(order, "close")
    order.closed_at = when
    order.save(update_fields=["state", "closed_at", "updated"])
    _event(order, EventKind.CLOSE, user, when, from_state, note=note)
    return order


@transaction.atomic
def redo(user, order, *, reason: str, now: datetime.datetime | None = None) -> WorkOrder:
    """重办: after a dissatisfied callback for a substantive reason, back to the department (in progress) with
    a fresh time limit counted from today."""
    order = _locked(order)
    _check(order, "redo", user)
    reason = (reason or "").strip()
    if order.satisfaction not in DISSATISFIED:
        raise TransitionNotAllowed(_("Only an order with a dissatisfied callback can be redone."))
    if not reason:
        raise InvalidInput(_("A substantive reason is required for a redo."), "reason")
    when = _now(now)
    from_state = _move(order, "redo")
    order.redo_count += 1
    order.replied_at = order.finished_at = None
    order.satisfaction = ""
    order.due_at = deadlines.deadline_for(order.category, when)
    order.save(update_fields=["state", "redo_count", "replied_at", "finished_at", "satisfaction", "due_at",
                              "updated"])
    _event(order, EventKind.REDO, user, when, from_state, note=reason)
    return order


@transaction.atomic
def link_duplicate(user, order, original, *, now: datetime.datetime | None = None) -> WorkOrder:
    """Mark `order` as a duplicate of `original` (no state change)."""
    order = _locked(order)
    if not can_see(user, order) or not can_see(user, original):
        raise NotFound(_("Work order not found."))
    if not is_centre(user):
        raise NotPermitted(_("Only the 12345 centre may do this."))
    if original.pk == order.pk:
        raise InvalidInput(_("An order cannot duplicate itself."), "duplicate_of")
    order.duplicate_of = original
    order.save(update_fields=["duplicate_of", "updated"])
    _event(order, EventKind.LINK_DUPLICATE, user, _now(now), order.state, note=original.number)
    return order


ACTIONS = {
    "answer_directly": answer_directly, "queue": queue, "dispatch": dispatch, "sign": sign, "reply": reply,
    "return_order": return_order, "request_extension": request_extension, "approve_extension": approve_extension,
    "reject_extension": reject_extension, "urge": urge, "supervise": supervise, "accept_reply": accept_reply,
    "callback": callback, "close": close, "redo": redo,
}
