"""The inspections' public reads: campaign coverage, the figures of a region."""

from __future__ import annotations

from django.db.models import Count, Q

from wangge.core import clock
from wangge.regions import codes

from .choices import CLOSURE_ITEM, Answer, FindingState


def campaign_enterprises(campaign):
    from wangge.enterprises.models import Enterprise

    qs = Enterprise.objects.filter(region_code__startswith=campaign.region_code, active=True)
    return qs.filter(kind__in=campaign.kinds) if campaign.kinds else qs


def campaign_visits(campaign) -> dict[int, int]:
    """{enterprise id: first inspections of the campaign} (re-inspections are not visits of a round)."""
    rows = campaign.inspections.filter(first__isnull=True).values("enterprise_id").annotate(n=Count("pk"))
    return {r["enterprise_id"]: r["n"] for r in rows}


def campaign_coverage(campaign, user=None) -> dict:
    """Visited (all rounds done) / to visit, per child region of the campaign's area, and the enterprises not yet
    visited the required number of times."""
    from wangge.regions.models import Region

    enterprises = campaign_enterprises(campaign)
    if user is not None:
        enterprises = enterprises & enterprises.model.objects.restrict(user)
    visits = campaign_visits(campaign)
    length = codes.child_length(campaign.region_code) or len(campaign.region_code)
    names = dict(Region.objects.filter(parent__code=campaign.region_code).values_list("code", "name"))
    rows: dict[str, dict] = {}
    pending = []
    for e in enterprises.select_related("region").order_by("region_code", "name"):
        key = e.region_code[:length]
        row = rows.setdefault(key, {"code": key, "name": names.get(key, key), "total": 0, "visited": 0,
                                    "visits": 0})
        n = visits.get(e.pk, 0)
        row["total"] += 1
        row["visits"] += min(n, campaign.rounds)
        if n >= campaign.rounds:
            row["visited"] += 1
        else:
            pending.append((e, n))
    for row in rows.values():
        row["to_visit"] = row["total"] - row["visited"]
    total = sum(r["total"] for r in rows.values())
    visited = sum(r["visited"] for r in rows.values())
    return {"rows": sorted(rows.values(), key=lambda r: r["code"]), "total": total, "visited": visited,
            "to_visit": total - visited, "pending": pending,
            "rate": round(100 * visited / total, 1) if total else None}


def figures(user, region_code: str) -> dict:
    """Totals of a region for the figures page."""
    from .models import Delivery, Finding, Inspection, Result

    today = clock.today()
    inspections = Inspection.objects.restrict(user).filter(region_code__startswith=region_code)
    findings = Finding.objects.restrict(user).filter(region_code__startswith=region_code)
    deliveries = Delivery.objects.restrict(user).filter(region_code__startswith=region_code)
    f = findings.aggregate(open=Count("pk", filter=Q(state=FindingState.OPEN)),
                           closed=Count("pk", filter=Q(state=FindingState.CLOSED)),
                           overdue=Count("pk", filter=Q(state=FindingState.OPEN, deadline__lt=today)))
    d = deliveries.aggregate(delivered=Count("pk", filter=Q(delivered_at__isnull=False)),
                             to_deliver=Count("pk", filter=Q(delivered_at__isnull=True)))
    venues_open = Result.objects.filter(inspection__in=inspections, item__code=CLOSURE_ITEM,
                                        answer=Answer.FAIL).values("inspection__enterprise_id").distinct().count()
    return {"inspections": inspections.count(), "reinspections": inspections.filter(first__isnull=False).count(),
            **f, **d, "venues_open": venues_open}


def by_region(user, region_code: str) -> list[dict]:
    """The figures per child region (one grouped query per figure)."""
    from wangge.dashboard.registry import count_by_region
    from wangge.regions.models import Region

    from .models import Delivery, Finding, Inspection

    length = codes.child_length(region_code)
    if length is None:
        return []
    today = clock.today()
    children = Region.objects.filter(parent__code=region_code).order_by("code")
    ins = count_by_region(Inspection.objects.restrict(user), "region_code", region_code, length)
    fo = count_by_region(Finding.objects.restrict(user).filter(state=FindingState.OPEN), "region_code",
                         region_code, length)
    fc = count_by_region(Finding.objects.restrict(user).filter(state=FindingState.CLOSED), "region_code",
                         region_code, length)
    fd = count_by_region(Finding.objects.restrict(user).filter(state=FindingState.OPEN, deadline__lt=today),
                         "region_code", region_code, length)
    dd = count_by_region(Delivery.objects.restrict(user).filter(delivered_at__isnull=False), "region_code",
                         region_code, length)
    dt = count_by_region(Delivery.objects.restrict(user).filter(delivered_at__isnull=True), "region_code",
                         region_code, length)
    return [{"region": r, "inspections": ins.get(r.code, 0), "open": fo.get(r.code, 0), "closed": fc.get(r.code, 0),
             "overdue": fd.get(r.code, 0), "delivered": dd.get(r.code, 0), "to_deliver": dt.get(r.code, 0)}
            for r in children]
