"""A realistic synthetic hotline history for the demo, the tests and the benchmarks.

Shaped on Tongzhou's 12345 centre in August 2021 (domain.md §7): ~680 epidemic-era orders a day, about two
thirds answered at once from the knowledge base, the rest dispatched to departments that sign, handle and
reply in their own typical times, with occasional returns, extensions, late replies and dissatisfied
callbacks that lead to a redo. Orders and events are bulk-inserted; one change-log batch event per table.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F

from wangge.core.context import bulk_changes
from wangge.core.models import log_bulk
from wangge.hotline import deadlines
from wangge.hotline.catalogue import ensure_catalogue, rule_department
from wangge.hotline.choices import Channel, EventKind, Satisfaction, State, Urgency
from wangge.hotline.models import Category, Department, Event, KnowledgeArticle, OrderSequence, WorkOrder
from wangge.hotline.text import index_tokens
from wangge.simulate.synth import random_name, random_phone

# category code → (share of orders, share answered directly)
MIX = {
    "EP01": (0.30, 0.90), "EP02": (0.24, 0.76), "EP03": (0.11, 0.80), "EP04": (0.19, 0.55), "EP05": (0.045, 0.05),
    "EP06": (0.06, 0.20), "EP07": (0.005, 0.0), "GN01": (0.01, 0.2), "GN02": (0.01, 0.2), "GN03": (0.008, 0.5),
    "GN04": (0.008, 0.4), "GN05": (0.005, 0.05), "GN06": (0.003, 0.05), "GN07": (0.004, 0.2), "GN08": (0.004, 0.6),
    "GN09": (0.004, 0.4), "GN10": (0.004, 0.7),
}
CHANNELS = [(Channel.PHONE, 0.78), (Channel.WECHAT, 0.1), (Channel.WEB, 0.05), (Channel.APP, 0.05),
            (Channel.OPEN311, 0.02)]
# Typical handling time in working hours (median) per department code; town governments use "T".
HANDLING_HOURS = {"CDC": 10, "WJW": 14, "ZHB": 8, "SJJ": 30, "GAJ": 12, "CGJ": 20, "ZJJ": 28, "JTJ": 16, "RSJ": 26,
                  "HBJ": 30, "JYJ": 12, "SWJ": 10, "T": 9}
SATISFACTION = [(Satisfaction.VERY_SATISFIED, 0.82), (Satisfaction.BASICALLY, 0.155), (Satisfaction.NEUTRAL, 0.01),
                (Satisfaction.DISSATISFIED, 0.01), (Satisfaction.VERY_DISSATISFIED, 0.005)]

# Per category: (template, department code or None for the catalogue rule, "T" for the town government).
# The sub-topic, not the category alone, decides who really handles an order: smart dispatch learns this.
TEMPLATES: dict[str, list[tuple[str, str | None]]] = {
    "EP01": [("请问从{city}回来需要隔离几天，要不要报备", None),
             ("想问一下现在{city}来的人能不能进{place}", "T"),
             ("{place}的防疫政策是什么，外地车辆能不能进来", None),
             ("单位要求提供什么证明才能复工，{city}回来的", "RSJ"),
             ("学校开学前需要做几次核酸，孩子从{city}回来", "JYJ"),
             ("{city}是不是中风险地区，回来后怎么管理", None)],
    "EP02": [("{place}的核酸采样点在哪里，几点开始", "T"),
             ("昨天在{place}做的核酸结果还没出来，怎么查", "CDC"),
             ("核酸检测点排队太长，{place}能不能多开几个点", "T"),
             ("做核酸收费了，{place}不是说免费吗", "SJJ"),
             ("老人行动不便，能不能上门做核酸，住在{place}", "T"),
             ("苏康码上核酸结果显示错误，需要更正", "CDC")],
    "EP03": [("{place}附近哪里可以打新冠疫苗，需要预约吗", None),
             ("第二针疫苗到时间了在哪里打", None),
             ("有高血压能不能打疫苗，{place}卫生院说不行", "WJW"),
             ("接种记录查不到，苏康码上没有显示", "CDC"),
             ("方舱接种点排队太久，{place}", "T"),
             ("企业员工集体接种怎么预约", "WJW")],
    "EP04": [("健康码变黄了，怎么转绿，我一直在{place}", "CDC"),
             ("{place}小区封闭了，上班出不去怎么办", "T"),
             ("从{city}回来被要求集中隔离，费用怎么算", "ZHB"),
             ("居家隔离期间能不能出门倒垃圾，{place}", "T"),
             ("高速口劝返了，{city}来的货车司机怎么办", "JTJ"),
             ("{place}卡口不让外地人进村", "T")],
    "EP05": [("{place}有药店卖退烧药不登记", "SJJ"),
             ("{place}有人聚集打牌不戴口罩", "GAJ"),
             ("举报{place}有从{city}回来的人没有报备", "T"),
             ("举报邻居从{city}回来不隔离，住{place}", "T"),
             ("投诉{place}有人居家隔离期间到处跑", "T"),
             ("{place}的超市哄抬蔬菜价格", "SJJ"),
             ("隔离酒店服务差，饭菜是冷的", "ZHB"),
             ("{place}的企业没有按要求停工", "T")],
    "EP06": [("居家隔离的老人没有药了，住{place}，请帮忙", "T"),
             ("隔离期间家里没菜了，{place}", "T"),
             ("孩子发烧在{place}隔离，想去医院", "WJW"),
             ("外地滞留人员在{place}没地方住", "ZHB"),
             ("透析病人在封控区，{place}，需要去医院", "WJW")],
    "EP07": [("{place}有人晕倒了，隔离中不能出门，急需救助", "WJW"),
             ("封控区孕妇要生了，{place}，急", "WJW"),
             ("{place}隔离人员情绪激动要跳楼", "GAJ")],
    "GN01": [("{place}路边占道经营，垃圾没人清", None),
             ("{place}路灯坏了一直没修", None)],
    "GN02": [("{place}小区物业不作为，电梯坏了", None),
             ("{place}房东不退押金", "T")],
    "GN03": [("公交线路停运了什么时候恢复，{place}", None),
             ("{place}出租车拒载", None)],
    "GN04": [("疫情期间公司不发工资，在{place}", None),
             ("被公司辞退了怎么申请失业金", None)],
    "GN05": [("{place}网购口罩是假货", None),
             ("{place}商店卖过期食品", None)],
    "GN06": [("{place}工厂晚上偷排废气", None),
             ("{place}河道有死鱼，怀疑有污染", None)],
    "GN07": [("{place}停水了，什么时候来水", None),
             ("{place}水压太低", None)],
    "GN08": [("秋季开学时间有没有推迟", None),
             ("{place}的学校什么时候网课", None)],
    "GN09": [("医院发热门诊在哪里，{place}", None),
             ("{place}卫生院不接诊", None)],
    "GN10": [("想问一下{place}的便民服务电话", None),
             ("12345能不能帮忙查询社保", "RSJ")],
}
CITIES = ["南京", "扬州", "张家界", "郑州", "南通", "上海", "北京", "常州", "无锡", "成都", "长沙", "武汉"]
PREFIXES = ["", "您好，", "市民来电反映：", "来电人称：", "你好，我想问一下，", "市民通过微信反映，"]
SUFFIXES = ["", "，谢谢。", "，希望尽快处理。", "，请相关部门核实。", "，急！", "。"]
REPLIES = ["已联系来电人，按政策解释到位。", "已安排工作人员现场核实处理，问题已解决。", "经核实情况属实，已责令整改。",
           "已协调相关单位，来电人表示认可。", "已上门服务，来电人需求已满足。"]


@dataclass
class Stats:
    orders: int = 0
    events: int = 0
    by_state: dict = field(default_factory=lambda: defaultdict(int))


def _pick(rng: random.Random, weighted):
    x, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if x < acc:
            return value
    return weighted[-1][0]


class _Clock:
    """Cached working-day arithmetic (the generator asks the same questions millions of times)."""

    def __init__(self):
        self.cache: dict = {}

    def deadline(self, moment: datetime.datetime, days: int) -> datetime.datetime:
        key = (deadlines.local_date(moment), days)
        if key not in self.cache:
            self.cache[key] = deadlines.end_of_day(deadlines.add_working_days(*key))
        return self.cache[key]

    def after_working_hours(self, moment: datetime.datetime, hours: float) -> datetime.datetime:
        """`hours` of working time later (8 working hours a working day, skipping holidays)."""
        result = moment
        while hours > 8:
            result = self.deadline(result, 1).replace(hour=9, minute=0, second=0)
            hours -= 8
        result = result + datetime.timedelta(hours=hours)
        while not deadlines.is_workday(deadlines.local_date(result)):
            result += datetime.timedelta(days=1)
        return result


class Generator:
    def __init__(self, seed: int = 2021, per_day: int = 680, regions=None):
        self.rng = random.Random(seed)
        self.per_day = per_day
        self.clock = _Clock()
        from wangge.regions.choices import RegionLevel
        from wangge.regions.models import Region

        if regions is None:
            regions = list(Region.objects.filter(level__in=[RegionLevel.GRID, RegionLevel.VILLAGE]).order_by("code"))
        self.regions = regions
        towns = list(Region.objects.filter(level=RegionLevel.TOWN))
        ensure_catalogue(towns)
        self.categories = {c.code: c for c in Category.objects.all()}
        self.departments = {d.code: d for d in Department.objects.all()}
        self.town_names = {t.code: t.name for t in towns}
        self.articles = defaultdict(list)
        for article in KnowledgeArticle.objects.filter(active=True):
            self.articles[article.category_id].append(article)
        self.rule_cache: dict = {}
        self.token_cache: dict[str, str] = {}
        self.callers = [random_phone(self.rng) for _ in range(2000)]

    # --- choices -----------------------------------------------------------------------------------------
    def rule(self, category, region_code):
        key = (category.pk, region_code[:9])
        if key not in self.rule_cache:
            self.rule_cache[key] = rule_department(category, region_code)
        return self.rule_cache[key]

    def department_for(self, code: str | None, category, region_code: str):
        if code == "T":
            town = self.departments.get(f"T{region_code[:9]}")
            return town or self.rule(category, region_code)
        if code:
            return self.departments.get(code) or self.rule(category, region_code)
        return self.rule(category, region_code)

    def text(self, category_code: str, region) -> tuple[str, str, str | None]:
        """(content, its tokens, the department the sub-topic really belongs to)."""
        template, dept = self.rng.choice(TEMPLATES[category_code])
        place = region.name if region is not None and self.rng.random() < 0.8 else self.rng.choice(
            ["我们小区", "我家附近", "村里", "镇上"])
        body = template.format(place=place, city=self.rng.choice(CITIES))
        prefix, suffix = self.rng.choice(PREFIXES), self.rng.choice(SUFFIXES)
        words = " ".join(filter(None, (self._tokens(prefix), self._tokens(body), self._tokens(suffix))))
        return prefix + body + suffix, words, dept

    def _tokens(self, text: str) -> str:
        # jieba costs ~1 ms an order; the texts are made of a few thousand distinct pieces, so memoise them.
        if text not in self.token_cache:
            self.token_cache[text] = index_tokens(text)
        return self.token_cache[text]

    # --- one order's life ----------------------------------------------------------------------------------
    def life(self, received: datetime.datetime, horizon: datetime.datetime):
        rng = self.rng
        code = _pick(rng, [(c, w) for c, (w, _) in MIX.items()])
        region = rng.choice(self.regions) if self.regions else None
        region_code = region.code if region is not None else ""
        content, words, dept_code = self.text(code, region)
        if rng.random() < 0.05:  # operators file some orders under a neighbouring category
            code = rng.choice(["EP01", "EP04", "EP06", "GN10"])
        category = self.categories[code]
        urgent = category.urgent or rng.random() < 0.01
        due = self.clock.deadline(received, 0 if urgent else category.time_limit_days)
        phone = rng.choice(self.callers) if rng.random() < 0.05 else random_phone(rng)
        order = WorkOrder(
            channel=_pick(rng, CHANNELS), caller_name=random_name(rng), caller_phone=phone, content=content,
            tokens=words, region=region, region_code=region_code, category=category,
            urgency=Urgency.URGENT if urgent else Urgency.NORMAL, state=State.RECEIVED, received_at=received,
            deadline=due, due_at=due)
        events = [(received, EventKind.INTAKE, "", State.RECEIVED, None, {})]
        articles = self.articles.get(category.pk)
        if rng.random() < MIX[code][1] and articles:
            article = rng.choice(articles)
            when = received + datetime.timedelta(minutes=rng.randint(2, 8))
            order.answer, order.knowledge_article = article.answer, article
            events.append((when, EventKind.ANSWER, State.RECEIVED, State.ANSWERED, None, {"on_time": True}))
            return order, self._apply(order, events, horizon)
        final = self.department_for(dept_code, category, region_code)
        if rng.random() < 0.08:  # routing is not always clear-cut: some orders end up elsewhere
            final = rng.choice(list(self.departments.values()))
        state = State.RECEIVED
        t = received + datetime.timedelta(minutes=rng.randint(5, 90))
        if rng.random() < 0.03:  # first sent to the catalogue's department (or a plausible wrong one), returned
            wrong = self.rule(category, region_code)
            if wrong is None or wrong.pk == final.pk:
                wrong = rng.choice([d for d in self.departments.values() if d.pk != final.pk])
            events.append((t, EventKind.DISPATCH, state, State.DISPATCHED, wrong, {}))
            t = self.clock.after_working_hours(t, rng.uniform(1, 10))
            events.append((t, EventKind.RETURN, State.DISPATCHED, State.PENDING_DISPATCH, wrong,
                           {"note": "不属于本单位职责"}))
            state = State.PENDING_DISPATCH
            t += datetime.timedelta(minutes=rng.randint(10, 120))
        events.append((t, EventKind.DISPATCH, state, State.DISPATCHED, final, {}))
        sign_due = deadlines.sign_deadline(t, urgent) if urgent else self.clock.deadline(t, 1)
        if urgent:
            t += datetime.timedelta(hours=rng.uniform(0.1, 0.8))
        else:
            late = rng.random() < 0.04
            t = self.clock.after_working_hours(t, rng.uniform(9, 20) if late else rng.expovariate(1 / 2.5))
        events.append((t, EventKind.SIGN, State.DISPATCHED, State.IN_PROGRESS, final, {"on_time": t <= sign_due}))
        median = HANDLING_HOURS.get("T" if final.code.startswith("T") else final.code, 12)
        hours = 0.5 if urgent else rng.lognormvariate(0, 0.6) * median
        replied = self.clock.after_working_hours(t, hours)
        if not urgent and replied > due and rng.random() < 0.7:  # most slow orders ask for an extension
            ask = t + (min(due, replied) - t) / 2
            new_due = self.clock.deadline(due, rng.randint(3, 5))
            events.append((ask, EventKind.REQUEST_EXTENSION, State.IN_PROGRESS, State.IN_PROGRESS, final, {}))
            events.append((ask + datetime.timedelta(hours=2), EventKind.APPROVE_EXTENSION, State.IN_PROGRESS,
                           State.IN_PROGRESS, final, {"extended": new_due}))
            due = new_due
            replied = min(replied, due - datetime.timedelta(hours=rng.uniform(1, 20)))
        elif replied > due and rng.random() < 0.5:
            replied = due - datetime.timedelta(hours=rng.uniform(1, 6))
        replied = max(replied, t + datetime.timedelta(minutes=20))
        if replied > horizon and due < horizon and rng.random() < 0.4:
            events.append((due - datetime.timedelta(hours=3), EventKind.URGE, State.IN_PROGRESS, State.IN_PROGRESS,
                           final, {}))
        for round_ in range(2):
            events.append((replied, EventKind.REPLY, State.IN_PROGRESS, State.REPLIED, final,
                           {"on_time": replied <= due, "answer": rng.choice(REPLIES)}))
            accepted = replied + datetime.timedelta(minutes=rng.randint(10, 240))
            events.append((accepted, EventKind.ACCEPT_REPLY, State.REPLIED, State.PENDING_CALLBACK, final, {}))
            call = self.clock.deadline(replied, 1).replace(hour=10) + datetime.timedelta(minutes=rng.randint(0, 400))
            if rng.random() < 0.03:
                events.append((call, EventKind.CALLBACK, State.PENDING_CALLBACK, State.PENDING_CALLBACK, final,
                               {"satisfaction": Satisfaction.UNREACHED}))
                call += datetime.timedelta(hours=4)
            level = _pick(rng, SATISFACTION) if round_ == 0 else Satisfaction.BASICALLY
            events.append((call, EventKind.CALLBACK, State.PENDING_CALLBACK, State.PENDING_CALLBACK, final,
                           {"satisfaction": level}))
            if level in (Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED) and rng.random() < 0.6:
                redo_at = call + datetime.timedelta(minutes=30)
                due = self.clock.deadline(redo_at, category.time_limit_days)
                events.append((redo_at, EventKind.REDO, State.PENDING_CALLBACK, State.IN_PROGRESS, final,
                               {"due": due, "note": "来电人反映问题未解决"}))
                replied = self.clock.after_working_hours(redo_at, rng.uniform(2, 16))
                continue
            events.append((call + datetime.timedelta(minutes=5), EventKind.CLOSE, State.PENDING_CALLBACK,
                           State.CLOSED, final, {}))
            break
        return order, self._apply(order, events, horizon)

    def _apply(self, order: WorkOrder, events, horizon):
        """Set the order's fields to its state at `horizon`, returning the events that happened by then."""
        kept = []
        for when, kind, from_state, to_state, dept, extra in sorted(events, key=lambda e: e[0]):
            if when > horizon:
                break
            kept.append((when, kind, from_state, to_state, dept, extra))
            order.state = to_state
            if kind == EventKind.ANSWER:
                order.finished_at = order.closed_at = when
            elif kind == EventKind.DISPATCH:
                order.department, order.dispatched_at = dept, when
                order.sign_due_at = deadlines.sign_deadline(when, order.urgency == Urgency.URGENT)
                order.signed_at = None
            elif kind == EventKind.RETURN:
                order.department = order.dispatched_at = order.sign_due_at = None
                order.return_count += 1
            elif kind == EventKind.SIGN:
                order.signed_at = when
            elif kind == EventKind.APPROVE_EXTENSION:
                order.extended_deadline = order.due_at = extra["extended"]
            elif kind == EventKind.URGE:
                order.urged = True
            elif kind == EventKind.REPLY:
                order.replied_at = order.finished_at = when
                order.answer = extra["answer"]
            elif kind == EventKind.CALLBACK:
                order.satisfaction = extra["satisfaction"]
            elif kind == EventKind.REDO:
                order.redo_count += 1
                order.replied_at = order.finished_at = None
                order.satisfaction = ""
                order.due_at = extra["due"]
            elif kind == EventKind.CLOSE:
                order.closed_at = when
        return kept

    # --- the run ---------------------------------------------------------------------------------------------
    def received_times(self, day: datetime.date, count: int) -> list[datetime.datetime]:
        rng = self.rng
        hours = [(h, w) for h, w in zip(range(24), [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 13, 11, 9, 10, 11, 11, 10, 9, 8,
                                                     7, 6, 4, 3, 2], strict=True)]
        total = sum(w for _, w in hours)
        weights = [(h, w / total) for h, w in hours]
        return sorted(datetime.datetime.combine(day, datetime.time(_pick(rng, weights), rng.randrange(60),
                                                                     rng.randrange(60)), tzinfo=deadlines.TZ)
                      for _ in range(count))

    def run(self, start: datetime.date, days: int, horizon: datetime.datetime | None = None,
            batch: int = 5000, progress=None) -> Stats:
        horizon = horizon or datetime.datetime.combine(start + datetime.timedelta(days=days), datetime.time(),
                                                       tzinfo=deadlines.TZ)
        stats = Stats()
        pending: list = []
        for offset in range(days):
            day = start + datetime.timedelta(days=offset)
            count = max(1, int(self.rng.gauss(self.per_day, self.per_day * 0.12)))
            first = _reserve_numbers(day, count)
            for i, received in enumerate(self.received_times(day, count)):
                order, events = self.life(received, horizon)
                order.number = f"12345-{day:%Y%m%d}-{first + i:06d}"
                pending.append((order, events))
                if len(pending) >= batch:
                    self._flush(pending, stats)
                    pending = []
            if progress:
                progress(offset + 1, days)
        self._flush(pending, stats)
        log_bulk(WorkOrder, stats.orders, f"generate_hotline: {days} days from {start}")
        log_bulk(Event, stats.events, f"generate_hotline: events of {stats.orders} orders")
        return stats

    def _flush(self, pending, stats: Stats) -> None:
        if not pending:
            return
        with transaction.atomic(), bulk_changes():
            if connection.vendor == "postgresql":
                orders = _copy_orders([order for order, _ in pending])
            else:
                orders = WorkOrder.objects.bulk_create([order for order, _ in pending])
            rows = []
            for order, events in zip(orders, pending, strict=True):
                stats.by_state[order.state] += 1
                for when, kind, from_state, to_state, dept, extra in events[1]:
                    rows.append(Event(order_id=order.pk, kind=kind, time=when, actor_name="generator",
                                      from_state=from_state, to_state=to_state, department=dept,
                                      category_id=order.category_id,
                                      satisfaction=extra.get("satisfaction", ""), on_time=extra.get("on_time"),
                                      note=extra.get("note", "")))
            if connection.vendor == "postgresql":
                _copy(Event, rows, with_id=False)
            else:
                Event.objects.bulk_create(rows, batch_size=5000)
        stats.orders += len(orders)
        stats.events += len(rows)


def _copy(model, objects, with_id: bool) -> None:
    """PostgreSQL COPY of model instances (10× faster than bulk_create for a million-order history)."""
    from django.utils import timezone

    now = timezone.now()  # the rows' record-keeping stamps (created/updated): real time, as every save writes
    fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    auto_now = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([now if f.attname in auto_now else getattr(obj, f.attname) for f in fields])


def _copy_orders(orders: list) -> list:
    """Reserve ids from the sequence, then COPY the orders with them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [WorkOrder._meta.db_table, len(orders)])
        for order, (pk,) in zip(orders, cursor.fetchall(), strict=True):
            order.pk = pk
    _copy(WorkOrder, orders, with_id=True)
    return orders


def _reserve_numbers(day: datetime.date, count: int) -> int:
    """Reserve `count` consecutive order numbers for `day`; returns the first."""
    with transaction.atomic():
        OrderSequence.objects.get_or_create(day=day)
        OrderSequence.objects.filter(day=day).update(last=F("last") + count)
        return OrderSequence.objects.get(day=day).last - count + 1


def generate(days: int, start: datetime.date | None = None, seed: int = 2021, per_day: int = 680,
             regions=None, horizon: datetime.datetime | None = None, progress=None) -> Stats:
    start = start or datetime.date(2021, 8, 1)
    return Generator(seed=seed, per_day=per_day, regions=regions).run(start, days, horizon, progress=progress)
