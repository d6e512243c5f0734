"""Assistant pages: search, collections, import with progress, documents; rights and tenancy."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socle.assistant.models import Collection, Document, IndexJob
from socle.assistant.search import store
from socle.assistant.services import documents_import, index_run
from socle.journal.models import AuditEvent

FICHE = ("---\ntitle: Sauvegarder les données\ntheme: securite\n---\n## Comment faire\n\n"
         "Tester la restauration des sauvegardes chaque trimestre.\n").encode()
PRIVATE = "# Cimetière\n\nLes concessions funéraires durent trente ans.\n".encode()


@pytest.fixture(autouse=True)
def _index_dir(settings, tmp_path):
    settings.SOCLE_ASSISTANT_INDEX_DIR = tmp_path / "index"
    store.forget()
    yield
    store.forget()


@pytest.fixture
def shared(territory):
    collection = Collection.objects.create(name="Fiches de bonnes pratiques")
    index_run(job=documents_import(actor=None, collection=collection, enqueue=False,
                                   files=[("sauvegarde.md", FICHE)]).job)
    return collection


@pytest.fixture
def private_a(territory):
    collection = Collection.objects.create(name="Notes d'Alboussière", collectivite=territory.a)
    index_run(job=documents_import(actor=None, collection=collection, enqueue=False,
                                   files=[("cimetiere.md", PRIVATE)]).job)
    return collection


def test_member_home_redirects_to_their_collectivite(login, agent_a, territory):
    response = login(agent_a).get(reverse("assistant:home"))
    assert response.url == reverse("assistant:collectivite", args=[territory.a.pk])


def test_operator_home_lists_shared_collections(login, operateur, shared, private_a):
    page = login(operateur).get(reverse("assistant:home")).content.decode()
    assert "Fiches de bonnes pratiques" in page
    assert "1 collection privée" in page


def test_agent_searches_and_sees_marked_passages(login, agent_a, territory, shared):
    url = reverse("assistant:collectivite", args=[territory.a.pk])
    page = login(agent_a).get(url, {"q": "restauration des sauvegardes"}).content.decode()
    assert "Sauvegarder les données" in page
    assert "<mark>restauration</mark>" in page
    assert "Aucune source fiable" not in page


def test_off_topic_search_says_no_reliable_source(login, agent_a, territory, shared):
    url = reverse("assistant:collectivite", args=[territory.a.pk])
    page = login(agent_a).get(url, {"q": "recette du gâteau au chocolat"}).content.decode()
    assert "Aucune source fiable" in page


def test_htmx_search_returns_the_results_only(login, agent_a, territory, shared):
    url = reverse("assistant:collectivite", args=[territory.a.pk])
    page = login(agent_a).get(url, {"q": "sauvegardes"}, HTTP_HX_REQUEST="true")
    assert page.content.decode().lstrip().startswith('<section id="search-results"')


def test_other_collectivite_sees_neither_private_results_nor_pages(
        login, agent_b, territory, shared, private_a):
    client = login(agent_b)
    url = reverse("assistant:collectivite", args=[territory.b.pk])
    page = client.get(url, {"q": "concessions du cimetière", "mode": "lexical"}).content.decode()
    assert "Cimetière" not in page and "Notes d'Alboussière" not in page
    document = Document.objects.get(collection=private_a)
    assert client.get(reverse("assistant:collection", args=[private_a.pk])).status_code == 404
    assert client.get(reverse("assistant:document", args=[document.pk])).status_code == 404
    assert client.get(reverse("assistant:collectivite", args=[territory.a.pk])).status_code == 404
    # The shared collection is readable by every member.
    assert client.get(reverse("assistant:collection", args=[shared.pk])).status_code == 200


def test_referent_creates_a_private_collection_and_imports(login, referent_a, territory):
    client = login(referent_a)
    response = client.post(reverse("assistant:collection_create", args=[territory.a.pk]),
                           {"name": "Délibérations", "description": ""})
    collection = Collection.objects.get(name="Délibérations")
    assert collection.collectivite == territory.a
    assert response.url == reverse("assistant:collection", args=[collection.pk])
    upload = SimpleUploadedFile("cimetiere.md", PRIVATE, content_type="text/markdown")
    response = client.post(reverse("assistant:collection_import", args=[collection.pk]),
                           {"files": [upload], "kind": ""})
    assert response.status_code == 302
    assert collection.documents.get().title == "Cimetière"
    job = IndexJob.objects.get(collection=collection)
    assert job.status == "pending" and job.total == 1
    page = client.get(reverse("assistant:collection", args=[collection.pk])).content.decode()
    assert "0 passage sur 1" in page and 'hx-trigger="every 2s"' in page
    assert AuditEvent.objects.filter(action="assistant.documents_imported").exists()


def test_bad_upload_shows_a_french_error(login, referent_a, territory, private_a):
    upload = SimpleUploadedFile("scan.pdf", b"pas un pdf", content_type="application/pdf")
    response = login(referent_a).post(
        reverse("assistant:collection_import", args=[private_a.pk]), {"files": [upload]})
    assert response.status_code == 200
    assert "n&#x27;est pas un PDF" in response.content.decode()


def test_agent_cannot_manage_nor_create_shared(login, agent_a, territory, private_a, shared):
    client = login(agent_a)
    assert client.get(reverse("assistant:collection_create",
                              args=[territory.a.pk])).status_code == 403
    assert client.get(reverse("assistant:shared_collection_create")).status_code == 403
    assert client.post(reverse("assistant:collection_import", args=[shared.pk])).status_code == 403
    assert client.post(reverse("assistant:collection_delete",
                               args=[private_a.pk])).status_code == 403


def test_operator_creates_a_shared_collection(login, operateur):
    login(operateur).post(reverse("assistant:shared_collection_create"), {"name": "Juridique"})
    assert Collection.objects.get(name="Juridique").collectivite is None


def test_document_page_shows_its_passages(login, agent_a, private_a):
    document = Document.objects.get(collection=private_a)
    page = login(agent_a).get(reverse("assistant:document", args=[document.pk])).content.decode()
    assert "trente ans" in page and "Cimetière" in page


def test_referent_deletes_a_document(login, referent_a, private_a):
    document = Document.objects.get(collection=private_a)
    login(referent_a).post(reverse("assistant:document_delete", args=[document.pk]))
    assert not Document.objects.filter(pk=document.pk).exists()
