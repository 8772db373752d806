from django.db import migrations

# The COVID-19 vaccines used in China in 2021 and the doses that make their full course.
PRODUCTS = [
    ("sinopharm-bj", "新冠病毒灭活疫苗（Vero细胞）", "北京生物", 2),
    ("sinopharm-wh", "新冠病毒灭活疫苗（Vero细胞）", "武汉生物", 2),
    ("sinovac", "新冠病毒灭活疫苗（Vero细胞）", "科兴中维", 2),
    ("cansino", "重组新冠病毒疫苗（5型腺病毒载体）", "康希诺", 1),
    ("zhifei", "重组新冠病毒蛋白疫苗（CHO细胞）", "智飞龙科马", 3),
]


def add_products(apps, schema_editor):
    VaccineProduct = apps.get_model("vaccination", "VaccineProduct")
    for code, name, maker, doses in PRODUCTS:
        VaccineProduct.objects.update_or_create(
            code=code, defaults={"name": f"{name}·{maker}", "manufacturer": maker, "full_course_doses": doses})


class Migration(migrations.Migration):
    dependencies = [("vaccination", "0001_initial")]
    operations = [migrations.RunPython(add_products, migrations.RunPython.noop)]
