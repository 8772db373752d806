"""Checklists as versioned data (五有, 五查 …), inspections answering them, findings to the last one,
re-inspections, campaigns and closure notices (告知书) with their deliveries.

A Checklist is one version of a standard (code + version unique); once it has been used by an inspection it is
never edited: a new version is made. An Inspection answers each item of one version for one enterprise or venue;
each failed item is a Finding with a deadline and a responsible person. A re-inspection (`first`) answers only the
findings still open on the first and closes the first when they all pass. A Finding's `region_code` is its
enterprise's; `level` and `responsible_code` say which unit must act on it now (the village, then the town, then
the district when it is overdue, like the follow-up tasks)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.photos import PhotoField
from wangge.core.querysets import AreaManager, RestrictedManager

from .choices import Answer, FindingState, InspectionState, NoticeScope


class Checklist(ChangeLoggedModel):
    code = models.CharField(_("checklist code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    active = models.BooleanField(_("in use"), default=True)
    description = models.TextField(_("description"), blank=True)

    objects = RestrictedManager()
    region_path = None  # district-wide reference data

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="inspections_checklist_version")]

    def __str__(self):
        return f"{self.name} v{self.version}"

    def get_absolute_url(self):
        return reverse("inspections:checklist", args=[self.pk])

    @property
    def published(self) -> bool:
        """Used by an inspection: it is not edited any more, a new version is made."""
        return self.inspections.exists()


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE,
                                  related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("item code"), max_length=20)
    text = models.CharField(_("item"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist", "position"]
        constraints = [models.UniqueConstraint(fields=["checklist", "position"], name="inspections_item_position")]

    def __str__(self):
        return f"{self.position}. {self.text}"


class Campaign(ChangeLoggedModel):
    """A round of inspections: the development zone's "every enterprise twice" (rounds = 2) over the enterprises of
    some kinds in an area, in a period."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    kinds = models.JSONField(_("kinds of enterprise"), default=list, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    rounds = models.PositiveSmallIntegerField(_("visits required"), default=2)
    checklist = models.ForeignKey(Checklist, verbose_name=_("checklist"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="campaigns")

    objects = AreaManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("inspection campaign")
        verbose_name_plural = _("inspection campaigns")
        ordering = ["-starts_on", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("inspections:campaign", args=[self.pk])


class Notice(ChangeLoggedModel):
    """A closure notice (告知书): its text, the venues it concerns (of a kind in an area, or chosen ones) and the
    dates it is in force. Its deliveries are made when it is issued, one per venue in scope."""

    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"))
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    scope = models.CharField(_("scope"), max_length=10, choices=NoticeScope.choices, default=NoticeScope.KIND_AREA)
    venue_kind = models.CharField(_("kind of venue"), max_length=12, blank=True)
    venues = models.ManyToManyField("enterprises.Enterprise", verbose_name=_("chosen venues"), blank=True,
                                    related_name="+")
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)

    objects = AreaManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("closure notice")
        verbose_name_plural = _("closure notices")
        ordering = ["-effective_from", "-id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("inspections:notice", args=[self.pk])


class Delivery(ChangeLoggedModel):
    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="deliveries")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("venue"), on_delete=models.PROTECT,
                                   related_name="notice_deliveries")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("delivered by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    signer_name = models.CharField(_("signed for by"), max_length=50, blank=True)
    signature = PhotoField(_("signature photo"), blank=True)

    objects = RestrictedManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("notice delivery")
        verbose_name_plural = _("notice deliveries")
        ordering = ["notice", "region_code", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["notice", "enterprise"], name="inspections_delivery_once")]

    def __str__(self):
        return f"{self.notice} → {self.enterprise}"

    def save(self, *args, **kwargs):
        self.region_code = self.enterprise.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("inspections:delivery", args=[self.pk])


class Inspection(ChangeLoggedModel):
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise or venue"),
                                   on_delete=models.PROTECT, related_name="inspections")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    checklist = models.ForeignKey(Checklist, verbose_name=_("checklist"), on_delete=models.PROTECT,
                                  related_name="inspections")
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="inspections")
    notice = models.ForeignKey(Notice, verbose_name=_("closure notice checked"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="inspections")
    first = models.ForeignKey("self", verbose_name=_("re-inspection of"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="reinspections")
    inspected_on = models.DateField(_("inspected on"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("inspector"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=8, choices=InspectionState.choices,
                             default=InspectionState.CLOSED)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = RestrictedManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["region_code", "inspected_on"], name="insp_region_day_idx")]

    def __str__(self):
        return f"{self.enterprise} {self.inspected_on} {self.checklist}"

    def save(self, *args, **kwargs):
        self.region_code = self.enterprise.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("inspections:detail", args=[self.pk])


class Result(models.Model):
    """One item's answer in one inspection."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE,
                                   related_name="results")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=4, choices=Answer.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("item result")
        verbose_name_plural = _("item results")
        ordering = ["inspection", "item__position"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="inspections_result_once")]

    def __str__(self):
        return f"{self.item} {self.get_answer_display()}"


class Photo(models.Model):
    result = models.ForeignKey(Result, verbose_name=_("item result"), on_delete=models.CASCADE,
                               related_name="photos")
    photo = PhotoField(_("photo"))
    taken_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["result", "id"]

    def __str__(self):
        return f"{self.result} #{self.pk}"


class Finding(ChangeLoggedModel):
    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE,
                                   related_name="findings")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise or venue"),
                                   on_delete=models.PROTECT, related_name="findings")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    item = models.ForeignKey(ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("problem found"))
    deadline = models.DateField(_("fix by"))
    responsible = models.CharField(_("responsible person"), max_length=50)
    state = models.CharField(_("state"), max_length=8, choices=FindingState.choices, default=FindingState.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    closing_note = models.TextField(_("how it was fixed"), blank=True)
    overdue = models.BooleanField(_("overdue"), default=False)
    level = models.CharField(_("responsible level"), max_length=10, default="village")
    responsible_code = models.CharField(_("responsible unit (code)"), max_length=15, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    objects = RestrictedManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["state", "deadline", "id"]
        indexes = [models.Index(fields=["region_code", "state"], name="insp_finding_region_idx")]

    def __str__(self):
        return f"{self.enterprise}：{self.item.text}"

    def save(self, *args, **kwargs):
        self.region_code = self.enterprise.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("inspections:finding", args=[self.pk])

    @property
    def level_label(self) -> str:
        return {"village": _("Village"), "town": _("Town"), "district": _("District")}.get(self.level, self.level)
