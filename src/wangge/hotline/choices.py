from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    ANSWERED = "answered_directly", _("Answered directly")
    PENDING_DISPATCH = "pending_dispatch", _("Pending dispatch")
    DISPATCHED = "dispatched", _("Dispatched")
    IN_PROGRESS = "in_progress", _("In progress")
    REPLIED = "replied", _("Replied")
    PENDING_CALLBACK = "pending_callback", _("Pending callback")
    CLOSED = "closed", _("Closed")


# Orders a department still has to work on (the clock runs).
OPEN_STATES = (State.RECEIVED, State.PENDING_DISPATCH, State.DISPATCHED, State.IN_PROGRESS)
# Orders whose handling is finished (the department replied or the operator answered).
FINISHED_STATES = (State.ANSWERED, State.REPLIED, State.PENDING_CALLBACK, State.CLOSED)


class Channel(models.TextChoices):
    PHONE = "phone", _("Telephone")
    WECHAT = "wechat", _("WeChat")
    WEB = "web", _("Web")
    APP = "app", _("App")
    OPEN311 = "open311", _("Open311")
    ENTERPRISE = "enterprise", _("Enterprise (海企通)")  # an enterprise account's help request


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically_satisfied", _("Basically satisfied")
    NEUTRAL = "neutral", _("Neutral")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    VERY_DISSATISFIED = "very_dissatisfied", _("Very dissatisfied")
    UNREACHED = "unreached", _("Callback unsuccessful")


SATISFIED = (Satisfaction.VERY_SATISFIED, Satisfaction.BASICALLY)
DISSATISFIED = (Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED)


class EventKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    ANSWER = "answer_directly", _("Direct answer")
    QUEUE = "queue", _("Queued for dispatch")
    DISPATCH = "dispatch", _("Dispatch")
    SIGN = "sign", _("Sign")
    REPLY = "reply", _("Reply")
    RETURN = "return", _("Return")
    REQUEST_EXTENSION = "request_extension", _("Extension requested")
    APPROVE_EXTENSION = "approve_extension", _("Extension approved")
    REJECT_EXTENSION = "reject_extension", _("Extension rejected")
    URGE = "urge", _("Urged (催办)")
    SUPERVISE = "supervise", _("Supervised (督办)")
    ACCEPT_REPLY = "accept_reply", _("Reply accepted")
    CALLBACK = "callback", _("Callback")
    CLOSE = "close", _("Close")
    REDO = "redo", _("Redo")
    LINK_DUPLICATE = "link_duplicate", _("Linked as duplicate")
