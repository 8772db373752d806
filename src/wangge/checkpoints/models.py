"""Checkpoints (卡口) and the checks made at them.

A Checkpoint is registry data (change-logged like every registry row). A Check is the record of one person checked
at one gate: who checked, where, when, what was read off the phone and the thermometer, what the policy in force
decided and why. A vehicle's passengers are checks of their own, tied to the check of the person the device sent
(`lead`). Checks are their own audit trail (like the sampling terminals' scan events): they are written once and
never changed, so they carry no change-log rows."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.querysets import RestrictedManager

from .choices import GATE_KINDS, CheckpointKind, Decision, HealthCode


class Checkpoint(ChangeLoggedModel):
    """A gate where people are checked: a highway exit, a station, a road, a compound or enterprise gate. Its
    region is where it stands (a village, or the grid of a compound gate); `monitoring_point` is the camera of the
    command centre that watches it."""

    code = models.CharField(_("checkpoint code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=CheckpointKind.choices, default=CheckpointKind.OTHER)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="checkpoints")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    monitoring_point = models.ForeignKey("dashboard.MonitoringPoint", verbose_name=_("monitoring point"),
                                         null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="checkpoints")
    active = models.BooleanField(_("in use"), default=True)

    objects = RestrictedManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["region_code", "code"]
        indexes = [models.Index(fields=["region_code", "code"], name="checkpoints_cp_region_idx")]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("checkpoints:detail", args=[self.code])

    @property
    def is_gate(self) -> bool:
        """An enterprise or compound gate, where the check has five items (五查)."""
        return self.kind in GATE_KINDS


class Check(models.Model):
    """One person checked at one checkpoint at one moment, and the decision. `(event_id, seq)` is unique: the device
    makes the event id, a resend of it is answered from `answer` (the first answer, kept on the lead check) and
    stores nothing; seq 0 is the person the device sent, 1… the passengers of their vehicle."""

    checkpoint = models.ForeignKey(Checkpoint, verbose_name=_("checkpoint"), on_delete=models.PROTECT,
                                   related_name="checks", db_index=False)
    region_code = models.CharField(_("region code"), max_length=15)
    event_id = models.CharField(_("event id"), max_length=64)
    seq = models.PositiveSmallIntegerField(_("position in the vehicle"), default=0)
    lead = models.ForeignKey("self", verbose_name=_("check of the vehicle"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="passenger_checks")
    checked_at = models.DateTimeField(_("checked at"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+", db_index=False)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    # The person
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=11, blank=True)
    name = models.CharField(_("name"), max_length=50, blank=True)
    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    # What was read at the gate
    health_code = models.CharField(_("health code"), max_length=6, choices=HealthCode.choices)
    itinerary_star = models.BooleanField(_("itinerary card with a star"), default=False)
    temperature = models.DecimalField(_("temperature (°C)"), max_digits=4, decimal_places=1, null=True, blank=True)
    nat_certificate_at = models.DateTimeField(_("negative certificate of"), null=True, blank=True)
    mask = models.BooleanField(_("wears a mask"), null=True, blank=True)
    stays = models.JSONField(_("places stayed"), default=list, blank=True)
    vehicle_plate = models.CharField(_("vehicle plate"), max_length=10, blank=True)
    entered = models.BooleanField(_("entered anyway"), default=False)
    # What was decided
    decision = models.CharField(_("decision"), max_length=14, choices=Decision.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    policy_code = models.CharField(_("policy"), max_length=40, blank=True)
    latest_negative_at = models.DateTimeField(_("latest negative test"), null=True, blank=True)
    hours_since_negative = models.FloatField(_("hours since the negative test"), null=True, blank=True)
    vaccination_doses = models.PositiveSmallIntegerField(_("vaccine doses"), null=True, blank=True)
    risk_areas = models.JSONField(_("risk areas stayed in"), default=list, blank=True)
    vehicle_decision = models.CharField(_("vehicle decision"), max_length=14, choices=Decision.choices, blank=True)
    followup = models.ForeignKey("followup.FollowUp", verbose_name=_("follow-up"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+", db_index=False)
    followup_opened = models.BooleanField(_("opened the follow-up"), default=False)
    answer = models.JSONField(_("answer"), default=dict, blank=True)

    objects = RestrictedManager()
    region_path = "region_code"
    personal_fields = ("id_number", "phone")

    class Meta:
        verbose_name = _("check")
        verbose_name_plural = _("checks")
        ordering = ["-checked_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event_id", "seq"], name="checkpoints_check_unique_event")]
        # Plain indexes (no pattern-ops twins on PostgreSQL): the lists and figures read by region and time, a
        # checkpoint's page by checkpoint and time. Every index is paid by each check written at the gate.
        indexes = [models.Index(fields=["region_code", "checked_at"], name="checkpoints_check_region_idx"),
                   models.Index(fields=["checkpoint", "checked_at"], name="checkpoints_check_cp_idx")]

    def __str__(self):
        return f"{self.checkpoint_id} {self.checked_at:%Y-%m-%d %H:%M} {self.get_decision_display()}"

    def get_absolute_url(self):
        return reverse("checkpoints:check", args=[self.pk])

    @property
    def hours_since_negative_display(self) -> str:
        return f"{self.hours_since_negative:.1f}" if self.hours_since_negative is not None else ""

    @property
    def reasons_text(self) -> str:
        return "；".join(self.reasons or [])
