"""Count the cases again from the start of the audit log.

The daily case rows written before 0002 lack the new counters (window, general window,
electronic) and there are no monthly rows yet: emptying the case tables and moving the case
consumer's cursor back to 0 lets the next `manage.py update_metrics` fill both, exactly.
"""

from django.db import migrations


def recount(apps, schema_editor):
    apps.get_model("metrics", "DailyCaseCount").objects.all().delete()
    apps.get_model("metrics", "MonthlyCaseCount").objects.all().delete()
    apps.get_model("events", "ConsumerCursor").objects.filter(consumer="metrics.cases").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0001_initial"),
        ("metrics", "0002_counts_by_source"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
