"""Each region's own metric target (metrics.MetricTarget) becomes an override of the rule
`metric.<code>.target`, in force since 2000-01-01 (the old rows had no date: always)."""

from datetime import date

from django.db import migrations
from django.utils import timezone

SINCE = date(2000, 1, 1)
SCOPE_OF_LEVEL = {"district": "district", "town": "town"}


def move_targets(apps, schema_editor):
    MetricTarget = apps.get_model("metrics", "MetricTarget")
    RuleOverride = apps.get_model("rules", "RuleOverride")
    RuleRevision = apps.get_model("rules", "RuleRevision")
    now = timezone.now()
    moved = 0
    for old in MetricTarget.objects.select_related("region"):
        scope = SCOPE_OF_LEVEL.get(old.region.level)
        if scope is None:  # a village's target: rules are set per district or town only
            raise RuntimeError(f"MetricTarget {old.pk} ({old.metric_code}) is set for a village; "
                               "move it to its town before migrating")
        RuleOverride.objects.create(
            code=f"metric.{old.metric_code}.target", scope=scope, region=old.region,
            value=format(old.target.normalize(), "f"), effective_from=SINCE,
            reason=(old.note or "由原“指标目标值”迁移")[:200], created_at=now)
        moved += 1
    if moved:
        RuleRevision.objects.update_or_create(pk=1, defaults={"number": moved})


class Migration(migrations.Migration):
    dependencies = [
        ("rules", "0001_overrides"),
        ("metrics", "0003_recount_cases"),
    ]

    operations = [migrations.RunPython(move_targets, migrations.RunPython.noop)]
