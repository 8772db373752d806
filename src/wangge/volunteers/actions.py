"""Writes of the volunteers app: planning and signing up for shifts under the duty rules, check-in and check-out by
the post's QR code, approving hours, and cadres' reports to the grassroots (下沉报到).

Every function is `do_<verb>(actor, obj, *, …)`, one transaction, a refusal raised as a `core.errors.ActionError`.
The duty rules (domain.md §9, `rules.py`) are enforced by `do_plan_shift` and `do_sign_up`: a refusal names the rule
(`DutyRuleBroken.rule`, and its name in the message); a volunteer aged 70 or more gets a warning, not a refusal.

Who may plan a team's shifts: a cadre holding `volunteers.add_shift` for posts and people inside their
jurisdiction, or the team's own leader — a volunteer holding `volunteers.lead_team` whose user account is the
team's leader (checked here, per team, not by the role alone).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.actions import require_actor, require_in_scope, require_perm
from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted
from wangge.core.querysets import user_scope_code
from wangge.regions import codes
from wangge.regions.choices import RegionLevel

from . import rules
from .choices import (
    CHECK_IN_EARLY_MINUTES,
    DEFAULT_MAX_HOURS_IN_24,
    LIGHT_DUTY_AGE,
    MAX_SHIFT_HOURS,
    DeploymentStatus,
    PersonKind,
    Rule,
    SignUpSource,
    SignUpStatus,
)
from .models import CadreDeployment, Post, Shift, SignUp, Team, Volunteer

PLAN_PERM = "volunteers.add_shift"
LEAD_PERM = "volunteers.lead_team"
SIGN_UP_PERM = "volunteers.sign_up"
CHECK_IN_PERM = "volunteers.check_in"
APPROVE_PERM = "volunteers.approve_hours"
REQUEST_PERM = "volunteers.add_cadredeployment"
DECIDE_PERM = "volunteers.decide_cadredeployment"
TOKEN_SALT = "wangge.volunteers.post"
HOURS_STEP = Decimal("0.01")


class DutyRuleBroken(Invalid):
    """A plan that breaks a duty rule: `rule` is its key (choices.Rule), the message names it; `breaches` are all
    the breaches found (rules.Breach)."""

    def __init__(self, message: str, *, rule: str, field: str | None = None, breaches=()):
        super().__init__(message, field=field)
        self.rule = rule
        self.breaches = list(breaches)


@dataclass
class PlanResult:
    shift: Shift
    signups: list[SignUp] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- the rules, with the database -------------------------------------------------------------------------------


def max_hours_in_24(at: datetime.datetime) -> float:
    """The hours one person may be on duty in any 24 hours: the policy in force at `at` when it says
    (`duty: {max_hours_in_24: …}`), else the setting WANGGE_DUTY_MAX_HOURS_IN_24 (default 12)."""
    from wangge.policies.selectors import version_in_force

    version = version_in_force(at)
    document = getattr(version, "document", None) or {}
    duty = document.get("duty") if isinstance(document, dict) else None
    if isinstance(duty, dict) and isinstance(duty.get("max_hours_in_24"), int | float):
        return float(duty["max_hours_in_24"])
    return float(getattr(settings, "WANGGE_DUTY_MAX_HOURS_IN_24", DEFAULT_MAX_HOURS_IN_24))


def rule_name(rule: str, max_hours: float | None = None) -> str:
    if rule == Rule.MAX_HOURS and max_hours is not None:
        return _("no more than %(hours)s hours on duty in any 24 hours") % {"hours": _number(max_hours)}
    return str(Rule(rule).label)


def _number(value: float) -> str:
    return f"{value:g}"


def _local(moment: datetime.datetime, fmt: str = "%m-%d %H:%M") -> str:
    return timezone.localtime(moment).strftime(fmt)


def shift_label(post_name: str, start: datetime.datetime, end: datetime.datetime) -> str:
    return f"{post_name} {_local(start)}–{_local(end, '%H:%M')}"


def breach_message(breach: rules.Breach, names: dict[str, str], max_hours: float) -> str:
    name = names.get(breach.person, breach.person)
    rule = rule_name(breach.rule, max_hours)
    if breach.rule == Rule.NO_OVERLAP:
        text = _("%(name)s is already on duty at %(other)s, which overlaps %(shift)s") % {
            "name": name, "other": breach.other.label if breach.other else "", "shift": breach.duty.label}
    elif breach.rule == Rule.MAX_HOURS:
        text = _("%(name)s would be on duty %(hours)s hours in the 24 hours from %(start)s") % {
            "name": name, "hours": _number(breach.hours or 0),
            "start": _local(breach.window_start) if breach.window_start else ""}
    else:
        text = _("the shift ends before it starts")
    return _("%(text)s (rule: %(rule)s)") % {"text": text, "rule": rule}


def check_end_after_start(start: datetime.datetime, end: datetime.datetime) -> None:
    if start is None or end is None:
        raise Invalid(_("Give the start and the end of the shift."), field="start" if start is None else "end")
    if end <= start:
        raise DutyRuleBroken(_("The shift ends before it starts (rule: %(rule)s).") % {
            "rule": rule_name(Rule.END_AFTER_START)}, rule=Rule.END_AFTER_START, field="end")
    if end - start > datetime.timedelta(hours=MAX_SHIFT_HOURS):
        raise Invalid(_("A shift may last at most %(hours)s hours.") % {"hours": MAX_SHIFT_HOURS}, field="end")


def enforce_rules(people: Iterable[Volunteer], start: datetime.datetime, end: datetime.datetime, label: str) -> None:
    """Refuse (DutyRuleBroken) when putting `people` on duty from `start` to `end` breaks a rule, given everything
    else they are on (by person, across their roster rows). Reads only the shifts within 24 hours of this one."""
    people = list(people)
    max_hours = max_hours_in_24(start)
    names = {p.person_key: p.name for p in people}
    for person in people:
        _check_deployment_period(person, start, end)
    margin = datetime.timedelta(hours=24)
    standing = (SignUp.objects.active()
                .filter(volunteer__person_key__in=names, start__lt=end + margin, end__gt=start - margin)
                .values_list("pk", "volunteer__person_key", "start", "end", "shift__post__name"))
    duties = [rules.Duty(key, s, e, ref=pk, label=shift_label(post, s, e)) for pk, key, s, e, post in standing]
    new_refs = {("new", key) for key in names}
    duties += [rules.Duty(key, start, end, ref=("new", key), label=label) for key in names]
    breaches = rules.check_duties(duties, max_hours=max_hours, only=new_refs)
    if breaches:
        messages = [breach_message(b, names, max_hours) for b in breaches]
        raise DutyRuleBroken("；".join(messages), rule=breaches[0].rule, field="volunteers", breaches=breaches)


def _check_deployment_period(person: Volunteer, start, end) -> None:
    if person.kind != PersonKind.CADRE:
        return
    deployment = person.deployment
    first, last = clock.local_date(start), clock.local_date(end - datetime.timedelta(seconds=1))
    if deployment is None or deployment.status != DeploymentStatus.APPROVED or not (
            deployment.start_date <= first and last <= deployment.end_date):
        period = f"{deployment.start_date}–{deployment.end_date}" if deployment else "—"
        raise DutyRuleBroken(_("%(name)s reported here for %(period)s only (rule: %(rule)s)") % {
            "name": person.name, "period": period, "rule": rule_name(Rule.IN_DEPLOYMENT)},
            rule=Rule.IN_DEPLOYMENT, field="volunteers")


def age_warnings(people: Iterable[Volunteer], day: datetime.date) -> dict[int, str]:
    """{volunteer id: warning} for the people aged 70 or more on `day` (light duty: a warning, not a refusal)."""
    warnings = {}
    for person in people:
        age = person.age_on(day)
        if age is not None and age >= LIGHT_DUTY_AGE:
            warnings[person.pk] = _("%(name)s is %(age)s: give light duty and short hours (rule: %(rule)s)") % {
                "name": person.name, "age": age, "rule": rule_name(Rule.AGE_70)}
    return warnings


# --- who leads, who plans ------------------------------------------------------------------------------------


def led_teams(user):
    """The teams whose leader is `user` (through their roster row)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Team.objects.none()
    return Team.objects.filter(leader__user=user, active=True)


def duty_rows(user):
    """The roster rows of `user` (a volunteer's, a cadre's sent down): their own, nobody else's."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Volunteer.objects.none()
    return Volunteer.objects.filter(user=user, active=True)


def _may_plan_as_cadre(actor, post: Post) -> bool:
    return actor.has_perm(PLAN_PERM) and Post.objects.restrict(actor).filter(pk=post.pk).exists()


def _town(code: str) -> str:
    return codes.truncate(code, RegionLevel.TOWN)


def _plannable_people(actor, post: Post, people: list[Volunteer], as_cadre: bool) -> Team | None:
    """Check that `actor` may put each of `people` on `post`; the team the plan is for (a leader's), if any."""
    if as_cadre:
        scope = user_scope_code(actor)
        outside = [p for p in people if not codes.is_within(p.region_code, scope)]
        if outside:
            raise NotFound(_("Not found or outside your jurisdiction."))
        return None
    teams = {t.pk: t for t in led_teams(actor)}
    if not teams:
        raise NotPermitted(_("Only the team's leader or a cadre may plan its shifts."))
    others = [p for p in people if p.team_id not in teams]
    if others:
        raise NotPermitted(_("%(name)s is not in a team you lead.") % {"name": others[0].name})
    team_ids = {p.team_id for p in people}
    team = teams[next(iter(team_ids))] if len(team_ids) == 1 else None
    towns = {_town(t.region_code) for t in teams.values()}
    if _town(post.region_code) not in towns:
        raise NotPermitted(_("Your team may plan shifts only at posts of its own town or street."))
    return team


@transaction.atomic
def do_plan_shift(actor, post: Post, *, start: datetime.datetime, end: datetime.datetime,
                  volunteers: Iterable[Volunteer], needed: int | None = None, note: str = "") -> PlanResult:
    """Put `volunteers` on `post` from `start` to `end` (the shift slot is made, or the existing one of the same
    times used). Refused, with nothing written, when a rule breaks for anyone (the rule named) or the shift would
    have more people than it needs; people aged 70+ are planned with a warning."""
    require_actor(actor)
    as_cadre = _may_plan_as_cadre(actor, post)
    if not as_cadre and not actor.has_perm(LEAD_PERM):
        if not actor.has_perm(PLAN_PERM):
            raise NotPermitted(_("Your role does not allow this action."))
        raise NotFound(_("Not found or outside your jurisdiction."))
    if not post.active:
        raise Conflict(_("This post is not in use."))
    check_end_after_start(start, end)
    people = list({v.pk: v for v in volunteers}.values())
    if not people:
        raise Invalid(_("Choose the people on this shift."), field="volunteers")
    if needed is not None and needed < 1:
        raise Invalid(_("A shift needs at least one person."), field="needed")
    inactive = [p for p in people if not p.active]
    if inactive:
        raise Invalid(_("%(name)s is no longer on the roster.") % {"name": inactive[0].name}, field="volunteers")
    team = _plannable_people(actor, post, people, as_cadre)
    shift = Shift.objects.select_for_update().filter(post=post, start=start, end=end).first()
    if shift is None:
        shift = Shift.objects.create(post=post, start=start, end=end, needed=needed or post.headcount, team=team,
                                     planned_by=actor, note=note)
    elif needed and needed != shift.needed:
        shift.needed = needed
        shift.save(update_fields=["needed", "updated"])
    on_it = set(shift.signups.active().values_list("volunteer_id", flat=True))
    people = [p for p in people if p.pk not in on_it]
    if not people:
        raise Conflict(_("Everyone chosen is already on this shift."), field="volunteers")
    if len(on_it) + len(people) > shift.needed:
        raise Conflict(_("This shift needs %(needed)s people and %(on)s are already on it.") % {
            "needed": shift.needed, "on": len(on_it)}, field="volunteers")
    enforce_rules(people, start, end, shift_label(post.name, start, end))
    warnings = age_warnings(people, clock.local_date(start))
    signups = []
    for person in people:
        signup = SignUp.objects.filter(shift=shift, volunteer=person).first() or SignUp(shift=shift, volunteer=person)
        signup.status, signup.source, signup.planned_by = SignUpStatus.ACTIVE, SignUpSource.PLANNED, actor
        signup.warnings = [warnings[person.pk]] if person.pk in warnings else []
        signup.save()
        signups.append(signup)
    return PlanResult(shift=shift, signups=signups, warnings=list(warnings.values()))


def open_shifts_for(user):
    """Shifts a volunteer may sign up for: not begun, at posts of the towns of their roster rows."""
    towns = {_town(code) for code in duty_rows(user).values_list("region_code", flat=True)}
    if not towns:
        return Shift.objects.none()
    from django.db.models import Q

    where = Q()
    for town in towns:
        where |= Q(region_code__startswith=town)
    return Shift.objects.filter(where, start__gt=clock.now(), post__active=True)


@transaction.atomic
def do_sign_up(actor, shift: Shift) -> PlanResult:
    """The actor signs up for a place on `shift` (their own roster row of that town): refused when the shift is
    full or has begun, or when a duty rule breaks (the rule named); aged 70+, signed up with a warning."""
    require_perm(actor, SIGN_UP_PERM)
    locked = Shift.objects.select_for_update().select_related("post").filter(pk=shift.pk).first()
    if locked is None or not open_shifts_for(actor).filter(pk=locked.pk).exists():
        if locked is not None and locked.start <= clock.now() and duty_rows(actor).exists():
            raise Conflict(_("This shift has already begun."))
        raise NotFound(_("Not found or outside your jurisdiction."))
    shift = locked
    check_end_after_start(shift.start, shift.end)
    town = _town(shift.region_code)
    rows = [v for v in duty_rows(actor).select_related("deployment") if _town(v.region_code) == town]
    # A cadre sent down to the post's own village stands there as its cadre; else their volunteer row.
    rows.sort(key=lambda v: (v.region_code != shift.region_code[:len(v.region_code)], v.kind != PersonKind.CADRE))
    person = rows[0]
    taken = shift.signups.active()
    if taken.filter(volunteer__person_key=person.person_key).exists():
        raise Conflict(_("You are already on this shift."))
    if taken.count() >= shift.needed:
        raise Conflict(_("This shift is full."))
    enforce_rules([person], shift.start, shift.end, shift_label(shift.post.name, shift.start, shift.end))
    warnings = age_warnings([person], clock.local_date(shift.start))
    signup = SignUp.objects.filter(shift=shift, volunteer=person).first() or SignUp(shift=shift, volunteer=person)
    signup.status, signup.source, signup.planned_by = SignUpStatus.ACTIVE, SignUpSource.SIGNED_UP, actor
    signup.warnings = list(warnings.values())
    signup.save()
    return PlanResult(shift=shift, signups=[signup], warnings=list(warnings.values()))


def may_manage(actor, signup: SignUp) -> bool:
    """A cadre over the shift's post or the person, or the leader of the person's team."""
    if actor.has_perm(PLAN_PERM) and SignUp.objects.restrict(actor).filter(pk=signup.pk).exists():
        return True
    return actor.has_perm(LEAD_PERM) and signup.volunteer.team_id is not None and \
        led_teams(actor).filter(pk=signup.volunteer.team_id).exists()


@transaction.atomic
def do_cancel_sign_up(actor, signup: SignUp) -> SignUp:
    """Take a person off a shift before it starts: the person themselves, their leader or a cadre."""
    require_actor(actor)
    signup = SignUp.objects.select_for_update().select_related("volunteer").get(pk=signup.pk)
    own = signup.volunteer.user_id == actor.pk
    if not own and not may_manage(actor, signup):
        raise NotFound(_("Not found or outside your jurisdiction."))
    if signup.status == SignUpStatus.CANCELLED:
        raise Conflict(_("This place was already cancelled."))
    if signup.checked_in_at is not None or signup.start <= clock.now():
        raise Conflict(_("This shift has already begun."))
    signup.status = SignUpStatus.CANCELLED
    signup.save(update_fields=["status", "updated"])
    return signup


# --- the post's QR code, check-in and check-out -------------------------------------------------------------------


def post_token(post: Post) -> str:
    """The signed token a post's QR code carries (django.core.signing): the post and the version of its code, so
    that printing a new code (`do_renew_qr`) retires the old posters."""
    return signing.dumps({"post": post.pk, "v": post.qr_version}, salt=TOKEN_SALT, compress=True)


def post_from_token(token: str) -> Post:
    try:
        data = signing.loads((token or "").strip(), salt=TOKEN_SALT)
    except signing.BadSignature:
        raise Invalid(_("This QR code is not a duty post's code of this system."), field="token") from None
    post_pk = data.get("post") if isinstance(data, dict) else None
    post = Post.objects.filter(pk=post_pk).first() if isinstance(post_pk, int) else None
    if post is None:
        raise Invalid(_("This QR code is not a duty post's code of this system."), field="token")
    if data.get("v") != post.qr_version or not post.active:
        raise Invalid(_("This QR code of %(post)s has been replaced: scan the one now posted.") % {
            "post": post.name}, field="token")
    return post


@transaction.atomic
def do_renew_qr(actor, post: Post) -> Post:
    """A new QR code for the post; the printed old one no longer checks anybody in."""
    require_perm(actor, "volunteers.change_post")
    require_in_scope(actor, post)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.qr_version += 1
    post.save(update_fields=["qr_version", "updated"])
    return post


def _own_signup(actor, signup: SignUp) -> SignUp:
    require_perm(actor, CHECK_IN_PERM)
    locked = SignUp.objects.select_for_update().select_related("shift__post", "volunteer").filter(
        pk=signup.pk, volunteer__user=actor).first()
    if locked is None:
        raise NotFound(_("Not found or outside your jurisdiction."))
    if locked.status == SignUpStatus.CANCELLED:
        raise Conflict(_("This place was cancelled."))
    return locked


def _at_this_post(signup: SignUp, token: str) -> None:
    post = post_from_token(token)
    if post.pk != signup.shift.post_id:
        raise Invalid(_("This is the QR code of %(scanned)s; your shift is at %(post)s.") % {
            "scanned": post.name, "post": signup.shift.post.name}, field="token")


@transaction.atomic
def do_check_in(actor, signup: SignUp, *, token: str, at: datetime.datetime | None = None) -> SignUp:
    """The person on the shift checks in by scanning the post's QR code: the code must be that post's, from an hour
    before the shift starts until it ends."""
    signup = _own_signup(actor, signup)
    _at_this_post(signup, token)
    at = at or clock.now()
    if signup.checked_in_at is not None:
        raise Conflict(_("You checked in at %(time)s already.") % {"time": _local(signup.checked_in_at, "%H:%M")})
    if at < signup.start - datetime.timedelta(minutes=CHECK_IN_EARLY_MINUTES):
        raise Conflict(_("Check-in opens %(minutes)s minutes before the shift starts (%(start)s).") % {
            "minutes": CHECK_IN_EARLY_MINUTES, "start": _local(signup.start)})
    if at >= signup.end:
        raise Conflict(_("This shift is over."))
    signup.checked_in_at = at
    signup.save(update_fields=["checked_in_at", "updated"])
    return signup


@transaction.atomic
def do_check_out(actor, signup: SignUp, *, token: str, at: datetime.datetime | None = None) -> SignUp:
    """Check out by scanning the post's QR code again: the hours from check-in to check-out are recorded."""
    signup = _own_signup(actor, signup)
    _at_this_post(signup, token)
    at = at or clock.now()
    if signup.checked_in_at is None:
        raise Conflict(_("Check in first."))
    if signup.checked_out_at is not None:
        raise Conflict(_("You checked out at %(time)s already.") % {"time": _local(signup.checked_out_at, "%H:%M")})
    if at <= signup.checked_in_at:
        raise Invalid(_("The check-out must come after the check-in."), field="at")
    signup.checked_out_at = at
    signup.hours = hours_between(signup.checked_in_at, at)
    signup.save(update_fields=["checked_out_at", "hours", "updated"])
    return signup


def hours_between(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    return (Decimal((end - start).total_seconds()) / Decimal(3600)).quantize(HOURS_STEP, rounding=ROUND_HALF_UP)


@transaction.atomic
def do_approve_hours(actor, signup: SignUp, *, hours: Decimal | None = None) -> SignUp:
    """The leader (or a cadre over the post or the person) approves the hours worked: those recorded by check-in
    and check-out, or the hours given (a forgotten check-out). Not one's own."""
    require_actor(actor)
    signup = SignUp.objects.select_for_update().select_related("volunteer", "shift").get(pk=signup.pk)
    if not ((actor.has_perm(APPROVE_PERM) or actor.has_perm(LEAD_PERM)) and may_manage(actor, signup)):
        raise NotFound(_("Not found or outside your jurisdiction."))
    if signup.volunteer.user_id == actor.pk:
        raise NotPermitted(_("Your own hours are approved by someone else."))
    if signup.status == SignUpStatus.CANCELLED:
        raise Conflict(_("This place was cancelled."))
    if signup.end > clock.now() and signup.checked_out_at is None:
        raise Conflict(_("The shift is not over yet."))
    if hours is None:
        hours = signup.hours
        if hours is None:
            raise Invalid(_("There is no check-out: give the hours worked."), field="hours")
    hours = Decimal(hours).quantize(HOURS_STEP, rounding=ROUND_HALF_UP)
    if not Decimal(0) <= hours <= Decimal(MAX_SHIFT_HOURS):
        raise Invalid(_("Hours must be between 0 and %(max)s.") % {"max": MAX_SHIFT_HOURS}, field="hours")
    signup.approved_hours, signup.approved_by, signup.approved_at = hours, actor, clock.now()
    signup.save(update_fields=["approved_hours", "approved_by", "approved_at", "updated"])
    return signup


# --- the roster --------------------------------------------------------------------------------------------------


@transaction.atomic
def do_set_leader(actor, team: Team, *, leader: Volunteer | None) -> Team:
    require_perm(actor, "volunteers.change_team")
    require_in_scope(actor, team)
    if leader is not None and leader.team_id != team.pk:
        raise Invalid(_("The leader must be a member of the team."), field="leader")
    team.leader = leader
    team.save(update_fields=["leader", "updated"])
    return team


@transaction.atomic
def do_link_account(actor, volunteer: Volunteer, *, user) -> Volunteer:
    """Link a roster row to the person's user account (so they see their shifts and check in), or unlink it."""
    require_perm(actor, "volunteers.change_volunteer")
    require_in_scope(actor, volunteer)
    if user is not None and Volunteer.objects.filter(user=user, kind=PersonKind.VOLUNTEER).exclude(
            pk=volunteer.pk).exists():
        raise Conflict(_("This account is already linked to another volunteer."), field="user")
    volunteer.user = user
    volunteer.save()
    return volunteer


# --- cadres sent down (下沉报到) ------------------------------------------------------------------------------------


@transaction.atomic
def do_request_deployment(actor, region, *, department: str, start_date: datetime.date,
                          end_date: datetime.date, note: str = "") -> CadreDeployment:
    """A district or town cadre reports to a village/community for a period (their own request)."""
    require_perm(actor, REQUEST_PERM, _("Your role may not report to the grassroots."))
    if region is None or region.level != RegionLevel.VILLAGE:
        raise Invalid(_("Choose a village or community."), field="region")
    department = (department or "").strip()
    if not department:
        raise Invalid(_("Name your department."), field="department")
    if start_date is None or end_date is None or end_date < start_date:
        raise Invalid(_("The period ends before it starts."), field="end_date")
    clash = CadreDeployment.objects.filter(cadre=actor, status__in=[DeploymentStatus.REQUESTED,
                                                                    DeploymentStatus.APPROVED],
                                           start_date__lte=end_date, end_date__gte=start_date)
    if clash.exists():
        raise Conflict(_("You have already reported somewhere for part of this period."), field="start_date")
    return CadreDeployment.objects.create(cadre=actor, department=department[:100], region=region,
                                          start_date=start_date, end_date=end_date, note=(note or "")[:200])


@transaction.atomic
def do_decide_deployment(actor, deployment: CadreDeployment, *, approve: bool, note: str = "") -> CadreDeployment:
    """The village or town approves (the cadre joins the place's duty roster) or rejects a report."""
    require_perm(actor, DECIDE_PERM)
    require_in_scope(actor, deployment)
    deployment = CadreDeployment.objects.select_for_update().select_related("cadre", "region").get(pk=deployment.pk)
    if deployment.cadre_id == actor.pk:
        raise NotPermitted(_("Your own report is approved by the village or town."))
    if deployment.status != DeploymentStatus.REQUESTED:
        raise Conflict(_("This report has been decided already."))
    deployment.status = DeploymentStatus.APPROVED if approve else DeploymentStatus.REJECTED
    deployment.decided_by, deployment.decided_at = actor, clock.now()
    deployment.decision_note = (note or "")[:200]
    deployment.save()
    if approve:
        cadre = deployment.cadre
        row = Volunteer.objects.filter(user=cadre, kind=PersonKind.CADRE, region=deployment.region).first() or \
            Volunteer(user=cadre, kind=PersonKind.CADRE, region=deployment.region)
        row.name = str(cadre)[:50]
        row.phone = cadre.phone or ""
        row.deployment = deployment
        row.active = True
        row.save()
    return deployment


# --- posts and teams ---------------------------------------------------------------------------------------------


def _region_in_scope(actor, region, field: str = "region") -> None:
    if region is None or not codes.is_within(region.code, user_scope_code(actor)):
        raise Invalid(_("Choose a region inside your jurisdiction."), field=field)


@transaction.atomic
def do_save_post(actor, post: Post | None, *, name: str, kind: str, region, headcount: int, checkpoint=None,
                 sampling_site=None, team=None, active: bool = True) -> Post:
    """Create or change a duty post. Its region is where its checkpoint or sampling site stands (else the one
    given), inside the actor's jurisdiction."""
    require_perm(actor, "volunteers.change_post" if post else "volunteers.add_post")
    if post is not None:
        require_in_scope(actor, post)
    place = checkpoint or sampling_site
    if checkpoint is not None and sampling_site is not None:
        raise Invalid(_("A post stands at a checkpoint or at a sampling site, not both."), field="sampling_site")
    region = place.region if place is not None else region
    _region_in_scope(actor, region)
    if not (name or "").strip():
        raise Invalid(_("Name the post."), field="name")
    if not headcount or headcount < 1:
        raise Invalid(_("A shift needs at least one person."), field="headcount")
    post = post or Post()
    post.name, post.kind, post.region, post.headcount = name.strip()[:100], kind, region, headcount
    post.checkpoint, post.sampling_site, post.team, post.active = checkpoint, sampling_site, team, active
    if Post.objects.filter(region=region, name=post.name).exclude(pk=post.pk).exists():
        raise Invalid(_("This region already has a post of this name."), field="name")
    post.save()
    return post


@transaction.atomic
def do_save_team(actor, team: Team | None, *, name: str, region, party_branch: str = "", leader=None,
                 active: bool = True) -> Team:
    require_perm(actor, "volunteers.change_team" if team else "volunteers.add_team")
    if team is not None:
        require_in_scope(actor, team)
    _region_in_scope(actor, region)
    if region.level != RegionLevel.VILLAGE:
        raise Invalid(_("A team belongs to a village or community."), field="region")
    name = (name or "").strip()[:100]
    if not name:
        raise Invalid(_("Name the team."), field="name")
    same_name = Team.objects.filter(region=region, name=name)
    if (same_name.exclude(pk=team.pk) if team is not None else same_name).exists():
        raise Invalid(_("This village already has a team of this name."), field="name")
    if leader is not None and (team is None or leader.team_id != team.pk):
        raise Invalid(_("The leader must be a member of the team."), field="leader")
    team = team or Team()
    team.name, team.region, team.party_branch, team.leader, team.active = name, region, party_branch, leader, active
    team.save()
    return team
