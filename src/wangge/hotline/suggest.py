"""Suggestions at intake: knowledge articles, possible duplicates, category and department."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from .choices import State
from .models import WorkOrder
from .text import jaccard, tokens

DUPLICATE_DAYS = 7
DUPLICATE_SIMILARITY = 0.4


def suggest_duplicates(content: str, caller_phone: str = "", region_code: str = "", *, queryset=None,
                       now: datetime.datetime | None = None, days: int = DUPLICATE_DAYS,
                       limit: int = 5) -> list[tuple[WorkOrder, float, str]]:
    """Recent orders from the same caller, or from the same place with similar text (jieba token Jaccard).
    Returns (order, similarity, reason)."""
    now = now or timezone.now()
    qs = (queryset if queryset is not None else WorkOrder.objects.all()).filter(
        received_at__gte=now - datetime.timedelta(days=days), received_at__lte=now, duplicate_of__isnull=True)
    conditions = Q()
    if caller_phone:
        conditions |= Q(caller_phone=caller_phone)
    if region_code:
        conditions |= Q(region_code=region_code)
    if not conditions:
        return []
    mine = tokens(content)
    out = []
    for order in qs.filter(conditions).exclude(state=State.ANSWERED).select_related("category")[:200]:
        similarity = jaccard(mine, order.tokens.split())
        if caller_phone and order.caller_phone == caller_phone:
            out.append((order, similarity, "same_caller"))
        elif similarity >= DUPLICATE_SIMILARITY:
            out.append((order, similarity, "similar_text"))
    out.sort(key=lambda item: (item[2] != "same_caller", -item[1]))
    return out[:limit]
