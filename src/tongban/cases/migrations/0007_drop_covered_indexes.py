"""Drop indexes no query needs, so each transition writes fewer index entries.

A transition's UPDATE of the case changes `status`, which several indexes cover, so it is never
a HOT update: PostgreSQL inserts a new entry into every index of cases_case (18 before this
migration), and the notice and task rows a transition inserts pay for each of theirs. Dropped:

* single-column foreign-key indexes whose column leads a composite index that serves the same
  look-ups (case department → case_queue_idx, applicant → case_applicant_idx, helper →
  case_helper_idx; task case → case_task_unique, task department → case_task_queue_idx);
* the `varchar_pattern_ops` twins PostgreSQL gets for unique CharFields (case number, notice
  number and verification code): they serve only LIKE 'prefix%', which no query uses; equality
  is served by the unique index.

Checked with EXPLAIN on a generated district (queues, 我的办件, case and notice look-ups by
number and code, the protect checks of deleting a user or department, daily jobs).

Only the indexes go: the models say db_index=False, but letting AlterField do it would also
drop and re-add (re-validating) each foreign-key constraint, a long lock on a big table.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (model, field, suffix): "" is the field's own index, "_like" PostgreSQL's varchar_pattern_ops twin
DROPPED = [
    ("case", "applicant", ""), ("case", "department", ""), ("case", "helper", ""),
    ("casetask", "case", ""), ("casetask", "department", ""),
    ("case", "number", "_like"), ("notice", "number", "_like"), ("notice", "verification_code", "_like"),
]


def _indexes(apps, schema_editor):
    """(table, column, index name, suffix) as Django named them when it created them."""
    for model_name, field_name, suffix in DROPPED:
        if suffix == "_like" and schema_editor.connection.vendor != "postgresql":
            continue
        model = apps.get_model("cases", model_name)
        table, column = model._meta.db_table, model._meta.get_field(field_name).column
        yield table, column, schema_editor._create_index_name(table, [column], suffix=suffix), suffix


def drop_indexes(apps, schema_editor):
    for _table, _column, name, _suffix in _indexes(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def restore_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for table, column, name, suffix in _indexes(apps, schema_editor):
        opclass = " varchar_pattern_ops" if suffix == "_like" else ""
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} ({quote(column)}{opclass})")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_leader_role'),
        ('cases', '0006_in_progress_queue_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='case',
                    name='applicant',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to=settings.AUTH_USER_MODEL, verbose_name='申请账号'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='department',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='accounts.department', verbose_name='实施机构'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='helper',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='helped_cases', to=settings.AUTH_USER_MODEL, verbose_name='帮办代办员'),
                ),
                migrations.AlterField(
                    model_name='casetask',
                    name='case',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='cases.case'),
                ),
                migrations.AlterField(
                    model_name='casetask',
                    name='department',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='case_tasks', to='accounts.department'),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, restore_indexes)],
        ),
    ]
