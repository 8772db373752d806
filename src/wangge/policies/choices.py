"""Labels for the codes used in policy documents (the codes themselves are fixed in schema.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class MeasureKind(models.TextChoices):
    CENTRALIZED_ISOLATION = "centralized_isolation", _("Centralized isolation")
    HOME_ISOLATION = "home_isolation", _("Home isolation")
    HOME_HEALTH_MONITORING = "home_health_monitoring", _("Home health monitoring")
    HEALTH_MONITORING = "health_monitoring", _("Health monitoring")
    THREE_DAYS_TWO_TESTS = "three_days_two_tests", _("Two tests in three days")
    ARRIVAL_TEST = "arrival_test", _("Test on arrival")


class Category(models.TextChoices):
    HIGH = "high", _("From a high-risk area")
    MEDIUM = "medium", _("From a medium-risk area")
    SAME_CITY = "same_city", _("From a low-risk area of the same city")
    CLOSE_CONTACT = "close_contact", _("Close contact")


class CheckpointAction(models.TextChoices):
    PASS = "pass", _("Pass")
    NEED_NAT_48H = "need_nat_48h", _("Needs a negative NAT within 48 h")
    PERSUADE_BACK = "persuade_back", _("Persuade to turn back")
    CENTRALIZED_ISOLATION = "centralized_isolation", _("Hand over to centralized isolation")
    MEDICAL_CHECK = "medical_check", _("Send for a medical check (fever)")


class CodeColour(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


class Then(models.TextChoices):
    RELEASE = "release", _("Released")
    SELF_MONITORING = "self_monitoring", _("Released, then self health monitoring")


RISK_LABELS = {"high": _("High risk"), "medium": _("Medium risk"), "low": _("Low risk")}
