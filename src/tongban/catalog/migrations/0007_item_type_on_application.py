"""依申请: which 事项类型 are started by an application (the denominators of the online-service
rates, 001 附件 十四、3 “依申请政务服务事项可网办率”).

National practice names the 依申请 kinds as 行政许可、行政确认、行政裁决、行政给付、行政奖励、
其他行政权力 (the “依申请六类”) plus 公共服务; 行政处罚、行政强制、行政征收、行政检查 are started
by the authority itself (依职权). 00 行政权力事项 only groups the others. A type added later is
not 依申请 until it is marked so.
"""

from django.db import migrations, models

ON_APPLICATION = ("01", "05", "07", "08", "09", "10", "20")


def mark(apps, schema_editor):
    apps.get_model("catalog", "ItemType").objects.filter(code__in=ON_APPLICATION).update(on_application=True)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0006_commitment_form"),
    ]

    operations = [
        migrations.AddField(
            model_name="itemtype",
            name="on_application",
            field=models.BooleanField(
                default=False,
                help_text="由申请人申请启动的事项（许可、确认、裁决、给付、奖励、其他行政权力、公共服务）；"
                          "可网办率、全程网办率、一窗受理通办比例与免证办比例只计依申请事项。",
                verbose_name="依申请"),
        ),
        migrations.RunPython(mark, migrations.RunPython.noop),
    ]
