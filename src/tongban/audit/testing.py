"""Test support: let transactional tests flush a database whose audit log refuses deletes."""

from importlib import import_module

from django.db import connection

_TRIGGERS = "tongban.audit.migrations.0002_append_only_triggers"


def lift_append_only_triggers() -> None:
    """Let a test tamper with the log (the hash chain must then catch it)."""
    triggers = import_module(_TRIGGERS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # deferred foreign-key checks count as pending trigger events, which ALTER TABLE refuses
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for statement in triggers.SQLITE_REVERSE:
                cursor.execute(statement)


def empty_audit_log() -> None:
    """Delete every audit row with the append-only triggers briefly lifted.

    Tests on a transactional database (live server, real concurrency) end with a flush that
    DELETEs (SQLite) or TRUNCATEs (PostgreSQL) every table; the audit triggers rightly refuse
    that, so the test empties the log first. Never call this outside tests.
    """
    lift_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
        else:
            for statement in import_module(_TRIGGERS).SQLITE:
                cursor.execute(statement)
