"""The Region tree (district → town/street → village/community → grid) and grid staffing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ChangeLoggedModel

from .choices import PartyRole, RegionLevel, StaffRole
from .codes import ancestor_codes


def joined_names(names) -> str:
    """Region names top down as one place name; a name that begins with its parent's replaces it."""
    parts: list[str] = []
    for name in names:
        if parts and name.startswith(parts[-1]):
            parts[-1] = name
        else:
            parts.append(name)
    return "".join(parts)


class Region(ChangeLoggedModel):
    """A node of the territory, identified by a hierarchical statistical code; a subtree is a code prefix."""

    code = models.CharField(_("code"), max_length=15, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    industrial = models.BooleanField(_("industrial area"), default=False,
                                     help_text=_("Villages with many factories have many migrant workers."))
    # The outline (GeoJSON Polygon / MultiPolygon, longitude/latitude in the system of WANGGE_MAP_COORDINATES),
    # set by `wangge import_boundaries` (formats.md) or the synthetic district; the other two are derived from it
    # by regions.boundaries when it is stored: a copy simplified for the screen at this level's scale, and where
    # the map writes the name (inside the region, even for a crescent).
    boundary = models.JSONField(_("boundary"), null=True, blank=True,
                                help_text=_("GeoJSON Polygon or MultiPolygon in longitude/latitude."))
    boundary_display = models.JSONField(_("boundary for display"), null=True, blank=True, editable=False)
    label_point = models.JSONField(_("label point"), null=True, blank=True, editable=False)

    region_path = "code"
    # The outline is kilobytes of coordinates: an import logs one bulk event instead of copies of it.
    changelog_exclude = ("created", "updated", "boundary", "boundary_display", "label_point")

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"], name="regions_level_code_idx")]

    def __str__(self):
        return self.name

    @property
    def full_name(self) -> str:
        """The names from the district down, without repeating a name its child already carries
        (大石村 + 大石村第一网格 → 大石村第一网格, not 大石村大石村第一网格)."""
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return joined_names(reversed(names))

    def ancestors(self):
        """Regions above this one, district first (by code prefix: no recursive queries)."""
        return Region.objects.filter(code__in=ancestor_codes(self.code)).order_by("code")


class GridStaff(ChangeLoggedModel):
    """A member of a grid team: grid leader, grid worker or volunteer, with a party role."""

    grid = models.ForeignKey(Region, verbose_name=_("grid"), on_delete=models.CASCADE, related_name="staff",
                             limit_choices_to={"level": RegionLevel.GRID})
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="grid_roles")
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=11, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=StaffRole.choices)
    party_role = models.CharField(_("party role"), max_length=20, choices=PartyRole.choices, blank=True)

    region_path = "grid__code"
    personal_fields = ("phone",)

    class Meta:
        verbose_name = _("grid staff member")
        verbose_name_plural = _("grid staff")
        ordering = ["grid__code", "role", "name"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "name", "role"], name="regions_gridstaff_unique_member"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"
