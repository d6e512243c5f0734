"""Background indexing through the real database worker."""

import importlib

import pytest
from django.db import connection

from socle.assistant.models import Chunk, Collection, IndexJob
from socle.assistant.search import search, store
from socle.assistant.services import documents_import
from tests.core.conftest import DB_TASKS, run_db_worker


@pytest.fixture
def on_worker(transactional_db, settings, tmp_path):
    settings.TASKS = DB_TASKS
    settings.SOCLE_ASSISTANT_INDEX_DIR = tmp_path / "index"
    store.forget()
    yield
    store.forget()
    if connection.vendor != "sqlite":
        return
    # The journal is append-only (a trigger): lift it to flush the rows this test wrote.
    migration = importlib.import_module("socle.journal.migrations.0002_append_only")
    with connection.cursor() as cursor:
        for statement in migration.SQLITE_BACKWARD:
            cursor.execute(statement)
        cursor.execute("DELETE FROM journal_auditevent")
        for statement in migration.SQLITE_FORWARD:
            cursor.execute(statement)


def test_import_is_indexed_by_the_db_worker(on_worker, territory, agent_a):
    collection = Collection.objects.create(name="Notes", collectivite=territory.a)
    report = documents_import(actor=None, collection=collection, files=[
        ("eau.md", "# Eau\n\nLe prix de l'eau potable est voté chaque année.".encode()),
    ])
    job = report.job
    assert job.status == IndexJob.Status.PENDING
    assert not Chunk.objects.exclude(embedding=None).exists()
    run_db_worker()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == ("done", 1, 1, 100)
    assert not Chunk.objects.filter(embedding=None).exists()
    result = search(user=agent_a, query="tarif de l'eau potable", collectivite=territory.a,
                    mode="dense")
    assert result.hits[0].document_title == "Eau" and result.reliable
