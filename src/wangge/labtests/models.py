"""Mass nucleic-acid testing: campaigns, sampling sites, terminals, pooled tubes, samples, scan events and
the temporary control of the members of a positive pool."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.querysets import AreaManager, RestrictedManager

from .choices import CampaignStatus, ControlState, EventKind, EventStatus, SiteKind, TubeResult, TubeState


class Campaign(ChangeLoggedModel):
    """A round of mass testing over an area (a region subtree) on given days."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT,
                               related_name="campaigns")
    region_code = models.CharField(_("area code"), max_length=15, db_index=True, editable=False)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices,
                              default=CampaignStatus.RUNNING)
    default_pool_size = models.PositiveSmallIntegerField(_("default pool size"), default=10)

    objects = AreaManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("testing campaign")
        verbose_name_plural = _("testing campaigns")
        ordering = ["-start_date", "name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="labtests_campaign_unique_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    @property
    def is_finished(self) -> bool:
        """Finished by its status, or because its last day is past (the clock's today: the demo's day)."""
        from wangge.core import clock

        return self.status == CampaignStatus.FINISHED or clock.today() > self.end_date

    @property
    def effective_status(self) -> str:
        return CampaignStatus.FINISHED if self.is_finished else self.status

    def status_label(self) -> str:
        return str(CampaignStatus(self.effective_status).label)


class SamplingSite(ChangeLoggedModel):
    """A place where swabs are taken: fixed, temporary or a mobile team, with opening hours."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="sites")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=SiteKind.choices, default=SiteKind.TEMPORARY)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="sampling_sites")
    region_code = models.CharField(_("region code"), max_length=15, db_index=True, editable=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("sampling site")
        verbose_name_plural = _("sampling sites")
        ordering = ["campaign", "name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="labtests_site_unique_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)


class Terminal(ChangeLoggedModel):
    """A registration terminal (a phone or scanner PC) at a site; it works offline and syncs scan events."""

    code = models.CharField(_("terminal code"), max_length=40, unique=True)
    site = models.ForeignKey(SamplingSite, verbose_name=_("sampling site"), on_delete=models.CASCADE,
                             related_name="terminals")
    region_code = models.CharField(_("region code"), max_length=15, db_index=True, editable=False)
    last_sync = models.DateTimeField(_("last sync"), null=True, blank=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("terminal")
        verbose_name_plural = _("terminals")
        ordering = ["code"]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.region_code = self.site.region_code
        super().save(*args, **kwargs)


class Tube(models.Model):
    """A sampling tube with up to `pool_size` swabs. Tubes are written in bulk by the sync path, so they carry
    no per-row change events; the scan events are their audit trail."""

    barcode = models.CharField(_("barcode"), max_length=40)
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="tubes")
    site = models.ForeignKey(SamplingSite, verbose_name=_("sampling site"), on_delete=models.CASCADE,
                             related_name="tubes")
    terminal = models.ForeignKey(Terminal, verbose_name=_("terminal"), on_delete=models.CASCADE,
                                 related_name="tubes")
    region_code = models.CharField(_("region code"), max_length=15)
    pool_size = models.PositiveSmallIntegerField(_("pool size"))
    members = models.PositiveSmallIntegerField(_("members"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=TubeState.choices, default=TubeState.OPEN)
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=TubeResult.choices, blank=True)
    tested_at = models.DateTimeField(_("tested at"), null=True, blank=True)
    lab = models.CharField(_("laboratory"), max_length=100, blank=True)

    objects = RestrictedManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("tube")
        verbose_name_plural = _("tubes")
        ordering = ["-opened_at"]
        # Declared here rather than with unique=/db_index=, which on PostgreSQL add a second, pattern-ops index
        # per text column that no query of ours uses (lookups are by equality and code ranges) and that every
        # registration would have to write.
        constraints = [models.UniqueConstraint(fields=["barcode"], name="labtests_tube_unique_barcode")]
        indexes = [models.Index(fields=["region_code"], name="labtests_tube_region"),
                   models.Index(fields=["state"], name="labtests_tube_state"),
                   models.Index(fields=["result"], name="labtests_tube_result")]

    def __str__(self):
        return self.barcode


class Sample(models.Model):
    """One person's swab in one tube. Visitors (people outside the registry) have no resident."""

    # The tube and campaign columns lead the unique and the (campaign, resident) indexes, which serve their lookups
    # and cascades; the terminal's cascade is a rare admin delete. Fewer indexes: faster registration writes.
    tube = models.ForeignKey(Tube, verbose_name=_("tube"), on_delete=models.CASCADE, related_name="samples",
                             db_index=False)
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="samples", db_index=False)
    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="samples")
    id_number = models.CharField(_("ID number"), max_length=18)
    name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=11, blank=True)
    region_code = models.CharField(_("region code"), max_length=15)
    scanned_at = models.DateTimeField(_("scanned at"))
    terminal = models.ForeignKey(Terminal, verbose_name=_("terminal"), on_delete=models.CASCADE, related_name="+",
                                 db_index=False)
    event_id = models.CharField(_("event id"), max_length=64)
    in_other_tube = models.BooleanField(_("also in another tube of this campaign"), default=False)

    objects = RestrictedManager()
    region_path = "region_code"
    personal_fields = ("id_number", "phone")

    class Meta:
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        ordering = ["-scanned_at"]
        constraints = [
            models.UniqueConstraint(fields=["tube", "id_number"], name="labtests_sample_unique_person_in_tube"),
        ]
        # Plain indexes (see Tube.Meta): no pattern-ops twins.
        indexes = [models.Index(fields=["campaign", "resident"], name="labtests_sample_campaign_res"),
                   models.Index(fields=["id_number"], name="labtests_sample_id_number"),
                   models.Index(fields=["region_code"], name="labtests_sample_region")]

    def __str__(self):
        return f"{self.tube_id}:{self.name}"


class ScanEvent(models.Model):
    """An event recorded by a terminal, kept for idempotency (terminal + event id is unique) and audit."""

    # Not indexed on its own: a terminal's events are read through the (event id, terminal) key, and deleting a
    # terminal that has synced is a rare admin act.
    terminal = models.ForeignKey(Terminal, verbose_name=_("terminal"), on_delete=models.CASCADE,
                                 related_name="events", db_index=False)
    event_id = models.CharField(_("event id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    # Not indexed: held events are found through the partial index below; nothing else looks events up by tube.
    barcode = models.CharField(_("barcode"), max_length=40)
    payload = models.JSONField(_("payload"), default=dict)
    recorded_at = models.DateTimeField(_("recorded at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    user = models.ForeignKey("accounts.User", verbose_name=_("user"), null=True, on_delete=models.SET_NULL,
                             related_name="+")

    class Meta:
        verbose_name = _("scan event")
        verbose_name_plural = _("scan events")
        constraints = [
            # Event id first: a batch's resend check looks its events up by id alone, which this index answers
            # whatever the planner's statistics say (a terminal-first index invites a scan of all its events).
            models.UniqueConstraint(fields=["event_id", "terminal"], name="labtests_scanevent_unique_id"),
        ]
        indexes = [models.Index(fields=["status", "barcode"], name="labtests_event_pending_idx",
                                condition=models.Q(status="pending"))]

    def __str__(self):
        return f"{self.terminal_id}/{self.event_id}"


class TemporaryControl(ChangeLoggedModel):
    """A member of a positive or invalid pooled tube, under temporary control until a single-tube retest."""

    tube = models.ForeignKey(Tube, verbose_name=_("pooled tube"), on_delete=models.CASCADE,
                             related_name="controls")
    sample = models.OneToOneField(Sample, verbose_name=_("sample"), on_delete=models.CASCADE,
                                  related_name="control")
    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    region_code = models.CharField(_("region code"), max_length=15, db_index=True)
    state = models.CharField(_("state"), max_length=15, choices=ControlState.choices,
                             default=ControlState.UNDER_CONTROL, db_index=True)
    followup_id = models.BigIntegerField(_("follow-up record"), null=True, blank=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("temporary control")
        verbose_name_plural = _("temporary controls")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.sample.name} ← {self.tube.barcode}"
