"""The journal is append-only: the ORM refuses to change or remove an event, and so does the
database itself (trigger of migration 0002), on SQLite and on PostgreSQL alike (the suite runs on
both)."""

import pytest
from django.db import DatabaseError, connection, transaction

from socle.journal.models import AuditEvent

TABLE = AuditEvent._meta.db_table


def test_orm_refuses_update_and_delete(journal):
    event = AuditEvent.objects.get(pk=journal.a.pk)
    event.action = "essai.falsifie"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="essai.falsifie")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "essai.cree"


@pytest.mark.parametrize(
    "statement",
    [
        f"UPDATE {TABLE} SET action = 'essai.falsifie' WHERE id = %s",  # noqa: S608
        f"DELETE FROM {TABLE} WHERE id = %s",  # noqa: S608
    ],
)
def test_database_refuses_update_and_delete(journal, statement):
    assert connection.vendor in {"sqlite", "postgresql"}
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement, [journal.a.pk])
    assert AuditEvent.objects.get(pk=journal.a.pk).action == "essai.cree"


def test_database_still_accepts_new_events(journal):
    before = AuditEvent.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (created_at, actor_label, action, object_type, object_id, "  # noqa: S608
            "object_repr, details, ip_address) VALUES (CURRENT_TIMESTAMP, 'Système', "
            "'essai.cree', '', '', '', '{}', NULL)"
        )
    assert AuditEvent.objects.count() == before + 1
