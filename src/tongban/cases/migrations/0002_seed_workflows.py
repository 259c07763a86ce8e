"""Seed the shipped workflow definitions (standard 承诺件, immediate 即办件)."""

from django.db import migrations

from tongban.cases.workflow_definitions import SHIPPED


def seed(apps, schema_editor):
    WorkflowDefinition = apps.get_model("cases", "WorkflowDefinition")
    for definition in SHIPPED:
        WorkflowDefinition.objects.update_or_create(
            code=definition["code"], defaults={"name": definition["name"], "definition": definition}
        )


def unseed(apps, schema_editor):
    apps.get_model("cases", "WorkflowDefinition").objects.filter(
        code__in=[definition["code"] for definition in SHIPPED]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
