"""Files get an unguessable public id (clients never see the sequential primary key)."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    CaseFile = apps.get_model("cases", "CaseFile")
    for file_id in CaseFile.objects.filter(public_id__isnull=True).values_list("id", flat=True).iterator():
        CaseFile.objects.filter(id=file_id).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_case_pickup")]
    operations = [
        migrations.AddField(model_name="casefile", name="public_id",
                            field=models.UUIDField(editable=False, null=True, verbose_name="文件标识")),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(model_name="casefile", name="public_id",
                              field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True,
                                                     verbose_name="文件标识")),
    ]
