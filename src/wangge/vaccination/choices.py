from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteKind(models.TextChoices):
    """The "5+1+N" organisation: fixed sites, one mass (方舱) site, N mobile teams."""

    FIXED = "fixed", _("Fixed vaccination site")
    MASS = "mass", _("Mass vaccination site (方舱)")
    MOBILE = "mobile", _("Mobile vaccination team")


class ExemptionReason(models.TextChoices):
    DECLINED = "declined", _("Declined")
    MEDICAL = "medical", _("Medical contraindication")
    TEMPORARY = "temporary", _("Temporarily unfit (illness, pregnancy)")
    AWAY = "away", _("Away from the district")


# Reasons that take a person off the mobilisation list: they are not to be called again.
EXCLUDED_FROM_MOBILISATION = (ExemptionReason.MEDICAL, ExemptionReason.AWAY)

# Age bands of the coverage report (inclusive lower, inclusive upper); None = no upper bound.
AGE_BANDS = (("3-11", 3, 11), ("12-17", 12, 17), ("18-59", 18, 59), ("60-79", 60, 79), ("80+", 80, None))
