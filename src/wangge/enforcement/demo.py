"""Demo data of joint punishment: a handful of violation cases in the demo town, each walked through the actions
up to a different phase, one of them like Haimen's first joint punishment (domain.md §12: found early in the year,
persuaded several times, applied for in June, assisted demolition in 3 hours on 5 August 2021, the application to
lift filed). Deterministic from `seed`; idempotent (a case already there, by region and place, is left alone)."""

from __future__ import annotations

import datetime
import random

from wangge.core import clock

# (member department code of hotline/catalogue.py, the measure it applies)
MEMBERS = [
    ("ZJJ", "暂停办理房屋交易网签备案、不动产登记"),
    ("SJJ", "暂停办理工商登记变更"),
    ("RSJ", "限制申请政府补贴、补助和评优评先"),
]
HAIMEN_DAY = datetime.date(2021, 8, 5)


def _at(day):
    return clock.frozen(clock.at(day, 10))


def seed(town, admin, seed: int) -> str:
    from wangge.hotline.catalogue import ensure_catalogue
    from wangge.hotline.models import Department
    from wangge.people.models import Resident

    from . import actions
    from .models import ViolationCase

    rng = random.Random(seed)
    if not Department.objects.filter(code__in=[c for c, _m in MEMBERS]).exists():
        ensure_catalogue()
    members = [(Department.objects.get(code=c), m) for c, m in MEMBERS if Department.objects.filter(code=c).exists()]
    residents = list(Resident.objects.filter(region_code__startswith=town.code).order_by("id")[:400])
    if not residents or not members:
        return "联合惩戒：演示镇没有居民或成员单位，未添加案件。"
    today = clock.today()
    # The Haimen case's own dates if the demo lives after them, else the same story shifted back.
    shift = max((HAIMEN_DAY - today).days + 1, 0)
    anchor = HAIMEN_DAY - datetime.timedelta(days=shift)

    def day(offset: int) -> datetime.date:
        return min(anchor + datetime.timedelta(days=offset), today)

    rng.shuffle(residents)
    added = 0
    plans = [
        ("楼顶违建（屋顶加层）", "haimen", -216),
        ("院内违建彩钢棚", "found", -3),
        ("沿河违建仓库", "persuasion", -40),
        ("宅基地外扩建", "applied", -60),
        ("临街违建门面", "punished", -95),
        ("屋后违建猪圈", "closed", -50),
        ("违建车库", "lifted", -200),
    ]
    for n, (place, plan, start) in enumerate(plans):
        resident = residents[n % len(residents)]
        if ViolationCase.objects.filter(region_code__startswith=town.code, place=place).exists():
            continue
        found_on = day(start)
        with _at(found_on):
            case = actions.do_create_case(
                admin, kind="building", place=place, address=resident.address or "", region=resident.grid,
                resident=resident, found_on=found_on, area_m2=rng.choice([18, 24.5, 36, 42, 60]),
                description="巡查发现未经审批搭建，现场拍照取证。")
        added += 1
        if plan == "found":
            continue
        visits = {"haimen": [-190, -150, -110, -75], "persuasion": [-36, -20], "applied": [-55, -40, -30],
                  "punished": [-90, -80, -70], "closed": [-45], "lifted": [-190, -170]}[plan]
        for i, offset in enumerate(visits):
            last = i == len(visits) - 1
            result = "promised" if plan == "closed" else ("refused" if last or rng.random() < 0.6 else "absent")
            with _at(day(offset)):
                actions.do_record_visit(admin, case, on=day(offset), people="镇综合行政执法局 徐某、村干部 张某",
                                        result=result, note="宣讲违建失信联合惩戒政策，劝导自行拆除。")
        if plan == "persuasion":
            continue
        if plan == "closed":
            with _at(day(-30)):
                actions.do_correct(admin, case, kind="self", on=day(-30), note="当事人自行拆除。")
            continue
        apply_on = {"haimen": -60, "applied": -5, "punished": -65, "lifted": -160}[plan]
        with _at(day(apply_on)):
            actions.do_apply(admin, case, on=day(apply_on), note="多次劝导无效，申请实施违建失信联合惩戒。")
        if plan == "applied":
            continue
        approve_on = apply_on + 5
        with _at(day(approve_on)):
            actions.do_approve(admin, case, on=day(approve_on), measures=members, note="经审核同意，纳入惩戒名单。")
        for n, measure in enumerate(case.measures.order_by("id")):
            if plan == "punished" and n == len(members) - 1:
                continue  # one department has not reported yet: overdue
            with _at(day(approve_on + 3 + n)):
                actions.do_report_measure(admin, measure, applied_on=day(approve_on + 3 + n),
                                          report=f"已落实：{measure.measure}。")
        if plan == "punished":
            continue
        corrected_on = HAIMEN_DAY - datetime.timedelta(days=shift) if plan == "haimen" else day(-120)
        with _at(corrected_on):
            actions.do_correct(admin, case, kind="assisted", on=corrected_on, hours=3 if plan == "haimen" else 5,
                               note="当事人接受帮拆，执法局组织人员机械拆除。")
            actions.do_apply_lift(admin, case, on=corrected_on,
                                  reason="本人违法建设已全部拆除，申请解除违建失信行为联合惩戒。")
        if plan == "lifted":
            with _at(day(-115)):
                actions.do_review_lift(admin, case, granted=True, on=day(-115), note="经现场核查已整改到位，同意解除。")
    return f"联合惩戒：在{town.name}添加了 {added} 件违建案件（含海门式帮拆 3 小时、已申请解除的一件）。"
