"""并联审批 tasks get their own time limit; the shipped workflows are seeded again.

The definitions changed (state tags, 否决权上移 with 签发, 即办件 without 受理, destructive
steps, the standard_signed flow): a database seeded by 0002 gets them here.
"""

from django.db import migrations, models

from tongban.cases.workflow_definitions import SHIPPED


def reseed(apps, schema_editor):
    WorkflowDefinition = apps.get_model("cases", "WorkflowDefinition")
    for definition in SHIPPED:
        WorkflowDefinition.objects.update_or_create(
            code=definition["code"], defaults={"name": definition["name"], "definition": definition}
        )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0010_deadline_clock'),
    ]

    operations = [
        migrations.AddField(
            model_name='casetask',
            name='due_date',
            field=models.DateField(blank=True, null=True, verbose_name='意见期限'),
        ),
        # backwards the newer definitions stay: they run every case the older ones could
        migrations.RunPython(reseed, migrations.RunPython.noop),
    ]
