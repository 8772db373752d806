"""regions.csv → the Region tree (formats.md): code, name, level, parent_code; upsert by code."""

from django.utils.translation import gettext as _

from wangge.core.imports import Column, Importer, RowError

from .choices import LEVEL_ALIASES, RegionLevel
from .codes import CODE_LENGTH, LEVELS, parent_level
from .models import Region

NAME_MAX = Region._meta.get_field("name").max_length
# Level names in row reasons: the words of formats.md, independent of the active translation.
LEVEL_NAMES = {RegionLevel.DISTRICT: "区", RegionLevel.TOWN: "镇/街道", RegionLevel.VILLAGE: "村/社区",
               RegionLevel.GRID: "网格"}


class RegionImporter(Importer):
    """Checks that a code's length matches its level and that its parent exists (in the database or earlier in
    the file), is one level up and is a prefix of the code."""

    model = Region
    key = "code"
    columns = [
        Column("code", ("编码",), required=True),
        Column("name", ("名称",), required=True),
        Column("level", ("层级",), required=True),
        Column("parent_code", ("上级编码",), required=True),
    ]

    def prepare(self):
        # code → level of every region known so far: the database, then each accepted row of the file.
        self.levels = dict(Region.objects.values_list("code", "level"))

    def clean(self, row, rownum):
        code, name, parent_code = row["code"], row["name"], row["parent_code"]
        if not code:
            raise RowError(_("编码为空"))
        if not code.isascii() or not code.isdigit():
            raise RowError(_("编码只能包含数字：%(code)s") % {"code": code})
        if not name:
            raise RowError(_("名称为空"))
        if len(name) > NAME_MAX:
            raise RowError(_("名称过长（最多 %(max)d 个字）") % {"max": NAME_MAX})
        level = LEVEL_ALIASES.get(row["level"].strip().lower())
        if level is None:
            raise RowError(_("层级无效：%(value)s（应为 district/town/village/grid 或 区/镇/街道/村/社区/网格）")
                           % {"value": row["level"]})
        if len(code) != CODE_LENGTH[level]:
            raise RowError(_("%(level)s的编码应为 %(length)d 位，实际为 %(actual)d 位：%(code)s")
                           % {"level": LEVEL_NAMES[level], "length": CODE_LENGTH[level], "actual": len(code),
                              "code": code})
        known = self.levels.get(code)
        if known is not None and known != level:
            raise RowError(_("编码 %(code)s 已存在，层级为%(level)s")
                           % {"code": code, "level": LEVEL_NAMES[known]})
        self.check_parent(code, level, parent_code)
        self.levels[code] = level
        return {"code": code, "name": name, "level": level, "parent_code": parent_code or None}

    def check_parent(self, code, level, parent_code):
        if level == RegionLevel.DISTRICT:
            if parent_code:
                raise RowError(_("区的上级编码应为空"))
            return
        if not parent_code:
            raise RowError(_("上级编码为空"))
        found = self.levels.get(parent_code)
        if found is None:
            raise RowError(_("上级编码不存在：%(code)s（上级须已导入或在本文件前面的行中）") % {"code": parent_code})
        if found != parent_level(level):
            raise RowError(_("上级 %(code)s 是%(actual)s，%(level)s的上级应为%(expected)s")
                           % {"code": parent_code, "actual": LEVEL_NAMES[found], "level": LEVEL_NAMES[level],
                              "expected": LEVEL_NAMES[parent_level(level)]})
        if not code.startswith(parent_code):
            raise RowError(_("编码 %(code)s 不以上级编码 %(parent)s 开头") % {"code": code, "parent": parent_code})

    def save(self, rows):
        """Level by level (district first), so that a parent created in this batch has an id for its children."""
        codes = {r["code"] for r in rows} | {r["parent_code"] for r in rows if r["parent_code"]}
        existing = {region.code: region for region in Region.objects.filter(code__in=codes)}
        created = updated = 0
        for level in LEVELS:
            new, changed = [], []
            for row in (r for r in rows if r["level"] == level):
                parent = existing.get(row["parent_code"]) if row["parent_code"] else None
                if row["parent_code"] and parent is None:  # its row was refused by the database
                    raise RowError(_("上级编码不存在：%(code)s") % {"code": row["parent_code"]})
                parent_id = parent.pk if parent else None
                region = existing.get(row["code"])
                if region is None:
                    region = Region(code=row["code"], name=row["name"], level=level, parent_id=parent_id)
                    new.append(region)
                    existing[region.code] = region
                elif (region.name, region.level, region.parent_id) != (row["name"], level, parent_id):
                    region.name, region.level, region.parent_id = row["name"], level, parent_id
                    changed.append(region)
            if new:
                Region.objects.bulk_create(new)  # sets pks (RETURNING) on PostgreSQL and SQLite
            if changed:
                from django.utils import timezone

                now = timezone.now()
                for region in changed:
                    region.updated = now
                Region.objects.bulk_update(changed, ["name", "level", "parent", "updated"])
            created += len(new)
            updated += len(changed)
        return created, updated
