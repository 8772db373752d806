"""Linked cadres (挂钩联系): leading cadres assigned to enterprises, and their visits.

An Assignment links one cadre to one enterprise from a start date to an (optional) end date: a cadre has many
enterprises, an enterprise may have several cadres. A Visit records what was checked, the help given, the
materials handed over (Material rows, a kind and a count) and the problems and suggestions collected (Problem
rows, each solved by someone at some time). Every row carries the enterprise's region code for the scope."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.querysets import RestrictedManager

from .choices import MaterialKind, ProblemKind


class Assignment(ChangeLoggedModel):
    """A cadre linked to an enterprise (挂钩联系) for a period; `end_date` empty = still linked."""

    cadre = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cadre"), on_delete=models.PROTECT,
                              related_name="liaison_assignments")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="liaison_assignments")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = RestrictedManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("liaison assignment")
        verbose_name_plural = _("liaison assignments")
        ordering = ["region_code", "enterprise_id", "start_date", "id"]
        indexes = [models.Index(fields=["cadre", "end_date"], name="liaison_cadre_end_idx")]

    def __str__(self):
        return f"{self.cadre} → {self.enterprise}"

    def save(self, *args, **kwargs):
        self.region_code = self.enterprise.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("liaison:assignment-edit", args=[self.pk])

    def active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Visit(ChangeLoggedModel):
    """One visit of a linked cadre to an enterprise."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="liaison_visits")
    cadre = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cadre"), on_delete=models.PROTECT,
                              related_name="liaison_visits")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    date = models.DateField(_("date"))
    checked = models.TextField(_("what was checked"), blank=True)
    help_given = models.TextField(_("help given"), blank=True)

    objects = RestrictedManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("liaison visit")
        verbose_name_plural = _("liaison visits")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["region_code", "date"], name="liaison_visit_region_date_idx")]

    def __str__(self):
        return f"{self.enterprise} {self.date:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.region_code = self.enterprise.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("liaison:visit", args=[self.pk])

    @property
    def materials_text(self) -> str:
        """"Handbook × 30, Prevention guide × 5" (read from prefetched rows when there are some)."""
        return "、".join(str(m) for m in self.materials.all())


class Material(models.Model):
    """Materials handed over on a visit: a kind and a count (30 handbooks, 5 guides …)."""

    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=12, choices=MaterialKind.choices)
    count = models.PositiveIntegerField(_("count"))

    region_path = "visit__region_code"

    class Meta:
        verbose_name = _("material handed over")
        verbose_name_plural = _("materials handed over")
        constraints = [models.UniqueConstraint(fields=["visit", "kind"], name="liaison_material_unique_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} × {self.count}"


class Problem(ChangeLoggedModel):
    """A problem or suggestion collected on a visit; solved when someone marks it so."""

    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="problems")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="liaison_problems")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=ProblemKind.choices, default=ProblemKind.PROBLEM)
    text = models.TextField(_("problem or suggestion"))
    collected_on = models.DateField(_("collected on"))
    solved = models.BooleanField(_("solved"), default=False)
    solved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("solved by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    solution = models.TextField(_("how it was solved"), blank=True)

    objects = RestrictedManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("problem or suggestion")
        verbose_name_plural = _("problems and suggestions")
        ordering = ["solved", "-collected_on", "-id"]
        indexes = [models.Index(fields=["region_code", "collected_on"], name="liaison_problem_region_idx")]

    def __str__(self):
        return self.text[:40]

    def save(self, *args, **kwargs):
        self.enterprise_id = self.visit.enterprise_id
        self.region_code = self.visit.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("liaison:visit", args=[self.visit_id])
