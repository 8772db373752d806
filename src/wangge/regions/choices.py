from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    TOWN = "town", _("Town / street")
    VILLAGE = "village", _("Village / community")
    GRID = "grid", _("Grid")


# Chinese and English words accepted in the `level` column of regions.csv.
LEVEL_ALIASES = {
    "district": RegionLevel.DISTRICT, "区": RegionLevel.DISTRICT, "县": RegionLevel.DISTRICT,
    "town": RegionLevel.TOWN, "镇": RegionLevel.TOWN, "街道": RegionLevel.TOWN, "镇/街道": RegionLevel.TOWN,
    "乡": RegionLevel.TOWN,
    "village": RegionLevel.VILLAGE, "村": RegionLevel.VILLAGE, "社区": RegionLevel.VILLAGE,
    "村/社区": RegionLevel.VILLAGE,
    "grid": RegionLevel.GRID, "网格": RegionLevel.GRID,
}


class StaffRole(models.TextChoices):
    LEADER = "leader", _("Grid leader")
    WORKER = "worker", _("Grid worker")
    VOLUNTEER = "volunteer", _("Volunteer")


class PartyRole(models.TextChoices):
    """The "four in one" party structure: committee → organisation → grid branch → party-member household."""

    NONE = "", _("None")
    BRANCH_SECRETARY = "branch_secretary", _("Grid party branch secretary")
    PARTY_MEMBER = "party_member", _("Party member")
    CENTRAL_HOUSEHOLD = "central_household", _("Party-member central household")
