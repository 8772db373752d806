"""The command centre's stored figures (one snapshot per day of every count indicator, for every region) and the
registry of monitoring points (视频监控点) with their heartbeat state."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.querysets import RestrictedManager
from wangge.regions.choices import RegionLevel

from .choices import PointKind, PointStatus


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


# --- monitoring points (视频监控点) and their heartbeats -------------------------------------------------------------


def validate_stream_url(value: str) -> None:
    """An http:// or https:// URL with a host: what a video platform publishes (HLS `.m3u8` or a video file/stream).

    Deliberately looser than Django's URLValidator, which refuses the single-label host names of an intranet
    (`http://vms:8080/live/1.m3u8`); anything else (rtsp://, javascript:, a bare path) is refused."""
    from urllib.parse import urlsplit

    from django.core.exceptions import ValidationError

    text = value or ""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 — raises ValueError for a port that is not a number
    except ValueError:
        raise ValidationError(_("Not a valid stream URL."), code="invalid") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError(_("The stream URL must start with http:// or https://."), code="scheme")
    if not parts.hostname or any(c.isspace() or ord(c) < 32 for c in text):
        raise ValidationError(_("Not a valid stream URL."), code="invalid")


class MonitoringPoint(ChangeLoggedModel):
    """A camera of the district's video platform as the command centre knows it: where it is, what it watches, the
    stream URL the platform publishes, and whether the platform's heartbeats say it is online.

    The video itself stays on the platform. A checkpoint (checkpoints app) points at its monitoring point; a point
    that watches a sampling site links to it here."""

    code = models.CharField(_("point code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=PointKind.choices, default=PointKind.OTHER)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="monitoring_points")
    # Served by the (region_code, code) index below, which also orders the lists.
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    sampling_site = models.ForeignKey("labtests.SamplingSite", verbose_name=_("sampling site"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="monitoring_points")
    stream_url = models.CharField(_("stream URL"), max_length=500, validators=[validate_stream_url],
                                  help_text=_("http:// or https://: an HLS playlist (.m3u8) or a video URL"))
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    last_heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True, editable=False)
    last_status = models.CharField(_("last reported status"), max_length=10, choices=PointStatus.choices,
                                   blank=True, editable=False)
    last_online_at = models.DateTimeField(_("last seen online"), null=True, blank=True, editable=False)

    region_path = "region_code"
    # Heartbeats arrive every minute: they are the point's state, not a change of the registry.
    changelog_exclude = ("created", "updated", "last_heartbeat_at", "last_status", "last_online_at")

    class Meta:
        verbose_name = _("monitoring point")
        verbose_name_plural = _("monitoring points")
        ordering = ["region_code", "code"]
        permissions = [("heartbeat_monitoringpoint", _("Can report heartbeats of monitoring points"))]
        indexes = [models.Index(fields=["region_code", "code"], name="dashboard_point_region_idx")]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("dashboard:point", args=[self.code])

    @property
    def is_hls(self) -> bool:
        """An HLS playlist (played with hls.js where the browser cannot play it natively)."""
        from urllib.parse import urlsplit

        return urlsplit(self.stream_url).path.lower().endswith(".m3u8")

    def is_online(self, now=None) -> bool:
        from .monitoring import is_online

        return is_online(self, now)

    def offline_minutes(self, now=None) -> int | None:
        from .monitoring import offline_minutes

        return offline_minutes(self, now)

    @property
    def status_label(self) -> str:
        """"Online", "Offline for 12 minutes", "Never online" (in the active language)."""
        from .monitoring import status_text

        return status_text(self)
