"""Choice sets of the practical projects: a project's status (formats.md, projects.csv), the three answers of an
evaluation (评单) and where an evaluation came from; the quarter's notation."""

from __future__ import annotations

import datetime
import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PLANNED = "planned", _("Not started")  # 未开工
    IN_PROGRESS = "in_progress", _("In progress")  # 推进中
    DONE = "done", _("Done")  # 已办结
    DROPPED = "dropped", _("Dropped")  # 已撤销


STATUS_ALIASES = {
    **{s.value: s for s in Status},
    "未开工": Status.PLANNED, "计划": Status.PLANNED, "推进中": Status.IN_PROGRESS, "进行中": Status.IN_PROGRESS,
    "已办结": Status.DONE, "已完成": Status.DONE, "办结": Status.DONE, "已撤销": Status.DROPPED, "撤销": Status.DROPPED,
}


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")  # 满意
    BASICALLY = "basically", _("Basically satisfied")  # 基本满意
    DISSATISFIED = "dissatisfied", _("Dissatisfied")  # 不满意


RATING_ALIASES = {**{r.value: r for r in Rating}, "满意": Rating.SATISFIED, "基本满意": Rating.BASICALLY,
                  "不满意": Rating.DISSATISFIED}
SATISFIED_RATINGS = (Rating.SATISFIED, Rating.BASICALLY)


class Channel(models.TextChoices):
    ONLINE = "online", _("Online, with a code")
    PAPER = "paper", _("Paper form at a meeting")


# --- quarters: "2021Q3" or "2021年第三季度" ---------------------------------------------------------------------

_QUARTER_RE = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
_QUARTER_ZH_RE = re.compile(r"^(\d{4})\s*年\s*第?\s*([一二三四1-4])\s*季度$")
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_ZH_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


def parse_quarter(value: str) -> str | None:
    """'2021Q3' from '2021Q3', '2021q3' or '2021年第三季度'; None for anything that is not a quarter."""
    text = (value or "").strip()
    match = _QUARTER_RE.match(text) or _QUARTER_ZH_RE.match(text)
    if not match:
        return None
    year, number = int(match.group(1)), match.group(2)
    number = _ZH_DIGITS.get(number) or int(number)
    if not 2000 <= year <= 2100:
        return None
    return f"{year}Q{number}"


def quarter_of(day: datetime.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_label(quarter: str) -> str:
    """'2021年第三季度' for '2021Q3'."""
    return f"{quarter[:4]}年第{_ZH_NAMES[int(quarter[-1])]}季度"


def quarter_bounds(quarter: str) -> tuple[datetime.date, datetime.date]:
    year, number = int(quarter[:4]), int(quarter[-1])
    start = datetime.date(year, 3 * number - 2, 1)
    end = datetime.date(year + (number == 4), (3 * number) % 12 + 1, 1) - datetime.timedelta(days=1)
    return start, end


def half_year_quarters(quarter: str) -> tuple[str, str]:
    """The two quarters of the half-year `quarter` lies in ('2021Q1', '2021Q2' for '2021Q2')."""
    year, number = quarter[:4], int(quarter[-1])
    first = 1 if number <= 2 else 3
    return f"{year}Q{first}", f"{year}Q{first + 1}"


# A project belongs to a village/community or to a town (its street-level projects).
PROJECT_REGION_LEVELS = ("village", "town")
