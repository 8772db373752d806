"""The inspections' figures for the command centre (Section.ENTERPRISE): inspections done on the day and in all,
findings open / closed / overdue, the campaigns' coverage (enterprises visited the required number of times / to
visit), closure notices delivered / to deliver, venues found open. Grouped by the enterprise's region."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wangge.dashboard.registry import Indicator, Section, count_by_region, register

from .choices import CLOSURE_ITEM, Answer, FindingState
from .models import Campaign, Delivery, Finding, Inspection, Result

VIEW = "inspections.view_inspection"


def _inspections_on_day(region_code, day, length):
    return count_by_region(Inspection.objects.filter(inspected_on=day), "region_code", region_code, length)


def _inspections_to_day(region_code, day, length):
    return count_by_region(Inspection.objects.filter(inspected_on__lte=day), "region_code", region_code, length)


def _findings(kind):
    def values(region_code, day, length):
        qs = Finding.objects.filter(inspection__inspected_on__lte=day)
        if kind == "open":
            qs = qs.filter(Q(state=FindingState.OPEN) | Q(closed_at__date__gt=day))
        elif kind == "closed":
            qs = qs.filter(state=FindingState.CLOSED, closed_at__date__lte=day)
        else:
            qs = qs.filter(Q(state=FindingState.OPEN) | Q(closed_at__date__gt=day), deadline__lt=day)
        return count_by_region(qs, "region_code", region_code, length)

    values.__name__ = f"findings_{kind}"
    return values


def _campaign(kind):
    """Enterprises of the campaigns running on the day: the targets, and those visited the required times."""

    def values(region_code, day, length):
        from .selectors import campaign_enterprises

        out: dict[str, float] = {}
        for campaign in Campaign.objects.filter(starts_on__lte=day, ends_on__gte=day):
            enterprises = campaign_enterprises(campaign).filter(region_code__startswith=region_code)
            if kind == "visited":
                enterprises = enterprises.annotate(n=Count("inspections", filter=Q(
                    inspections__campaign=campaign, inspections__first__isnull=True,
                    inspections__inspected_on__lte=day))).filter(n__gte=campaign.rounds)
            for code in enterprises.values_list("region_code", flat=True):
                out[code[:length]] = out.get(code[:length], 0) + 1
        return out

    values.__name__ = f"campaign_{kind}"
    return values


def _deliveries(delivered):
    def values(region_code, day, length):
        qs = Delivery.objects.filter(notice__effective_from__lte=day)
        qs = qs.filter(delivered_at__date__lte=day) if delivered else qs.filter(
            Q(delivered_at__isnull=True) | Q(delivered_at__date__gt=day))
        return count_by_region(qs, "region_code", region_code, length)

    values.__name__ = f"deliveries_{'done' if delivered else 'due'}"
    return values


def _venues_open(region_code, day, length):
    results = Result.objects.filter(item__code=CLOSURE_ITEM, answer=Answer.FAIL, inspection__inspected_on=day)
    return count_by_region(Inspection.objects.filter(pk__in=results.values("inspection_id")), "region_code",
                           region_code, length, value=Count("enterprise", distinct=True))


def _ind(name, label, unit, definition, values, order, **kw):
    return Indicator(f"inspections.{name}", label, unit=unit, section=Section.ENTERPRISE, perm=VIEW,
                     definition=definition, values=values, order=order, **kw)


register(
    _ind("inspections_today", _("Inspections today"), _("inspections"), _(
        "Inspections of enterprises and venues made on the day, first inspections and re-inspections."),
        _inspections_on_day, 900, action_url="inspections:list", action_day_param=None),
    _ind("inspections", _("Inspections done"), _("inspections"), _(
        "Inspections of enterprises and venues up to the day."), _inspections_to_day, 901,
        action_url="inspections:list", action_day_param=None),
    _ind("findings_open", _("Findings open"), _("findings"), _(
        "Failures found at inspections and not yet fixed at the end of the day."), _findings("open"), 902,
        higher_is_better=False, headline=True, action_url="inspections:findings", action_query="state=open",
        action_day_param=None),
    _ind("findings_closed", _("Findings closed"), _("findings"), _(
        "Findings fixed and closed up to the day."), _findings("closed"), 903, higher_is_better=True,
        action_url="inspections:findings", action_query="state=closed", action_day_param=None),
    _ind("findings_overdue", _("Findings overdue"), _("findings"), _(
        "Open findings past their deadline: they escalate to the cadre above."), _findings("overdue"), 904,
        higher_is_better=False, action_url="inspections:findings", action_query="overdue=true",
        action_day_param=None),
    _ind("campaign_targets", _("Enterprises to visit in campaigns"), _("enterprises"), _(
        "Enterprises in the scope of the inspection campaigns running on the day."), _campaign("targets"), 905),
    _ind("campaign_visited", _("Enterprises visited in campaigns"), _("enterprises"), _(
        "Enterprises of the running campaigns inspected the required number of times (e.g. twice)."),
        _campaign("visited"), 906, higher_is_better=True),
    Indicator("inspections.campaign_coverage", _("Campaign coverage"), section=Section.ENTERPRISE, perm=VIEW,
              definition=_("Enterprises visited the required number of times / enterprises to visit."),
              numerator="inspections.campaign_visited", denominator="inspections.campaign_targets",
              higher_is_better=True, order=907),
    _ind("notices_delivered", _("Closure notices delivered"), _("venues"), _(
        "Venues that signed for a closure notice in force by the day."), _deliveries(True), 908,
        higher_is_better=True, action_url="inspections:deliveries", action_query="delivered=true",
        action_day_param=None),
    _ind("notices_to_deliver", _("Closure notices to deliver"), _("venues"), _(
        "Venues in a notice's scope that have not signed for it yet."), _deliveries(False), 909,
        higher_is_better=False, action_url="inspections:deliveries", action_query="delivered=false",
        action_day_param=None),
    _ind("venues_open", _("Venues found open"), _("venues"), _(
        "Venues under a closure notice found open at an inspection on the day."), _venues_open, 910,
        higher_is_better=False),
)
