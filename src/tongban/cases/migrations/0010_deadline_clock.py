"""The clock's stored state (paused_until), 中止 and 延长审批 pauses, the 特别程序告知书, and the
shipped workflows seeded again: 中止 stops the clock, 恢复 restarts it, 延长审批 is a step."""

from django.db import migrations, models

from tongban.cases.workflow_definitions import SHIPPED


def reseed(apps, schema_editor):
    WorkflowDefinition = apps.get_model("cases", "WorkflowDefinition")
    for definition in SHIPPED:
        WorkflowDefinition.objects.update_or_create(
            code=definition["code"], defaults={"name": definition["name"], "definition": definition})


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_casefile_public_id'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='paused_until',
            field=models.DateField(blank=True, help_text='特别程序的最长时限届满日：此后恢复计时，期限按最长时限计算；补正、中止暂停至结束。', null=True, verbose_name='暂停计时至'),
        ),
        migrations.AlterField(
            model_name='casepause',
            name='kind',
            field=models.CharField(choices=[('correction', '补正'), ('special', '特别程序'), ('suspension', '中止'), ('extension', '延长审批')], max_length=12, verbose_name='类型'),
        ),
        migrations.AlterField(
            model_name='notice',
            name='kind',
            field=models.CharField(choices=[('acceptance', '受理通知书'), ('correction', '补正材料告知书'), ('rejection', '不予受理决定书'), ('approval', '准予许可决定书'), ('denial', '不予许可决定书'), ('special', '特别程序告知书')], max_length=12, verbose_name='文书类型'),
        ),
        migrations.RunPython(reseed, migrations.RunPython.noop),
    ]
