"""Vaccination sites, vaccine products, dose records and each resident's vaccination status."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel
from wangge.core.querysets import RestrictedQuerySet, user_scope_code
from wangge.regions.codes import ancestor_codes

from .choices import ExemptionReason, SiteKind


class VaccineProduct(ChangeLoggedModel):
    """A COVID-19 vaccine product and the number of doses that make a full course (inactivated 2, Ad5 1,
    recombinant protein 3); any dose beyond the full course is a booster."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    manufacturer = models.CharField(_("manufacturer"), max_length=100, blank=True)
    full_course_doses = models.PositiveSmallIntegerField(_("doses in a full course"))

    class Meta:
        verbose_name = _("vaccine product")
        verbose_name_plural = _("vaccine products")
        ordering = ["code"]

    def __str__(self):
        return self.name


class SiteQuerySet(RestrictedQuerySet):
    """A site is seen by the people of where it stands and of every village it serves: a village cadre sees the
    town's fixed site that serves their village, a grid worker the sites serving their grid's village."""

    def restrict(self, user):
        scope = user_scope_code(user)
        if scope is None:
            return self.none()
        if scope == "":
            return self
        served = VaccinationSite.serves.through.objects.filter(
            models.Q(region__code__startswith=scope) | models.Q(region__code__in=ancestor_codes(scope)))
        return self.filter(models.Q(region_code__startswith=scope)
                           | models.Q(pk__in=served.values("vaccinationsite_id")))


class VaccinationSite(ChangeLoggedModel):
    """A place or team that vaccinates: fixed site, mass (方舱) site or mobile team, with a daily capacity."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=SiteKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="vaccination_sites")
    region_code = models.CharField(_("region code"), max_length=15, db_index=True, editable=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    daily_capacity = models.PositiveIntegerField(_("daily capacity"), default=0)
    active = models.BooleanField(_("active"), default=True)
    serves = models.ManyToManyField("regions.Region", verbose_name=_("villages served"), blank=True,
                                    related_name="served_by_vaccination_sites")

    objects = models.Manager.from_queryset(SiteQuerySet)()
    region_path = "region_code"

    class Meta:
        verbose_name = _("vaccination site")
        verbose_name_plural = _("vaccination sites")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.region_code = self.region.code
        super().save(*args, **kwargs)


class Dose(ChangeLoggedModel):
    """One dose given to one resident. (resident, dose_number) is the natural key."""

    resident = models.ForeignKey("people.Resident", verbose_name=_("resident"), on_delete=models.CASCADE,
                                 related_name="doses")
    region_code = models.CharField(_("grid code"), max_length=15, db_index=True, editable=False)
    dose_number = models.PositiveSmallIntegerField(_("dose number"))
    date = models.DateField(_("date"), db_index=True)
    product = models.ForeignKey(VaccineProduct, verbose_name=_("product"), on_delete=models.PROTECT)
    site = models.ForeignKey(VaccinationSite, verbose_name=_("vaccination site"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="doses")

    region_path = "region_code"

    class Meta:
        verbose_name = _("dose")
        verbose_name_plural = _("doses")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "dose_number"], name="vaccination_dose_unique_number"),
        ]

    def __str__(self):
        return f"{self.resident} #{self.dose_number} {self.date}"


class VaccinationStatus(ChangeLoggedModel):
    """Per-resident summary kept in step with the doses by the actions, so that coverage of a million people
    is one grouped query. `exemption` records why someone is not vaccinated (declined, medical, ...)."""

    resident = models.OneToOneField("people.Resident", verbose_name=_("resident"), on_delete=models.CASCADE,
                                    related_name="vaccination", primary_key=True)
    region_code = models.CharField(_("grid code"), max_length=15, db_index=True)
    doses = models.PositiveSmallIntegerField(_("doses"), default=0)
    first_dose_date = models.DateField(_("first dose"), null=True, blank=True)
    full_course_date = models.DateField(_("full course"), null=True, blank=True)
    booster_date = models.DateField(_("booster"), null=True, blank=True)
    exemption = models.CharField(_("reason not vaccinated"), max_length=10, choices=ExemptionReason.choices,
                                 blank=True)
    exemption_note = models.CharField(_("note"), max_length=200, blank=True)
    exemption_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    exemption_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("vaccination status")
        verbose_name_plural = _("vaccination statuses")

    def __str__(self):
        return f"{self.resident_id}: {self.doses}"
