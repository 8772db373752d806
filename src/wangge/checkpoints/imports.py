"""checkpoints.csv → the checkpoint registry (formats.md): code, name, kind, region_code, and optionally address, lat,
lon; upsert by code, inside the importing user's jurisdiction. A checkpoint's monitoring point is linked on its page
(or by the monitoring points' import naming the same place), not by this file.

Row reasons are written in Chinese (the words of formats.md), independent of the active translation, like the other
imports."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.geo import row_coordinates
from wangge.core.imports import Column, Importer, RowError

from .actions import ADDRESS_MAX, CODE_RE, NAME_MAX, RESERVED_CODES
from .choices import KIND_ALIASES
from .models import Checkpoint

UPDATABLE = ("name", "kind", "region_id", "region_code", "address", "lat", "lon")


class CheckpointImporter(Importer):
    model = Checkpoint
    key = "code"
    columns = [
        Column("code", ("卡口编号", "编号"), required=True),
        Column("name", ("卡口名称", "名称"), required=True),
        Column("kind", ("类型", "卡口类型"), required=True),
        Column("region_code", ("所在区域编码", "区域编码"), required=True),
        Column("address", ("地址",)),
        Column("lat", ("纬度",)),
        Column("lon", ("经度",)),
    ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def prepare(self):
        from wangge.regions.models import Region

        # A district holds a few thousand regions and a few hundred checkpoints: the lookups fit in memory.
        self.regions = dict(Region.objects.restrict(self.user).values_list("code", "pk"))
        visible = set(Checkpoint.objects.restrict(self.user).values_list("code", flat=True))
        self.foreign_codes = set(Checkpoint.objects.exclude(code__in=visible).values_list("code", flat=True))

    def clean(self, row, rownum):
        code = row["code"]
        if not code:
            raise RowError(_("卡口编号为空"))
        if not CODE_RE.match(code):
            raise RowError(_("卡口编号只能包含字母、数字、- 和 _（最多 40 个字符）：%(code)s") % {"code": code})
        if code.lower() in RESERVED_CODES:
            raise RowError(_("卡口编号 %(code)s 为系统保留字，请换一个") % {"code": code})
        if code in self.foreign_codes:
            raise RowError(_("卡口编号 %(code)s 已被管辖范围外的卡口使用") % {"code": code})
        name = row["name"]
        if not name:
            raise RowError(_("卡口名称为空"))
        if len(name) > NAME_MAX:
            raise RowError(_("卡口名称过长（最多 %(max)d 个字）") % {"max": NAME_MAX})
        kind = KIND_ALIASES.get(row["kind"].strip().lower())
        if kind is None:
            raise RowError(_("卡口类型无效：%(value)s（应为 highway/rail/bus/road/compound/enterprise/hospital/"
                             "other 或 高速道口/火车站/汽车站/道路/小区/企业/医院/其他）")
                           % {"value": row["kind"] or "（空）"})
        region_code = row["region_code"]
        region_id = self.regions.get(region_code)
        if region_id is None:
            raise RowError(_("区域编码不存在或不在管辖范围内：%(code)s") % {"code": region_code or "（空）"})
        address = row["address"]
        if len(address) > ADDRESS_MAX:
            raise RowError(_("地址过长（最多 %(max)d 个字）") % {"max": ADDRESS_MAX})
        return {"code": code, "name": name, "kind": kind.value, "region_id": region_id, "region_code": region_code,
                "address": address, **self.coordinates(row["lat"], row["lon"])}

    def coordinates(self, lat: str, lon: str) -> dict:
        return row_coordinates(lat, lon)

    def save(self, rows):
        existing = {c.code: c for c in Checkpoint.objects.filter(code__in=[r["code"] for r in rows])}
        new, changed = [], []
        now = timezone.now()
        for row in rows:
            checkpoint = existing.get(row["code"])
            if checkpoint is None:
                new.append(Checkpoint(**row))
                continue
            if any(getattr(checkpoint, name) != row[name] for name in UPDATABLE):
                for name in UPDATABLE:
                    setattr(checkpoint, name, row[name])
                checkpoint.updated = now
                changed.append(checkpoint)
        if new:
            Checkpoint.objects.bulk_create(new)
        if changed:
            Checkpoint.objects.bulk_update(changed, [*UPDATABLE, "updated"])
        return len(new), len(changed)
