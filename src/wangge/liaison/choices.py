"""Kinds used by the liaison register (挂钩联系)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialKind(models.TextChoices):
    HANDBOOK = "handbook", _("Handbook")  # 防疫手册
    GUIDE = "guide", _("Prevention guide")  # 防控指南
    POSTER = "poster", _("Poster")  # 宣传海报
    NOTICE = "notice", _("Notice")  # 告知书
    SUPPLIES = "supplies", _("Protective supplies")  # 防护物资
    OTHER = "other", _("Other")


class ProblemKind(models.TextChoices):
    PROBLEM = "problem", _("Problem")
    SUGGESTION = "suggestion", _("Suggestion")
