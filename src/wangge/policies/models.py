"""Policy versions: YAML documents with effective dates; one is in force at any moment."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wangge.core import clock
from wangge.core.models import ChangeLoggedModel
from wangge.core.querysets import RestrictedQuerySet

from .choices import VersionStatus
from .schema import PolicyError, field_line, parse_policy


def as_date(at: datetime.datetime | datetime.date | None) -> datetime.date:
    """A moment as the local calendar date (policies take effect at 00:00 Asia/Shanghai)."""
    if at is None:
        return clock.today()
    if isinstance(at, datetime.datetime):
        return clock.local_date(at) if timezone.is_aware(at) else at.date()
    return at


class PolicyVersionQuerySet(RestrictedQuerySet):
    def active(self):
        return self.filter(status=VersionStatus.ACTIVE)

    def covering(self, day: datetime.date):
        return self.filter(effective_from__lte=day).filter(Q(effective_to__isnull=True) | Q(effective_to__gt=day))

    def in_force(self, at: datetime.datetime | datetime.date | None = None) -> PolicyVersion | None:
        """The active version in force at `at` (default now): latest effective_from ≤ at, effective_to exclusive."""
        return self.active().covering(as_date(at)).order_by("-effective_from", "-id").first()

    def overlapping(self, effective_from: datetime.date, effective_to: datetime.date | None):
        """Versions whose [effective_from, effective_to) meets the given period (open ends are infinite)."""
        qs = self.filter(Q(effective_to__isnull=True) | Q(effective_to__gt=effective_from))
        if effective_to is not None:
            qs = qs.filter(effective_from__lt=effective_to)
        return qs


PolicyVersionManager = models.Manager.from_queryset(PolicyVersionQuerySet)


class PolicyVersion(ChangeLoggedModel):
    """A version of the district's control-measure policy: the YAML text as written, the validated document
    (schema.py), its effective period [effective_from, effective_to) and its status. Policies are
    district-wide, so there is no region scoping; only active versions are ever in force, and their
    periods never overlap."""

    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    effective_from = models.DateField(_("effective from"), db_index=True)
    effective_to = models.DateField(_("effective until (exclusive)"), null=True, blank=True)
    yaml_text = models.TextField(_("YAML document"))
    document = models.JSONField(_("parsed document"), default=dict, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices,
                              default=VersionStatus.DRAFT, db_index=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applied by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = PolicyVersionManager()
    region_path = None
    # The document is derived from the YAML text, which the log keeps.
    changelog_exclude = ("created", "updated", "document")

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["-effective_from", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="policies_version_unique_code"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=models.F("effective_from")),
                name="policies_version_period_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.status == VersionStatus.ACTIVE

    def is_in_force(self, at: datetime.datetime | datetime.date | None = None) -> bool:
        day = as_date(at)
        return self.is_active and self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def load_yaml(self, text: str) -> dict[str, Any]:
        """Validate `text` and take code, name, dates and the document from it (PolicyError if invalid)."""
        document = parse_policy(text)
        self.yaml_text = text
        self.document = document
        self.code = document["code"]
        self.name = document["name"]
        self.effective_from = datetime.date.fromisoformat(document["effective_from"])
        to = document.get("effective_to")
        self.effective_to = datetime.date.fromisoformat(to) if to else None
        return document

    def conflicts(self, effective_from: datetime.date | None = None):
        """Active versions (other than this one) that would overlap this one if it became active from
        `effective_from`. The version in force just before that date is not a conflict: activation ends it."""
        start = effective_from or self.effective_from
        others = PolicyVersion.objects.active().exclude(pk=self.pk)
        return others.overlapping(start, self.effective_to).filter(effective_from__gte=start).order_by("effective_from")

    def predecessor(self, effective_from: datetime.date | None = None) -> PolicyVersion | None:
        """The active version in force on the eve of `effective_from`: activation ends it on that date."""
        start = effective_from or self.effective_from
        return (PolicyVersion.objects.active().exclude(pk=self.pk).overlapping(start, None)
                .filter(effective_from__lt=start).order_by("-effective_from").first())

    def check_no_overlap(self, effective_from: datetime.date | None = None) -> None:
        """Refuse (PolicyError naming the effective_from line) when the period collides with an active version,
        or when a version with an end date would cut its predecessor short and leave days without a policy."""
        start = effective_from or self.effective_from
        clash = self.conflicts(start).first()
        if clash is None:
            previous = self.predecessor(start)
            end = self.effective_to
            if previous is not None and end is not None and (previous.effective_to is None
                                                             or previous.effective_to > end):
                until = previous.effective_to.isoformat() if previous.effective_to else gettext("open-ended")
                raise PolicyError(
                    gettext("this version ends on %(end)s but %(code)s would have run until %(until)s: the days "
                            "between would have no policy in force") % {
                        "end": end.isoformat(), "code": previous.code, "until": until},
                    line=field_line(self.yaml_text, "effective_to"), field="effective_to")
            return
        until = clash.effective_to.isoformat() if clash.effective_to else gettext("open-ended")
        raise PolicyError(
            gettext("the period from %(start)s overlaps active version %(code)s (%(from)s – %(to)s); choose a "
                    "date before it with an effective_to, or a date after its start") % {
                "start": start.isoformat(), "code": clash.code, "from": clash.effective_from.isoformat(),
                "to": until},
            line=field_line(self.yaml_text, "effective_from"), field="effective_from")

    def save(self, *args, **kwargs):
        if self.status == VersionStatus.ACTIVE:
            # Overlaps among active versions are refused here too, whoever saves.
            clash = PolicyVersion.objects.active().exclude(pk=self.pk).overlapping(
                self.effective_from, self.effective_to).first()
            if clash is not None:
                raise PolicyError(gettext("active versions %(a)s and %(b)s would overlap") % {
                    "a": self.code, "b": clash.code}, line=field_line(self.yaml_text, "effective_from"),
                    field="effective_from")
        super().save(*args, **kwargs)
