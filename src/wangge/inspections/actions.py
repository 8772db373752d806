"""The inspections' actions: checklists and their versions, an inspection with its answers, photos and findings,
closing findings, re-inspections, the escalation of overdue findings, campaigns, closure notices and deliveries.

Every action is one transaction; a refusal is an `ActionError` naming the field, and nothing is written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.actions import require_in_scope, require_perm
from wangge.core.errors import Conflict, Invalid
from wangge.core.models import log_bulk
from wangge.core.photos import validate_photo
from wangge.core.querysets import user_scope_code
from wangge.regions import codes

from .choices import CLOSURE_ITEM, Answer, FindingState, InspectionState, NoticeScope
from .models import Campaign, Checklist, ChecklistItem, Delivery, Finding, Inspection, Notice, Photo, Result

# The chain an overdue finding climbs: the village must act first, then the town, then the district; the days
# allowed at each level after the deadline before it moves up.
ESCALATION_CHAIN = (("village", 0), ("town", 3), ("district", None))

# 五有 and 五查 (domain.md §10 and §3): shipped as data, version 1.
SHIPPED = {
    "wuyou": ("五有", [
        ("guide", "有防控指南", "企业制定并张贴疫情防控指南，员工知晓。"),
        ("system", "有管理制度和责任人", "建立防控管理制度，明确防控责任人及联系方式。"),
        ("supplies", "有防护物资储备", "储备口罩、消毒液、测温设备等防护物资，可满足一周以上使用。"),
        ("medical", "有属地医疗卫生力量指导", "与属地卫生院（社区卫生服务中心）建立联系，接受防控指导。"),
        ("isolation", "有隔离场所和转运安排", "设置临时隔离场所，明确发热人员转运流程。"),
    ]),
    "wucha": ("五查", [
        ("code", "查验健康码", "进入人员出示苏康码，绿码通行。"),
        ("itinerary", "查验行程卡", "查看通信大数据行程卡，带星号的进一步核查。"),
        ("mask", "查看是否佩戴口罩", "进入人员规范佩戴口罩。"),
        ("vaccination", "查询疫苗接种情况", "查看疫苗接种记录，未接种的登记劝导。"),
        ("temperature", "测量体温", "体温≥37.3℃的引导至发热门诊。"),
    ]),
    "closure": ("场所停业检查", [
        (CLOSURE_ITEM, "场所已停业（未营业）", "现场查看场所是否关门停业，有无人员聚集、营业。"),
        ("notice_posted", "告知书已张贴", "告知书在场所门口显著位置张贴。"),
    ]),
}

PERM = "inspections.%s_%s"


def ensure_shipped_checklists() -> int:
    """Create the shipped checklists (version 1) if absent; idempotent, run by the data migration and tests."""
    made = 0
    for code, (name, items) in SHIPPED.items():
        checklist, created = Checklist.objects.get_or_create(code=code, version=1, defaults={"name": name})
        if created:
            made += 1
            ChecklistItem.objects.bulk_create(
                ChecklistItem(checklist=checklist, position=i, code=c, text=t, guidance=g)
                for i, (c, t, g) in enumerate(items, 1))
    return made


# --- checklists ---------------------------------------------------------------------------------------------------

def _parse_items(text: str) -> list[tuple[str, str]]:
    """One item a line: `text` or `text | guidance`."""
    items = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        item, _sep, guidance = line.partition("|")
        if len(item.strip()) > 200:
            raise Invalid(_("An item is at most 200 characters: %(item)s") % {"item": item.strip()[:30]},
                          field="items")
        items.append((item.strip(), guidance.strip()))
    if not items:
        raise Invalid(_("A checklist needs at least one item."), field="items")
    return items


@transaction.atomic
def do_save_checklist(actor, checklist, *, code: str, name: str, items: str, description: str = "",
                      active: bool = True):
    """A new checklist (version 1), or — for a checklist already used by an inspection — a new version of it: a
    published version is never edited. An unused version is edited in place."""
    require_perm(actor, PERM % ("add" if checklist is None else "change", "checklist"))
    code = (code or "").strip()
    if not code:
        raise Invalid(_("Give the checklist a code."), field="code")
    parsed = _parse_items(items)
    if checklist is None:
        if Checklist.objects.filter(code=code).exists():
            raise Invalid(_("A checklist with the code %(code)s exists: make a new version of it.") % {"code": code},
                          field="code")
        target = Checklist.objects.create(code=code, name=name, version=1, description=description, active=active)
    elif checklist.published:
        latest = Checklist.objects.filter(code=checklist.code).order_by("-version").first()
        target = Checklist.objects.create(code=checklist.code, name=name,
                                          version=(latest.version if latest else checklist.version) + 1,
                                          description=description, active=active)
        if active:
            Checklist.objects.filter(code=checklist.code).exclude(pk=target.pk).update(active=False)
    else:
        target = checklist
        target.name, target.description, target.active = name, description, active
        target.save()
        target.items.all().delete()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist=target, position=i, code=f"i{i}", text=t, guidance=g)
        for i, (t, g) in enumerate(parsed, 1))
    return target


# --- inspections --------------------------------------------------------------------------------------------------

@dataclass
class ItemAnswer:
    item_id: int
    answer: str
    note: str = ""
    photos: list = field(default_factory=list)
    deadline: datetime.date | None = None
    responsible: str = ""


def _check_photos(position: int, photos) -> None:
    for upload in photos:
        try:
            validate_photo(upload)
        except ValidationError as exc:
            raise Invalid(_("Item %(n)s: %(reason)s") % {"n": position, "reason": " ".join(exc.messages)},
                          field=f"item_{position}_photos") from None


def _check_failure(position: int, answer: ItemAnswer, today: datetime.date) -> None:
    if answer.deadline is None:
        raise Invalid(_("Item %(n)s failed: give the deadline to fix it.") % {"n": position},
                      field=f"item_{position}_deadline")
    if answer.deadline < today:
        raise Invalid(_("Item %(n)s: the deadline %(day)s is in the past.") % {"n": position, "day": answer.deadline},
                      field=f"item_{position}_deadline")
    if not answer.responsible.strip():
        raise Invalid(_("Item %(n)s failed: name the person responsible for fixing it.") % {"n": position},
                      field=f"item_{position}_responsible")


@transaction.atomic
def do_inspect(actor, enterprise, *, checklist, answers: list[ItemAnswer], inspected_on=None, note: str = "",
               campaign=None, notice=None):
    """Record an inspection of `enterprise` against one checklist version: every item answered; each failure a
    finding with a deadline (today or later) and a responsible person; photos checked (images, within the limit)."""
    require_perm(actor, PERM % ("add", "inspection"))
    require_in_scope(actor, enterprise)
    today = clock.today()
    inspected_on = inspected_on or today
    if inspected_on > today:
        raise Invalid(_("The inspection date is in the future."), field="inspected_on")
    items = {item.pk: item for item in checklist.items.all()}
    given = {a.item_id: a for a in answers}
    inspection = Inspection(enterprise=enterprise, checklist=checklist, inspected_on=inspected_on, inspector=actor,
                            note=note, campaign=campaign, notice=notice)
    _answer(inspection, items, given, today)
    return inspection


def _answer(inspection, items: dict, given: dict, today, *, carried: dict | None = None):
    for item in items.values():
        answer = given.get(item.pk)
        if answer is None or answer.answer not in Answer.values:
            raise Invalid(_("Item %(n)s: answer pass, fail or not applicable.") % {"n": item.position},
                          field=f"item_{item.position}")
        _check_photos(item.position, answer.photos)
        if answer.answer == Answer.FAIL and not (carried and item.pk in carried):
            _check_failure(item.position, answer, today)
    inspection.save()
    for item in items.values():
        answer = given[item.pk]
        result = Result.objects.create(inspection=inspection, item=item, answer=answer.answer,
                                       note=answer.note.strip())
        for upload in answer.photos:
            Photo.objects.create(result=result, photo=upload)
        if answer.answer == Answer.FAIL and not (carried and item.pk in carried):
            Finding.objects.create(inspection=inspection, enterprise=inspection.enterprise, item=item,
                                   description=answer.note.strip() or item.text, deadline=answer.deadline,
                                   responsible=answer.responsible.strip(),
                                   responsible_code=inspection.enterprise.region_code[:12])
    open_count = inspection.findings.filter(state=FindingState.OPEN).count()
    inspection.state = InspectionState.OPEN if open_count else InspectionState.CLOSED
    inspection.closed_at = None if open_count else clock.now()
    inspection.save(update_fields=["state", "closed_at"])


def _close(finding, actor, note: str) -> None:
    finding.state = FindingState.CLOSED
    finding.closed_at = clock.now()
    finding.closed_by = actor
    finding.closing_note = note
    finding.save()


def _settle(inspection) -> None:
    if not inspection.findings.filter(state=FindingState.OPEN).exists():
        inspection.state = InspectionState.CLOSED
        inspection.closed_at = clock.now()
        inspection.save()


@transaction.atomic
def do_close_finding(actor, finding, *, note: str):
    """The problem is fixed: the finding is closed, and its inspection when nothing is left open."""
    require_perm(actor, PERM % ("change", "finding"))
    require_in_scope(actor, finding)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.state != FindingState.OPEN:
        raise Conflict(_("This finding is closed already."))
    if not (note or "").strip():
        raise Invalid(_("Say how it was fixed."), field="note")
    _close(finding, actor, note.strip())
    _settle(finding.inspection)
    return finding


def open_findings(first) -> dict:
    """{item id: finding} of the first inspection still open: what a re-inspection checks."""
    return {f.item_id: f for f in first.findings.filter(state=FindingState.OPEN).select_related("item")}


@transaction.atomic
def do_reinspect(actor, first, *, answers: list[ItemAnswer], inspected_on=None, note: str = ""):
    """A re-inspection of `first`: only the items of its open findings are answered. A finding that passes is
    closed; one that fails again stays open (its deadline may be moved, not into the past). When none is left
    open, the first inspection is closed."""
    require_perm(actor, PERM % ("add", "inspection"))
    require_in_scope(actor, first)
    while first.first_id:  # a re-inspection of a re-inspection is one of the first
        first = first.first
    carried = open_findings(first)
    if not carried:
        raise Conflict(_("This inspection has no open findings to re-inspect."))
    today = clock.today()
    items = {item_id: f.item for item_id, f in carried.items()}
    given = {a.item_id: a for a in answers}
    for item_id, answer in given.items():
        if item_id in carried and answer.answer == Answer.FAIL and answer.deadline and answer.deadline < today:
            raise Invalid(_("Item %(n)s: the deadline %(day)s is in the past.") % {
                "n": items[item_id].position, "day": answer.deadline},
                field=f"item_{items[item_id].position}_deadline")
    re = Inspection(enterprise=first.enterprise, checklist=first.checklist, first=first, campaign=first.campaign,
                    notice=first.notice, inspected_on=inspected_on or today, inspector=actor, note=note)
    _answer(re, items, given, today, carried=carried)
    for item_id, finding in carried.items():
        answer = given[item_id]
        if answer.answer in (Answer.PASS, Answer.NOT_APPLICABLE):
            _close(finding, actor, answer.note.strip() or _("Passed at the re-inspection of %(day)s.") % {
                "day": re.inspected_on})
        elif answer.deadline:
            finding.deadline = answer.deadline
            finding.save()
    _settle(first)
    re.state = first.state
    re.closed_at = first.closed_at
    re.save()
    return re


# --- escalation of overdue findings -------------------------------------------------------------------------------

def escalate_overdue(today: datetime.date | None = None) -> dict:
    """Mark open findings past their deadline overdue, and move each up the chain (village → town → district) once
    the days allowed at its level have passed: its `responsible_code` is cut to the new level's code, so it lands
    on the list of the cadre above. Conditional UPDATEs: idempotent, safe with several workers."""
    today = today or clock.today()
    now = clock.now()
    marked = Finding.objects.filter(state=FindingState.OPEN, overdue=False, deadline__lt=today).update(overdue=True)
    moved = 0
    for (level, days), (upper, _days) in reversed(list(zip(ESCALATION_CHAIN, ESCALATION_CHAIN[1:], strict=False))):
        length = codes.CODE_LENGTH.get(upper)
        if length is None or days is None:
            continue
        due = Finding.objects.filter(state=FindingState.OPEN, level=level,
                                     deadline__lt=today - datetime.timedelta(days=days))
        count = due.update(level=upper, escalated_at=now, responsible_code=Substr(F("region_code"), 1, length))
        if count:
            log_bulk(Finding, count, f"worker: findings escalated {level} → {upper}")
        moved += count
    return {"findings_overdue": marked, "findings_escalated": moved}


def on_worker_pass(sender, today=None, result=None, **kwargs) -> dict:
    return escalate_overdue(today)


# --- campaigns ----------------------------------------------------------------------------------------------------

@transaction.atomic
def do_save_campaign(actor, campaign, *, name, region, kinds, starts_on, ends_on, rounds=2, checklist=None):
    require_perm(actor, PERM % ("add" if campaign is None else "change", "campaign"))
    if campaign is not None:
        require_in_scope(actor, campaign)
    if not codes.is_within(region.code, user_scope_code(actor)):
        raise Invalid(_("The area lies outside your jurisdiction."), field="region")
    if ends_on < starts_on:
        raise Invalid(_("The campaign ends before it starts."), field="ends_on")
    if not 1 <= rounds <= 10:
        raise Invalid(_("Visits required: from 1 to 10."), field="rounds")
    campaign = campaign or Campaign()
    campaign.name, campaign.region, campaign.kinds = name, region, list(kinds or [])
    campaign.starts_on, campaign.ends_on, campaign.rounds, campaign.checklist = starts_on, ends_on, rounds, checklist
    campaign.save()
    return campaign


# --- notices and deliveries ---------------------------------------------------------------------------------------

def notice_scope(notice):
    """The venues a notice concerns: the active ones of its kind in its area, or the chosen ones."""
    from wangge.enterprises.models import Enterprise

    if notice.scope == NoticeScope.CHOSEN:
        return notice.venues.all()
    qs = Enterprise.objects.filter(region_code__startswith=notice.region_code, active=True)
    return qs.filter(kind=notice.venue_kind) if notice.venue_kind else qs


def sync_deliveries(notice) -> int:
    """The delivery list matches the scope: a row per venue in scope (new ones added); undelivered rows of venues
    out of scope removed. Delivered rows are kept (the signature is history)."""
    wanted = set(notice_scope(notice).values_list("pk", flat=True))
    have = set(notice.deliveries.values_list("enterprise_id", flat=True))
    notice.deliveries.filter(delivered_at__isnull=True).exclude(enterprise_id__in=wanted).delete()
    from wangge.enterprises.models import Enterprise

    for enterprise in Enterprise.objects.filter(pk__in=wanted - have):
        Delivery.objects.create(notice=notice, enterprise=enterprise)
    return len(wanted - have)


@transaction.atomic
def do_save_notice(actor, notice, *, title, text, region, scope, venue_kind="", venues=(), effective_from,
                   effective_until=None, issuer=""):
    require_perm(actor, PERM % ("add" if notice is None else "change", "notice"))
    if notice is not None:
        require_in_scope(actor, notice)
    if not codes.is_within(region.code, user_scope_code(actor)):
        raise Invalid(_("The area lies outside your jurisdiction."), field="region")
    if effective_until and effective_until < effective_from:
        raise Invalid(_("The notice ends before it is in force."), field="effective_until")
    venues = list(venues or [])
    if scope == NoticeScope.CHOSEN:
        if not venues:
            raise Invalid(_("Choose the venues the notice is for."), field="venues")
        outside = [v.name for v in venues if not codes.is_within(v.region_code, region.code)]
        if outside:
            raise Invalid(_("Outside the notice's area: %(names)s") % {"names": "、".join(outside)}, field="venues")
    notice = notice or Notice()
    notice.title, notice.text, notice.region, notice.scope = title, text, region, scope
    notice.venue_kind, notice.effective_from, notice.effective_until = venue_kind, effective_from, effective_until
    notice.issuer = issuer
    notice.save()
    notice.venues.set(venues if scope == NoticeScope.CHOSEN else [])
    sync_deliveries(notice)
    return notice


@transaction.atomic
def do_deliver(actor, delivery, *, signer_name: str, signature=None):
    """The notice handed to the venue and signed for (on the cadre's phone): the signer's name, a photo of the
    signature if taken."""
    require_perm(actor, PERM % ("change", "delivery"))
    require_in_scope(actor, delivery)
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.delivered_at:
        raise Conflict(_("This notice was delivered to the venue already."))
    if not (signer_name or "").strip():
        raise Invalid(_("Who signed for the notice?"), field="signer_name")
    if signature:
        try:
            validate_photo(signature)
        except ValidationError as exc:
            raise Invalid(" ".join(exc.messages), field="signature") from None
        delivery.signature = signature
    delivery.signer_name = signer_name.strip()
    delivery.delivered_at = clock.now()
    delivery.delivered_by = actor
    delivery.save()
    return delivery


def closure_checklist():
    return Checklist.objects.filter(code="closure", active=True).order_by("-version").first()
