"""Demo data for the liaison register (挂钩联系): the demo town's enterprises (those present; the enterprises demo
makes them) get a linked cadre each — a few leading cadres with several enterprises — and a month of visits with
what was checked (五有), handbooks and guides handed over, problems and suggestions collected (most solved), and
a couple of 海企通 help requests through the hotline; one demo enterprise account is opened. Deterministic from
`seed`; a second call adds nothing."""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from wangge.accounts.choices import Role
from wangge.accounts.models import User
from wangge.core import clock

from .choices import MaterialKind, ProblemKind
from .models import Assignment, Material, Problem, Visit

CADRES = [("liaison_demo_1", "顾建华"), ("liaison_demo_2", "施晓燕"), ("liaison_demo_3", "黄志强")]
CHECKS = ["五有：防控指南、管理制度和责任人、防护物资储备、属地医务人员指导、隔离场所和转运安排",
          "员工健康码、行程卡查验；厂区消杀记录", "食堂错峰就餐、宿舍管理", "外地返岗员工排查台账"]
HELP = ["协调物流通行证", "对接属地卫生院指导", "讲解最新防控政策", "帮助联系防护物资供应"]
PROBLEMS = ["原料运输受阻，物流停运", "外地员工返岗难", "防护物资储备不足", "员工疫苗接种预约难"]
SUGGESTIONS = ["建议开通企业通行证绿色通道", "建议就近设置核酸采样点", "建议加强政策宣传"]
DEMO_ACCOUNT = "enterprise"  # the demo login of the enterprise role (simulate/demo.py DEMO_LOGINS)


def _cadres(town) -> list[User]:
    users = []
    for username, name in CADRES:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=None, role=Role.ENTERPRISE_LIAISON,
                                            region=town, display_name=name)
        users.append(user)
    return users


@transaction.atomic
def seed(town, admin, seed: int) -> str:
    from wangge.enterprises.models import Enterprise

    enterprises = list(Enterprise.objects.filter(region_code__startswith=town.code, active=True)
                       .order_by("id")[:60])
    if not enterprises:
        return "挂钩联系：演示镇尚无企业，未添加。"
    rng = random.Random(seed)
    cadres = _cadres(town)
    today = clock.today()
    start = today - datetime.timedelta(days=30)
    new_assignments = new_visits = new_problems = 0
    for i, enterprise in enumerate(enterprises):
        cadre = cadres[i % len(cadres)]
        if Assignment.objects.filter(enterprise=enterprise).exists():
            continue
        Assignment.objects.create(cadre=cadre, enterprise=enterprise, start_date=start)
        new_assignments += 1
        if rng.random() < 0.15:  # not visited yet
            continue
        for _n in range(rng.randint(1, 2)):
            day = start + datetime.timedelta(days=rng.randrange(30))
            visit = Visit.objects.create(enterprise=enterprise, cadre=cadre, date=day, checked=rng.choice(CHECKS),
                                         help_given=rng.choice(HELP))
            new_visits += 1
            Material.objects.create(visit=visit, kind=MaterialKind.HANDBOOK, count=rng.randint(5, 40))
            if rng.random() < 0.6:
                Material.objects.create(visit=visit, kind=MaterialKind.GUIDE, count=rng.randint(1, 10))
            for kind, texts in ((ProblemKind.PROBLEM, PROBLEMS), (ProblemKind.SUGGESTION, SUGGESTIONS)):
                if rng.random() < 0.5:
                    solved = rng.random() < 0.7
                    Problem.objects.create(visit=visit, kind=kind, text=rng.choice(texts), collected_on=day,
                                           solved=solved, solved_by=cadre if solved else None,
                                           solved_at=clock.at(min(day + datetime.timedelta(days=3), today), 16)
                                           if solved else None, solution="已协调解决" if solved else "")
                    new_problems += 1
    account_line = _help_requests(enterprises[0], rng)
    return (f"挂钩联系：{len(cadres)} 名挂钩干部、新增挂钩 {new_assignments} 家企业、走访 {new_visits} 次、"
            f"收集问题建议 {new_problems} 条；{account_line}")


def _help_requests(enterprise, rng) -> str:
    from wangge.enterprises.helpdesk import actions
    from wangge.hotline import actions as hotline
    from wangge.hotline.catalogue import ensure_catalogue
    from wangge.hotline.models import Category, Department

    account = User.objects.filter(username=DEMO_ACCOUNT).first()
    if account is None:
        account = User.objects.create_user(username=DEMO_ACCOUNT, password=None, role=Role.ENTERPRISE,
                                           enterprise=enterprise, region=enterprise.region,
                                           display_name=enterprise.contact_name or enterprise.name[:20])
    elif account.enterprise_id is None:  # the demo login made for the role: it speaks for this enterprise
        account.enterprise, account.region = enterprise, enterprise.region
        account.save(update_fields=["enterprise", "region"])
    if enterprise.help_requests.exists():
        return f"企业演示账号 {account.username}（{enterprise.name}）。"
    if not Category.objects.filter(code="EP06").exists():
        ensure_catalogue([enterprise.region])
    first = actions.do_file_request(account, subject="物流停运求助",
                                    text="物流停运，原料运不进来，成品发不出去，请帮帮我们！", category="EP06")
    actions.do_file_request(account, subject="外地员工返岗咨询", text="外地员工返岗需要做几次核酸？", category="EP01")
    department = Department.objects.filter(code="JTJ").first() or Department.objects.order_by("id").first()
    if department is not None:
        from wangge.accounts.selectors import system_actor

        system = system_actor()
        hotline.do_dispatch(system, first, department=department)
        hotline.do_sign(system, first)
        hotline.do_reply(system, first, answer="已为企业办理重点物资运输车辆通行证，按卡口规则查验通行。")
        hotline.do_accept_reply(system, first)
    return f"海企通求助 2 件；企业演示账号 {account.username}（{enterprise.name}）。"
