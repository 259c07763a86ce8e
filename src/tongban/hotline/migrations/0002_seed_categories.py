"""Seed a small 诉求分类 tree; districts extend it in the admin."""

from django.db import migrations

TREE = {
    ("ZW", "政务服务"): [("ZW01", "办事咨询"), ("ZW02", "办不成事反映"), ("ZW03", "服务态度")],
    ("SC", "市场监管"): [("SC01", "食品安全"), ("SC02", "消费维权"), ("SC03", "价格监督")],
    ("ZJ", "住房城乡建设"): [("ZJ01", "物业管理"), ("ZJ02", "施工噪音"), ("ZJ03", "房屋质量")],
    ("QT", "其他"): [("QT01", "其他诉求")],
}


def seed(apps, schema_editor):
    category = apps.get_model("hotline", "TicketCategory")
    for (code, name), children in TREE.items():
        parent, _ = category.objects.get_or_create(code=code, defaults={"name": name})
        for child_code, child_name in children:
            category.objects.get_or_create(code=child_code, defaults={"name": child_name, "parent": parent})


def unseed(apps, schema_editor):
    category = apps.get_model("hotline", "TicketCategory")
    codes = [code for (code, _), children in TREE.items() for code in [code, *(c for c, _ in children)]]
    category.objects.filter(code__in=codes, parent__isnull=False, tickets__isnull=True).delete()
    category.objects.filter(code__in=codes, children__isnull=True, tickets__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
