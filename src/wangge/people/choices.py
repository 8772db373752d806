from django.db import models
from django.utils.translation import gettext_lazy as _


class ResidenceType(models.TextChoices):
    REGISTERED = "registered", _("Registered (户籍)")
    RESIDENT = "resident", _("Resident (常住)")
    MIGRANT = "migrant", _("Migrant (外来)")


RESIDENCE_ALIASES = {
    "registered": ResidenceType.REGISTERED, "户籍": ResidenceType.REGISTERED, "户籍人口": ResidenceType.REGISTERED,
    "resident": ResidenceType.RESIDENT, "常住": ResidenceType.RESIDENT, "常住人口": ResidenceType.RESIDENT,
    "migrant": ResidenceType.MIGRANT, "外来": ResidenceType.MIGRANT, "外来人口": ResidenceType.MIGRANT,
    "流动": ResidenceType.MIGRANT, "流动人口": ResidenceType.MIGRANT,
}


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
