"""Enterprises and venues (单位/场所) and their employees.

An Enterprise is a company with its unified social credit code (USCC, GB 32100) or a venue (a chess room, an internet
café) that may have none; its region is where it stands. An Employee is one person on an enterprise's roster,
matched to the resident registry by ID number when they live in the district."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.querysets import RestrictedManager

from .choices import EnterpriseKind


class Enterprise(ChangeLoggedModel):
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=EnterpriseKind.choices, default=EnterpriseKind.OTHER)
    above_scale = models.BooleanField(_("above scale"), default=False)  # 规上
    industry = models.CharField(_("industry"), max_length=60, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="enterprises")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    employee_count = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    active = models.BooleanField(_("in business"), default=True)

    objects = RestrictedManager()
    region_path = "region_code"

    class Meta:
        verbose_name = _("enterprise or venue")
        verbose_name_plural = _("enterprises and venues")
        ordering = ["region_code", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=~Q(uscc=""), name="enterprises_unique_uscc"),
            models.UniqueConstraint(fields=["region", "name"], condition=Q(uscc=""),
                                    name="enterprises_unique_venue_name"),
        ]
        indexes = [models.Index(fields=["region_code", "kind"], name="ent_region_kind_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("enterprises:detail", args=[self.pk])


class Employee(ChangeLoggedModel):
    """One person on an enterprise's roster. `region_code` is the enterprise's (the roster is the enterprise's
    business, whoever the person is); `resident` is the match in the registry, by ID number."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="employees")
    region_code = models.CharField(_("region code"), max_length=15, editable=False)
    id_number = models.CharField(_("ID number"), max_length=18)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=11, blank=True)
    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="employments")
    non_local = models.BooleanField(_("non-local employee"), default=False)
    returned_at = models.DateField(_("returned to work on"), null=True, blank=True)
    from_place_code = models.CharField(_("came from (place code)"), max_length=12, blank=True)
    active = models.BooleanField(_("on the roster"), default=True)

    objects = RestrictedManager()
    region_path = "region_code"
    personal_fields = ("id_number", "phone")

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["enterprise_id", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "id_number"], name="enterprises_unique_employee")]
        indexes = [models.Index(fields=["region_code"], name="ent_employee_region_idx"),
                   models.Index(fields=["id_number"], name="ent_employee_id_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.region_code = self.enterprise.region_code
        super().save(*args, **kwargs)
