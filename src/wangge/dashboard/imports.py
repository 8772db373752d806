"""monitoring_points.csv → the registry of monitoring points (docs/用户手册.md 8.6a): code, name, kind, region_code,
stream_url, and optionally sampling_site, lat, lon; upsert by code, inside the importing user's jurisdiction.

Row reasons are written in Chinese (the words of the user guide), independent of the active translation, like the
other imports."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.errors import Invalid
from wangge.core.geo import row_coordinates
from wangge.core.imports import Column, Importer, RowError

from .actions import CODE_RE, NAME_MAX, URL_MAX, check_stream_url
from .choices import KIND_ALIASES
from .models import MonitoringPoint

UPDATABLE = ("name", "kind", "region_id", "region_code", "sampling_site_id", "stream_url", "lat", "lon")


class MonitoringPointImporter(Importer):
    model = MonitoringPoint
    key = "code"
    columns = [
        Column("code", ("监控点编码", "编码"), required=True),
        Column("name", ("监控点名称", "名称"), required=True),
        Column("kind", ("类型", "监控点类型"), required=True),
        Column("region_code", ("区域编码", "所属区域编码"), required=True),
        Column("stream_url", ("视频流地址", "视频地址"), required=True),
        Column("sampling_site", ("采样点",)),
        Column("lat", ("纬度",)),
        Column("lon", ("经度",)),
    ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def prepare(self):
        from wangge.labtests.models import SamplingSite
        from wangge.regions.models import Region

        # A district holds a few thousand regions and at most a few thousand cameras: lookups fit in memory.
        self.regions = dict(Region.objects.restrict(self.user).values_list("code", "pk"))
        visible = set(MonitoringPoint.objects.restrict(self.user).values_list("code", flat=True))
        self.foreign_codes = set(MonitoringPoint.objects.exclude(code__in=visible).values_list("code", flat=True)) \
            if len(visible) < 50_000 else set()
        # name → [(pk, region code)], newest campaign first; and pk → region code for a site given by its number.
        self.sites_by_name: dict[str, list[tuple[int, str]]] = {}
        self.sites_by_pk: dict[int, str] = {}
        sites = (SamplingSite.objects.restrict(self.user)
                 .order_by("-campaign__start_date", "-campaign_id", "pk").values_list("pk", "name", "region_code"))
        for pk, name, region_code in sites:
            self.sites_by_name.setdefault(name, []).append((pk, region_code))
            self.sites_by_pk[pk] = region_code

    def clean(self, row, rownum):
        code = row["code"]
        if not code:
            raise RowError(_("监控点编码为空"))
        if not CODE_RE.match(code):
            raise RowError(_("监控点编码只能包含字母、数字、- 和 _（最多 40 个字符）：%(code)s") % {"code": code})
        if code in self.foreign_codes:
            raise RowError(_("监控点编码 %(code)s 已被管辖范围外的监控点使用") % {"code": code})
        name = row["name"]
        if not name:
            raise RowError(_("监控点名称为空"))
        if len(name) > NAME_MAX:
            raise RowError(_("监控点名称过长（最多 %(max)d 个字）") % {"max": NAME_MAX})
        kind = KIND_ALIASES.get(row["kind"].strip().lower())
        if kind is None:
            raise RowError(_("监控点类型无效：%(value)s（应为 checkpoint/sampling_site/river/road/other 或 "
                             "卡口/采样点/河道/道路/其他）") % {"value": row["kind"]})
        region_code = row["region_code"]
        region_id = self.regions.get(region_code)
        if region_id is None:
            raise RowError(_("区域编码不存在或不在管辖范围内：%(code)s") % {"code": region_code or "（空）"})
        stream_url = row["stream_url"]
        if not stream_url:
            raise RowError(_("视频流地址为空"))
        if len(stream_url) > URL_MAX:
            raise RowError(_("视频流地址过长（最多 %(max)d 个字符）") % {"max": URL_MAX})
        try:
            check_stream_url(stream_url)
        except Invalid:
            raise RowError(_("视频流地址须以 http:// 或 https:// 开头并包含主机名：%(url)s") % {"url": stream_url}
                           ) from None
        return {"code": code, "name": name, "kind": kind, "region_id": region_id, "region_code": region_code,
                "stream_url": stream_url, "sampling_site_id": self.site(row["sampling_site"], region_code),
                **self.coordinates(row["lat"], row["lon"])}

    def site(self, value: str, region_code: str) -> int | None:
        """A sampling site by its number or its name; of several sites with the name, the newest campaign's site in
        the point's area (or around it) wins."""
        if not value:
            return None
        if value.isdigit() and int(value) in self.sites_by_pk:
            return int(value)
        candidates = self.sites_by_name.get(value, [])
        for pk, site_code in candidates:
            if site_code.startswith(region_code) or region_code.startswith(site_code):
                return pk
        if candidates:
            return candidates[0][0]
        raise RowError(_("采样点不存在或不在管辖范围内：%(site)s") % {"site": value})

    def coordinates(self, lat: str, lon: str) -> dict:
        return row_coordinates(lat, lon)

    def save(self, rows):
        existing = {p.code: p for p in MonitoringPoint.objects.filter(code__in=[r["code"] for r in rows])}
        new, changed = [], []
        now = timezone.now()
        for row in rows:
            point = existing.get(row["code"])
            if point is None:
                new.append(MonitoringPoint(**row))
                continue
            if point.code in self.foreign_codes or not point.region_code.startswith(self.scope()):
                raise RowError(_("监控点编码 %(code)s 已被管辖范围外的监控点使用") % {"code": point.code})
            if any(getattr(point, field) != row[field] for field in UPDATABLE):
                for field in UPDATABLE:
                    setattr(point, field, row[field])
                point.updated = now
                changed.append(point)
        if new:
            MonitoringPoint.objects.bulk_create(new)
        if changed:
            MonitoringPoint.objects.bulk_update(changed, [*UPDATABLE, "updated"])
        return len(new), len(changed)

    def scope(self) -> str:
        from wangge.core.querysets import user_scope_code

        return user_scope_code(self.user) or ""
