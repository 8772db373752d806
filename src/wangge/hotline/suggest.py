"""Suggestions at intake: knowledge articles, possible duplicates, category and department."""

from __future__ import annotations

import datetime
import re

from django.db.models import Q

from wangge.core import clock

from .choices import State
from .models import WorkOrder
from .text import jaccard, tokens

DUPLICATE_DAYS = 7
DUPLICATE_SIMILARITY = 0.4
# Same place, nearly the same words, within this many minutes: very likely the same request filed twice.
LIKELY_MINUTES = 30
LIKELY_SIMILARITY = 0.6
COMPLAINT_CATEGORY = "EP05"  # 投诉举报

# A report about someone else's conduct ("举报邻居从南京回来不隔离") is a complaint, however much it talks about
# isolation or travel: the words of a policy question are there, but the caller is not asking about the policy.
_COMPLAINT = re.compile(r"举报|投诉|检举|揭发|反映.{0,12}(不|没|未)|(不|没有?|拒不|未)(隔离|报备|登记|戴口罩|配合|执行)"
                        r"|到处(跑|走|串门)|偷偷(出门|回来|跑)|聚集|哄抬")
_QUESTION = re.compile(r"(吗|么|怎么|如何|是否|能不能|要不要|需不需要|请问|咨询)")


def is_complaint(content: str) -> bool:
    """Does the text report someone's conduct (投诉举报) rather than ask a question?"""
    text = content or ""
    if re.search(r"举报|投诉|检举|揭发", text):
        return True
    return bool(_COMPLAINT.search(text)) and not _QUESTION.search(text)


def suggest_duplicates(content: str, caller_phone: str = "", region_code: str = "", *, queryset=None,
                       now: datetime.datetime | None = None, days: int = DUPLICATE_DAYS,
                       limit: int = 5) -> list[tuple[WorkOrder, float, str, bool]]:
    """Recent orders from the same caller, or from the same place with similar text (jieba token Jaccard).
    Returns (order, similarity, reason, likely): `likely` marks a near-identical order about the same place
    received within minutes (offered first, as a likely duplicate)."""
    now = now or clock.now()
    qs = (queryset if queryset is not None else WorkOrder.objects.none()).filter(
        received_at__gte=now - datetime.timedelta(days=days), received_at__lte=now, duplicate_of__isnull=True)
    conditions = Q()
    if caller_phone:
        conditions |= Q(caller_phone=caller_phone)
    if region_code:
        conditions |= Q(region_code=region_code)
    if not conditions:
        return []
    mine = tokens(content)
    recent = now - datetime.timedelta(minutes=LIKELY_MINUTES)
    out = []
    candidates = qs.filter(conditions).exclude(state=State.ANSWERED).select_related("category").order_by(
        "-received_at")[:200]  # the 200 most recent candidates are compared, not a list shown to anyone
    for order in candidates:
        similarity = jaccard(mine, order.tokens.split())
        likely = bool(region_code) and order.region_code == region_code and order.received_at >= recent \
            and similarity >= LIKELY_SIMILARITY
        if likely:
            out.append((order, similarity, "likely_duplicate", True))
        elif caller_phone and order.caller_phone == caller_phone:
            out.append((order, similarity, "same_caller", False))
        elif similarity >= DUPLICATE_SIMILARITY:
            out.append((order, similarity, "similar_text", False))
    rank = {"likely_duplicate": 0, "same_caller": 1, "similar_text": 2}
    out.sort(key=lambda item: (rank[item[2]], -item[1]))
    return out[:limit]
