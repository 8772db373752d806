from django.db import migrations


def add_products(apps, schema_editor):
    from wangge.vaccination.data import ensure_products

    ensure_products(apps.get_model("vaccination", "VaccineProduct"))


class Migration(migrations.Migration):
    dependencies = [("vaccination", "0001_initial")]
    operations = [migrations.RunPython(add_products, migrations.RunPython.noop)]
