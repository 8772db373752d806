"""The actions of joint punishment: the state machine of a violation case (domain.md §12).

    found ──visit──▶ persuasion ──apply──▶ applied ──approve──▶ punished ──correct──▶ corrected
                         │  ▲                 │                                        │ apply_lift
                         │  └─────refuse──────┘                                        ▼
                         └──correct──▶ closed          lifted ◀──review (granted)── lift_applied
                                                                 (refused: back to corrected)

Each is `do_<verb>(actor, obj, *, …)`: one transaction, the permission of accounts/roles.py, the case re-read under
lock inside the actor's jurisdiction, and one CaseStep (who, when, the day, the note) written with the change. A step
out of order is refused (Conflict) with the phase the case is in and the step it waits for; a bad date names the
field. The case's `due_on` is the deadline of the step it waits for (choices.DEADLINES)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.actions import require_perm
from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted
from wangge.core.ids import InvalidID, normalize_id, normalize_phone

from .choices import (
    DEADLINES,
    PUNISHED_PHASES,
    CorrectionKind,
    MeasureState,
    PartyKind,
    Phase,
    StepKind,
    ViolationKind,
    VisitResult,
)
from .models import CasePhoto, CaseStep, Measure, ViolationCase

ADD = "enforcement.add_violationcase"
CHANGE = "enforcement.change_violationcase"
REPORT = "enforcement.report_measure"
CHANGE_MEASURE = "enforcement.change_measure"
MAX_HOURS = Decimal("720")

# The step each verb is and the phases it may start from.
ALLOWED = {
    StepKind.VISIT: (Phase.FOUND, Phase.PERSUASION),
    StepKind.APPLIED: (Phase.PERSUASION,),
    StepKind.APPROVED: (Phase.APPLIED,),
    StepKind.REFUSED: (Phase.APPLIED,),
    StepKind.CORRECTED: (Phase.PERSUASION, Phase.PUNISHED),
    StepKind.LIFT_APPLIED: (Phase.CORRECTED,),
    StepKind.LIFTED: (Phase.LIFT_APPLIED,),
    StepKind.LIFT_REFUSED: (Phase.LIFT_APPLIED,),
}
NEXT_STEP = {
    Phase.FOUND: _("a persuasion visit"),
    Phase.PERSUASION: _("another visit, the application for joint punishment, or the correction"),
    Phase.APPLIED: _("the approval or refusal of the application"),
    Phase.PUNISHED: _("the measures of the departments and the correction"),
    Phase.CORRECTED: _("the party's application to lift the punishment"),
    Phase.LIFT_APPLIED: _("the review of the application to lift"),
    Phase.LIFTED: _("nothing: the case is finished"),
    Phase.CLOSED: _("nothing: the case is finished"),
}


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _locked(actor, case: ViolationCase) -> ViolationCase:
    locked = ViolationCase.objects.restrict(actor).select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise NotFound(_("Not found or outside your jurisdiction."))
    return locked


def _require_phase(case: ViolationCase, step: str) -> None:
    if case.phase not in ALLOWED[StepKind(step)]:
        raise Conflict(_("“%(step)s” cannot be recorded: the case is in the phase “%(phase)s” and waits for "
                         "%(next)s.") % {"step": StepKind(step).label, "phase": Phase(case.phase).label,
                                          "next": NEXT_STEP[Phase(case.phase)]})


def _day(value, case: ViolationCase | None, field: str = "on") -> datetime.date:
    """The day of a step: given, not in the future, not before the case's latest step."""
    if value in (None, ""):
        raise Invalid(_("Give the date."), field=field)
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(_("Give the date as YYYY-MM-DD."), field=field) from None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if value > clock.today():
        raise Invalid(_("The date %(day)s is in the future.") % {"day": value.isoformat()}, field=field)
    if case is not None:
        last = case.steps.order_by("-on").values_list("on", flat=True).first() or case.found_on
        if value < last:
            raise Invalid(_("The date %(day)s is before the case's latest step (%(last)s).")
                          % {"day": value.isoformat(), "last": last.isoformat()}, field=field)
    return value


def _text(value, field: str, limit: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid(_("This field is required."), field=field)
    if len(value) > limit:
        raise Invalid(_("At most %(n)d characters.") % {"n": limit}, field=field)
    return value


def _step(actor, case: ViolationCase, kind: str, on: datetime.date, *, note: str = "", people: str = "",
          data: dict | None = None) -> CaseStep:
    return CaseStep.objects.create(case=case, kind=kind, on=on, recorded_at=clock.now(), actor=actor,
                                   actor_name=getattr(actor, "display_name", "") or actor.get_username(),
                                   note=note, people=people, data=data or {}, phase_after=case.phase)


def _move(case: ViolationCase, phase: str, on: datetime.date, due: datetime.date | None) -> None:
    case.phase = phase
    case.phase_since = on
    case.due_on = due


# --- the register row -----------------------------------------------------------------------------------------------


def _case_fields(actor, *, kind, place, address="", region=None, party_kind=PartyKind.PERSON, resident=None,
                 party_name="", party_id_number="", party_phone="", found_on=None, description="",
                 area_m2=None) -> dict:
    from wangge.people.models import Resident
    from wangge.regions.models import Region

    if kind not in ViolationKind.values:
        raise Invalid(_("Choose the kind of violation."), field="kind")
    if party_kind not in PartyKind.values:
        raise Invalid(_("Choose the kind of party."), field="party_kind")
    if isinstance(region, str):
        region = Region.objects.filter(code=region).first()
    if region is None or not Region.objects.restrict(actor).filter(pk=region.pk).exists():
        raise Invalid(_("Choose a region inside your jurisdiction."), field="region")
    if resident is not None and not isinstance(resident, Resident):
        resident = Resident.objects.restrict(actor).filter(pk=resident).first()
        if resident is None:
            raise Invalid(_("No such resident in your jurisdiction."), field="resident")
    elif resident is not None and not Resident.objects.restrict(actor).filter(pk=resident.pk).exists():
        raise Invalid(_("No such resident in your jurisdiction."), field="resident")
    party_id_number = (party_id_number or "").strip().upper()
    party_phone = (party_phone or "").strip()
    if resident is not None:
        party_name = party_name or resident.name
        party_id_number = party_id_number or resident.id_number
        party_phone = party_phone or resident.phone
        party_kind = PartyKind.PERSON
    party_name = _text(party_name, "party_name", 100, required=True)
    if party_id_number:
        if party_kind == PartyKind.PERSON:
            try:
                party_id_number = normalize_id(party_id_number)
            except (InvalidID, ValueError) as exc:
                raise Invalid(_("Not a valid ID number: %(reason)s") % {"reason": exc}, field="party_id_number") \
                    from None
        elif len(party_id_number) != 18 or not party_id_number.isalnum():
            raise Invalid(_("A unified social credit code has 18 letters and digits."), field="party_id_number")
    if party_phone:
        try:
            party_phone = normalize_phone(party_phone)
        except ValueError as exc:
            raise Invalid(str(exc), field="party_phone") from None
    found_on = _day(found_on, None, "found_on")
    if area_m2 not in (None, ""):
        try:
            area_m2 = Decimal(str(area_m2))
        except InvalidOperation:
            raise Invalid(_("Give the area as a number."), field="area_m2") from None
        if area_m2 <= 0 or area_m2 >= Decimal("1000000"):
            raise Invalid(_("The area must be above 0 and below 1,000,000 m²."), field="area_m2")
    else:
        area_m2 = None
    return {"kind": kind, "place": _text(place, "place", 100, required=True), "address": _text(address, "address", 200),
            "region": region, "party_kind": party_kind, "resident": resident, "party_name": party_name,
            "party_id_number": party_id_number, "party_phone": party_phone, "found_on": found_on,
            "description": _text(description, "description", 4000), "area_m2": area_m2}


def _next_number(year: int) -> str:
    prefix = f"WJ{year}-"
    last = (ViolationCase.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


@transaction.atomic
def do_create_case(actor, _obj=None, **fields) -> ViolationCase:
    """Record a violation found: the case opens in phase `found`, the first visit due within the deadline."""
    require_perm(actor, ADD)
    values = _case_fields(actor, **fields)
    case = ViolationCase(**values, number=_next_number(values["found_on"].year), found_by=actor,
                         phase=Phase.FOUND, phase_since=values["found_on"],
                         due_on=values["found_on"] + _days(DEADLINES["first_visit"]))
    case.save()
    _step(actor, case, StepKind.FOUND, case.found_on, note=case.description)
    return case


@transaction.atomic
def do_update_case(actor, case: ViolationCase, **fields) -> ViolationCase:
    """Correct the description of a case (place, party, text); its phase and steps change only by their actions."""
    require_perm(actor, CHANGE)
    case = _locked(actor, case)
    fields.pop("found_on", None)
    values = _case_fields(actor, found_on=case.found_on, **fields)
    values.pop("found_on")
    for name, value in values.items():
        setattr(case, name, value)
    case.save()
    return case


@transaction.atomic
def do_add_photo(actor, case: ViolationCase, *, photo, caption: str = "") -> CasePhoto:
    from django.core.exceptions import ValidationError

    from wangge.core.photos import validate_photo

    require_perm(actor, CHANGE)
    case = _locked(actor, case)
    if not photo:
        raise Invalid(_("Choose a photo."), field="photo")
    try:
        validate_photo(photo)
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages), field="photo") from None
    return CasePhoto.objects.create(case=case, photo=photo, caption=_text(caption, "caption", 100),
                                    added_at=clock.now(), added_by=actor)


# --- persuasion, application, approval ------------------------------------------------------------------------------


@transaction.atomic
def do_record_visit(actor, case: ViolationCase, *, on, people: str = "", result: str, note: str = "") -> CaseStep:
    """A persuasion visit (劝导): the day, who went, what the party said. The first one opens persuasion."""
    require_perm(actor, CHANGE)
    case = _locked(actor, case)
    _require_phase(case, StepKind.VISIT)
    on = _day(on, case)
    if result not in VisitResult.values:
        raise Invalid(_("Choose the result of the visit."), field="result")
    people = _text(people, "people", 200, required=True)
    if case.phase == Phase.FOUND:
        _move(case, Phase.PERSUASION, on, on + _days(DEADLINES["persuasion"]))
        case.save()
    return _step(actor, case, StepKind.VISIT, on, people=people, note=_text(note, "note", 2000),
                 data={"result": result})


@transaction.atomic
def do_apply(actor, case: ViolationCase, *, on, note: str = "") -> CaseStep:
    """Persuasion failed: apply for joint punishment. Needs at least one visit where the party refused."""
    require_perm(actor, CHANGE)
    case = _locked(actor, case)
    _require_phase(case, StepKind.APPLIED)
    refused = [s for s in case.steps.filter(kind=StepKind.VISIT) if s.data.get("result") == VisitResult.REFUSED]
    if not refused:
        raise Conflict(_("Joint punishment is applied for only after persuasion failed: record a visit where the "
                         "party refused to correct."))
    on = _day(on, case)
    _move(case, Phase.APPLIED, on, on + _days(DEADLINES["approval"]))
    case.save()
    return _step(actor, case, StepKind.APPLIED, on, note=_text(note, "note", 2000, required=True))


@transaction.atomic
def do_approve(actor, case: ViolationCase, *, on, measures, note: str = "") -> CaseStep:
    """The application approved: the party is on the list; each member department gets its measure to apply
    and report back within the deadline. `measures` is a list of (Department, measure text)."""
    require_perm(actor, CHANGE)
    case = _locked(actor, case)
    _require_phase(case, StepKind.APPROVED)
    on = _day(on, case)
    measures = [(d, (m or "").strip()) for d, m in (measures or [])]
    if not measures:
        raise Invalid(_("Name at least one member department and the measure it applies."), field="departments")
    seen = set()
    for department, text in measures:
        if not text:
            raise Invalid(_("Give the measure of %(department)s.") % {"department": department}, field="measure")
        if len(text) > 200:
            raise Invalid(_("At most %(n)d characters.") % {"n": 200}, field="measure")
        if (department.pk, text) in seen:
            raise Invalid(_("%(department)s is named twice for the same measure.") % {"department": department},
                          field="departments")
        seen.add((department.pk, text))
    _move(case, Phase.PUNISHED, on, None)
    case.approved_on = on
    case.save()
    due = on + _days(DEADLINES["measure"])
    for department, text in measures:
        Measure.objects.create(case=case, department=department, measure=text, due_on=due)
    return _step(actor, case, StepKind.APPROVED, on, note=_text(note, "note", 2000),
                 data={"measures": [{"department": d.name, "measure": m} for d, m in measures]})


@transaction.atomic
def do_refuse(actor, case: ViolationCase, *, on, note: str = "") -> CaseStep:
    """The application refused (with the reason): back to persuasion."""
    require_perm(actor, CHANGE)
    case = _locked(actor, case)
    _require_phase(case, StepKind.REFUSED)
    on = _day(on, case)
    note = _text(note, "note", 2000, required=True)
    _move(case, Phase.PERSUASION, on, on + _days(DEADLINES["persuasion"]))
    case.save()
    return _step(actor, case, StepKind.REFUSED, on, note=note)


# --- the departments' measures --------------------------------------------------------------------------------------


@transaction.atomic
def do_report_measure(actor, measure: Measure, *, applied_on, report: str) -> Measure:
    """A member department reports that it applied its measure (the day and what it did). A department handler
    reports only its own department's measures; a cadre may record a report on a department's behalf."""
    from wangge.hotline.models import member_department_id

    require_actor_perm = actor.has_perm(CHANGE_MEASURE) if actor is not None and actor.is_authenticated else False
    if not require_actor_perm:
        require_perm(actor, REPORT)
        if member_department_id(actor) != measure.department_id:
            raise NotPermitted(_("Only %(department)s reports this measure.") % {"department": measure.department})
    locked = Measure.objects.restrict(actor).select_for_update().filter(pk=measure.pk).first()
    if locked is None:
        raise NotFound(_("Not found or outside your jurisdiction."))
    case = _locked(actor, locked.case)
    if case.phase not in PUNISHED_PHASES:
        raise Conflict(_("The case is in the phase “%(phase)s”: there is no measure in force to report.")
                       % {"phase": Phase(case.phase).label})
    if locked.state != MeasureState.PENDING:
        raise Conflict(_("This measure was already reported on %(day)s.")
                       % {"day": locked.applied_on.isoformat() if locked.applied_on else "—"})
    applied_on = _day(applied_on, None, "applied_on")
    if case.approved_on and applied_on < case.approved_on:
        raise Invalid(_("The measure cannot be applied before the approval (%(day)s).")
                      % {"day": case.approved_on.isoformat()}, field="applied_on")
    locked.report = _text(report, "report", 2000, required=True)
    locked.state = MeasureState.APPLIED
    locked.applied_on = applied_on
    locked.reported_at = clock.now()
    locked.reported_by = actor
    locked.save()
    _step(actor, case, StepKind.MEASURE, max(applied_on, case.phase_since), note=locked.report,
          data={"department": locked.department.name, "measure": locked.measure, "measure_id": locked.pk,
                "applied_on": applied_on.isoformat()})
    return locked


# --- correction and lifting -----------------------------------------------------------------------------------------


@transaction.atomic
def do_correct(actor, case: ViolationCase, *, kind: str, on, hours=None, note: str = "") -> CaseStep:
    """The violation corrected: self-demolition, or assisted demolition (帮拆) with how long it took. During
    persuasion this closes the case; under punishment the party may then apply to lift it."""
    require_perm(actor, CHANGE)
    case = _locked(actor, case)
    _require_phase(case, StepKind.CORRECTED)
    if kind not in CorrectionKind.values:
        raise Invalid(_("Choose how the violation was corrected."), field="kind")
    on = _day(on, case)
    if hours in (None, ""):
        if kind == CorrectionKind.ASSISTED:
            raise Invalid(_("Give how many hours the assisted demolition took."), field="hours")
        hours = None
    else:
        try:
            hours = Decimal(str(hours))
        except InvalidOperation:
            raise Invalid(_("Give the hours as a number."), field="hours") from None
        if hours <= 0 or hours > MAX_HOURS:
            raise Invalid(_("The hours must be above 0 and at most %(max)s.") % {"max": MAX_HOURS}, field="hours")
    case.correction = kind
    case.corrected_on = on
    case.demolition_hours = hours
    if case.phase == Phase.PERSUASION:
        _move(case, Phase.CLOSED, on, None)
    else:
        _move(case, Phase.CORRECTED, on, None)
    case.save()
    return _step(actor, case, StepKind.CORRECTED, on, note=_text(note, "note", 2000),
                 data={"kind": kind, "hours": str(hours) if hours is not None else ""})


@transaction.atomic
def do_apply_lift(actor, case: ViolationCase, *, on, reason: str) -> CaseStep:
    """The party files 《解除违建失信行为联合惩戒申请书》 (recorded by the cadre who received it)."""
    require_perm(actor, CHANGE)
    case = _locked(actor, case)
    _require_phase(case, StepKind.LIFT_APPLIED)
    on = _day(on, case)
    case.lift_reason = _text(reason, "reason", 2000, required=True)
    case.lift_applied_on = on
    _move(case, Phase.LIFT_APPLIED, on, on + _days(DEADLINES["lift_review"]))
    case.save()
    return _step(actor, case, StepKind.LIFT_APPLIED, on, note=case.lift_reason)


@transaction.atomic
def do_review_lift(actor, case: ViolationCase, *, granted: bool, on, note: str = "") -> CaseStep:
    """The review of the application to lift: granted lifts every measure of every department; refused (with the
    reason) sends the case back to wait for a new application."""
    require_perm(actor, CHANGE)
    case = _locked(actor, case)
    _require_phase(case, StepKind.LIFTED if granted else StepKind.LIFT_REFUSED)
    on = _day(on, case)
    if granted:
        case.lifted_on = on
        _move(case, Phase.LIFTED, on, None)
        case.save()
        lifted = 0
        for measure in case.measures.select_for_update().exclude(state=MeasureState.LIFTED):
            measure.state = MeasureState.LIFTED
            measure.lifted_on = on
            measure.save()
            lifted += 1
        return _step(actor, case, StepKind.LIFTED, on, note=_text(note, "note", 2000), data={"measures": lifted})
    note = _text(note, "note", 2000, required=True)
    _move(case, Phase.CORRECTED, on, None)
    case.save()
    return _step(actor, case, StepKind.LIFT_REFUSED, on, note=note)
