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
    CHECKPOINT = "checkpoint", _("Checkpoint")  # someone who entered at a gate (checkpoints app, domain.md §9)


# The categories of the policy documents are policies.choices.Category; follow-up adds one of its own, for people
# it opens from a positive pooled test (no policy row: the single-tube retest decides).
POOL_POSITIVE = "pool_positive"


def category_choices() -> list[tuple[str, str]]:
    """The choices of FollowUp.category: the policy categories, then "member of a positive pool"."""
    from wangge.policies.choices import Category

    return [*Category.choices, (POOL_POSITIVE, _("Member of a positive pool"))]


class TaskKind(models.TextChoices):
    VERIFY = "verify", _("Verify")
    DELIVER_NOTICE = "deliver_notice", _("Deliver notice")
    DAILY_VISIT = "daily_visit", _("Daily health visit")
    NAT = "nat", _("Nucleic-acid test")
    RETEST = "retest", _("Retest")
    FEVER_ALERT = "fever_alert", _("Fever alert")


# Kinds the worker generates, one per follow-up and day (the partial unique constraint on Task covers these).
GENERATED_KINDS = ("daily_visit", "nat", "retest")

# "My tasks today" order after overdue: verify first, then tests, then notices and visits.
KIND_URGENCY = {TaskKind.FEVER_ALERT: 0, TaskKind.VERIFY: 1, TaskKind.RETEST: 2, TaskKind.NAT: 3,
                TaskKind.DELIVER_NOTICE: 4, TaskKind.DAILY_VISIT: 5}


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
    FEVER_CLINIC = "fever_clinic", _("Taken to the fever clinic")


class TransferTo(models.TextChoices):
    """Where a person with a fever (or due for centralized isolation) is taken."""

    FEVER_CLINIC = "fever_clinic", _("Fever clinic")
    CENTRALIZED_ISOLATION = "centralized_isolation", _("Centralized isolation")


class NatResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    NEGATIVE = "negative", _("Negative")
    POSITIVE = "positive", _("Positive")


def measure_label(kind: str) -> str:
    """The label of a measure kind of the policies (an unknown kind is shown as the policy writes it)."""
    from wangge.policies.choices import MeasureKind

    return str(MeasureKind(kind).label) if kind in MeasureKind.values else kind


class TaskOutcome(models.TextChoices):
    """What became of a task, as the timeline and the lists show it (the codes the actions and the worker write)."""

    REACHED = "reached", _("Reached")
    UNREACHABLE = "unreachable", _("Unreachable")
    MOVED_AWAY = "moved_away", _("Moved away")
    TRANSFERRED = "transferred", _("Transferred to centralized isolation")
    FEVER_CLINIC = "fever_clinic", _("Taken to the fever clinic")
    CHECKED = "checked", _("Checked, no transfer needed")
    DELIVERED = "delivered", _("Notice delivered")
    NOT_SAMPLED = "not_sampled", _("Not sampled")
    PENDING = "pending", _("Sampled, result pending")
    NEGATIVE = "negative", _("Negative")
    POSITIVE = "positive", _("Positive")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")
    POLICY_SWITCH = "policy_switch", _("Cancelled by a policy switch")


# Used when no policy is in force (the policy's checkpoint `fever_celsius` decides otherwise).
DEFAULT_FEVER_CELSIUS = 37.3

# During these measures the person is not at home: no daily home visit (the isolation site looks after them).
NO_HOME_VISIT_MEASURES = ("centralized_isolation",)

# Kinds of task that escalate up the chain when overdue; a missed daily visit is recorded as missed instead
# (yesterday's visit cannot be made up, tomorrow's task is already there).
ESCALATING_KINDS = (TaskKind.VERIFY, TaskKind.DELIVER_NOTICE, TaskKind.NAT, TaskKind.RETEST, TaskKind.FEVER_ALERT)
