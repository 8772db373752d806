"""Community services on order (点单式) and job matching (村企共建).

- A **ServiceItem** is one entry of a community's service menu (爱心送餐, 老年公益课堂 …), provided by a volunteer team.
- An **Order** is a resident's order of an item. Residents have no logins: the grid worker enters it for them, or
  the community office when they come in or call. A volunteer team (one of its volunteers) takes it, does it, and the
  resident's rating (1–5, a comment) is entered by the grid worker or the community: ordered → taken → done → rated,
  or cancelled before it is done (actions.py owns every step).
- A **JobPosting** comes from an enterprise of the registry (or an employer named when it is not registered); a
  **JobSeeker** is a resident looking for work (landless or not, skills, the work wanted); a **Training** (with a
  vocational school …) has its **Attendance** of seekers; a **Placement** is a seeker placed with an employer.

Scope: orders, seekers, attendance and placements lie where the resident lives (the grid), so a grid worker sees
their own residents'; menus, postings and trainings belong to a community and are seen from inside it and from its
grids (`AreaManager`: the menu of one's community is a public notice).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.querysets import AreaManager, RestrictedQuerySet, user_scope_code, within_code

from .choices import RATING_MAX, RATING_MIN, OrderChannel, OrderStatus, ServiceCategory


class ServiceItem(ChangeLoggedModel):
    """One entry of a community's service menu and the volunteer team that provides it."""

    region = models.ForeignKey("regions.Region", verbose_name=_("community"), on_delete=models.PROTECT,
                               related_name="service_items")
    region_code = models.CharField(_("region code"), max_length=15, db_index=True, editable=False)
    name = models.CharField(_("service"), max_length=100)
    category = models.CharField(_("category"), max_length=12, choices=ServiceCategory.choices,
                                default=ServiceCategory.OTHER)
    description = models.TextField(_("description"), blank=True)
    team = models.ForeignKey("volunteers.Team", verbose_name=_("provider team"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="service_items")
    active = models.BooleanField(_("on the menu"), default=True)

    objects = AreaManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("service on the menu")
        verbose_name_plural = _("service menu")
        ordering = ["region_code", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="services_item_unique_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("services:item", args=[self.pk])


class OrderQuerySet(RestrictedQuerySet):
    """Orders are seen where the resident lives, by those whose role reads orders (`services.view_order`); a
    volunteer sees only the orders their team took and the open orders of their team's community, which they may
    take — never the orders of their jurisdiction as such."""

    def restrict(self, user):
        scope = user_scope_code(user)
        if scope is None:
            return self.none()
        reads = user.has_perm("services.view_order")
        if scope == "" and reads:
            return self
        teams = list(user.duty_rows.filter(active=True, team__isnull=False).values_list("team_id", "team__region_code"))
        theirs = Q(team_id__in=[t for t, _c in teams]) | Q(status=OrderStatus.ORDERED,
                                                           community_code__in=[c for _t, c in teams])
        if not reads:
            return self.filter(theirs) if teams else self.none()
        here = within_code(self, scope, "region_code").values("pk")
        return self.filter(Q(pk__in=here) | theirs) if teams else self.filter(pk__in=here)


class Order(ChangeLoggedModel):
    """A resident's order of a service, and its life: taken by a team, done, rated (or cancelled)."""

    item = models.ForeignKey(ServiceItem, verbose_name=_("service"), on_delete=models.PROTECT, related_name="orders")
    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), on_delete=models.PROTECT,
                                 related_name="service_orders")
    region_code = models.CharField(_("grid code"), max_length=15, db_index=True, editable=False)
    community_code = models.CharField(_("community code"), max_length=15, db_index=True, editable=False)
    channel = models.CharField(_("how ordered"), max_length=12, choices=OrderChannel.choices,
                               default=OrderChannel.GRID_WORKER)
    wanted_on = models.DateField(_("wanted on"), null=True, blank=True)
    note = models.CharField(_("what is wanted"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.ORDERED,
                              db_index=True)
    ordered_at = models.DateTimeField(_("ordered at"))
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT,
                                   related_name="+")
    team = models.ForeignKey("volunteers.Team", verbose_name=_("team"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="service_orders")
    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name=_("volunteer"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="service_orders")
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("taken by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_note = models.CharField(_("what was done"), max_length=300, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rating entered by"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)

    objects = models.Manager.from_queryset(OrderQuerySet)()
    region_path = "region_code"

    class Meta:
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        ordering = ["-ordered_at", "-id"]
        constraints = [models.CheckConstraint(
            condition=Q(rating__isnull=True) | Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
            name="services_order_rating_range")]
        indexes = [models.Index(fields=["region_code", "ordered_at"], name="services_order_region_idx"),
                   models.Index(fields=["community_code", "status"], name="services_order_comm_idx")]
        permissions = [("take_order", _("Can take service orders and mark them done")),
                       ("rate_order", _("Can enter a resident's rating of a service")),
                       ("cancel_order", _("Can cancel a service order"))]

    def __str__(self):
        return f"{self.item} · {self.resident}"

    def save(self, *args, **kwargs):
        self.region_code = self.resident.region_code
        self.community_code = self.item.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("services:order", args=[self.pk])


class JobPosting(ChangeLoggedModel):
    """A job offered by an enterprise of the registry, or by an employer named here."""

    region = models.ForeignKey("regions.Region", verbose_name=_("community"), on_delete=models.PROTECT,
                               related_name="job_postings")
    region_code = models.CharField(_("region code"), max_length=15, db_index=True, editable=False)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="job_postings")
    employer_name = models.CharField(_("employer"), max_length=120)
    title = models.CharField(_("job"), max_length=100)
    positions = models.PositiveSmallIntegerField(_("positions"), default=1)
    wage_min = models.PositiveIntegerField(_("monthly wage from (yuan)"), null=True, blank=True)
    wage_max = models.PositiveIntegerField(_("monthly wage to (yuan)"), null=True, blank=True)
    requirements = models.CharField(_("requirements"), max_length=300, blank=True)
    posted_on = models.DateField(_("posted on"))
    open = models.BooleanField(_("open"), default=True)

    objects = AreaManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-posted_on", "-id"]

    def __str__(self):
        return f"{self.employer_name} · {self.title}"

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        if self.enterprise_id and not self.employer_name:
            self.employer_name = self.enterprise.name
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("services:posting", args=[self.pk])


class JobSeeker(ChangeLoggedModel):
    """A resident looking for work: landless (失地) or not, their skills and the work they want."""

    resident = models.OneToOneField("people.Resident", verbose_name=_("resident"), on_delete=models.PROTECT,
                                    related_name="job_seeker")
    region_code = models.CharField(_("grid code"), max_length=15, db_index=True, editable=False)
    landless = models.BooleanField(_("landless"), default=False)
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    wanted_work = models.CharField(_("work wanted"), max_length=200, blank=True)
    registered_on = models.DateField(_("registered on"))
    active = models.BooleanField(_("looking for work"), default=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["region_code", "-registered_on", "id"]

    def __str__(self):
        return str(self.resident)

    def save(self, *args, **kwargs):
        self.region_code = self.resident.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("services:seeker", args=[self.pk])


class Training(ChangeLoggedModel):
    """A training session for job seekers, with its organiser (a vocational school …)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("community"), on_delete=models.PROTECT,
                               related_name="trainings")
    region_code = models.CharField(_("region code"), max_length=15, db_index=True, editable=False)
    title = models.CharField(_("training"), max_length=120)
    date = models.DateField(_("date"))
    organiser = models.CharField(_("organiser"), max_length=120)
    place = models.CharField(_("place"), max_length=120, blank=True)

    objects = AreaManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.title}（{self.date:%Y-%m-%d}）"

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("services:training", args=[self.pk])


class Attendance(ChangeLoggedModel):
    """A job seeker at a training."""

    training = models.ForeignKey(Training, verbose_name=_("training"), on_delete=models.CASCADE,
                                 related_name="attendance")
    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.PROTECT,
                               related_name="attendance")
    region_code = models.CharField(_("grid code"), max_length=15, db_index=True, editable=False)

    region_path = "region_code"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["training_id", "id"]
        constraints = [models.UniqueConstraint(fields=["training", "seeker"], name="services_attendance_unique")]

    def __str__(self):
        return f"{self.seeker} · {self.training}"

    def save(self, *args, **kwargs):
        self.region_code = self.seeker.region_code
        super().save(*args, **kwargs)


class Placement(ChangeLoggedModel):
    """A job seeker placed with an employer, from a posting or not, on a date and at a monthly wage."""

    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.PROTECT,
                               related_name="placements")
    region_code = models.CharField(_("grid code"), max_length=15, db_index=True, editable=False)
    posting = models.ForeignKey(JobPosting, verbose_name=_("job posting"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="placements")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="placements")
    employer_name = models.CharField(_("employer"), max_length=120)
    job = models.CharField(_("job"), max_length=100, blank=True)
    placed_on = models.DateField(_("placed on"))
    monthly_wage = models.PositiveIntegerField(_("monthly wage (yuan)"), null=True, blank=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-placed_on", "-id"]
        indexes = [models.Index(fields=["region_code", "placed_on"], name="services_placement_region_idx")]

    def __str__(self):
        return f"{self.seeker} → {self.employer_name}"

    def save(self, *args, **kwargs):
        self.region_code = self.seeker.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("services:seeker", args=[self.seeker_id])
