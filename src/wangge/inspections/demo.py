"""Demo data of the inspections: in the demo town, a 五有 campaign "every enterprise twice" over its industrial
enterprises, first inspections with findings (some fixed, some overdue), re-inspections of part of them, and a
closure notice to the chess rooms (棋牌室) from 1 August 2021 with most deliveries signed for and a venue found open.
Deterministic from `seed`; idempotent (the campaign and the notice are found by name; a town that has them is left
alone). Uses the enterprises the enterprises app registered; adds a few chess rooms if the town has none."""

from __future__ import annotations

import datetime
import random

from wangge.core import clock

CAMPAIGN = "开发区企业“全覆盖两轮”五有检查"
NOTICE = "关于暂停棋牌室营业的告知书"
NOTICE_TEXT = ("根据疫情防控工作要求，自2021年8月1日起，辖区内棋牌室、麻将馆一律暂停营业，恢复营业时间另行通知。"
               "请各经营者自觉遵守，关闭经营场所，不得组织人员聚集。违反规定的，将依法依规处理。")
OWNERS = ["王", "李", "张", "刘", "陈", "杨", "黄", "周"]


def seed(town, admin, seed: int) -> str:
    from wangge.enterprises.models import Enterprise
    from wangge.regions.models import Region

    from . import actions
    from .models import Campaign, Checklist, Notice

    if Campaign.objects.filter(name=CAMPAIGN, region=town).exists():
        return "企业检查：演示镇已有检查数据，未重复添加。"
    rng = random.Random(seed)
    today = clock.today()
    start = today - datetime.timedelta(days=30)
    wuyou = Checklist.objects.filter(code="wuyou", active=True).order_by("-version").first()
    villages = list(Region.objects.filter(parent=town).order_by("code")[:6])
    if wuyou is None or not villages:
        return "企业检查：演示镇没有村或五有清单，未添加。"
    firms = list(Enterprise.objects.filter(region_code__startswith=town.code, active=True)
                 .exclude(kind="venue").order_by("id")[:40])
    venues = list(Enterprise.objects.filter(region_code__startswith=town.code, kind="venue", active=True)[:20])
    if not venues:
        for i, village in enumerate(villages[:4]):
            venues.append(Enterprise.objects.get_or_create(
                region=village, name=f"{village.name}{OWNERS[i]}记棋牌室",
                defaults={"kind": "venue", "contact_name": f"{OWNERS[i]}老板"})[0])

    campaign = Campaign.objects.create(name=CAMPAIGN, region=town, kinds=["industrial", "construction"],
                                       starts_on=start, ends_on=today + datetime.timedelta(days=30), rounds=2,
                                       checklist=wuyou)
    inspections = findings = re_count = 0
    for n, firm in enumerate(firms):
        rounds = rng.choice((0, 1, 2, 2))
        for r in range(rounds):
            day = start + datetime.timedelta(days=rng.randint(0, 12) + 14 * r)
            fails = tuple(p for p in range(1, 6) if rng.random() < 0.18)
            deadline = day + datetime.timedelta(days=rng.choice((3, 5, 7)))
            with clock.frozen(clock.at(min(day, today), 10)):
                answers = [actions.ItemAnswer(i.pk, "fail" if i.position in fails else "pass",
                                              note=f"{i.text}不到位" if i.position in fails else "",
                                              deadline=deadline if i.position in fails else None,
                                              responsible=firm.contact_name or "企业防控负责人")
                           for i in wuyou.items.all()]
                first = actions.do_inspect(admin, firm, checklist=wuyou, answers=answers, campaign=campaign)
            inspections += 1
            findings += len(fails)
            if fails and n % 2 == 0 and deadline < today:
                with clock.frozen(clock.at(min(deadline, today), 15)):
                    open_ = actions.open_findings(first)
                    answers = [actions.ItemAnswer(item_id, "pass" if rng.random() < 0.8 else "fail",
                                                  deadline=min(deadline, today) + datetime.timedelta(days=3))
                               for item_id in open_]
                    actions.do_reinspect(admin, first, answers=answers)
                re_count += 1

    notice_day = datetime.date(2021, 8, 1) if today >= datetime.date(2021, 8, 1) else today
    notice = Notice.objects.filter(title=NOTICE, region=town).first() or actions.do_save_notice(
        admin, None, title=NOTICE, text=NOTICE_TEXT, issuer=f"{town.name}疫情防控指挥部", region=town,
        scope="kind_area", venue_kind="venue", effective_from=notice_day)
    closure = actions.closure_checklist()
    delivered = found_open = 0
    for i, delivery in enumerate(notice.deliveries.select_related("enterprise").order_by("id")):
        if i % 5 == 4:
            continue  # still to deliver
        with clock.frozen(clock.at(notice_day, 9 + i % 8)):
            actions.do_deliver(admin, delivery, signer_name=delivery.enterprise.contact_name or "经营者")
        delivered += 1
        is_open = i % 7 == 3
        with clock.frozen(clock.at(min(notice_day + datetime.timedelta(days=2), today), 20)):
            answers = [actions.ItemAnswer(item.pk, "fail" if is_open and item.code == "closed" else "pass",
                                          note="夜间仍有人员打牌" if is_open and item.code == "closed" else "",
                                          deadline=min(notice_day + datetime.timedelta(days=2), today),
                                          responsible=delivery.enterprise.contact_name or "经营者")
                       for item in closure.items.all()]
            actions.do_inspect(admin, delivery.enterprise, checklist=closure, answers=answers, notice=notice)
        found_open += is_open
    actions.escalate_overdue(today)
    return (f"企业检查：五有检查 {inspections} 次（复查 {re_count} 次），发现问题 {findings} 个；"
            f"棋牌室停业告知书送达 {delivered} 家，检查发现营业 {found_open} 家。")
