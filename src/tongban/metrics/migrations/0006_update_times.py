from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("metrics", "0005_decided_counters"),
    ]

    operations = [
        migrations.CreateModel(
            name="MetricsUpdate",
            fields=[
                ("source", models.CharField(max_length=20, primary_key=True, serialize=False, verbose_name="数据来源")),
                ("ran_at", models.DateTimeField(verbose_name="更新时间")),
            ],
            options={"verbose_name": "指标更新记录", "verbose_name_plural": "指标更新记录"},
        ),
    ]
