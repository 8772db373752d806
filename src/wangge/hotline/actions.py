"""Every work-order transition is a named action `do_<verb>(actor, order, *, …)`: one transaction that locks the
order inside the actor's scope, checks who may act (permissions of accounts/roles.py) and whether the state machine
allows it, changes the order and appends an Event (who, when, from, to, note) — all through `_transition`.

Refusals are `core.errors`: `Invalid` (400, names the field), `NotPermitted` (403), `NotFound` (404: outside the
actor's scope), `Conflict` (409: the state forbids it). Nothing is written when one is raised.
"""

from __future__ import annotations

import datetime
import re
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.accounts.roles import HOTLINE_CENTRE, HOTLINE_DEPARTMENT
from wangge.core import clock
from wangge.core.actions import require_actor
from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted
from wangge.core.ids import normalize_phone

from . import deadlines, states
from .choices import DISSATISFIED, Channel, EventKind, Satisfaction, State, Urgency
from .models import (
    Category,
    Department,
    Event,
    KnowledgeArticle,
    OrderSequence,
    WorkOrder,
    member_department_id,
)
from .text import index_tokens

LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")

# What an order may be closed after: a callback that reached the caller, or a recorded failed one.
CALLBACK_DONE = frozenset(Satisfaction.values)

EVENT_LABELS = {
    "answer_directly": EventKind.ANSWER.label, "queue": EventKind.QUEUE.label, "dispatch": EventKind.DISPATCH.label,
    "sign": EventKind.SIGN.label, "reply": EventKind.REPLY.label, "return_order": EventKind.RETURN.label,
    "request_extension": EventKind.REQUEST_EXTENSION.label, "approve_extension": EventKind.APPROVE_EXTENSION.label,
    "reject_extension": EventKind.REJECT_EXTENSION.label, "urge": EventKind.URGE.label,
    "supervise": EventKind.SUPERVISE.label, "accept_reply": EventKind.ACCEPT_REPLY.label,
    "callback": EventKind.CALLBACK.label, "close": EventKind.CLOSE.label, "redo": EventKind.REDO.label,
}
EVENT_KINDS = {
    "answer_directly": EventKind.ANSWER, "queue": EventKind.QUEUE, "dispatch": EventKind.DISPATCH,
    "sign": EventKind.SIGN, "reply": EventKind.REPLY, "return_order": EventKind.RETURN,
    "request_extension": EventKind.REQUEST_EXTENSION, "approve_extension": EventKind.APPROVE_EXTENSION,
    "reject_extension": EventKind.REJECT_EXTENSION, "urge": EventKind.URGE, "supervise": EventKind.SUPERVISE,
    "accept_reply": EventKind.ACCEPT_REPLY, "callback": EventKind.CALLBACK, "close": EventKind.CLOSE,
    "redo": EventKind.REDO,
}


def actor_name(user) -> str:
    """The name the timeline shows: the person's display name, not their username."""
    return (getattr(user, "display_name", "") or user.get_username()) if user is not None else ""


def is_centre(user) -> bool:
    """May `user` act for the 12345 centre (intake, dispatch, callbacks …)?"""
    return user is not None and getattr(user, "is_authenticated", False) and user.has_perm(HOTLINE_CENTRE)


def may_handle(user, order: WorkOrder) -> bool:
    """May `user` act for the department holding `order` (sign, reply, return, ask for an extension)?"""
    if user is None or not user.has_perm(HOTLINE_DEPARTMENT):
        return False
    if getattr(user, "sees_everything", False):
        return True
    return order.department_id is not None and member_department_id(user) == order.department_id


def _event(order: WorkOrder, kind: str, user, when: datetime.datetime, from_state: str, note: str = "",
           department: Department | None = None, **extra: Any) -> Event:
    return Event.objects.create(order=order, kind=kind, time=when, actor=user, actor_name=actor_name(user),
                                from_state=from_state, to_state=order.state,
                                department=department if department is not None else order.department,
                                category_id=order.category_id, note=note, **extra)


def _locked(actor, order: WorkOrder | int) -> WorkOrder:
    """The order, locked, if it lies in the actor's scope (404 otherwise)."""
    pk = order.pk if isinstance(order, WorkOrder) else order
    found = (WorkOrder.objects.restrict(actor).select_for_update(of=("self",))
             .select_related("category", "department").filter(pk=pk).first())
    if found is None:
        raise NotFound(_("Work order not found."))
    return found


# A transition's own change: it mutates the locked order at `when`, appends the fields it changed to `fields` and
# returns extra Event fields (note, on_time, satisfaction, department); it may refuse (nothing is written then).
Change = Callable[[WorkOrder, datetime.datetime, list[str]], dict[str, Any] | None]


@transaction.atomic
def _transition(actor, order: WorkOrder | int, action: str, change: Change | None = None, *,
                now: datetime.datetime | None = None, note: str = "") -> WorkOrder:
    """The one shape of every transition: lock → who may act → allowed state → change → save → event."""
    require_actor(actor)
    locked = _locked(actor, order)
    sources, _to, who = states.TRANSITIONS[action]
    if who == states.CENTRE and not is_centre(actor):
        raise NotPermitted(_("Only the 12345 centre may do this."))
    if who == states.DEPARTMENT and not may_handle(actor, locked):
        raise NotPermitted(_("Only the department holding this order may do this."))
    if locked.state not in sources:
        raise Conflict(_("Cannot %(action)s an order that is %(state)s.")
                       % {"action": EVENT_LABELS.get(action, action), "state": locked.get_state_display()})
    when = now or clock.now()
    from_state = locked.state
    fields: list[str] = []
    extra = (change(locked, when, fields) if change else None) or {}
    locked.state = states.target(action, from_state)
    locked.save(update_fields=sorted({"state", "updated", *fields}))
    extra.setdefault("note", note)
    _event(locked, EVENT_KINDS[action], actor, when, from_state, **extra)
    return locked


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
        self.seconds = seconds
        self.data: dict[str, tuple[float, Any]] = {}

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
        raise Invalid(_("Caller phone is not a valid mobile or landline number."), "caller_phone") from None


def resolve_category(category) -> Category:
    if isinstance(category, Category):
        return category
    if category in (None, ""):
        raise Invalid(_("Category is required."), "category")
    found = _categories.get(str(category), lambda: Category.objects.filter(code=str(category), active=True).first())
    if found is None and str(category).isdigit():
        found = Category.objects.filter(pk=int(category), active=True).first()
    if found is None:
        raise Invalid(_("Unknown category %(code)s.") % {"code": category}, "category")
    return found


def resolve_region(region):
    from wangge.regions.models import Region

    if region in (None, ""):
        return None
    if isinstance(region, Region):
        return region
    found = _regions.get(str(region), lambda: Region.objects.filter(code=str(region)).first())
    if found is None:
        raise Invalid(_("Unknown region %(code)s.") % {"code": region}, "region")
    return found


def resolve_department(department) -> Department:
    if isinstance(department, Department):
        return department
    found = Department.objects.filter(code=str(department), active=True).first() if department else None
    if found is None and department and str(department).isdigit():
        found = Department.objects.filter(pk=int(department), active=True).first()
    if found is None:
        raise Invalid(_("Unknown department %(code)s.") % {"code": department}, "department")
    return found


@transaction.atomic
def do_intake(actor, *, content: str, category, region=None, caller_name: str = "", caller_phone: str = "",
              channel: str = Channel.PHONE, urgency: str = Urgency.NORMAL, address: str = "",
              received_at: datetime.datetime | None = None, answer: str = "",
              article: KnowledgeArticle | None = None, department=None, duplicate_of: WorkOrder | None = None,
              api_key=None, latitude=None, longitude=None, note: str = "", queue: bool = False,
              enterprise=None) -> WorkOrder:
    """Register a request (受理). With `answer` it is answered at once (直接答复); with `department` it is
    dispatched at once; with `queue` it waits in the dispatch queue; otherwise it stays received."""
    require_actor(actor)
    if not is_centre(actor):
        raise NotPermitted(_("Only the 12345 centre may register work orders."))
    content = (content or "").strip()
    if not content:
        raise Invalid(_("Content is required."), "content")
    cat = resolve_category(category)
    place = resolve_region(region)
    if channel not in Channel.values:
        raise Invalid(_("Unknown channel %(value)s.") % {"value": channel}, "channel")
    if urgency not in Urgency.values:
        raise Invalid(_("Unknown urgency %(value)s.") % {"value": urgency}, "urgency")
    phone = clean_phone(caller_phone)
    dept = resolve_department(department) if department else None
    when = received_at or clock.now()
    urgent = urgency == Urgency.URGENT or cat.urgent
    limit = deadlines.deadline_after(when, 0 if urgent else cat.time_limit_days)
    order = WorkOrder.objects.create(
        number=next_number(deadlines.local_date(when)), channel=channel, caller_name=(caller_name or "").strip()[:50],
        caller_phone=phone, content=content, tokens=index_tokens(content), address=(address or "")[:200],
        region=place, region_code=place.code if place else "", category=cat,
        urgency=Urgency.URGENT if urgent else Urgency.NORMAL, state=State.RECEIVED, received_at=when,
        deadline=limit, due_at=limit, duplicate_of=duplicate_of, api_key=api_key, latitude=latitude,
        longitude=longitude, enterprise=enterprise,
        open311_token=secrets.token_hex(8) if api_key is not None or channel == Channel.OPEN311 else "")
    if not WorkOrder.objects.restrict(actor).filter(pk=order.pk).exists():
        raise Invalid(_("The place is outside your jurisdiction."), "region")
    _event(order, EventKind.INTAKE, actor, when, "", note=note)
    if duplicate_of is not None:
        _event(order, EventKind.LINK_DUPLICATE, actor, when, order.state, note=duplicate_of.number)
    if answer or article:
        return do_answer_directly(actor, order, answer=answer, article=article, now=when)
    if dept is not None:
        return do_dispatch(actor, order, department=dept, now=when)
    if queue:
        return do_queue(actor, order, now=when)
    return order


@transaction.atomic
def do_answer_directly(actor, order, *, answer: str = "", article: KnowledgeArticle | None = None,
                       now: datetime.datetime | None = None) -> WorkOrder:
    """直接答复: the operator answers from the knowledge base; the order is finished on the spot."""
    require_actor(actor)
    text = (answer or (article.answer if article else "")).strip()
    if not text:
        raise Invalid(_("An answer is required."), "answer")

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> dict[str, Any]:
        o.answer, o.knowledge_article, o.finished_at, o.closed_at = text, article, when, when
        fields += ["answer", "knowledge_article", "finished_at", "closed_at"]
        return {"note": text[:500], "on_time": True}

    return _transition(actor, order, "answer_directly", change, now=now)


@transaction.atomic
def do_queue(actor, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """Put a received order in the dispatch queue (待派单)."""
    require_actor(actor)
    return _transition(actor, order, "queue", now=now, note=note)


@transaction.atomic
def do_dispatch(actor, order, *, department, note: str = "", category=None,
                now: datetime.datetime | None = None) -> WorkOrder:
    """派单 to a department; the signing clock starts. The operator may correct the category."""
    require_actor(actor)
    if not department:
        raise Invalid(_("Choose a department."), "department")

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> None:
        dept = resolve_department(department)
        if category is not None:
            cat = resolve_category(category)
            if cat.pk != o.category_id:
                o.category = cat
                o.deadline = o.due_at = deadlines.deadline_for(cat, o.received_at)
                fields += ["category", "deadline", "due_at"]
        o.department, o.dispatched_at, o.signed_at = dept, when, None
        o.sign_due_at = deadlines.sign_deadline(when, o.urgency == Urgency.URGENT)
        fields += ["department", "dispatched_at", "sign_due_at", "signed_at"]

    return _transition(actor, order, "dispatch", change, now=now, note=note)


@transaction.atomic
def do_sign(actor, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """签收: the department accepts the order and starts handling it."""
    require_actor(actor)

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> dict[str, Any]:
        o.signed_at = when
        fields.append("signed_at")
        return {"on_time": o.sign_due_at is None or when <= o.sign_due_at}

    return _transition(actor, order, "sign", change, now=now, note=note)


@transaction.atomic
def do_reply(actor, order, *, answer: str, now: datetime.datetime | None = None) -> WorkOrder:
    """回复: the department reports what it did; handling is finished (the on-time clock stops here)."""
    require_actor(actor)
    text = (answer or "").strip()
    if not text:
        raise Invalid(_("A reply is required."), "answer")

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> dict[str, Any]:
        o.answer, o.replied_at, o.finished_at = text, when, when
        fields += ["answer", "replied_at", "finished_at"]
        return {"note": text[:500], "on_time": when <= o.due_at}

    return _transition(actor, order, "reply", change, now=now)


@transaction.atomic
def do_return(actor, order, *, reason: str, now: datetime.datetime | None = None) -> WorkOrder:
    """退单: within 2 working days of dispatch, with a reason; back to the dispatch queue."""
    require_actor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("A reason is required to return an order."), "reason")

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> dict[str, Any]:
        if o.dispatched_at and not deadlines.can_return(o.dispatched_at, when):
            limit = timezone.localtime(deadlines.return_deadline(o.dispatched_at)).strftime("%Y-%m-%d %H:%M")
            raise Conflict(_("An order can only be returned within 2 working days of dispatch (until %(limit)s).")
                           % {"limit": limit})
        department = o.department
        o.department, o.dispatched_at, o.sign_due_at, o.signed_at = None, None, None, None
        o.return_count += 1
        fields += ["department", "dispatched_at", "sign_due_at", "signed_at", "return_count"]
        return {"note": reason, "department": department}

    return _transition(actor, order, "return_order", change, now=now)


@transaction.atomic
def do_request_extension(actor, order, *, until, reason: str, now: datetime.datetime | None = None) -> WorkOrder:
    """延期申请: before the deadline, with a reason and the date wanted (at most 10 working days more)."""
    require_actor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("A reason is required for an extension."), "reason")
    wanted = _as_deadline(until)

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> dict[str, Any]:
        if when > o.due_at:
            raise Conflict(_("An extension must be requested before the deadline."))
        if o.extension_requested_until is not None:
            raise Conflict(_("An extension request is already pending."))
        if wanted <= o.due_at:
            raise Invalid(_("The new deadline must be after the current one."), "until")
        if wanted > deadlines.max_extension(o.due_at):
            raise Invalid(_("An extension may add at most 10 working days."), "until")
        o.extension_requested_until, o.extension_reason = wanted, reason[:200]
        fields += ["extension_requested_until", "extension_reason"]
        return {"note": f"{timezone.localtime(wanted):%Y-%m-%d}：{reason}"}

    return _transition(actor, order, "request_extension", change, now=now)


def _as_deadline(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return deadlines.end_of_day(value)
    try:
        return deadlines.end_of_day(datetime.date.fromisoformat(str(value)))
    except ValueError:
        raise Invalid(_("Enter the new deadline as YYYY-MM-DD."), "until") from None


def _pending_extension(o: WorkOrder) -> None:
    if o.extension_requested_until is None:
        raise Conflict(_("There is no pending extension request."))


@transaction.atomic
def do_approve_extension(actor, order, *, until=None, note: str = "",
                         now: datetime.datetime | None = None) -> WorkOrder:
    """延期审批: the centre grants the extension (the requested date unless it sets another)."""
    require_actor(actor)

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> dict[str, Any]:
        _pending_extension(o)
        assert o.extension_requested_until is not None
        new = _as_deadline(until) if until else o.extension_requested_until
        if new <= o.due_at or new > deadlines.max_extension(o.due_at):
            raise Invalid(_("The new deadline must be after the current one and at most 10 working days later."),
                          "until")
        o.extended_deadline = o.due_at = new
        o.extension_requested_until, o.extension_reason = None, ""
        fields += ["extended_deadline", "due_at", "extension_requested_until", "extension_reason"]
        return {"note": f"{timezone.localtime(new):%Y-%m-%d} {note}".strip()}

    return _transition(actor, order, "approve_extension", change, now=now)


@transaction.atomic
def do_reject_extension(actor, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    require_actor(actor)
    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> None:
        _pending_extension(o)
        o.extension_requested_until, o.extension_reason = None, ""
        fields += ["extension_requested_until", "extension_reason"]

    return _transition(actor, order, "reject_extension", change, now=now, note=note)


@transaction.atomic
def do_urge(actor, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """催办: flag the order and remind the department."""
    require_actor(actor)

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> None:
        o.urged = True
        fields.append("urged")

    return _transition(actor, order, "urge", change, now=now, note=note)


@transaction.atomic
def do_supervise(actor, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """督办: put the order under supervision."""
    require_actor(actor)

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> None:
        o.supervised = True
        fields.append("supervised")

    return _transition(actor, order, "supervise", change, now=now, note=note)


@transaction.atomic
def do_accept_reply(actor, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """The centre reviews the reply and queues the callback (待回访)."""
    require_actor(actor)
    return _transition(actor, order, "accept_reply", now=now, note=note)


@transaction.atomic
def do_callback(actor, order, *, satisfaction: str, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """回访: the caller rates the handling (5 levels) or cannot be reached. No level is assumed."""
    require_actor(actor)
    if satisfaction not in Satisfaction.values:
        raise Invalid(_("Choose one of the satisfaction levels."), "satisfaction")

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> dict[str, Any]:
        o.satisfaction = satisfaction
        fields.append("satisfaction")
        return {"satisfaction": satisfaction}

    return _transition(actor, order, "callback", change, now=now, note=note)


@transaction.atomic
def do_close(actor, order, *, note: str = "", now: datetime.datetime | None = None) -> WorkOrder:
    """办结: the centre closes the order after the callback (or after a recorded failed callback)."""
    require_actor(actor)

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> None:
        if o.satisfaction not in CALLBACK_DONE:
            raise Conflict(_("Record the callback (or a failed callback) before closing the order."))
        o.closed_at = when
        fields.append("closed_at")

    return _transition(actor, order, "close", change, now=now, note=note)


@transaction.atomic
def do_redo(actor, order, *, reason: str, now: datetime.datetime | None = None) -> WorkOrder:
    """重办: after a dissatisfied callback for a substantive reason, back to the department (in progress) with
    a fresh time limit counted from today."""
    require_actor(actor)
    reason = (reason or "").strip()

    def change(o: WorkOrder, when: datetime.datetime, fields: list[str]) -> dict[str, Any]:
        if o.satisfaction not in DISSATISFIED:
            raise Conflict(_("Only an order with a dissatisfied callback can be redone."))
        if not reason:
            raise Invalid(_("A substantive reason is required for a redo."), "reason")
        o.redo_count += 1
        o.replied_at = o.finished_at = None
        o.satisfaction = ""
        o.due_at = deadlines.deadline_for(o.category, when)
        fields += ["redo_count", "replied_at", "finished_at", "satisfaction", "due_at"]
        return {"note": reason}

    return _transition(actor, order, "redo", change, now=now)


@transaction.atomic
def do_link_duplicate(actor, order, *, original: WorkOrder, now: datetime.datetime | None = None) -> WorkOrder:
    """Mark `order` as a duplicate of `original` (no state change)."""
    require_actor(actor)
    locked = _locked(actor, order)
    if not WorkOrder.objects.restrict(actor).filter(pk=original.pk).exists():
        raise NotFound(_("Work order not found."))
    if not is_centre(actor):
        raise NotPermitted(_("Only the 12345 centre may do this."))
    if original.pk == locked.pk:
        raise Invalid(_("An order cannot duplicate itself."), "duplicate_of")
    locked.duplicate_of = original
    locked.save(update_fields=["duplicate_of", "updated"])
    _event(locked, EventKind.LINK_DUPLICATE, actor, now or clock.now(), locked.state, note=original.number)
    return locked


# Every transition under the state machine's name (the URL's and the API's `{action}`).
ACTIONS: dict[str, Callable[..., WorkOrder]] = {
    "answer_directly": do_answer_directly, "queue": do_queue, "dispatch": do_dispatch, "sign": do_sign,
    "reply": do_reply, "return_order": do_return, "request_extension": do_request_extension,
    "approve_extension": do_approve_extension, "reject_extension": do_reject_extension, "urge": do_urge,
    "supervise": do_supervise, "accept_reply": do_accept_reply, "callback": do_callback, "close": do_close,
    "redo": do_redo,
}
