"""Practical projects (我为群众办实事): list, publish, evaluate (列单-晒单-评单), domain.md §11.

A Project belongs to a village/community (or a town, for its street-level projects) and a quarter ('2021Q3'); its
status and progress (0–100) are kept up to date by the village, its milestones (date, text, photos) tell the story.
Published projects appear on the public page of their village and quarter (晒单, no login). Residents evaluate
them (评单): online with a one-time EvaluationCode a grid worker hands out, or from a meeting's paper forms entered
by the village; one evaluation per resident per project (and one per code)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.photos import PhotoField
from wangge.core.querysets import AreaManager, RestrictedManager

from .choices import Channel, Rating, Status, quarter_label


class Project(ChangeLoggedModel):
    region = models.ForeignKey("regions.Region", verbose_name=_("village / community"), on_delete=models.PROTECT,
                               related_name="practical_projects")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    quarter = models.CharField(_("quarter"), max_length=6)
    title = models.CharField(_("project"), max_length=120)
    category = models.CharField(_("category"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    responsible = models.CharField(_("responsible person"), max_length=50, blank=True)
    budget = models.DecimalField(_("budget (10,000 yuan)"), max_digits=10, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0)])
    planned_finish = models.DateField(_("planned finish"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0,
                                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    # A grid worker sees the projects of the village above their grid (to hand out codes); a village its own.
    objects = AreaManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("practical project")
        verbose_name_plural = _("practical projects")
        ordering = ["region_code", "-quarter", "title"]
        constraints = [models.UniqueConstraint(fields=["region_code", "quarter", "title"],
                                               name="projects_project_natural_key"),
                       models.CheckConstraint(condition=models.Q(progress__lte=100), name="projects_progress_max")]
        indexes = [models.Index(fields=["quarter", "region_code"], name="projects_quarter_idx")]

    def __str__(self):
        return f"{self.title}（{self.quarter}）"

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])

    @property
    def quarter_display(self) -> str:
        return quarter_label(self.quarter)


class Milestone(models.Model):
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="milestones")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    date = models.DateField(_("date"))
    text = models.CharField(_("what was done"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AreaManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.text}"

    def save(self, *args, **kwargs):
        self.region_code = self.project.region_code
        super().save(*args, **kwargs)


class MilestonePhoto(models.Model):
    milestone = models.ForeignKey(Milestone, verbose_name=_("milestone"), on_delete=models.CASCADE,
                                  related_name="photos")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    photo = PhotoField(_("photo"))

    objects = AreaManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("milestone photo")
        verbose_name_plural = _("milestone photos")
        ordering = ["id"]

    def __str__(self):
        return f"{self.milestone_id}/{self.pk}"

    def save(self, *args, **kwargs):
        self.region_code = self.milestone.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects:photo", args=[self.pk])


class EvaluationCode(models.Model):
    """A one-time code for one project, handed out on paper by a grid worker: for one named resident (then the
    evaluation is theirs) or for anyone at a meeting (per project). Its region is the resident's, or the
    project's."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("code"), max_length=12, unique=True)
    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = AreaManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("evaluation code")
        verbose_name_plural = _("evaluation codes")
        ordering = ["-issued_at", "id"]

    def __str__(self):
        return self.code


class Evaluation(models.Model):
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="evaluations")
    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    code = models.OneToOneField(EvaluationCode, verbose_name=_("code"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="evaluation")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("evaluated at"))

    objects = RestrictedManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "resident"],
                                               condition=models.Q(resident__isnull=False),
                                               name="projects_one_evaluation_per_resident")]

    def __str__(self):
        return f"{self.project_id} {self.get_rating_display()}"
