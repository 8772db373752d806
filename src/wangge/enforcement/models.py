"""Violation cases (违建 …) through persuasion, joint punishment by the member departments, correction and lifting
(domain.md §12).

A ViolationCase is the register row: what, where, whose, found when and by whom, and the phase it is in; its phase
changes only through the actions (actions.py), each of which writes a CaseStep. Steps are the case's history — who
did what and when — written once and never changed or deleted (`CaseStep.save` refuses an update). A Measure is what
one member department (a hotline Department) must apply to the party once the punishment is approved, and reports
back; the lifting ends every measure."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.photos import PhotoField
from wangge.core.querysets import RestrictedManager

from .choices import (
    CorrectionKind,
    MeasureState,
    PartyKind,
    Phase,
    StepKind,
    ViolationKind,
)


class ViolationCase(ChangeLoggedModel):
    number = models.CharField(_("case number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ViolationKind.choices,
                            default=ViolationKind.ILLEGAL_BUILDING)
    place = models.CharField(_("place"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="+")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    # The party: a resident of the registry, or a named party (an enterprise, someone not registered).
    party_kind = models.CharField(_("party kind"), max_length=12, choices=PartyKind.choices, default=PartyKind.PERSON)
    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    party_name = models.CharField(_("party"), max_length=100)
    party_id_number = models.CharField(_("ID number or credit code"), max_length=18, blank=True)
    party_phone = models.CharField(_("phone"), max_length=11, blank=True)
    found_on = models.DateField(_("found on"))
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("found by"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    description = models.TextField(_("description"), blank=True)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    # Where the case stands (kept by the actions)
    phase = models.CharField(_("phase"), max_length=14, choices=Phase.choices, default=Phase.FOUND)
    phase_since = models.DateField(_("in this phase since"))
    due_on = models.DateField(_("next step due on"), null=True, blank=True)
    approved_on = models.DateField(_("punishment approved on"), null=True, blank=True)
    correction = models.CharField(_("correction"), max_length=10, choices=CorrectionKind.choices, blank=True)
    corrected_on = models.DateField(_("corrected on"), null=True, blank=True)
    demolition_hours = models.DecimalField(_("demolition took (hours)"), max_digits=5, decimal_places=1, null=True,
                                           blank=True)
    lift_applied_on = models.DateField(_("lifting applied for on"), null=True, blank=True)
    lift_reason = models.TextField(_("reason for lifting"), blank=True)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)

    objects = RestrictedManager()
    region_path = "region_code"
    personal_fields = ("party_id_number", "party_phone")

    class Meta:
        verbose_name = _("violation case")
        verbose_name_plural = _("violation cases")
        ordering = ["-found_on", "-id"]
        indexes = [models.Index(fields=["region_code", "phase"], name="enforcement_case_region_idx")]
        permissions = [
            ("view_punishedparty", _("Can see the parties under joint punishment")),
            ("report_measure", _("Can report a joint-punishment measure")),
        ]

    def __str__(self):
        return f"{self.number} {self.party_name} {self.place}"

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("enforcement:detail", args=[self.pk])

    @property
    def under_punishment(self) -> bool:
        from .choices import PUNISHED_PHASES

        return self.phase in PUNISHED_PHASES


class CaseStep(models.Model):
    """One step of a case: its kind, the day it happened (`on`), who made it and when it was recorded, with a
    note and the step's own figures (`data`: a visit's result, a correction's hours …). Never edited."""

    case = models.ForeignKey(ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("step"), max_length=14, choices=StepKind.choices)
    on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(_("by"), max_length=150)
    people = models.CharField(_("people present"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    phase_after = models.CharField(_("phase after"), max_length=14, choices=Phase.choices)

    objects = RestrictedManager()
    region_path = "case__region_code"

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["on", "recorded_at", "id"]

    def __str__(self):
        return f"{self.case_id} {self.on} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A step of a case is kept as it was recorded and cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A step of a case is kept as it was recorded and cannot be deleted."))


class CasePhoto(models.Model):
    case = models.ForeignKey(ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="photos")
    photo = PhotoField(_("photo"))
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    added_at = models.DateTimeField(_("added at"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")

    objects = RestrictedManager()
    region_path = "case__region_code"

    class Meta:
        verbose_name = _("case photo")
        verbose_name_plural = _("case photos")
        ordering = ["added_at", "id"]

    def __str__(self):
        return self.caption or f"{self.case_id}-{self.pk}"


class Measure(ChangeLoggedModel):
    """What one member department applies to the party of an approved case, and its report."""

    case = models.ForeignKey(ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="measures")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    department = models.ForeignKey("hotline.Department", verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="+")
    measure = models.CharField(_("measure"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=MeasureState.choices, default=MeasureState.PENDING)
    due_on = models.DateField(_("report due on"))
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)

    objects = RestrictedManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("joint-punishment measure")
        verbose_name_plural = _("joint-punishment measures")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["department", "state"], name="enforcement_measure_dept_idx")]

    def __str__(self):
        return f"{self.department} · {self.measure}"

    def save(self, *args, **kwargs):
        self.region_code = self.case.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("enforcement:detail", args=[self.case_id]) + f"#measure-{self.pk}"
