"""Importers, chunking and re-import in place."""

import io
import json

import docx
import pytest
from odf.opendocument import OpenDocumentText
from odf.text import H, P

from socle.assistant import importers
from socle.assistant.chunking import chunk_text
from socle.assistant.models import Chunk, Collection, Document, IndexJob
from socle.assistant.services import documents_import

FICHE = {
    "id": "F9999",
    "children": [{
        "type": "element", "name": "Publication",
        "attributes": {"ID": "F9999", "type": "Fiche d'information",
                       "spUrl": "https://www.service-public.fr/particuliers/vosdroits/F9999"},
        "children": [
            {"type": "element", "name": "dc:title",
             "children": [{"type": "text", "text": "Carte d'identité d'un mineur"}]},
            {"type": "element", "name": "dc:description",
             "children": [{"type": "text", "text": "La demande se fait en mairie."}]},
            {"type": "element", "name": "FilDAriane", "children": [
                {"type": "element", "name": "Niveau",
                 "children": [{"type": "text", "text": "Accueil particuliers"}]}]},
            {"type": "element", "name": "ListeSituations", "children": [
                {"type": "element", "name": "Situation", "children": [
                    {"type": "element", "name": "Titre",
                     "children": [{"type": "text", "text": "Première demande"}]},
                    {"type": "element", "name": "Texte", "children": [
                        {"type": "element", "name": "Chapitre", "children": [
                            {"type": "element", "name": "Titre", "children": [
                                {"type": "element", "name": "Paragraphe", "children": [
                                    {"type": "text", "text": "Pièces à fournir"}]}]},
                            {"type": "element", "name": "Paragraphe", "children": [
                                {"type": "text", "text": "Un justificatif de "},
                                {"type": "element", "name": "LienIntra",
                                 "children": [{"type": "text", "text": "domicile"}]},
                                {"type": "text", "text": " de moins d'un an."}]},
                            {"type": "element", "name": "Liste", "children": [
                                {"type": "element", "name": "Item", "children": [
                                    {"type": "element", "name": "Paragraphe", "children": [
                                        {"type": "text", "text": "Une photo d'identité"}]}]}]},
                        ]},
                    ]},
                ]},
            ]},
        ],
    }],
}


def _docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Règlement du cimetière"
    document.add_heading("Concessions", level=1)
    document.add_paragraph("Les concessions sont accordées pour trente ans.")
    document.add_heading("Tarifs", level=2)
    document.add_paragraph("Le tarif est fixé par délibération.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _odt() -> bytes:
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Horaires"))
    document.text.addElement(P(text="La mairie ouvre le mardi matin."))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>Compte rendu</h1><p>Le conseil a voté le budget.</p>").write_pdf()


@pytest.mark.parametrize(("filename", "data", "title", "needle"), [
    ("fiche.md", b"---\ntitle: Sauvegardes\ntheme: cyber\n---\n## Comment\n\nLa **regle** 3-2-1.",
     "Sauvegardes", "La regle 3-2-1."),
    ("page.html", "<html><head><title>Déchèterie</title><script>x()</script></head><body>"
     "<nav>Menu</nav><main><h2>Horaires</h2><p>Ouverte le samedi.</p></main></body></html>"
     .encode(), "Déchèterie", "Ouverte le samedi."),
    ("note.txt", "Note de service\n\nLe parking est fermé lundi.".encode(), "Note de service",
     "Le parking est fermé lundi."),
    ("reglement.docx", _docx(), "Règlement du cimetière", "trente ans"),
    ("horaires.odt", _odt(), "horaires", "mardi matin"),
    ("cr.pdf", _pdf(), "cr", "voté le budget"),
])
def test_each_format_gives_text_and_title(filename, data, title, needle):
    [document] = importers.parse(data, filename=filename)
    assert document.title.lower() == title.lower()
    assert needle in document.text
    assert "x()" not in document.text and "Menu" not in document.text


def test_docx_and_odt_headings_become_heading_paths():
    [document] = importers.parse(_docx(), filename="reglement.docx")
    headings = [p.heading for p in chunk_text(document.text)]
    assert headings == ["Concessions", "Concessions > Tarifs"]
    [odt] = importers.parse(_odt(), filename="horaires.odt")
    assert chunk_text(odt.text)[0].heading == "Horaires"


def test_json_list_keeps_urls_and_metadata():
    payload = [{"title": "Eau", "text": "Le prix de l'eau.", "url": "https://exemple.fr/eau",
                "metadata": {"theme": "eau"}},
               {"title": "Voirie", "text": "Les travaux de voirie."}]
    documents = importers.parse(json.dumps(payload).encode(), filename="export.json")
    assert [(d.title, d.url, d.metadata) for d in documents] == [
        ("Eau", "https://exemple.fr/eau", {"theme": "eau"}), ("Voirie", "", {})]


def test_fiche_vdd_keeps_body_and_drops_navigation():
    [fiche] = importers.parse(json.dumps(FICHE).encode(), filename="F9999.json")
    assert fiche.title == "Carte d'identité d'un mineur"
    assert fiche.url == "https://www.service-public.fr/particuliers/vosdroits/F9999"
    assert fiche.key == "F9999"
    assert "justificatif de domicile de moins d'un an" in fiche.text
    assert "Accueil particuliers" not in fiche.text
    headings = [p.heading for p in chunk_text(fiche.text)]
    assert "Première demande > Pièces à fournir" in headings


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("virus.exe", b"MZ", "Format non pris en charge"),
    ("latin.txt", "Été".encode("latin-1"), "UTF-8"),
    ("faux.pdf", b"pas un pdf", "n'est pas un PDF"),
    ("faux.docx", b"PK pas un zip", "DOCX"),
    ("vide.md", b"", "est vide"),
    ("liste.json", b'[{"title": 3}]', "champ « text »"),
])
def test_bad_files_are_refused_in_french(filename, data, message):
    with pytest.raises(importers.ImportFailed, match=message):
        importers.parse(data, filename=filename)


def test_oversized_upload_is_refused(settings):
    settings.SOCLE_ASSISTANT_MAX_UPLOAD_BYTES = 10
    with pytest.raises(importers.ImportFailed, match="taille maximale"):
        importers.parse(b"x" * 11, filename="gros.txt")


def test_chunks_split_on_articles_and_long_sections():
    text = "# Règlement\n\nArticle 1 - Objet\nLe présent règlement.\n\nArticle 2\nDurée d'un an.\n"
    passages = chunk_text(text)
    assert [(p.heading, p.metadata.get("article")) for p in passages] == [
        ("Règlement > Article 1", "Article 1"), ("Règlement > Article 2", "Article 2")]
    long = "# Long\n\n" + "\n\n".join(f"Phrase numéro {i} du texte. " * 20 for i in range(10))
    pieces = chunk_text(long)
    assert len(pieces) > 3 and all(len(p.text.split()) <= 340 for p in pieces)
    assert all(p.heading == "Long" for p in pieces)


def test_reimport_updates_in_place_and_skips_unchanged(db):
    collection = Collection.objects.create(name="Notes")
    first = documents_import(actor=None, collection=collection, enqueue=False,
                             files=[("a.md", b"# A\n\nUn."), ("b.md", b"# B\n\nDeux.")])
    assert len(first.created) == 2 and first.job.total == 2
    document = Document.objects.get(key="a.md")
    again = documents_import(actor=None, collection=collection, enqueue=False,
                             files=[("a.md", b"# A\n\nUn, revu."), ("b.md", b"# B\n\nDeux.")])
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 1, 1)
    document.refresh_from_db()
    assert Document.objects.count() == 2 and "revu" in document.text
    assert [c.text for c in Chunk.objects.filter(document=document)] == ["Un, revu."]
    nothing = documents_import(actor=None, collection=collection, enqueue=False,
                               files=[("a.md", b"# A\n\nUn, revu.")])
    assert nothing.job is None and IndexJob.objects.count() == 2


def test_a_bad_file_writes_nothing(db):
    collection = Collection.objects.create(name="Notes")
    with pytest.raises(importers.ImportFailed):
        documents_import(actor=None, collection=collection, enqueue=False,
                         files=[("a.md", b"# A\n\nUn."), ("b.pdf", b"abime")])
    assert not Document.objects.exists()
