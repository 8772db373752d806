"""Demo data for the services register: each community of the demo town gets its menu (爱心送餐, 老年公益课堂,
书画义务培训, 全民阅读 …) and a month of orders in every state; the town gets job postings from its enterprises (or
employer names when none is registered), job seekers among its residents (about 70 % landless), trainings with a
vocational school and placements — domain.md §14's proportions, scaled down. Deterministic from `seed`; a second call
adds nothing."""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from wangge.core import clock
from wangge.people.models import Resident
from wangge.regions.choices import RegionLevel
from wangge.regions.models import Region
from wangge.volunteers.models import Team

from .choices import OrderChannel, OrderStatus
from .models import Attendance, JobPosting, JobSeeker, Order, Placement, ServiceItem, Training

MENU = [
    ("爱心送餐", "meals", "为独居、高龄老人每天送午餐上门"),
    ("老年公益课堂", "classes", "每周二、四下午，智能手机、健康养生课程"),
    ("书画义务培训", "arts", "退休教师志愿者教书法、国画，周末上午"),
    ("全民阅读", "reading", "社区书屋借阅、读书会，送书上门"),
    ("理发上门", "home", "为行动不便的老人上门理发"),
    ("健康义诊", "health", "社区医生每月一次量血压、测血糖"),
]
NOTES = ["午餐送到家", "想学用微信视频", "孙子想学书法", "借几本养生书", "老人腿脚不便，请上门", "量血压"]
COMMENTS = ["很满意，谢谢志愿者", "准时送到", "老师讲得很耐心", "服务周到", "还可以", "来得晚了一点"]
EMPLOYERS = ["海门纺织有限公司", "三星家纺城", "叠石桥物流园", "江海电子厂", "海门建筑安装公司", "绿源农业合作社"]
JOBS = [("缝纫工", 3800, 5200), ("仓库管理员", 4000, 5000), ("电子装配工", 4200, 5800), ("保洁员", 2800, 3500),
        ("物流分拣员", 4000, 5500), ("电商客服", 3500, 4800), ("保安", 3200, 4000)]
SKILLS = ["缝纫", "驾驶", "电工", "厨师", "电脑操作", "家政", "种植", ""]
TRAININGS = ["缝纫工技能培训", "电子商务直播培训", "家政服务员培训", "电工上岗培训", "保安员培训"]
SCHOOL = "海门中等专业学校"
DAYS = 30


def _team(village) -> Team:
    team = Team.objects.filter(region=village, active=True).order_by("id").first()
    if team is None:
        team, _ = Team.objects.get_or_create(region=village, name=f"{village.name}爱心志愿服务队")
    return team


def _menu(village, rng) -> list[ServiceItem]:
    team = _team(village)
    items = []
    for name, category, description in MENU[: 4 + rng.randrange(3)]:
        item, _ = ServiceItem.objects.get_or_create(region=village, name=name, defaults={
            "category": category, "description": description, "team": team})
        items.append(item)
    return items


def _orders(village, items, residents, admin, rng, today) -> int:
    members = list(items[0].team.members.filter(active=True)) if items[0].team else []
    count = 0
    for _n in range(min(24, max(6, len(residents) // 15))):
        resident, item = rng.choice(residents), rng.choice(items)
        day = today - datetime.timedelta(days=rng.randrange(DAYS))
        ordered_at = clock.at(day, rng.randrange(8, 17), rng.randrange(60))
        order = Order(item=item, resident=resident, ordered_at=ordered_at, ordered_by=admin, team=item.team,
                      channel=rng.choice(OrderChannel.values), note=rng.choice(NOTES),
                      wanted_on=day + datetime.timedelta(days=rng.randrange(3)))
        age = (today - day).days
        # Older orders have gone further: most of those over a week are done, many rated.
        roll = rng.random()
        status = (OrderStatus.ORDERED if age < 2 and roll < 0.6 else OrderStatus.TAKEN if age < 4 and roll < 0.7
                  else OrderStatus.CANCELLED if roll < 0.05 else OrderStatus.DONE if roll < 0.35 else OrderStatus.RATED)
        if status != OrderStatus.ORDERED and status != OrderStatus.CANCELLED:
            order.taken_at, order.taken_by = ordered_at + datetime.timedelta(hours=rng.randrange(1, 6)), admin
            order.volunteer = rng.choice(members) if members else None
        if status in (OrderStatus.DONE, OrderStatus.RATED):
            order.done_at, order.done_note = order.taken_at + datetime.timedelta(hours=rng.randrange(1, 30)), "已完成"
        if status == OrderStatus.RATED:
            order.rating = rng.choices([5, 4, 3, 2], weights=[60, 28, 9, 3])[0]
            order.rating_comment, order.rated_by = rng.choice(COMMENTS), admin
            order.rated_at = order.done_at + datetime.timedelta(hours=rng.randrange(2, 48))
        if status == OrderStatus.CANCELLED:
            order.cancelled_at, order.cancel_reason = ordered_at + datetime.timedelta(hours=2), "老人住院，暂不需要"
        order.status = status
        order.save()
        count += 1
    return count


def _jobs(town, villages, rng, today) -> tuple[int, int, int, int, int]:
    from wangge.enterprises.models import Enterprise

    enterprises = list(Enterprise.objects.filter(region_code__startswith=town.code, active=True).order_by("id")[:12])
    postings = []
    for i in range(max(6, len(enterprises))):
        village = villages[i % len(villages)]
        title, low, high = JOBS[i % len(JOBS)]
        enterprise = enterprises[i] if i < len(enterprises) else None
        postings.append(JobPosting.objects.create(
            region=village, enterprise=enterprise,
            employer_name=enterprise.name if enterprise else EMPLOYERS[i % len(EMPLOYERS)], title=title,
            positions=rng.randrange(3, 20), wage_min=low, wage_max=high, requirements="18–55周岁，身体健康",
            posted_on=today - datetime.timedelta(days=rng.randrange(10, 80))))
    seekers = []
    for village in villages:
        people = list(Resident.objects.filter(region_code__startswith=village.code, birth_date__isnull=False,
                                              birth_date__gt=datetime.date(today.year - 58, 1, 1),
                                              birth_date__lt=datetime.date(today.year - 18, 1, 1)).order_by("id"))
        for resident in rng.sample(people, min(len(people), 30, max(2, len(people) // 25))):
            seekers.append(JobSeeker.objects.create(
                resident=resident, landless=rng.random() < 0.7, skills=rng.choice(SKILLS),
                wanted_work=rng.choice(JOBS)[0], registered_on=today - datetime.timedelta(days=rng.randrange(60, 120))))
    trainings = [Training.objects.create(region=villages[0], title=title, organiser=SCHOOL, place="社区党群服务中心",
                                         date=today - datetime.timedelta(days=70 - 14 * i))
                 for i, title in enumerate(TRAININGS)]
    attended = 0
    for seeker in seekers:
        # About two in three come to a training, some to two (1,200 trained of 5,756 residents, scaled down).
        if rng.random() < 0.65:
            for training in rng.sample(trainings, rng.choice([1, 1, 2])):
                Attendance.objects.create(training=training, seeker=seeker)
                attended += 1
    placed = 0
    for seeker in seekers:
        if rng.random() < 0.4:
            posting = rng.choice(postings)
            Placement.objects.create(seeker=seeker, posting=posting, enterprise=posting.enterprise,
                                     employer_name=posting.employer_name, job=posting.title,
                                     placed_on=today - datetime.timedelta(days=rng.randrange(1, 55)),
                                     monthly_wage=rng.randrange(posting.wage_min, posting.wage_max, 100))
            seeker.active = False
            seeker.save()
            placed += 1
    return len(postings), len(seekers), len(trainings), attended, placed


@transaction.atomic
def seed(town, admin, seed: int) -> str:
    rng = random.Random(seed)
    today = clock.today()
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=town.code).order_by("code"))
    if not villages:
        return "点单式服务：镇下没有村（社区），未添加。"
    items = orders = 0
    for village in villages:
        menu = _menu(village, rng)
        items += len(menu)
        residents = list(Resident.objects.filter(region_code__startswith=village.code).order_by("id")[:400])
        if residents and not Order.objects.filter(community_code=village.code).exists():
            orders += _orders(village, menu, residents, admin, rng, today)
    jobs = (0, 0, 0, 0, 0)
    if not JobPosting.objects.filter(region_code__startswith=town.code).exists():
        jobs = _jobs(town, villages, rng, today)
    postings, seekers, trainings, attended, placed = jobs
    return (f"点单式服务与村企共建：{len(villages)} 个村（社区）菜单 {items} 项，近一月服务订单 {orders} 张；"
            f"招聘岗位 {postings} 个，求职者 {seekers} 人，培训 {trainings} 期（{attended} 人次），"
            f"就业安置 {placed} 人。")
