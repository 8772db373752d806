"""Read-side queries of mass testing: coverage (不漏一人), tube counts and throughput. Grouped queries only."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr, TruncHour

from wangge.core import clock
from wangge.people.models import Resident
from wangge.regions import codes
from wangge.regions.models import Region

from .choices import TubeResult, TubeState
from .models import Campaign, Sample, Tube


def coverage(user, campaign: Campaign, region: Region) -> tuple[list[dict], dict]:
    """Per child region of `region`: residents to test, sampled, not yet sampled."""
    length = codes.child_length(region.code) or len(region.code)
    residents = Resident.objects.restrict(user).filter(region_code__startswith=region.code)
    totals = dict(residents.annotate(child=Substr("region_code", 1, length)).values("child")
                  .annotate(n=Count("pk")).values_list("child", "n"))
    sampled_qs = (Sample.objects.restrict(user).filter(campaign=campaign, resident__isnull=False,
                                                       region_code__startswith=region.code)
                  .annotate(child=Substr("region_code", 1, length)).values("child")
                  .annotate(n=Count("resident", distinct=True)).values_list("child", "n"))
    sampled = dict(sampled_qs)
    names = {region.code: region.name} if length == len(region.code) else dict(
        region.children.values_list("code", "name"))
    rows = []
    for code in sorted(set(names) | set(totals)):
        total, done = totals.get(code, 0), sampled.get(code, 0)
        rows.append({"code": code, "name": names.get(code, code), "residents": total, "sampled": done,
                     "missing": total - done, "rate": round(100 * done / total, 1) if total else 0.0})
    grand = {k: sum(r[k] for r in rows) for k in ("residents", "sampled", "missing")}
    grand["rate"] = round(100 * grand["sampled"] / grand["residents"], 1) if grand["residents"] else 0.0
    return rows, grand


def not_sampled(user, campaign: Campaign, region: Region):
    """Residents of the subtree with no sample in this campaign; people without smartphones first (they cannot
    see the notice on their phone and need a call or a visit)."""
    taken = Sample.objects.filter(campaign=campaign, resident=OuterRef("pk"))
    return (Resident.objects.restrict(user).filter(region_code__startswith=region.code)
            .exclude(Exists(taken)).select_related("grid")
            .order_by("-no_smartphone", "region_code", "name", "id"))


def tube_counts(user, campaign: Campaign, region: Region) -> dict:
    tubes = Tube.objects.restrict(user).filter(campaign=campaign, region_code__startswith=region.code)
    return tubes.aggregate(
        open=Count("pk", filter=Q(state=TubeState.OPEN)),
        closed=Count("pk", filter=Q(state=TubeState.CLOSED)),
        resulted=Count("pk", filter=Q(state=TubeState.RESULTED)),
        positive=Count("pk", filter=Q(result=TubeResult.POSITIVE)),
        invalid=Count("pk", filter=Q(result=TubeResult.INVALID)),
        total=Count("pk"),
    )


def throughput(user, campaign: Campaign, region: Region) -> list[dict]:
    """People sampled per site per hour (China Standard Time)."""
    qs = (Sample.objects.restrict(user).filter(campaign=campaign, tube__region_code__startswith=region.code)
          .annotate(hour=TruncHour("scanned_at")).values("tube__site__name", "hour")
          .annotate(n=Count("pk")).order_by("hour", "tube__site__name"))
    return [{"site": r["tube__site__name"], "hour": r["hour"], "n": r["n"]} for r in qs]


def campaign_hours(campaign: Campaign) -> list[datetime.datetime]:
    """The campaign's own hours: each of its days × the hours its sites are open (the earliest opening to the
    latest closing; 08:00–20:00 when no site has hours). The hourly chart's axis."""
    sites = list(campaign.sites.values_list("opens", "closes"))
    opens = [o.hour for o, _c in sites if o is not None]
    closes = [c.hour + (1 if c.minute else 0) for _o, c in sites if c is not None]
    first, last = (min(opens) if opens else 8), (max(closes) if closes else 20)
    if last <= first:
        first, last = 0, 24
    hours = []
    day = campaign.start_date
    while day <= campaign.end_date:
        hours += [clock.at(day, hour=h) for h in range(first, min(last, 24))]
        day += datetime.timedelta(days=1)
    return hours


def latest_negative(id_number: str, now: datetime.datetime | None = None) -> tuple[datetime.datetime, float] | None:
    """The person's latest negative result and its age in hours (checkpoints ask for "negative within 48 h")."""
    tested_at = (Sample.objects.filter(id_number=id_number, tube__result=TubeResult.NEGATIVE)
                 .order_by("-tube__tested_at").values_list("tube__tested_at", flat=True).first())
    if tested_at is None:
        return None
    now = now or clock.now()
    return tested_at, round((now - tested_at).total_seconds() / 3600, 1)


def latest_negatives(id_numbers, at: datetime.datetime) -> dict[str, datetime.datetime]:
    """{ID number: time of the latest negative result tested at or before `at`} for several people at once (a
    checkpoint's vehicle and its passengers): one grouped query served by the samples' ID-number index, whatever
    the number of samples stored. People without a negative result are left out."""
    from django.db.models import Max

    ids = sorted({i for i in id_numbers if i})
    if not ids:
        return {}
    rows = (Sample.objects.filter(id_number__in=ids, tube__result=TubeResult.NEGATIVE, tube__tested_at__lte=at)
            .values("id_number").annotate(latest=Max("tube__tested_at")).order_by())
    return {row["id_number"]: row["latest"] for row in rows}


def campaign_region_code(user, campaign: Campaign) -> str:
    """The region a campaign's pages open on: the campaign's area when it lies inside the user's jurisdiction,
    else the jurisdiction itself (a grid worker of a district-wide campaign sees their grid)."""
    from wangge.core.querysets import user_scope_code

    scope = user_scope_code(user) or ""
    return campaign.region_code if campaign.region_code.startswith(scope) else scope
