"""Kinds of enterprises and venues (formats.md, enterprises.csv)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseKind(models.TextChoices):
    INDUSTRIAL = "industrial", _("Industrial enterprise")  # 工业企业
    CONSTRUCTION = "construction", _("Construction")  # 建筑安装
    COMMERCE = "commerce", _("Commerce")  # 商贸
    VENUE = "venue", _("Business venue")  # 经营场所 (棋牌室、网吧 …)
    OTHER = "other", _("Other")
