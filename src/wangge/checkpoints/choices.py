"""Choice sets of the checkpoints: kinds of checkpoint (formats.md, checkpoints.csv), health-code colours and the
decisions of a check (formats.md, "The checkpoint check") with their order of severity."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckpointKind(models.TextChoices):
    HIGHWAY = "highway", _("Highway exit")  # 高速道口
    RAIL = "rail", _("Railway station")  # 火车站
    BUS = "bus", _("Bus station")  # 汽车站
    ROAD = "road", _("Road")  # 道路
    COMPOUND = "compound", _("Residential compound")  # 小区
    ENTERPRISE = "enterprise", _("Enterprise")  # 企业
    HOSPITAL = "hospital", _("Hospital")  # 医院
    OTHER = "other", _("Other")  # 其他


# The words the `kind` column of checkpoints.csv may use: the English values and the Chinese names of formats.md.
KIND_ALIASES = {
    **{kind.value: kind for kind in CheckpointKind},
    "高速道口": CheckpointKind.HIGHWAY, "高速": CheckpointKind.HIGHWAY, "高速路口": CheckpointKind.HIGHWAY,
    "火车站": CheckpointKind.RAIL, "铁路": CheckpointKind.RAIL,
    "汽车站": CheckpointKind.BUS, "客运站": CheckpointKind.BUS,
    "道路": CheckpointKind.ROAD, "道口": CheckpointKind.ROAD,
    "小区": CheckpointKind.COMPOUND, "小区门口": CheckpointKind.COMPOUND,
    "企业": CheckpointKind.ENTERPRISE,
    "医院": CheckpointKind.HOSPITAL,
    "其他": CheckpointKind.OTHER, "其它": CheckpointKind.OTHER,
}

# Gates that check five things (五查, domain.md §3 and §9): health code, itinerary, mask, vaccination, temperature.
GATE_KINDS = (CheckpointKind.ENTERPRISE, CheckpointKind.COMPOUND)


class HealthCode(models.TextChoices):
    GREEN = "green", _("Green code")
    YELLOW = "yellow", _("Yellow code")
    RED = "red", _("Red code")


class Decision(models.TextChoices):
    """What the person at the gate is told (formats.md); the most severe rule that applies wins."""

    PASS = "pass", _("Pass")
    NAT_REQUIRED = "nat_required", _("Negative test required")
    PERSUADE_BACK = "persuade_back", _("Persuade to turn back")
    FEVER = "fever", _("Fever: to the fever clinic")
    ISOLATE = "isolate", _("Hand over to centralized isolation")


# Most severe last: isolate > fever > persuade_back > nat_required > pass (formats.md).
SEVERITY: dict[str, int] = {Decision.PASS: 0, Decision.NAT_REQUIRED: 1, Decision.PERSUADE_BACK: 2, Decision.FEVER: 3,
            Decision.ISOLATE: 4}

# The policy documents' checkpoint actions (policies/README.md) and the decision each one is at the gate.
POLICY_ACTIONS: dict[str, str] = {
    "pass": Decision.PASS,
    "need_nat_48h": Decision.NAT_REQUIRED,
    "persuade_back": Decision.PERSUADE_BACK,
    "medical_check": Decision.FEVER,
    "centralized_isolation": Decision.ISOLATE,
}

# Decisions that, for someone who enters anyway (`entered`), open a follow-up on their grid (domain.md §9), and the
# follow-up category they open under when no risk area says more: a red code is what people from high-risk areas
# and close contacts carry, a yellow one what people from medium-risk areas carry (domain.md §3).
FOLLOWUP_CATEGORY: dict[str, str] = {Decision.ISOLATE: "high", Decision.PERSUADE_BACK: "medium"}

TEMPERATURE_RANGE = (34.0, 43.0)  # °C: what a forehead or wrist thermometer can read off a living person
MAX_PASSENGERS = 80  # a coach's seats and then some
