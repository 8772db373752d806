"""Risk-area designations, screening runs and the flags they produce."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.querysets import RestrictedQuerySet

from .choices import FlagCategory, MatchedBy, RiskLevel


class RiskAreaQuerySet(RestrictedQuerySet):
    def in_force(self, at):
        """Designations in force at `at`: effective_from <= at < effective_to (open-ended while in force)."""
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gt=at), effective_from__lte=at)


class RiskArea(ChangeLoggedModel):
    """One designation period of one area at one level (中高风险地区). A downgrade closes the high row and opens a
    medium row. The area is a region-code prefix (6, 9 or 12 digits) and may lie outside our district;
    designations are public, so they are not scoped."""

    area_code = models.CharField(_("area code"), max_length=12, db_index=True)
    area_name = models.CharField(_("area name"), max_length=200)
    level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    effective_from = models.DateTimeField(_("effective from"))
    effective_to = models.DateTimeField(_("lifted at"), null=True, blank=True,
                                        help_text=_("Empty while the designation is in force."))
    notice = models.TextField(_("source notice"), blank=True)

    objects = RiskAreaQuerySet.as_manager()
    region_path = None

    class Meta:
        verbose_name = _("risk area")
        verbose_name_plural = _("risk areas")
        ordering = ["area_code", "effective_from", "level"]
        constraints = [
            models.UniqueConstraint(fields=["area_code", "level", "effective_from"],
                                    name="screening_riskarea_natural_key"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="screening_riskarea_period_order"),
        ]

    def __str__(self):
        return f"{self.area_name}（{self.get_level_display()}）"


class ScreeningRun(ChangeLoggedModel):
    """One screening of a pushed list at a time `as_of`, with the policy parameters used and the counts.
    Counts are district-wide aggregates (no personal data); the flags themselves are scoped."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("run by"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="screening_runs")
    as_of = models.DateTimeField(_("screening time"))
    file_name = models.CharField(_("file"), max_length=255)
    policy_code = models.CharField(_("policy"), max_length=100, blank=True)
    lookback_days = models.PositiveSmallIntegerField(_("lookback days"))
    retro_days = models.PositiveSmallIntegerField(_("retro days"))
    risk_area_source = models.CharField(_("designations"), max_length=255, blank=True,
                                        help_text=_("Empty: the stored designations; else the file used."))
    records_read = models.PositiveIntegerField(_("records read"), default=0)
    records_rejected = models.PositiveIntegerField(_("records rejected"), default=0)
    people = models.PositiveIntegerField(_("people"), default=0)
    flags_high = models.PositiveIntegerField(_("high"), default=0)
    flags_medium = models.PositiveIntegerField(_("medium"), default=0)
    flags_same_city = models.PositiveIntegerField(_("same city"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    routed = models.PositiveIntegerField(_("routed"), default=0)
    unroutable = models.PositiveIntegerField(_("unroutable"), default=0)
    followups_opened = models.PositiveIntegerField(_("follow-ups opened"), default=0)

    region_path = None
    # Set (not stored) when storing the run could not open its follow-ups: the pages and the CLI say why.
    followup_error: str = ""

    class Meta:
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.file_name} @ {self.as_of:%Y-%m-%d %H:%M}"

    @property
    def flags_total(self) -> int:
        return self.flags_high + self.flags_medium + self.flags_same_city


class Flag(ChangeLoggedModel):
    """A flagged person of one run, with the stay that gave the category. `region_code` scopes it: the matched
    resident's grid, else the region the destination code was routed to, else the district (unroutable flags are
    visible at district level only)."""

    run = models.ForeignKey(ScreeningRun, verbose_name=_("screening run"), on_delete=models.CASCADE,
                            related_name="flags")
    person_key = models.CharField(_("person key"), max_length=32)
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=10, choices=FlagCategory.choices, db_index=True)
    area_code = models.CharField(_("area code"), max_length=12)
    place_code = models.CharField(_("place code"), max_length=32)
    arrived_at = models.DateTimeField(_("arrived at"))
    left_at = models.DateTimeField(_("left at"))
    destination_code = models.CharField(_("destination code"), max_length=32, blank=True)
    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="flags")
    matched_by = models.CharField(_("matched by"), max_length=10, choices=MatchedBy.choices, blank=True)
    grid = models.ForeignKey("regions.Region", verbose_name=_("grid"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    routed_to = models.ForeignKey("regions.Region", verbose_name=_("routed to"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    region_code = models.CharField(_("region code"), max_length=15, blank=True, db_index=True)

    region_path = "region_code"
    personal_fields = ("id_number", "phone", "person_key")

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["run", "person_key"]
        constraints = [
            models.UniqueConstraint(fields=["run", "person_key"], name="screening_flag_one_per_person"),
        ]
        indexes = [models.Index(fields=["run", "region_code"], name="screening_flag_run_region_idx")]

    def __str__(self):
        return f"{self.name or self.person_key[-4:]} · {self.get_category_display()}"

    @property
    def matched(self) -> bool:
        return self.resident_id is not None

    @property
    def pushed_at(self):
        """The push time of this flag: its run's screening time (see selectors.pushed_at)."""
        return self.run.as_of
