"""Choice sets of the inspections: an item's answer, an inspection's and a finding's state, a notice's scope."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Answer(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")


class InspectionState(models.TextChoices):
    OPEN = "open", _("Findings open")  # failures not yet fixed
    CLOSED = "closed", _("Closed")  # nothing left open


class FindingState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Fixed and closed")


class NoticeScope(models.TextChoices):
    KIND_AREA = "kind_area", _("Venues of a kind in an area")
    CHOSEN = "chosen", _("Chosen venues")


# The code of the item a venue-closure check answers: "the venue is closed".
CLOSURE_ITEM = "closed"
