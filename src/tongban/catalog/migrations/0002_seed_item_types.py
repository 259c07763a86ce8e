"""Seed 事项类型 with GB/T 39046-2020 表A.1; districts extend the list in the admin."""

from django.db import migrations

ITEM_TYPES = [
    ("00", "行政权力事项", False), ("01", "行政许可", True), ("02", "行政处罚", False),
    ("03", "行政强制", False), ("04", "行政征收", False), ("05", "行政给付", False),
    ("06", "行政检查", False), ("07", "行政确认", False), ("08", "行政奖励", False),
    ("09", "行政裁决", False), ("10", "其他行政权力", False), ("20", "公共服务", False),
]


def seed(apps, schema_editor):
    ItemType = apps.get_model("catalog", "ItemType")
    for code, name, is_licensing in ITEM_TYPES:
        ItemType.objects.update_or_create(code=code, defaults={"name": name, "is_licensing": is_licensing})


def unseed(apps, schema_editor):
    apps.get_model("catalog", "ItemType").objects.filter(code__in=[c for c, _, _ in ITEM_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
