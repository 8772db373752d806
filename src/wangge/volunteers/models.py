"""Volunteer teams, the people on duty, the posts they stand at, shifts and sign-ups, and cadres sent down (下沉报到).

- A **Team** (志愿服务队) belongs to a village/community and its party branch, and has a leader.
- A **Volunteer** is one person on the duty roster of a place: a registered volunteer (`wangge import_volunteers`,
  natural key the ID number), or a district/town cadre sent down there (`kind=cadre`, made when their report is
  approved, linked to their user account). `person_key` says "the same human being" across rows (the user
  account, else the ID number), so the rules see a cadre who is also a volunteer as one person.
- A **Post** (岗位) is a place to stand: at a checkpoint, at a sampling site, or elsewhere, with the number of people
  each shift needs. Its QR code carries a signed token of the post (actions.post_token).
- A **Shift** is one time slot at a post with the people it needs; a **SignUp** puts one person on it (planned by
  the team leader or a cadre, or signed up for by the volunteer) and carries the attendance: check-in and check-out
  at the post by its QR code, the hours worked and the hours the leader approved. No check-in by the end of the
  shift is a no-show.
- A **CadreDeployment** is a cadre's report to a village/community for a period: requested, then approved or
  rejected by the village or town.

Every row is scoped by a region code (`region_path`): teams and volunteers by where they serve, posts, shifts and
sign-ups by where the post stands — a sign-up is also seen from the volunteer's own place (`SignUpQuerySet`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.querysets import RestrictedQuerySet, user_scope_code, within_code

from .choices import DeploymentStatus, PersonKind, PostKind, SignUpSource, SignUpStatus


class Team(ChangeLoggedModel):
    """A volunteer team (志愿服务队) of a village/community, under its party branch."""

    name = models.CharField(_("team name"), max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name=_("village/community"), on_delete=models.PROTECT,
                               related_name="volunteer_teams")
    region_code = models.CharField(_("region code"), max_length=15, db_index=True, editable=False)
    party_branch = models.CharField(_("party branch"), max_length=100, blank=True)
    leader = models.ForeignKey("Volunteer", verbose_name=_("team leader"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="led_teams")
    active = models.BooleanField(_("active"), default=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["region_code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="volunteers_team_unique_name")]
        permissions = [("lead_team", _("Can plan the shifts and approve the hours of the team one leads"))]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("volunteers:team", args=[self.pk])


class Volunteer(ChangeLoggedModel):
    """One person on the duty roster of a place: a volunteer, or a cadre sent down there."""

    kind = models.CharField(_("kind"), max_length=10, choices=PersonKind.choices, default=PersonKind.VOLUNTEER)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=11, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, editable=False)
    team = models.ForeignKey(Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="members")
    region = models.ForeignKey("regions.Region", verbose_name=_("serves in"), on_delete=models.PROTECT,
                               related_name="volunteers")
    region_code = models.CharField(_("region code"), max_length=15, db_index=True, editable=False)
    party_member = models.BooleanField(_("party member"), default=False)
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="duty_rows")
    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    deployment = models.ForeignKey("CadreDeployment", verbose_name=_("report to the grassroots"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="duty_rows")
    person_key = models.CharField(_("person"), max_length=30, db_index=True, editable=False)
    active = models.BooleanField(_("active"), default=True)

    region_path = "region_code"
    personal_fields = ("id_number", "phone")

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["region_code", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["id_number"], condition=~Q(id_number=""),
                                    name="volunteers_volunteer_unique_id"),
            models.UniqueConstraint(fields=["user", "region"], condition=Q(kind=PersonKind.CADRE),
                                    name="volunteers_volunteer_one_cadre_row"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from wangge.core.ids import birth_date

        self.region_code = self.region.code
        if self.id_number:
            self.birth_date = birth_date(self.id_number)
        self.person_key = self.compute_person_key()
        super().save(*args, **kwargs)
        if not self.person_key:
            self.person_key = f"v{self.pk}"
            type(self).objects.filter(pk=self.pk).update(person_key=self.person_key)

    def compute_person_key(self) -> str:
        if self.user_id:
            return f"u{self.user_id}"
        if self.id_number:
            return f"i{self.id_number}"
        return f"v{self.pk}" if self.pk else ""

    def get_absolute_url(self):
        return reverse("volunteers:volunteer", args=[self.pk])

    @property
    def skill_list(self) -> list[str]:
        return [s for s in self.skills.split("、") if s]

    def age_on(self, day):
        from .rules import age_on

        return age_on(self.birth_date, day)

    @property
    def age(self):
        from wangge.core import clock

        return self.age_on(clock.today())


class Post(ChangeLoggedModel):
    """A place to stand on duty, with the number of people each of its shifts needs."""

    name = models.CharField(_("post name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=PostKind.choices, default=PostKind.OTHER)
    checkpoint = models.ForeignKey("checkpoints.Checkpoint", verbose_name=_("checkpoint"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="duty_posts")
    sampling_site = models.ForeignKey("labtests.SamplingSite", verbose_name=_("sampling site"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="duty_posts")
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="duty_posts")
    region_code = models.CharField(_("region code"), max_length=15, db_index=True, editable=False)
    team = models.ForeignKey(Team, verbose_name=_("team on duty"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="posts")
    headcount = models.PositiveSmallIntegerField(_("people per shift"), default=2)
    qr_version = models.PositiveIntegerField(_("QR code version"), default=1, editable=False)
    active = models.BooleanField(_("in use"), default=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("duty post")
        verbose_name_plural = _("duty posts")
        ordering = ["region_code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="volunteers_post_unique_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        place = self.checkpoint or self.sampling_site
        if place is not None and not self.region_id:
            self.region_id = place.region_id
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("volunteers:post", args=[self.pk])

    @property
    def place(self):
        return self.checkpoint or self.sampling_site


class Shift(ChangeLoggedModel):
    """One time slot at a post and the number of people it needs."""

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="shifts")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    needed = models.PositiveSmallIntegerField(_("people needed"))
    team = models.ForeignKey(Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="shifts")
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("planned by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["start", "post_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="volunteers_shift_end_after_start"),
            models.UniqueConstraint(fields=["post", "start", "end"], name="volunteers_shift_unique_slot"),
        ]
        indexes = [models.Index(fields=["region_code", "start"], name="volunteers_shift_region_idx")]

    def __str__(self):
        from django.utils import timezone

        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{self.post} {start:%m-%d %H:%M}–{end:%H:%M}"

    def save(self, *args, **kwargs):
        self.region_code = self.post.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("volunteers:shift", args=[self.pk])

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


class SignUpQuerySet(RestrictedQuerySet):
    """A sign-up is seen where the post stands and where the person on it serves: a village cadre sees their
    volunteers' shifts at the highway exit of the next village, and who stands at their own checkpoint."""

    def restrict(self, user):
        scope = user_scope_code(user)
        if scope is None:
            return self.none()
        if scope == "":
            return self
        at_post = within_code(self, scope, "region_code").values("pk")
        mine = within_code(self, scope, "volunteer_region_code").values("pk")
        return self.filter(Q(pk__in=at_post) | Q(pk__in=mine))

    def active(self):
        return self.filter(status=SignUpStatus.ACTIVE)

    def no_shows(self, now):
        """On the plan, the shift over, never checked in."""
        return self.active().filter(end__lte=now, checked_in_at__isnull=True)


class SignUp(ChangeLoggedModel):
    """One person on one shift, and their attendance: check-in and check-out at the post, hours, approval."""

    shift = models.ForeignKey(Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, verbose_name=_("person on duty"), on_delete=models.PROTECT,
                                  related_name="signups")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    volunteer_region_code = models.CharField(_("region code of the person"), max_length=15, editable=False)
    start = models.DateTimeField(_("starts"), editable=False)
    end = models.DateTimeField(_("ends"), editable=False)
    source = models.CharField(_("how"), max_length=10, choices=SignUpSource.choices, default=SignUpSource.PLANNED)
    status = models.CharField(_("status"), max_length=10, choices=SignUpStatus.choices,
                              default=SignUpStatus.ACTIVE)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("planned by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    hours = models.DecimalField(_("hours recorded"), max_digits=5, decimal_places=2, null=True, blank=True)
    approved_hours = models.DecimalField(_("hours approved"), max_digits=5, decimal_places=2, null=True,
                                         blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = models.Manager.from_queryset(SignUpQuerySet)()
    region_path = "region_code"

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["start", "id"]
        constraints = [models.UniqueConstraint(fields=["shift", "volunteer"], name="volunteers_signup_unique")]
        indexes = [models.Index(fields=["region_code", "start"], name="volunteers_signup_region_idx"),
                   models.Index(fields=["volunteer_region_code", "start"], name="volunteers_signup_vregion_idx"),
                   models.Index(fields=["volunteer", "start"], name="volunteers_signup_person_idx")]
        permissions = [
            ("view_own_signup", _("Can see one's own shifts")),
            ("sign_up", _("Can sign up for open shifts")),
            ("check_in", _("Can check in and out at a post")),
            ("approve_hours", _("Can approve the hours worked")),
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.shift}"

    def save(self, *args, **kwargs):
        shift = self.shift
        self.region_code, self.start, self.end = shift.region_code, shift.start, shift.end
        self.volunteer_region_code = self.volunteer.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("volunteers:shift", args=[self.shift_id])

    def is_no_show(self, now) -> bool:
        return self.status == SignUpStatus.ACTIVE and self.checked_in_at is None and self.end <= now


class CadreDeployment(ChangeLoggedModel):
    """A district or town cadre's report to a village/community (下沉报到) for a period: requested, then approved
    or rejected by the village or town. Approved, the cadre appears on the place's duty roster."""

    cadre = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cadre"), on_delete=models.PROTECT,
                              related_name="deployments")
    department = models.CharField(_("home department"), max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name=_("village/community"), on_delete=models.PROTECT,
                               related_name="cadre_deployments")
    region_code = models.CharField(_("region code"), max_length=15, db_index=True, editable=False)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    status = models.CharField(_("status"), max_length=10, choices=DeploymentStatus.choices,
                              default=DeploymentStatus.REQUESTED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("report to the grassroots")
        verbose_name_plural = _("reports to the grassroots")
        ordering = ["-start_date", "-id"]
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=F("start_date")),
                                              name="volunteers_deployment_dates")]
        permissions = [("decide_cadredeployment", _("Can approve or reject a cadre's report"))]

    def __str__(self):
        return f"{self.cadre} → {self.region}（{self.start_date}–{self.end_date}）"

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("volunteers:deployments")
