"""Residents and households of the district."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel

from .choices import ResidenceType, Sex


class Household(ChangeLoggedModel):
    """A household (户) in one grid, identified by its household key."""

    key = models.CharField(_("household number"), max_length=40, unique=True)
    grid = models.ForeignKey("regions.Region", verbose_name=_("grid"), on_delete=models.PROTECT,
                             related_name="households")
    region_code = models.CharField(_("grid code"), max_length=15, db_index=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    region_path = "region_code"

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["key"]

    def __str__(self):
        return self.key


class Resident(ChangeLoggedModel):
    """A person in the registry. `id_number` is the natural key; `region_code` is the grid's code, kept on
    the row so that jurisdiction scoping is one indexed prefix predicate."""

    id_number = models.CharField(_("ID number"), max_length=18, unique=True)
    name = models.CharField(_("person's name"), max_length=50, db_index=True)
    phone = models.CharField(_("phone"), max_length=11, blank=True, db_index=True)
    grid = models.ForeignKey("regions.Region", verbose_name=_("grid"), on_delete=models.PROTECT,
                             related_name="residents")
    region_code = models.CharField(_("grid code"), max_length=15, db_index=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    residence_type = models.CharField(_("residence type"), max_length=12, choices=ResidenceType.choices,
                                      default=ResidenceType.RESIDENT, db_index=True)
    household = models.ForeignKey(Household, verbose_name=_("household"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="members")
    no_smartphone = models.BooleanField(_("no smartphone"), default=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    id_last4 = models.CharField(_("last 4 of ID"), max_length=4, db_index=True, editable=False)

    region_path = "region_code"
    personal_fields = ("id_number", "phone")

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["region_code", "name", "id"]
        indexes = [models.Index(fields=["region_code", "name", "id"], name="people_res_region_name_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.id_last4 = self.id_number[-4:]
        if self.grid_id:
            # Always from the grid, so that moving a resident to another grid moves their scope with them.
            self.region_code = self.grid.code
        super().save(*args, **kwargs)

    @property
    def age(self):
        from wangge.core import clock

        if not self.birth_date:
            return None
        today = clock.today()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))
