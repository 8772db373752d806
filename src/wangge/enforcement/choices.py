"""Choice sets of joint punishment (domain.md §12): kinds of violation, the phases of a case, the steps of its log,
the measures the member departments apply, and the deadlines of each phase.

The deadlines are the working rules of 《南通市市区违法建设失信行为联合惩戒实施办法》 as the town applies them; they
are data (DEADLINES), shown on the case list page, and change here only."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolationKind(models.TextChoices):
    ILLEGAL_BUILDING = "building", _("Illegal building")  # 违法建设
    LAND = "land", _("Illegal land use")  # 违法用地
    ENVIRONMENT = "environment", _("Environmental violation")  # 环境违法
    OTHER = "other", _("Other violation")  # 其他


class PartyKind(models.TextChoices):
    PERSON = "person", _("Person")
    ENTERPRISE = "enterprise", _("Enterprise or organisation")


class Phase(models.TextChoices):
    FOUND = "found", _("Found")  # 发现登记
    PERSUASION = "persuasion", _("Persuasion")  # 劝导
    APPLIED = "applied", _("Punishment applied for")  # 已申请联合惩戒
    PUNISHED = "punished", _("Under joint punishment")  # 联合惩戒中
    CORRECTED = "corrected", _("Corrected, punishment in force")  # 已整改，待申请解除
    LIFT_APPLIED = "lift_applied", _("Lifting applied for")  # 已申请解除
    LIFTED = "lifted", _("Punishment lifted")  # 已解除
    CLOSED = "closed", _("Corrected during persuasion")  # 劝导整改结案


OPEN_PHASES = (Phase.FOUND, Phase.PERSUASION, Phase.APPLIED, Phase.PUNISHED, Phase.CORRECTED, Phase.LIFT_APPLIED)
# The party is on the list (每个成员单位 applies its measure) from the approval until the lifting.
PUNISHED_PHASES = (Phase.PUNISHED, Phase.CORRECTED, Phase.LIFT_APPLIED)


class StepKind(models.TextChoices):
    FOUND = "found", _("Violation found and recorded")
    VISIT = "visit", _("Persuasion visit")
    APPLIED = "applied", _("Joint punishment applied for")
    APPROVED = "approved", _("Joint punishment approved")
    REFUSED = "refused", _("Application refused")
    MEASURE = "measure", _("Measure applied and reported")
    CORRECTED = "corrected", _("Violation corrected")
    LIFT_APPLIED = "lift_applied", _("Application to lift filed")
    LIFT_REFUSED = "lift_refused", _("Lifting refused")
    LIFTED = "lifted", _("Punishment lifted")
    PHOTO = "photo", _("Photo added")


class VisitResult(models.TextChoices):
    REFUSED = "refused", _("Refuses to correct")  # 拒不整改
    PROMISED = "promised", _("Promises to correct")  # 承诺整改
    ABSENT = "absent", _("Not met")  # 未见到当事人


class CorrectionKind(models.TextChoices):
    SELF = "self", _("Self-demolition")  # 自行拆除
    ASSISTED = "assisted", _("Assisted demolition")  # 帮拆


class MeasureState(models.TextChoices):
    PENDING = "pending", _("To apply")
    APPLIED = "applied", _("Applied and reported")
    LIFTED = "lifted", _("Lifted")


# The measures member departments apply (the 办法's list, abridged); each department reports its own.
MEASURE_SUGGESTIONS = (
    "暂停办理不动产登记、交易",  # 自然资源和规划局
    "限制申请政府补贴、补助和评优评先",  # 农业农村局 / 民政局
    "暂停办理工商登记变更",  # 市场监督管理局
    "纳入个人征信系统失信记录",  # 人民银行
    "限制享受公共服务优惠政策",
)

# Deadlines of each phase, in calendar days (the policy in force; shown on the list page).
DEADLINES = {
    "first_visit": 7,  # first persuasion visit within 7 days of the finding
    "persuasion": 30,  # persuasion ends (application or correction) within 30 days of the first visit
    "approval": 10,  # the application is approved or refused within 10 days
    "measure": 10,  # each member department applies and reports its measure within 10 days of the approval
    "lift_review": 7,  # the application to lift is reviewed within 7 days
}

DEADLINE_LABELS = {
    "first_visit": _("First persuasion visit after the finding"),
    "persuasion": _("Application or correction after the first visit"),
    "approval": _("Approval or refusal of the application"),
    "measure": _("Each department's measure applied and reported after the approval"),
    "lift_review": _("Review of the application to lift"),
}

# The step each phase waits for (what is overdue when the case's due date has passed).
WAITING_FOR = {
    Phase.FOUND: "first_visit",
    Phase.PERSUASION: "persuasion",
    Phase.APPLIED: "approval",
    Phase.LIFT_APPLIED: "lift_review",
}
