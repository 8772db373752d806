"""The catalogue: the standard categories, departments, dispatch rules and knowledge base, rule lookup and
knowledge search."""

from __future__ import annotations

from django.db import transaction

from .models import Category, Department, DispatchRule, KnowledgeArticle
from .text import TfidfIndex, tokens

# (code, name, parent code, working days, urgent, epidemic)
CATEGORIES = [
    ("EP", "疫情防控", None, 3, False, True),
    ("EP01", "防疫政策咨询", "EP", 3, False, True),
    ("EP02", "核酸检测", "EP", 3, False, True),
    ("EP03", "疫苗接种", "EP", 3, False, True),
    ("EP04", "出行/隔离", "EP", 3, False, True),
    ("EP05", "投诉举报", "EP", 13, False, True),
    ("EP06", "求助", "EP", 3, False, True),
    ("EP07", "紧急求助", "EP", 0, True, True),
    ("GN", "民生诉求", None, 5, False, False),
    ("GN01", "城市管理", "GN", 5, False, False),
    ("GN02", "住房物业", "GN", 5, False, False),
    ("GN03", "交通出行", "GN", 5, False, False),
    ("GN04", "劳动社保", "GN", 5, False, False),
    ("GN05", "消费投诉", "GN", 13, False, False),
    ("GN06", "环境污染举报", "GN", 13, False, False),
    ("GN07", "水电气暖", "GN", 5, False, False),
    ("GN08", "教育咨询", "GN", 3, False, False),
    ("GN09", "医疗卫生", "GN", 5, False, False),
    ("GN10", "其他咨询", "GN", 3, False, False),
]

DEPARTMENTS = [
    ("WJW", "区卫生健康委员会"),
    ("CDC", "区疾病预防控制中心"),
    ("JTJ", "区交通运输局"),
    ("SJJ", "区市场监督管理局"),
    ("ZJJ", "区住房和城乡建设局"),
    ("RSJ", "区人力资源和社会保障局"),
    ("CGJ", "区城市管理局"),
    ("HBJ", "区生态环境局"),
    ("JYJ", "区教育局"),
    ("GAJ", "区公安分局"),
    ("SWJ", "区水务局"),
    ("ZHB", "区疫情防控指挥部办公室"),
]

# category code → default department code (the district-wide rule)
DEFAULT_RULES = {
    "EP01": "ZHB", "EP02": "CDC", "EP03": "WJW", "EP04": "ZHB", "EP05": "SJJ", "EP06": "ZHB", "EP07": "WJW",
    "GN01": "CGJ", "GN02": "ZJJ", "GN03": "JTJ", "GN04": "RSJ", "GN05": "SJJ", "GN06": "HBJ", "GN07": "SWJ",
    "GN08": "JYJ", "GN09": "WJW", "GN10": "ZHB",
}
# Categories a town government handles for places in its town.
TOWN_CATEGORIES = ("EP04", "EP06", "GN01")

KNOWLEDGE = [
    ("EP01", "从中高风险地区返回需要做什么？",
     "从中高风险地区所在县（市、区）返回的人员，须提前向所在村（社区）报备，抵"
     "达后按要求实行集中隔离或居家隔离，并按规定时间进行核酸检测。具体以区疫情"
     "防控指挥部最新通告为准。"),
    ("EP01", "低风险地区来的人需要隔离吗？",
     "低风险地区来（返）人员持48小时内核酸检测阴性证明、健康码绿码即可正常通"
     "行，无需隔离，但需做好个人防护并主动向社区报备。"),
    ("EP02", "免费核酸检测点在哪里？检测时间？",
     "全员核酸检测期间，各镇（街道）设有固定和临时采样点，请携带身份证并出示健"
     "康码，按村（社区）通知的时间段前往，检测免费。具体点位可关注区政府公众号"
     "发布的采样点列表。"),
    ("EP02", "核酸检测结果多久能出来？怎么查询？",
     "核酸检测结果一般在采样后24小时内出具，可通过苏康码或健康码小程序查询本"
     "人检测结果。"),
    ("EP02", "居家隔离人员怎么做核酸？",
     "居家隔离人员由社区安排医务人员上门采样，请勿自行外出检测，按社区通知时间"
     "在家等候。"),
    ("EP03", "新冠疫苗在哪里接种？需要预约吗？",
     "可在各镇卫生院固定接种点、方舱接种点或流动接种点接种，请携带身份证，部分"
     "接种点需通过公众号预约，接种免费。"),
    ("EP03", "第二针疫苗间隔多久打？",
     "灭活疫苗两剂接种间隔3至8周，第二剂应尽量在第一剂接种后8周内完成。"),
    ("EP03", "有基础疾病能不能打疫苗？",
     "慢性病患者病情稳定、药物控制良好的可以接种；急性期、发热、严重过敏体质等"
     "暂缓接种，接种前请如实告知医生健康状况，由医生评估。"),
    ("EP04", "健康码变黄码怎么办？",
     "健康码变黄一般是与风险人员时空交集或来自风险地区，请按要求进行核酸检测，"
     "连续检测阴性后可申请转码；如有疑问可联系所在社区核实。"),
    ("EP04", "出入小区需要什么证明？",
     "出入小区需出示健康码绿码、测量体温、佩戴口罩，封控区和管控区按相关规定执"
     "行。"),
    ("EP04", "集中隔离费用谁承担？",
     "集中隔离期间的费用按照本区疫情防控指挥部的规定执行，入境人员和主动前往风"
     "险地区人员费用原则上自理，具体请咨询隔离点。"),
    ("EP06", "居家隔离期间买药买菜困难怎么办？",
     "居家隔离期间生活物资和药品可联系所在社区网格员代购配送，社区有志愿者提供"
     "帮助。"),
    ("GN04", "疫情期间工资怎么发？",
     "企业因疫情停工停产在一个工资支付周期内的，应按劳动合同规定标准支付工资；"
     "超过一个周期的按有关规定执行。"),
    ("GN03", "公交线路是否停运？",
     "疫情期间部分公交线路调整运营，具体以区交通运输局发布的公告为准。"),
]


@transaction.atomic
def ensure_catalogue(regions=None) -> None:
    """Create the standard categories, departments, rules and knowledge base if missing (idempotent).
    `regions` (town Regions) get a town-government department with rules for TOWN_CATEGORIES."""
    by_code: dict[str, Category] = {}
    for code, name, parent, days, urgent, epidemic in CATEGORIES:
        by_code[code], _ = Category.objects.get_or_create(
            code=code, defaults=dict(name=name, parent=by_code.get(parent) if parent else None,
                                     time_limit_days=days, urgent=urgent, epidemic=epidemic))
    depts = {}
    for code, name in DEPARTMENTS:
        depts[code], _ = Department.objects.get_or_create(code=code, defaults={"name": name})
    for cat, dept in DEFAULT_RULES.items():
        DispatchRule.objects.get_or_create(category=by_code[cat], region_prefix="",
                                           defaults={"department": depts[dept]})
    for town in regions or ():
        dept, _ = Department.objects.get_or_create(code=f"T{town.code}",
                                                   defaults={"name": f"{town.name}人民政府", "region": town})
        for cat in TOWN_CATEGORIES:
            DispatchRule.objects.get_or_create(category=by_code[cat], region_prefix=town.code,
                                               defaults={"department": dept})
    if not KnowledgeArticle.objects.exists():
        for cat, question, answer in KNOWLEDGE:
            KnowledgeArticle.objects.create(category=by_code[cat], question=question, answer=answer)


def rule_department(category, region_code: str) -> Department | None:
    """The department the dispatch catalogue names for `category` at `region_code` (longest prefix wins)."""
    if category is None:
        return None
    rules = DispatchRule.objects.filter(category=category).select_related("department")
    best = None
    for rule in rules:
        if region_code.startswith(rule.region_prefix) and (best is None or
                                                           len(rule.region_prefix) > len(best.region_prefix)):
            best = rule
    if best is None and category.parent_id:
        return rule_department(category.parent, region_code)
    return best.department if best else None


_index_cache: dict[str, object] = {}


def _knowledge_index() -> TfidfIndex:
    from django.db.models import Count, Max

    stamp = KnowledgeArticle.objects.filter(active=True).aggregate(n=Count("id"), m=Max("updated"))
    key = f"{stamp['n']}:{stamp['m']}"
    if _index_cache.get("key") != key:
        docs = dict(KnowledgeArticle.objects.filter(active=True).values_list("id", "tokens"))
        _index_cache.update(key=key, index=TfidfIndex(docs))
    return _index_cache["index"]  # type: ignore[return-value]


def search_knowledge(text: str, limit: int = 5) -> list[tuple[KnowledgeArticle, float]]:
    """Knowledge articles ranked by TF-IDF cosine similarity to `text` (jieba tokens)."""
    hits = _knowledge_index().search(tokens(text), limit)
    articles = KnowledgeArticle.objects.select_related("category").in_bulk([key for key, _ in hits])
    return [(articles[key], score) for key, score in hits if key in articles]
