"""risk_areas.csv → RiskArea designations (formats.md), upserted by (area_code, level, effective_from).

The same cleaning serves `wangge import_risk_areas` and `wangge screen --risk-areas FILE` (which screens against
the file without storing it)."""


from django.db.models import Q
from django.utils.translation import gettext as _

from wangge.core.imports import Column, Importer, RowError, parse_datetime_cst, read_table
from wangge.regions import codes
from wangge.regions.choices import RegionLevel

from .choices import LEVEL_ALIASES
from .models import RiskArea

UPDATABLE = ("area_name", "effective_to", "notice")
# A risk area is a county, a town/street or a village/compound: the code lengths of those levels (6, 9, 12).
AREA_LENGTHS = tuple(codes.CODE_LENGTH[level] for level in (RegionLevel.DISTRICT, RegionLevel.TOWN,
                                                            RegionLevel.VILLAGE))


def clean_risk_area(row: dict) -> dict:
    """One risk_areas.csv row (stripped strings) → model field values; RowError naming the column."""
    code = row["area_code"]
    if not code:
        raise RowError(_("地区编码（area_code）为空"))
    if not codes.is_code(code, AREA_LENGTHS):
        raise RowError(_("地区编码（area_code）应为 6、9 或 12 位数字，实际为：%(value)s") % {"value": code})
    level = LEVEL_ALIASES.get(row["level"].strip().lower())
    if level is None:
        raise RowError(_("风险等级（level）应为 high/medium/low 或 高/中/低，实际为：%(value)s")
                       % {"value": row["level"]})
    effective_from = parse_datetime_cst(row["effective_from"], _("生效时间（effective_from）"))
    effective_to = None
    if row["effective_to"]:
        effective_to = parse_datetime_cst(row["effective_to"], _("解除时间（effective_to）"))
        if effective_to < effective_from:
            raise RowError(_("解除时间（effective_to）早于生效时间（effective_from）"))
    name = row["area_name"] or code
    if len(name) > RiskArea._meta.get_field("area_name").max_length:
        raise RowError(_("地区名称（area_name）过长"))
    return {"area_code": code, "area_name": name, "level": str(level), "effective_from": effective_from,
            "effective_to": effective_to, "notice": row.get("notice", ""),
            "natural_key": f"{code}|{level}|{effective_from.isoformat()}"}


class RiskAreaImporter(Importer):
    """Designations by natural key; a re-import of the same file changes nothing."""

    model = RiskArea
    key = "natural_key"
    columns = [
        Column("area_code", ("地区编码",), required=True),
        Column("area_name", ("地区名称",)),
        Column("level", ("风险等级",), required=True),
        Column("effective_from", ("生效时间",), required=True),
        Column("effective_to", ("解除时间",)),
        Column("notice", ("通告", "来源通告")),
    ]

    def clean(self, row, rownum):
        return clean_risk_area(row)

    def save(self, rows):
        condition = Q(pk__in=[])
        for r in rows:
            condition |= Q(area_code=r["area_code"], level=r["level"], effective_from=r["effective_from"])
        existing = {(a.area_code, a.level, a.effective_from): a for a in RiskArea.objects.filter(condition)}
        new, changed = [], []
        for r in rows:
            fields = {k: v for k, v in r.items() if k != "natural_key"}
            current = existing.get((r["area_code"], r["level"], r["effective_from"]))
            if current is None:
                new.append(RiskArea(**fields))
            elif any(getattr(current, f) != fields[f] for f in UPDATABLE):
                for f in UPDATABLE:
                    setattr(current, f, fields[f])
                changed.append(current)
        RiskArea.objects.bulk_create(new)
        RiskArea.objects.bulk_update(changed, UPDATABLE)
        return len(new), len(changed)


def read_risk_area_file(path) -> tuple[list[dict], list[tuple[int, str]]]:
    """All good rows of a risk_areas file (for `screen --risk-areas`) and the (row, reason) of the bad ones.
    Raises core.imports.FileError when the file cannot be read."""
    importer = RiskAreaImporter()
    headers, rows = read_table(path)
    mapping, _extra = importer.map_headers(headers)
    good, bad = [], []
    for rownum, raw in enumerate(rows, start=1):
        if not any(cell.strip() for cell in raw):
            continue
        row = {c.name: (raw[mapping[c.name]].strip() if c.name in mapping and mapping[c.name] < len(raw) else "")
               for c in importer.columns}
        try:
            good.append(clean_risk_area(row))
        except RowError as exc:
            bad.append((rownum, str(exc)))
    return good, bad
