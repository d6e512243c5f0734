"""Management commands: assistant_import and the idempotent starter loader."""

import io

import pytest
from django.core.management import CommandError, call_command

from socle.assistant.models import Collection, Document, IndexJob
from socle.assistant.search import store
from socle.assistant.starter import STARTER_NAME, load_starter


@pytest.fixture(autouse=True)
def _index_dir(settings, tmp_path):
    settings.SOCLE_ASSISTANT_INDEX_DIR = tmp_path / "index"
    store.forget()
    yield
    store.forget()


def test_assistant_import_creates_a_shared_collection_and_indexes(db, tmp_path):
    source = tmp_path / "eau.md"
    source.write_text("# Eau\n\nLe prix de l'eau.", encoding="utf-8")
    out = io.StringIO()
    call_command("assistant_import", "Juridique", str(source), stdout=out)
    collection = Collection.objects.get(name="Juridique")
    assert collection.is_shared and collection.documents.get().title == "Eau"
    assert IndexJob.objects.get().status == "done"
    assert "1 créé(s)" in out.getvalue()
    with pytest.raises(CommandError, match="introuvable"):
        call_command("assistant_import", "Juridique", str(tmp_path / "absent.md"))


def test_starter_is_idempotent(db, tmp_path):
    sheets = tmp_path / "fiches"
    sheets.mkdir()
    (sheets / "a.md").write_text("---\ntitle: Sauvegardes\ntheme: cyber\n---\n## Pourquoi\n\n"
                                 "Un rançongiciel chiffre tout.", encoding="utf-8")
    (sheets / "b.md").write_text("---\ntitle: Wi-Fi\n---\n## Comment\n\nSéparer les réseaux.",
                                 encoding="utf-8")
    collection, report = load_starter(directory=sheets)
    assert collection.name == STARTER_NAME and collection.is_shared
    assert len(report.created) == 2
    assert Document.objects.get(title="Sauvegardes").metadata["theme"] == "cyber"
    _again, second = load_starter(directory=sheets)
    assert (len(second.created), len(second.unchanged), second.job) == (0, 2, None)
    assert Collection.objects.filter(name=STARTER_NAME).count() == 1
