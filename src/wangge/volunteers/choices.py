"""Kinds and states of the duty roster (值守排班), and the names of the duty rules of domain.md §9."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    CHECKPOINT = "checkpoint", _("Checkpoint")
    SAMPLING = "sampling", _("Sampling site")
    OTHER = "other", _("Other post")


class PersonKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    CADRE = "cadre", _("Cadre sent down")


class SignUpSource(models.TextChoices):
    PLANNED = "planned", _("Planned by the leader")
    SIGNED_UP = "signed_up", _("Signed up")


class SignUpStatus(models.TextChoices):
    ACTIVE = "active", _("On the plan")
    CANCELLED = "cancelled", _("Cancelled")


class DeploymentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Rule(models.TextChoices):
    """The duty rules checked whenever a shift is planned or signed up for (domain.md §9). The label is the rule's
    name as a refusal or a warning quotes it."""

    END_AFTER_START = "end_after_start", _("a shift ends after it starts")
    NO_OVERLAP = "no_overlap", _("no overlapping shifts for one person")
    MAX_HOURS = "max_hours_24", _("no more than the policy's hours on duty in any 24 hours")
    IN_DEPLOYMENT = "in_deployment", _("a cadre sent down is on duty only within the period of the report")
    AGE_70 = "age_70", _("light duty for volunteers aged 70 or more")


# Volunteers of this age or more are flagged for light duty (a warning, not a refusal).
LIGHT_DUTY_AGE = 70
# The hours one person may be on duty in any 24 hours when the policy in force names none.
DEFAULT_MAX_HOURS_IN_24 = 12
# Check-in opens this many minutes before the shift starts.
CHECK_IN_EARLY_MINUTES = 60
# A shift may not be longer than this (a typo such as a wrong day is refused rather than planned).
MAX_SHIFT_HOURS = 24
