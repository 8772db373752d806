"""The public reads of joint punishment: overdue steps, the list of parties under punishment per department, and
the figures (phases per region, cases found per month, measures per department)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from wangge.core import clock
from wangge.core.querysets import within_code

from .choices import DEADLINE_LABELS, OPEN_PHASES, PUNISHED_PHASES, WAITING_FOR, MeasureState, Phase
from .models import Measure, ViolationCase


def cases_for(user):
    return ViolationCase.objects.restrict(user)


def overdue_q(day: datetime.date | None = None) -> Q:
    """Cases with a step overdue on `day`: the phase's own deadline passed, or a department's measure not reported
    in time."""
    day = day or clock.today()
    late_measure = Measure.objects.filter(case=OuterRef("pk"), state=MeasureState.PENDING, due_on__lt=day,
                                          case__phase__in=PUNISHED_PHASES)
    return Q(phase__in=list(WAITING_FOR), due_on__lt=day) | Q(Exists(late_measure))


@dataclass
class OverdueStep:
    case: ViolationCase
    step: str
    due_on: datetime.date
    days_late: int
    department: str = ""


def overdue_steps(user, region_code: str = "", day: datetime.date | None = None) -> list[OverdueStep]:
    """Every step overdue on `day` in the user's jurisdiction (inside `region_code`), the latest first."""
    day = day or clock.today()
    rows = []
    cases = within_code(cases_for(user).filter(phase__in=list(WAITING_FOR), due_on__lt=day), region_code)
    for case in cases.select_related("region"):
        rows.append(OverdueStep(case, str(DEADLINE_LABELS[WAITING_FOR[case.phase]]), case.due_on,
                                (day - case.due_on).days))
    measures = within_code(Measure.objects.restrict(user).filter(
        state=MeasureState.PENDING, due_on__lt=day, case__phase__in=PUNISHED_PHASES), region_code)
    for m in measures.select_related("case", "case__region", "department"):
        rows.append(OverdueStep(m.case, str(DEADLINE_LABELS["measure"]), m.due_on, (day - m.due_on).days,
                                department=m.department.name))
    rows.sort(key=lambda r: (-r.days_late, r.case.number))
    return rows


def punished_measures(user):
    """The measures of parties currently under joint punishment the user must see: a department handler only
    their department's, a cadre all of the jurisdiction."""
    from wangge.hotline.models import member_department_id

    qs = Measure.objects.restrict(user).filter(case__phase__in=PUNISHED_PHASES)
    if not user.has_perm("enforcement.change_measure"):
        department = member_department_id(user)
        qs = qs.filter(department_id=department) if department else qs.none()
    return qs


def phase_counts(user, region, day=None) -> tuple[list, dict]:
    """Per child region of `region`: cases per phase; and the totals."""
    from wangge.regions.models import Region

    qs = within_code(cases_for(user), region.code)
    children = list(Region.objects.filter(parent=region).order_by("code"))
    counts: dict = {}
    for code, phase, n in _grouped(qs, region):
        counts.setdefault(code, {})[phase] = n
    rows = []
    for child in children:
        per = counts.get(child.code, {})
        rows.append({"region": child, "phases": [per.get(p, 0) for p in Phase.values],
                     "total": sum(per.values())})
    totals = {p: sum(r["phases"][i] for r in rows) for i, p in enumerate(Phase.values)}
    if not children:  # a grid: the cases of the region itself
        per = {phase: n for _code, phase, n in _grouped(qs, region, own=True)}
        totals = {p: per.get(p, 0) for p in Phase.values}
    totals["open"] = sum(totals[p] for p in OPEN_PHASES)
    totals["punished"] = sum(totals[p] for p in PUNISHED_PHASES)
    totals["overdue"] = qs.filter(overdue_q(day)).count()
    return rows, totals


def _grouped(qs, region, own=False):
    from django.db.models.functions import Substr

    from wangge.regions import codes

    length = len(region.code) if own else (codes.child_length(region.code) or len(region.code))
    for row in (qs.annotate(_r=Substr("region_code", 1, length)).values("_r", "phase")
                .annotate(n=Count("pk")).order_by()):
        yield row["_r"], row["phase"], row["n"]


def found_per_month(user, region, day: datetime.date, months: int = 12) -> list[tuple[str, int, int]]:
    """(YYYY-MM, cases found, cases corrected) for the `months` months up to `day`."""
    keys = []
    y, m = day.year, day.month
    for _i in range(months):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    keys.reverse()
    start = datetime.date(int(keys[0][:4]), int(keys[0][5:]), 1)
    qs = within_code(cases_for(user), region.code)
    found: dict = {}
    for d in qs.filter(found_on__gte=start, found_on__lte=day).values_list("found_on", flat=True):
        found[f"{d:%Y-%m}"] = found.get(f"{d:%Y-%m}", 0) + 1
    corrected: dict = {}
    for d in qs.filter(corrected_on__gte=start, corrected_on__lte=day).values_list("corrected_on", flat=True):
        corrected[f"{d:%Y-%m}"] = corrected.get(f"{d:%Y-%m}", 0) + 1
    return [(k, found.get(k, 0), corrected.get(k, 0)) for k in keys]


def measures_by_department(user, region) -> list[dict]:
    """Per member department: measures to apply, applied, lifted, and overdue today."""
    today = clock.today()
    qs = within_code(Measure.objects.restrict(user), region.code)
    rows: dict = {}
    for row in qs.values("department__name", "state").annotate(n=Count("pk")).order_by("department__name"):
        rows.setdefault(row["department__name"], dict.fromkeys(MeasureState.values, 0))[row["state"]] = row["n"]
    late = dict(qs.filter(state=MeasureState.PENDING, due_on__lt=today, case__phase__in=PUNISHED_PHASES)
                .values_list("department__name").annotate(n=Count("pk")).order_by())
    return [{"department": name, "states": [per[s] for s in MeasureState.values], "overdue": late.get(name, 0)}
            for name, per in rows.items()]
