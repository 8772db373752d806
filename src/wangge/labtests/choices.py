from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("Campaign planned")
    RUNNING = "running", _("Campaign running")
    FINISHED = "finished", _("Campaign finished")


class SiteKind(models.TextChoices):
    FIXED = "fixed", _("Fixed sampling site")
    TEMPORARY = "temporary", _("Temporary sampling site")
    MOBILE = "mobile", _("Mobile sampling team")


class TubeState(models.TextChoices):
    OPEN = "open", _("Tube open")
    CLOSED = "closed", _("Tube closed")
    RESULTED = "resulted", _("Tube resulted")


class TubeResult(models.TextChoices):
    NEGATIVE = "negative", _("Negative")
    POSITIVE = "positive", _("Positive")
    INVALID = "invalid", _("Invalid")


RESULT_ALIASES = {
    "negative": TubeResult.NEGATIVE, "阴性": TubeResult.NEGATIVE, "neg": TubeResult.NEGATIVE, "-": TubeResult.NEGATIVE,
    "positive": TubeResult.POSITIVE, "阳性": TubeResult.POSITIVE, "pos": TubeResult.POSITIVE, "+": TubeResult.POSITIVE,
    "invalid": TubeResult.INVALID, "无效": TubeResult.INVALID, "待复核": TubeResult.INVALID,
}


class EventKind(models.TextChoices):
    OPEN_TUBE = "open_tube", _("Open tube")
    ADD_PERSON = "add_person", _("Add person")
    CLOSE_TUBE = "close_tube", _("Close tube")


class EventStatus(models.TextChoices):
    APPLIED = "applied", _("Event applied")
    PENDING = "pending", _("Waiting for its tube")
    REJECTED = "rejected", _("Event rejected")


class ControlState(models.TextChoices):
    UNDER_CONTROL = "under_control", _("Under temporary control")
    RELEASED = "released", _("Released (single-tube negative)")
    CONFIRMED = "confirmed", _("Single-tube positive")


ALLOWED_POOL_SIZES = (1, 5, 10, 20)
