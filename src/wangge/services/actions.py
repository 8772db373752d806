"""Every change of the services register is an action here: one transaction, the actor checked, the scope
re-checked, a refusal raised with its reason (core.errors).

An order's life is a state machine (choices.TRANSITIONS): ordered → taken → done → rated, cancelled while not yet
done. A step out of order is refused with the order's current state named (409)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.actions import require_in_scope, require_perm
from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted
from wangge.core.querysets import user_scope_code
from wangge.regions import codes
from wangge.regions.choices import RegionLevel

from .choices import RATING_MAX, RATING_MIN, TRANSITIONS, OrderChannel, OrderStatus
from .models import Attendance, JobPosting, JobSeeker, Order, Placement, ServiceItem, Training

TAKE_PERM = "services.take_order"
RATE_PERM = "services.rate_order"
CANCEL_PERM = "services.cancel_order"


def _region_in_scope(actor, region, field: str = "region") -> None:
    if region is None or not codes.is_within(region.code, user_scope_code(actor)):
        raise Invalid(_("Choose a region inside your jurisdiction."), field=field)


def _community(actor, region, field: str = "region") -> None:
    _region_in_scope(actor, region, field)
    if region.level != RegionLevel.VILLAGE:
        raise Invalid(_("Choose a village or community."), field=field)


def _text(value, field: str, message: str, length: int) -> str:
    value = (value or "").strip()[:length]
    if not value:
        raise Invalid(message, field=field)
    return value


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _step(order: Order, to: str) -> None:
    """Refuse a step the state machine does not allow, naming where the order stands."""
    if to not in TRANSITIONS[OrderStatus(order.status)]:
        messages = {
            OrderStatus.TAKEN: _("Only an order that is waiting can be taken; this one is %(status)s."),
            OrderStatus.DONE: _("Only an order that is taken can be marked done; this one is %(status)s."),
            OrderStatus.RATED: _("Only an order that is done can be rated; this one is %(status)s."),
            OrderStatus.CANCELLED: _("An order that is %(status)s can no longer be cancelled."),
        }
        raise Conflict(messages[OrderStatus(to)] % {"status": order.get_status_display()})


# --- the menu -----------------------------------------------------------------------------------------------------


@transaction.atomic
def do_save_item(actor, item: ServiceItem | None, *, region, name: str, category: str, description: str = "",
                 team=None, active: bool = True) -> ServiceItem:
    """Add a service to a community's menu, or change one."""
    require_perm(actor, "services.change_serviceitem" if item else "services.add_serviceitem")
    if item is not None:
        require_in_scope(actor, item)
    _community(actor, region)
    name = _text(name, "name", _("Name the service."), 100)
    if team is not None and team.region_id != region.pk:
        raise Invalid(_("The provider team must be a team of this community."), field="team")
    if ServiceItem.objects.filter(region=region, name=name).exclude(pk=item.pk if item else 0).exists():
        raise Invalid(_("This community's menu already has a service of this name."), field="name")
    item = item or ServiceItem()
    item.region, item.name, item.category, item.description = region, name, category, (description or "").strip()
    item.team, item.active = team, active
    item.save()
    return item


# --- an order's life ----------------------------------------------------------------------------------------------


@transaction.atomic
def do_order(actor, resident, item: ServiceItem, *, channel: str = OrderChannel.GRID_WORKER, wanted_on=None,
             note: str = "") -> Order:
    """A resident orders a service of their community's menu (entered by the grid worker or the community)."""
    require_perm(actor, "services.add_order", _("Your role may not enter service orders."))
    require_in_scope(actor, resident)
    if not item.active:
        raise Invalid(_("This service is no longer on the menu."), field="item")
    if not resident.region_code.startswith(item.region_code):
        raise Invalid(_("A resident orders from the menu of their own community."), field="item")
    if channel not in OrderChannel.values:
        raise Invalid(_("Say how the order came in."), field="channel")
    if wanted_on is not None and wanted_on < clock.today():
        raise Invalid(_("The day wanted cannot be in the past."), field="wanted_on")
    return Order.objects.create(item=item, resident=resident, channel=channel, wanted_on=wanted_on,
                                note=(note or "").strip()[:300], ordered_at=clock.now(), ordered_by=actor,
                                team=item.team)


def volunteer_rows(actor):
    """The actor's own rows on the volunteers' roster that belong to a team."""
    return actor.duty_rows.filter(active=True, team__isnull=False).select_related("team")


@transaction.atomic
def do_take(actor, order: Order, *, team=None, volunteer=None) -> Order:
    """A volunteer takes the order for their team; a cadre hands it to a team of the community (and a volunteer)."""
    require_perm(actor, TAKE_PERM, _("Your role may not take service orders."))
    order = _locked(order)
    if not Order.objects.restrict(actor).filter(pk=order.pk).exists():
        raise NotFound(_("Not found or outside your jurisdiction."))
    _step(order, OrderStatus.TAKEN)
    if team is None and volunteer is None:
        row = volunteer_rows(actor).filter(team__region_code=order.community_code).first()
        if row is None:
            raise Invalid(_("Choose the team that takes the order."), field="team")
        team, volunteer = row.team, row
    if volunteer is not None and team is None:
        team = volunteer.team
    if team is None or team.region_code != order.community_code:
        raise Invalid(_("The order goes to a team of the resident's community."), field="team")
    if volunteer is not None and volunteer.team_id != team.pk:
        raise Invalid(_("The volunteer must be a member of the team."), field="volunteer")
    if not codes.is_within(team.region_code, user_scope_code(actor)) and not volunteer_rows(actor).filter(
            team=team).exists():
        raise NotPermitted(_("You may hand orders only to a team of your jurisdiction or your own."))
    order.status, order.team, order.volunteer = OrderStatus.TAKEN, team, volunteer
    order.taken_at, order.taken_by = clock.now(), actor
    order.save()
    return order


def _may_finish(actor, order: Order) -> None:
    """Marked done by the team that took it (one of its volunteers) or by a cadre of the jurisdiction."""
    mine = volunteer_rows(actor).filter(team_id=order.team_id).exists()
    if not mine and not (actor.has_perm("services.change_order") and
                         codes.is_within(order.region_code, user_scope_code(actor))):
        raise NotPermitted(_("Only the team that took the order may mark it done."))


@transaction.atomic
def do_done(actor, order: Order, *, note: str = "") -> Order:
    require_perm(actor, TAKE_PERM, _("Your role may not take service orders."))
    order = _locked(order)
    if not Order.objects.restrict(actor).filter(pk=order.pk).exists():
        raise NotFound(_("Not found or outside your jurisdiction."))
    _step(order, OrderStatus.DONE)
    _may_finish(actor, order)
    order.status, order.done_at, order.done_note = OrderStatus.DONE, clock.now(), (note or "").strip()[:300]
    order.save()
    return order


@transaction.atomic
def do_rate(actor, order: Order, *, rating, comment: str = "") -> Order:
    """The resident's rating of a service done, entered by their grid worker or the community: 1–5 and a comment."""
    require_perm(actor, RATE_PERM, _("Your role may not enter ratings."))
    require_in_scope(actor, order)
    order = _locked(order)
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        raise Invalid(_("Give a rating from %(lo)s to %(hi)s.") % {"lo": RATING_MIN, "hi": RATING_MAX},
                      field="rating") from None
    if not RATING_MIN <= rating <= RATING_MAX:
        raise Invalid(_("Give a rating from %(lo)s to %(hi)s.") % {"lo": RATING_MIN, "hi": RATING_MAX},
                      field="rating")
    _step(order, OrderStatus.RATED)
    order.status, order.rating, order.rating_comment = OrderStatus.RATED, rating, (comment or "").strip()[:300]
    order.rated_at, order.rated_by = clock.now(), actor
    order.save()
    return order


@transaction.atomic
def do_cancel(actor, order: Order, *, reason: str) -> Order:
    require_perm(actor, CANCEL_PERM, _("Your role may not cancel service orders."))
    require_in_scope(actor, order)
    order = _locked(order)
    _step(order, OrderStatus.CANCELLED)
    order.cancel_reason = _text(reason, "reason", _("Say why the order is cancelled."), 200)
    order.status, order.cancelled_at = OrderStatus.CANCELLED, clock.now()
    order.save()
    return order


# --- jobs ---------------------------------------------------------------------------------------------------------


def _wage(value, field: str):
    if value is not None and value <= 0:
        raise Invalid(_("A monthly wage is more than zero."), field=field)
    return value


@transaction.atomic
def do_save_posting(actor, posting: JobPosting | None, *, region, title: str, enterprise=None,
                    employer_name: str = "", positions: int = 1, wage_min=None, wage_max=None,
                    requirements: str = "", posted_on=None, open: bool = True) -> JobPosting:
    require_perm(actor, "services.change_jobposting" if posting else "services.add_jobposting")
    if posting is not None:
        require_in_scope(actor, posting)
    _community(actor, region)
    if enterprise is not None:
        require_in_scope(actor, enterprise)
        employer_name = enterprise.name
    employer_name = _text(employer_name, "employer_name", _("Name the employer or choose the enterprise."), 120)
    title = _text(title, "title", _("Name the job."), 100)
    if not positions or positions < 1:
        raise Invalid(_("A posting offers at least one position."), field="positions")
    _wage(wage_min, "wage_min"), _wage(wage_max, "wage_max")
    if wage_min and wage_max and wage_max < wage_min:
        raise Invalid(_("The upper wage is below the lower one."), field="wage_max")
    posting = posting or JobPosting()
    posting.region, posting.enterprise, posting.employer_name, posting.title = region, enterprise, employer_name, title
    posting.positions, posting.wage_min, posting.wage_max = positions, wage_min, wage_max
    posting.requirements, posting.posted_on = (requirements or "").strip()[:300], posted_on or clock.today()
    posting.open = open
    posting.save()
    return posting


@transaction.atomic
def do_save_seeker(actor, seeker: JobSeeker | None, *, resident, landless: bool = False, skills: str = "",
                   wanted_work: str = "", registered_on=None, active: bool = True) -> JobSeeker:
    require_perm(actor, "services.change_jobseeker" if seeker else "services.add_jobseeker")
    if seeker is not None:
        require_in_scope(actor, seeker)
        resident = seeker.resident
    require_in_scope(actor, resident)
    if seeker is None and JobSeeker.objects.filter(resident=resident).exists():
        raise Invalid(_("This resident is already registered as a job seeker."), field="resident")
    seeker = seeker or JobSeeker(resident=resident)
    seeker.landless, seeker.skills = bool(landless), (skills or "").strip()[:200]
    seeker.wanted_work, seeker.active = (wanted_work or "").strip()[:200], active
    seeker.registered_on = registered_on or seeker.registered_on or clock.today()
    seeker.save()
    return seeker


@transaction.atomic
def do_save_training(actor, training: Training | None, *, region, title: str, date, organiser: str,
                     place: str = "") -> Training:
    require_perm(actor, "services.change_training" if training else "services.add_training")
    if training is not None:
        require_in_scope(actor, training)
    _community(actor, region)
    training = training or Training()
    training.region, training.date = region, date
    training.title = _text(title, "title", _("Name the training."), 120)
    training.organiser = _text(organiser, "organiser", _("Name the organiser."), 120)
    training.place = (place or "").strip()[:120]
    training.save()
    return training


@transaction.atomic
def do_record_attendance(actor, training: Training, seekers) -> int:
    """Mark job seekers present at a training; returns how many were added (someone already marked is skipped)."""
    require_perm(actor, "services.add_attendance")
    require_in_scope(actor, training)
    added = 0
    for seeker in seekers:
        require_in_scope(actor, seeker)
        if not seeker.resident.region_code.startswith(training.region_code[:9]):
            raise Invalid(_("%(name)s does not live in this training's town.") % {"name": seeker}, field="seekers")
        _obj, created = Attendance.objects.get_or_create(training=training, seeker=seeker)
        added += created
    return added


@transaction.atomic
def do_remove_attendance(actor, attendance: Attendance) -> None:
    require_perm(actor, "services.change_attendance")
    require_in_scope(actor, attendance)
    attendance.delete()


@transaction.atomic
def do_place(actor, seeker: JobSeeker, *, placed_on, posting=None, enterprise=None, employer_name: str = "",
             job: str = "", monthly_wage=None) -> Placement:
    """Record a job seeker placed with an employer: from a posting (its employer), an enterprise, or a name."""
    require_perm(actor, "services.add_placement")
    require_in_scope(actor, seeker)
    if posting is not None:
        require_in_scope(actor, posting)
        enterprise = enterprise or posting.enterprise
        employer_name = posting.employer_name
        job = job or posting.title
    if enterprise is not None:
        require_in_scope(actor, enterprise)
        employer_name = enterprise.name
    employer_name = _text(employer_name, "employer_name", _("Name the employer or choose the enterprise."), 120)
    if placed_on is None:
        raise Invalid(_("Give the date of the placement."), field="placed_on")
    if placed_on > clock.today():
        raise Invalid(_("A placement cannot be dated in the future."), field="placed_on")
    if placed_on < seeker.registered_on:
        raise Invalid(_("The placement is dated before the seeker registered."), field="placed_on")
    _wage(monthly_wage, "monthly_wage")
    placement = Placement.objects.create(seeker=seeker, posting=posting, enterprise=enterprise,
                                         employer_name=employer_name, job=(job or "").strip()[:100],
                                         placed_on=placed_on, monthly_wage=monthly_wage)
    if seeker.active:
        seeker.active = False
        seeker.save()
    return placement
