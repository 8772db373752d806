from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpState(models.TextChoices):
    PENDING_VERIFICATION = "pending_verification", _("Pending verification")
    UNDER_MEASURE = "under_measure", _("Under measure")
    UNREACHABLE = "unreachable", _("Unreachable")
    ESCALATED = "escalated", _("Escalated")
    COMPLETED = "completed", _("Completed")
    TRANSFERRED_CENTRALIZED = "transferred_centralized", _("Transferred to centralized isolation")
    MOVED_OUT = "moved_out", _("Moved out of the district")


# A follow-up in one of these states still needs someone to act on it.
OPEN_STATES = (FollowUpState.PENDING_VERIFICATION, FollowUpState.UNDER_MEASURE, FollowUpState.UNREACHABLE,
               FollowUpState.ESCALATED)
CLOSED_STATES = (FollowUpState.COMPLETED, FollowUpState.TRANSFERRED_CENTRALIZED, FollowUpState.MOVED_OUT)


class Source(models.TextChoices):
    FLAG = "flag", _("Screening flag")
    MANUAL = "manual", _("Entered by hand")
    LABTEST = "labtest", _("Positive pooled test")


class Category(models.TextChoices):
    HIGH = "high", _("High-risk area")
    MEDIUM = "medium", _("Medium-risk area")
    SAME_CITY = "same_city", _("Same city")
    CLOSE_CONTACT = "close_contact", _("Close contact")
    POOL_POSITIVE = "pool_positive", _("Member of a positive pool")


class Level(models.TextChoices):
    """Who is responsible for a task: the grid worker, else (after escalation) the village, then the town."""

    GRID = "grid", _("Grid")
    VILLAGE = "village", _("Village / community")
    TOWN = "town", _("Town / street")
    DISTRICT = "district", _("District")


# Length of the region code that a level is responsible for (formats.md: 6 + 3 + 3 + 3 digits).
LEVEL_CODE_LENGTH = {Level.GRID: 15, Level.VILLAGE: 12, Level.TOWN: 9, Level.DISTRICT: 6}
LEVEL_BY_CODE_LENGTH = {length: level for level, length in LEVEL_CODE_LENGTH.items()}


class TaskKind(models.TextChoices):
    VERIFY = "verify", _("Verify")
    DELIVER_NOTICE = "deliver_notice", _("Deliver notice")
    DAILY_VISIT = "daily_visit", _("Daily health visit")
    NAT = "nat", _("Nucleic-acid test")
    RETEST = "retest", _("Retest")


# Kinds the worker generates, one per follow-up and day (the partial unique constraint on Task covers these).
GENERATED_KINDS = ("daily_visit", "nat", "retest")

# "My tasks today" order after overdue: verify first, then tests, then notices and visits.
KIND_URGENCY = {TaskKind.VERIFY: 0, TaskKind.RETEST: 1, TaskKind.NAT: 2, TaskKind.DELIVER_NOTICE: 3,
                TaskKind.DAILY_VISIT: 4}


class TaskState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class VisitOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    UNREACHABLE = "unreachable", _("Unreachable")
    MOVED_AWAY = "moved_away", _("Moved away")
    TRANSFERRED = "transferred", _("Transferred to centralized isolation")


class NatResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    NEGATIVE = "negative", _("Negative")
    POSITIVE = "positive", _("Positive")


def measure_label(kind: str) -> str:
    """The label of a measure kind of the policies (an unknown kind is shown as the policy writes it)."""
    from wangge.policies.choices import MeasureKind

    return str(MeasureKind(kind).label) if kind in MeasureKind.values else kind


FEVER_THRESHOLD = 37.3

# During these measures the person is not at home: no daily home visit (the isolation site looks after them).
NO_HOME_VISIT_MEASURES = ("centralized_isolation",)

# Kinds of task that escalate up the chain when overdue; a missed daily visit is recorded as missed instead
# (yesterday's visit cannot be made up, tomorrow's task is already there).
ESCALATING_KINDS = (TaskKind.VERIFY, TaskKind.DELIVER_NOTICE, TaskKind.NAT, TaskKind.RETEST)
