"""Demo data for the practical projects: each village/community of the demo town lists four to six projects for
the current quarter (and the previous one, done), most published, with progress, milestones and evaluations by
its residents (online codes and paper forms). Deterministic from `seed`; a second call adds nothing."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from wangge.core import clock
from wangge.people.models import Resident
from wangge.regions.choices import RegionLevel
from wangge.regions.models import Region

from .choices import Channel, Rating, Status, quarter_bounds, quarter_of
from .models import Evaluation, EvaluationCode, Milestone, Project

IDEAS = [
    ("老旧小区加装电梯", "老旧小区", "为 3 栋六层住宅加装电梯，方便老人上下楼"),
    ("村级养老服务站改造", "养老", "改造活动室、助餐点，增设适老化扶手"),
    ("农村道路修缮", "交通", "修补村道坑洼 1.2 公里，增设路灯"),
    ("留守儿童暑期课堂", "教育", "大学生志愿者暑期辅导作业、安全教育"),
    ("生活污水管网接入", "环境", "沿河 40 户生活污水接入管网"),
    ("健身广场建设", "文体", "建设健身广场，配置健身器材 12 件"),
    ("便民服务代办点", "便民", "社保、医保、户籍业务就近代办"),
    ("河道清淤整治", "环境", "村内河道清淤 800 米，护坡绿化"),
    ("农贸市场改造", "民生", "改造雨棚、地面和排水，规范摊位"),
    ("独居老人智能手环", "养老", "为 60 户独居老人配发一键呼叫手环"),
]
STEPS = ["完成入户调查，确定实施方案", "召开村民代表会议，方案公示", "施工单位进场", "主体工程完工",
         "组织验收，群众代表参与"]
COMMENTS = ["办到了心坎上", "希望尽快完工", "施工期间噪音有点大", "很满意", "", "", "还可以再改进"]


def _code(rng) -> str:
    from .actions import CODE_ALPHABET, CODE_LENGTH

    while True:
        code = "".join(rng.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not EvaluationCode.objects.filter(code=code).exists():
            return code


def _previous_quarter(quarter: str) -> str:
    year, number = int(quarter[:4]), int(quarter[-1])
    return f"{year - 1}Q4" if number == 1 else f"{year}Q{number - 1}"


@transaction.atomic
def seed(town, admin, seed: int) -> str:
    rng = random.Random(seed)
    today = clock.today()
    current = quarter_of(today)
    quarters = [_previous_quarter(current), current]
    villages = list(Region.objects.filter(parent=town, level=RegionLevel.VILLAGE).order_by("code"))
    added = {"projects": 0, "evaluations": 0}
    for village in villages:
        residents = list(Resident.objects.filter(region_code__startswith=village.code).order_by("pk")[:60])
        ideas = rng.sample(IDEAS, k=min(len(IDEAS), rng.randint(4, 6)))
        for index, (title, category, description) in enumerate(ideas):
            quarter = quarters[0] if index < 2 else current
            start, end = quarter_bounds(quarter)
            past = quarter != current
            project, created = Project.objects.get_or_create(
                region=village, quarter=quarter, title=title,
                defaults={"category": category, "description": description,
                          "responsible": f"{village.name}村委会", "budget": Decimal(rng.randint(5, 120)),
                          "planned_finish": end})
            if not created:
                continue
            added["projects"] += 1
            if past:
                project.status, project.progress, project.done_on = Status.DONE, 100, end
            else:
                project.progress = rng.choice([0, 20, 40, 60, 80, 100])
                project.status = (Status.DONE if project.progress == 100 else
                                  Status.IN_PROGRESS if project.progress else Status.PLANNED)
                project.done_on = today if project.status == Status.DONE else None
            project.published = rng.random() < 0.85
            project.published_on = start + datetime.timedelta(days=5) if project.published else None
            project.save()
            steps = len(STEPS) if project.status == Status.DONE else 1 + project.progress // 25
            for step in range(min(steps, len(STEPS))):
                day = min(start + datetime.timedelta(days=8 + step * 15), today)
                Milestone.objects.create(project=project, date=day, text=STEPS[step], recorded_by=admin)
            if not project.published or not residents:
                continue
            for resident in rng.sample(residents, k=min(len(residents), rng.randint(3, 12))):
                rating = rng.choices(list(Rating), weights=[7, 2, 1])[0]
                online = rng.random() < 0.5
                code = None
                moment = clock.at(min(start + datetime.timedelta(days=rng.randint(10, 80)), today), 19)
                if online:
                    code = EvaluationCode.objects.create(
                        project=project, code=_code(rng),
                        resident=resident, region_code=resident.region_code, issued_by=admin, issued_at=moment,
                        used_at=moment)
                Evaluation.objects.create(project=project, resident=resident, code=code,
                                          region_code=resident.region_code, rating=rating,
                                          comment=rng.choice(COMMENTS),
                                          channel=Channel.ONLINE if online else Channel.PAPER,
                                          entered_by=None if online else admin, created_at=moment)
                added["evaluations"] += 1
    return (f"实事项目：{len(villages)} 个村（社区）新增 {added['projects']} 个项目（{quarters[0]}、{current}），"
            f"群众评价 {added['evaluations']} 条")
