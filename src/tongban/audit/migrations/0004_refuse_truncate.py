"""Refuse TRUNCATE of a non-empty audit log on PostgreSQL (row triggers do not see TRUNCATE).

Truncating an already empty table stays allowed, so test databases can still be flushed once
their audit rows were removed deliberately (tongban.audit.testing.empty_audit_log).
"""

from django.db import migrations

FORWARD = [
    """CREATE OR REPLACE FUNCTION audit_entry_no_truncate() RETURNS trigger AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM audit_auditentry) THEN
           RAISE EXCEPTION 'audit entries are append-only';
         END IF;
         RETURN NULL;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_no_truncate()""",
]
REVERSE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_entry_no_truncate()",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_idempotencykey")]
    operations = [migrations.RunPython(forwards, backwards)]
