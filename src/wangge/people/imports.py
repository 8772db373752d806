"""residents.csv → Residents and Households (formats.md); upsert by ID number, set-based per batch.

A million rows must load in about a minute, so nothing here saves model instances one by one: per batch there
is one query for the existing residents, one for the existing households, a COPY (PostgreSQL) / executemany
(SQLite) for the new rows, and bulk updates for the changed ones only. Unchanged rows are not touched, so a
re-import writes nothing and logs nothing.
"""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.core.bulk import db_timestamp, fast_insert, fetch_by_keys
from wangge.core.ids import InvalidID, normalize_id, normalize_phone
from wangge.core.imports import Column, Importer, RowError, parse_bool
from wangge.core.models import log_bulk
from wangge.regions.choices import RegionLevel
from wangge.regions.models import Region

from .choices import RESIDENCE_ALIASES, ResidenceType
from .models import Household, Resident

NO_SMARTPHONE = gettext_lazy("无智能手机")
_PHONE = re.compile(r"1[3-9][0-9]{9}")
NAME_MAX = Resident._meta.get_field("name").max_length
ADDRESS_MAX = Resident._meta.get_field("address").max_length
HOUSEHOLD_MAX = Household._meta.get_field("key").max_length

# The resident columns an import sets; compared with the stored row to tell "changed" from "unchanged".
FIELDS = ("name", "phone", "grid_id", "region_code", "address", "residence_type", "household_id", "no_smartphone",
          "birth_date", "sex", "id_last4")
BIRTH = FIELDS.index("birth_date")


def _phone(value: str) -> str:
    if _PHONE.fullmatch(value):
        return value
    try:
        return normalize_phone(value)
    except ValueError as exc:
        raise RowError(_("手机号无效：%(value)s（%(error)s）") % {"value": value, "error": exc}) from None


class ResidentImporter(Importer):
    """Residents by ID number; a household key creates or links a Household in the resident's grid."""

    model = Resident
    key = "id_number"
    columns = [
        Column("id_number", ("身份证号",), required=True),
        Column("name", ("姓名",), required=True),
        Column("phone", ("手机号",)),
        Column("grid_code", ("网格编码",), required=True),
        Column("address", ("住址",)),
        Column("residence_type", ("人口类型",)),
        Column("household", ("户号",)),
        Column("no_smartphone", ("无智能手机",)),
    ]

    def prepare(self):
        self.grids = dict(Region.objects.filter(level=RegionLevel.GRID).values_list("code", "id"))
        self.other_regions = set(Region.objects.exclude(level=RegionLevel.GRID).values_list("code", flat=True))
        self.household_grid: dict[str, str] = {}  # household key → grid code of its first row in the file
        self.residence_types = {k.lower(): v.value for k, v in RESIDENCE_ALIASES.items()}

    def clean(self, row, rownum):
        try:
            id_number = normalize_id(row["id_number"])
        except InvalidID as exc:
            raise RowError(str(exc)) from None
        name = row["name"]
        if not name:
            raise RowError(_("姓名为空"))
        if len(name) > NAME_MAX:
            raise RowError(_("姓名过长（最多 %(max)d 个字）") % {"max": NAME_MAX})
        phone = _phone(row["phone"]) if row["phone"] else ""
        grid_code = row["grid_code"]
        grid_id = self.grids.get(grid_code)
        if grid_id is None:
            raise RowError(self.grid_error(grid_code))
        address = row["address"]
        if len(address) > ADDRESS_MAX:
            raise RowError(_("住址过长（最多 %(max)d 个字）") % {"max": ADDRESS_MAX})
        residence_type = self.residence_type(row["residence_type"])
        household = row["household"]
        if household:
            self.check_household(household, grid_code)
        return {
            "id_number": id_number, "name": name, "phone": phone, "grid_id": grid_id, "region_code": grid_code,
            "address": address, "residence_type": residence_type, "household": household,
            "no_smartphone": parse_bool(row["no_smartphone"], NO_SMARTPHONE),
            # ISO text (the ID's date was checked by normalize_id): stored as is, compared as text.
            "birth_date": f"{id_number[6:10]}-{id_number[10:12]}-{id_number[12:14]}",
            "sex": "M" if int(id_number[16]) % 2 else "F", "id_last4": id_number[-4:],
        }

    def grid_error(self, code: str) -> str:
        if not code:
            return _("网格编码为空")
        if code in self.other_regions:
            return _("编码 %(code)s 不是网格（须为15位的网格编码）") % {"code": code}
        return _("网格编码不存在：%(code)s") % {"code": code}

    def residence_type(self, value: str) -> str:
        if not value:
            return ResidenceType.RESIDENT.value
        try:
            return self.residence_types[value.lower()]
        except KeyError:
            raise RowError(_("人口类型无效：%(value)s（应为 registered/resident/migrant 或 户籍/常住/外来）")
                           % {"value": value}) from None

    def check_household(self, key: str, grid_code: str) -> None:
        """A household lies in one grid: the first row of the file that names it decides which."""
        if len(key) > HOUSEHOLD_MAX:
            raise RowError(_("户号过长（最多 %(max)d 个字符）") % {"max": HOUSEHOLD_MAX})
        first = self.household_grid.setdefault(key, grid_code)
        if first != grid_code:
            raise RowError(_("户号 %(key)s 在文件前面的行中属于网格 %(first)s，与本行网格 %(grid)s 不一致")
                           % {"key": key, "first": first, "grid": grid_code})

    # Saving -------------------------------------------------------------------------------------------------

    def save(self, rows):
        now = timezone.now()
        stamp = db_timestamp(now)
        household_ids = self.save_households(rows, now, stamp)
        for row in rows:
            row["household_id"] = household_ids.get(row["household"]) if row["household"] else None
        existing = fetch_by_keys(Resident, "id_number", [r["id_number"] for r in rows], [*FIELDS, "pk"])
        for key, old in existing.items():
            if old[BIRTH] is not None:
                existing[key] = (*old[:BIRTH], old[BIRTH].isoformat(), *old[BIRTH + 1:])
        new, changed, changed_fields = [], [], set()
        for row in rows:
            values = tuple(row[f] for f in FIELDS)
            old = existing.get(row["id_number"])
            if old is None:
                new.append({"id_number": row["id_number"], **dict(zip(FIELDS, values, strict=True))})
            elif old[:-1] != values:
                changed_fields.update(f for f, a, b in zip(FIELDS, old, values, strict=False) if a != b)
                changed.append(Resident(pk=old[-1], id_number=row["id_number"], updated=now,
                                        **dict(zip(FIELDS, values, strict=True))))
        if new:
            fast_insert(Resident, new, created=stamp, updated=stamp)
        if changed:
            Resident.objects.bulk_update(changed, [*sorted(changed_fields), "updated"], batch_size=1000)
        return len(new), len(changed)

    def save_households(self, rows, now, stamp) -> dict[str, int]:
        """Create missing households and move existing ones to the file's grid; return {key: id}."""
        first_rows = {}
        for row in rows:
            if row["household"]:
                first_rows.setdefault(row["household"], row)
        if not first_rows:
            return {}
        existing = fetch_by_keys(Household, "key", list(first_rows), ["pk", "grid_id"])
        new = [{"key": key, "grid": row["grid_id"], "region_code": row["region_code"], "address": row["address"]}
               for key, row in first_rows.items() if key not in existing]
        moved: dict[tuple[int, str], list[int]] = {}
        for key, (pk, grid_id) in existing.items():
            row = first_rows[key]
            if grid_id != row["grid_id"]:
                moved.setdefault((row["grid_id"], row["region_code"]), []).append(pk)
        ids = {key: pk for key, (pk, _grid) in existing.items()}
        if new:
            fast_insert(Household, new, created=stamp, updated=stamp)
            ids.update((key, values[0]) for key, values in
                       fetch_by_keys(Household, "key", [r["key"] for r in new], ["pk"]).items())
        for (grid_id, region_code), pks in moved.items():
            Household.objects.filter(pk__in=pks).update(grid_id=grid_id, region_code=region_code, updated=now)
        moved_count = sum(len(pks) for pks in moved.values())
        if new or moved_count:
            log_bulk(Household, len(new) + moved_count,
                     _("导入 %(file)s：新增户 %(created)d，迁移户 %(moved)d")
                     % {"file": self.source_name, "created": len(new), "moved": moved_count})
        return ids
