"""The command centre's stored figures: one snapshot per day of every count indicator, for every region."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.querysets import RestrictedManager
from wangge.regions.choices import RegionLevel


class Snapshot(models.Model):
    """When the figures of a day were last worked out (the pages say how fresh they are)."""

    day = models.DateField(_("day"), unique=True)
    computed_at = models.DateTimeField(_("computed at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day} @ {self.computed_at:%H:%M}"


class IndicatorValue(models.Model):
    """The value of one count indicator for one region's whole subtree on one day (rows at every level, so a page
    reads its region and its children without summing grids)."""

    day = models.DateField(_("day"))
    key = models.CharField(_("indicator"), max_length=64)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    code = models.CharField(_("region code"), max_length=15)
    value = models.FloatField(_("value"))

    region_path = "code"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [models.UniqueConstraint(fields=["day", "key", "code"], name="dashboard_value_unique")]
        indexes = [
            models.Index(fields=["day", "level", "code"], name="dashboard_value_level_idx"),
            models.Index(fields=["code", "day"], name="dashboard_value_code_idx"),
        ]

    def __str__(self):
        return f"{self.day} {self.key} {self.code}={self.value}"
