"""Choice sets of the command centre."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PointKind(models.TextChoices):
    """What a monitoring point (视频监控点) watches."""

    CHECKPOINT = "checkpoint", _("Checkpoint camera")
    SAMPLING_SITE = "sampling_site", _("Sampling-site camera")
    RIVER = "river", _("River camera")
    ROAD = "road", _("Road camera")
    OTHER = "other", _("Other camera")


# The words an import file may use for a kind (formats of the user guide, 8.6a): English values and Chinese names.
KIND_ALIASES = {
    **{kind.value: kind for kind in PointKind},
    "卡口": PointKind.CHECKPOINT, "检查站": PointKind.CHECKPOINT,
    "采样点": PointKind.SAMPLING_SITE, "核酸采样点": PointKind.SAMPLING_SITE,
    "河道": PointKind.RIVER, "河流": PointKind.RIVER,
    "道路": PointKind.ROAD, "路口": PointKind.ROAD,
    "其他": PointKind.OTHER, "其它": PointKind.OTHER,
}


class PointStatus(models.TextChoices):
    """What the video platform last said about a point's stream."""

    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")
