"""projects.csv → practical projects (formats.md): upsert by (region_code, quarter, title) inside the importing
user's jurisdiction; status and progress optional on update. Row reasons in Chinese, like the other imports."""

from __future__ import annotations

import datetime

from django.utils import timezone

from wangge.core.errors import ActionError
from wangge.core.imports import Column, Importer, RowError

from .actions import PROJECT_LEVELS, check_budget, check_progress
from .choices import STATUS_ALIASES, Status, parse_quarter
from .models import Project

FIELDS = ("category", "description", "responsible", "planned_finish", "budget", "status", "progress", "done_on")


class ProjectImporter(Importer):
    model = Project
    key = "key"
    columns = [
        Column("region_code", ("村（社区）编码", "区域编码"), required=True),
        Column("quarter", ("季度",), required=True),
        Column("title", ("项目名称",), required=True),
        Column("category", ("类别",)),
        Column("description", ("内容",)),
        Column("responsible", ("责任人",)),
        Column("planned_finish", ("计划完成",)),
        Column("budget", ("预算（万元）", "预算")),
        Column("status", ("状态",)),
        Column("progress", ("进度%", "进度")),
    ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def prepare(self):
        from wangge.regions.models import Region

        self.regions = {code: (pk, level) for code, pk, level in
                        Region.objects.restrict(self.user).values_list("code", "pk", "level")}

    def clean(self, row, rownum):
        code = row["region_code"]
        region = self.regions.get(code)
        if region is None:
            raise RowError(f"区域编码不存在或不在管辖范围内：{code or '（空）'}")
        if region[1] not in PROJECT_LEVELS:
            raise RowError(f"项目属于村（社区）或镇（街道），不属于网格或区：{code}")
        quarter = parse_quarter(row["quarter"])
        if quarter is None:
            raise RowError(f"季度无效：{row['quarter'] or '（空）'}（应为 2021Q3 或 2021年第三季度）")
        title = row["title"]
        if not title:
            raise RowError("项目名称为空")
        if len(title) > 120:
            raise RowError("项目名称过长（最多 120 个字）")
        cleaned = {"key": f"{code}|{quarter}|{title}", "region_id": region[0], "region_code": code,
                   "quarter": quarter, "title": title}
        for name, limit in (("category", 40), ("responsible", 50)):
            if row[name]:
                cleaned[name] = row[name][:limit]
        if row["description"]:
            cleaned["description"] = row["description"]
        if row["planned_finish"]:
            try:
                cleaned["planned_finish"] = datetime.date.fromisoformat(row["planned_finish"].replace("/", "-"))
            except ValueError:
                raise RowError(f"计划完成日期无效：{row['planned_finish']}（应为 2021-09-30）") from None
        if row["budget"]:
            try:
                cleaned["budget"] = check_budget(row["budget"])
            except ActionError:
                raise RowError(f"预算无效：{row['budget']}（万元，非负数）") from None
        if row["status"]:
            status = STATUS_ALIASES.get(row["status"].strip().lower())
            if status is None:
                raise RowError(f"状态无效：{row['status']}（应为 planned/in_progress/done/dropped 或 "
                               "未开工/推进中/已办结/已撤销）")
            cleaned["status"] = status.value
        if row["progress"]:
            try:
                cleaned["progress"] = check_progress(row["progress"])
            except ActionError:
                raise RowError(f"进度无效：{row['progress']}（应为 0–100 的整数）") from None
        if cleaned.get("status") == Status.DONE:
            cleaned["progress"] = 100
        elif cleaned.get("status") == Status.PLANNED and cleaned.get("progress"):
            cleaned["status"] = Status.IN_PROGRESS.value
        return cleaned

    def save(self, rows):
        from wangge.core import clock

        keys = {r["key"] for r in rows}
        existing = {f"{p.region_code}|{p.quarter}|{p.title}": p for p in Project.objects.filter(
            region_code__in={r["region_code"] for r in rows}, quarter__in={r["quarter"] for r in rows},
            title__in={r["title"] for r in rows})}
        existing = {k: v for k, v in existing.items() if k in keys}
        new, changed = [], []
        now, today = timezone.now(), clock.today()
        for row in rows:
            row = dict(row)
            row.pop("key")
            project = existing.get(f"{row['region_code']}|{row['quarter']}|{row['title']}")
            if project is None:
                project = Project(**row)
                if project.status == Status.DONE:
                    project.done_on = today
                new.append(project)
                continue
            before = [getattr(project, name) for name in FIELDS]
            previous = project.status
            for name in FIELDS:
                if name in row:
                    setattr(project, name, row[name])
            if "progress" in row and "status" not in row and project.status == Status.PLANNED and project.progress:
                project.status = Status.IN_PROGRESS
            if project.status == Status.DONE and previous != Status.DONE:
                project.done_on, project.progress = today, 100
            elif project.status != Status.DONE:
                project.done_on = None
            if before != [getattr(project, name) for name in FIELDS]:
                project.updated = now
                changed.append(project)
        if new:
            Project.objects.bulk_create(new)
        if changed:
            Project.objects.bulk_update(changed, [*FIELDS, "updated"])
        return len(new), len(changed)
