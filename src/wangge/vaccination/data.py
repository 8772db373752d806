"""The COVID-19 vaccines used in China in 2021 and the doses that make their full course."""

PRODUCTS = [
    ("sinopharm-bj", "新冠病毒灭活疫苗（Vero细胞）", "北京生物", 2),
    ("sinopharm-wh", "新冠病毒灭活疫苗（Vero细胞）", "武汉生物", 2),
    ("sinovac", "新冠病毒灭活疫苗（Vero细胞）", "科兴中维", 2),
    ("cansino", "重组新冠病毒疫苗（5型腺病毒载体）", "康希诺", 1),
    ("zhifei", "重组新冠病毒蛋白疫苗（CHO细胞）", "智飞龙科马", 3),
]


def ensure_products(model=None) -> None:
    """Create or update the products (idempotent); the migration passes its historical model."""
    if model is None:
        from .models import VaccineProduct as model
    for code, name, maker, doses in PRODUCTS:
        model.objects.update_or_create(
            code=code, defaults={"name": f"{name}·{maker}", "manufacturer": maker, "full_course_doses": doses})
