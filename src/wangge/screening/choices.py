from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High risk")
    MEDIUM = "medium", _("Medium risk")
    LOW = "low", _("Low risk")


# Words accepted in the `level` column of risk_areas.csv (formats.md).
LEVEL_ALIASES = {
    "high": RiskLevel.HIGH, "高": RiskLevel.HIGH, "高风险": RiskLevel.HIGH,
    "medium": RiskLevel.MEDIUM, "中": RiskLevel.MEDIUM, "中风险": RiskLevel.MEDIUM,
    "low": RiskLevel.LOW, "低": RiskLevel.LOW, "低风险": RiskLevel.LOW,
}

class FlagCategory(models.TextChoices):
    HIGH = "high", _("High-risk area")
    MEDIUM = "medium", _("Medium-risk area")
    SAME_CITY = "same_city", _("Same city")


class MatchedBy(models.TextChoices):
    NONE = "", _("Not matched")
    ID_NUMBER = "id_number", _("ID number")
    PHONE = "phone", _("Phone")
