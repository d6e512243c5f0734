"""Make the audit journal append-only in the database itself, not only in the ORM."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE TRIGGER journal_auditevent_no_update BEFORE UPDATE ON journal_auditevent
       BEGIN SELECT RAISE(ABORT, 'journal_auditevent is append-only'); END;""",
    """CREATE TRIGGER journal_auditevent_no_delete BEFORE DELETE ON journal_auditevent
       BEGIN SELECT RAISE(ABORT, 'journal_auditevent is append-only'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS journal_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS journal_auditevent_no_delete;",
]
POSTGRES_FORWARD = [
    """CREATE OR REPLACE FUNCTION journal_auditevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'journal_auditevent is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER journal_auditevent_append_only BEFORE UPDATE OR DELETE ON journal_auditevent
       FOR EACH ROW EXECUTE FUNCTION journal_auditevent_append_only();""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS journal_auditevent_append_only ON journal_auditevent;",
    "DROP FUNCTION IF EXISTS journal_auditevent_append_only();",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
