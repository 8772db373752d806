"""Kinds and states of community services on order (点单式) and job matching (村企共建)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCategory(models.TextChoices):
    MEALS = "meals", _("Meals")
    CLASSES = "classes", _("Classes for the elderly")
    ARTS = "arts", _("Calligraphy and painting")
    READING = "reading", _("Reading")
    HOME = "home", _("Home help")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other service")


class OrderStatus(models.TextChoices):
    """ordered → taken → done → rated; an order not yet done may be cancelled."""

    ORDERED = "ordered", _("Ordered")
    TAKEN = "taken", _("Taken")
    DONE = "done", _("Done")
    RATED = "rated", _("Rated")
    CANCELLED = "cancelled", _("Cancelled")


class OrderChannel(models.TextChoices):
    GRID_WORKER = "grid_worker", _("By the grid worker")
    COMMUNITY = "community", _("At the community office")
    PHONE = "phone", _("By phone")


# The allowed steps: status → the statuses it may move to.
TRANSITIONS = {
    OrderStatus.ORDERED: {OrderStatus.TAKEN, OrderStatus.CANCELLED},
    OrderStatus.TAKEN: {OrderStatus.DONE, OrderStatus.CANCELLED},
    OrderStatus.DONE: {OrderStatus.RATED},
    OrderStatus.RATED: set(),
    OrderStatus.CANCELLED: set(),
}

RATING_MIN, RATING_MAX = 1, 5
