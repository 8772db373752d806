"""enterprises.csv and employees.csv → the registry (formats.md; the general import rules apply).

Row reasons are written in Chinese (the words of formats.md), independent of the active translation, like the other
imports. Upserts: an enterprise by its USCC, a venue without one by (region, name); an employee by (USCC, ID
number). An employee is matched to the resident registry by ID number when the batch is saved."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.ids import InvalidID, normalize_id, normalize_phone
from wangge.core.imports import Column, Importer, RowError, parse_bool

from .choices import EnterpriseKind
from .models import Employee, Enterprise
from .validators import normalize_contact_phone, normalize_uscc

KIND_ALIASES = {**{k.value: k.value for k in EnterpriseKind},
                "工业企业": "industrial", "工业": "industrial", "建筑安装": "construction", "建筑": "construction",
                "商贸": "commerce", "经营场所": "venue", "场所": "venue", "其他": "other"}
ENTERPRISE_FIELDS = ("name", "kind", "above_scale", "industry", "region_id", "address", "contact_name",
                     "contact_phone", "employee_count")
EMPLOYEE_FIELDS = ("name", "phone", "non_local", "returned_at", "from_place_code", "resident_id")


def _bool(value: str, field: str) -> bool:
    if not value:
        return False
    try:
        return parse_bool(value, field)
    except (ValueError, RowError) as exc:
        raise RowError(str(exc)) from None


class EnterpriseImporter(Importer):
    model = Enterprise
    key = "uscc"
    threaded = False
    columns = [
        Column("uscc", ("统一社会信用代码",)),
        Column("name", ("名称",), required=True),
        Column("kind", ("类型",)),
        Column("above_scale", ("规上",)),
        Column("industry", ("行业",)),
        Column("region_code", ("所在区域编码",), required=True),
        Column("address", ("地址",)),
        Column("contact_name", ("联系人",)),
        Column("contact_phone", ("联系电话",)),
        Column("employees", ("员工数",)),
    ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def prepare(self):
        from wangge.regions.models import Region

        self.regions = dict(Region.objects.restrict(self.user).values_list("code", "pk"))

    def clean(self, row, rownum):
        kind = KIND_ALIASES.get((row["kind"] or "other").strip().lower())
        if kind is None:
            raise RowError(_("类型无效：%(value)s（应为 industrial/construction/commerce/venue/other 或 "
                             "工业企业/建筑安装/商贸/经营场所/其他）") % {"value": row["kind"]})
        uscc = ""
        if row["uscc"] or kind != EnterpriseKind.VENUE:
            try:
                uscc = normalize_uscc(row["uscc"])
            except ValueError as exc:
                raise RowError(str(exc)) from None
        name = row["name"].strip()
        if not name:
            raise RowError(_("名称为空"))
        if len(name) > 120:
            raise RowError(_("名称过长（最多 120 个字）"))
        region_id = self.regions.get(row["region_code"])
        if region_id is None:
            raise RowError(_("区域编码不存在或不在管辖范围内：%(code)s") % {"code": row["region_code"] or "（空）"})
        try:
            phone = normalize_contact_phone(row["contact_phone"])
        except ValueError as exc:
            raise RowError(str(exc)) from None
        count = None
        if row["employees"]:
            try:
                count = int(float(row["employees"]))
            except ValueError:
                count = -1
            if count < 0:
                raise RowError(_("员工数应为非负整数：%(value)s") % {"value": row["employees"]})
        for field, limit in (("industry", 60), ("address", 200), ("contact_name", 50)):
            if len(row[field]) > limit:
                raise RowError(_("%(field)s过长（最多 %(max)d 个字）") % {"field": field, "max": limit})
        return {"uscc": uscc, "name": name, "kind": kind, "above_scale": _bool(row["above_scale"], "规上"),
                "industry": row["industry"], "region_id": region_id, "address": row["address"],
                "contact_name": row["contact_name"], "contact_phone": phone, "employee_count": count}

    def save(self, rows):
        from wangge.regions.models import Region

        codes = dict(Region.objects.filter(pk__in={r["region_id"] for r in rows}).values_list("pk", "code"))
        by_uscc = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=[r["uscc"] for r in rows if r["uscc"]])}
        venues = {(e.region_id, e.name): e for e in Enterprise.objects.filter(
            uscc="", name__in=[r["name"] for r in rows if not r["uscc"]])}
        new, changed, seen = [], [], set()
        now = timezone.now()
        for row in rows:
            key = row["uscc"] or (row["region_id"], row["name"])
            if key in seen:
                raise RowError(_("文件中重复的单位：%(name)s") % {"name": row["name"]})
            seen.add(key)
            existing = by_uscc.get(row["uscc"]) if row["uscc"] else venues.get(key)
            if existing is None:
                new.append(Enterprise(**row, region_code=codes[row["region_id"]]))
                continue
            if any(getattr(existing, f) != row[f] for f in ENTERPRISE_FIELDS):
                for f in ENTERPRISE_FIELDS:
                    setattr(existing, f, row[f])
                existing.region_code = codes[row["region_id"]]
                existing.updated = now
                changed.append(existing)
        if new:
            Enterprise.objects.bulk_create(new)
        if changed:
            Enterprise.objects.bulk_update(changed, [*ENTERPRISE_FIELDS, "region_code", "updated"])
        return len(new), len(changed)


class EmployeeImporter(Importer):
    model = Employee
    key = "id_number"
    threaded = False
    columns = [
        Column("uscc", ("统一社会信用代码",), required=True),
        Column("id_number", ("身份证号",), required=True),
        Column("name", ("姓名",), required=True),
        Column("phone", ("手机号",)),
        Column("non_local", ("外地员工",)),
        Column("returned_at", ("返岗时间",)),
        Column("from_place_code", ("来源地编码",)),
    ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def prepare(self):
        self.enterprises = {u: (pk, code) for pk, u, code in Enterprise.objects.restrict(self.user).exclude(
            uscc="").values_list("pk", "uscc", "region_code")}

    def clean(self, row, rownum):
        try:
            uscc = normalize_uscc(row["uscc"])
        except ValueError as exc:
            raise RowError(str(exc)) from None
        enterprise = self.enterprises.get(uscc)
        if enterprise is None:
            raise RowError(_("单位不存在或不在管辖范围内（统一社会信用代码 %(uscc)s），请先导入单位") % {"uscc": uscc})
        try:
            id_number = normalize_id(row["id_number"])
        except InvalidID as exc:
            raise RowError(str(exc)) from None
        name = row["name"].strip()
        if not name:
            raise RowError(_("姓名为空"))
        if len(name) > 50:
            raise RowError(_("姓名过长（最多 50 个字）"))
        phone = ""
        if row["phone"]:
            try:
                phone = normalize_phone(row["phone"])
            except ValueError as exc:
                raise RowError(str(exc)) from None
        returned_at = None
        if row["returned_at"]:
            try:
                returned_at = datetime.date.fromisoformat(row["returned_at"][:10])
            except ValueError:
                raise RowError(_("返岗时间格式错误（应为 2021-08-01）：%(value)s")
                               % {"value": row["returned_at"]}) from None
        place = row["from_place_code"].strip()
        if place and not (place.isdigit() and 6 <= len(place) <= 12):
            raise RowError(_("来源地编码应为6至12位数字：%(value)s") % {"value": place})
        return {"enterprise_id": enterprise[0], "region_code": enterprise[1], "id_number": id_number, "name": name,
                "phone": phone, "non_local": _bool(row["non_local"], "外地员工"), "returned_at": returned_at,
                "from_place_code": place}

    def save(self, rows):
        from wangge.people.models import Resident

        residents = dict(Resident.objects.filter(id_number__in={r["id_number"] for r in rows})
                         .values_list("id_number", "pk"))
        existing = {(e.enterprise_id, e.id_number): e for e in Employee.objects.filter(
            enterprise_id__in={r["enterprise_id"] for r in rows}, id_number__in={r["id_number"] for r in rows})}
        new, changed, seen = [], [], set()
        now = timezone.now()
        for row in rows:
            row = {**row, "resident_id": residents.get(row["id_number"])}
            key = (row["enterprise_id"], row["id_number"])
            if key in seen:
                raise RowError(_("文件中重复的员工：%(name)s") % {"name": row["name"]})
            seen.add(key)
            employee = existing.get(key)
            if employee is None:
                new.append(Employee(**row))
                continue
            if any(getattr(employee, f) != row[f] for f in EMPLOYEE_FIELDS):
                for f in EMPLOYEE_FIELDS:
                    setattr(employee, f, row[f])
                employee.updated = now
                changed.append(employee)
        if new:
            Employee.objects.bulk_create(new)
        if changed:
            Employee.objects.bulk_update(changed, [*EMPLOYEE_FIELDS, "updated"])
        return len(new), len(changed)
