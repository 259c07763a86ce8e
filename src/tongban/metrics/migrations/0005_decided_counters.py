"""按时办结率 is judged at the decision, not at 办结 (pickup or delivery): the case tables count
decisions with a due date (decided_timed) and those made on or before it (decided_on_time) by
the day of the decision. 一窗受理通办比例 counts 事项 from the catalog now, so the window
submission counters go. The case tables are emptied and the case consumer's cursor moved back to
0: the next `manage.py update_metrics` counts every case again, exactly (as 0003 did).
"""

from django.db import migrations, models


def recount(apps, schema_editor):
    apps.get_model("metrics", "DailyCaseCount").objects.all().delete()
    apps.get_model("metrics", "MonthlyCaseCount").objects.all().delete()
    apps.get_model("events", "ConsumerCursor").objects.filter(consumer="metrics.cases").delete()


def _fields(model: str) -> list:
    operations = [migrations.RemoveField(model_name=model, name=name) for name in (
        "window_submitted", "general_window_submitted", "completed_timed", "completed_on_time")]
    return [*operations,
            migrations.AddField(model_name=model, name="decided_timed",
                                field=models.PositiveIntegerField(default=0, verbose_name="有期限的决定件数")),
            migrations.AddField(model_name=model, name="decided_on_time",
                                field=models.PositiveIntegerField(default=0, verbose_name="按期决定件数"))]


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0001_initial"),
        ("metrics", "0004_targets_are_rules"),
    ]

    operations = [
        migrations.RunPython(recount, migrations.RunPython.noop),
        *_fields("dailycasecount"),
        *_fields("monthlycasecount"),
    ]
