"""Every accepted format gives its text; every bad file is refused with a French message."""

from __future__ import annotations

import pytest

from socle.actes.extraction import ExtractionError, extract
from tests.actes.conftest import ACT_TEXT, blank_pdf, docx_bytes, odt_bytes


def test_pdf_text_is_extracted_with_its_page_count(text_pdf):
    result = extract(text_pdf, "acte.pdf")
    assert "Jeanne Durand" in result.text and result.pages == 1 and result.file_format == "pdf"


@pytest.mark.parametrize("maker,name", [(docx_bytes, "acte.docx"), (odt_bytes, "acte.odt")])
def test_office_documents_give_their_paragraphs(maker, name):
    result = extract(maker(), name)
    assert "Mme Jeanne Durand, née le 04/07/1961," in result.text


@pytest.mark.parametrize("data,encoding", [
    (ACT_TEXT.encode("utf-8"), "UTF-8"),
    (b"\xef\xbb\xbf" + ACT_TEXT.encode("utf-8"), "UTF-8 (avec BOM)"),
    (ACT_TEXT.encode("cp1252"), "Windows-1252"),
])
def test_text_encodings_are_read_and_named(data, encoding):
    result = extract(data, "acte.txt")
    assert result.encoding == encoding and "Alboussière" in result.text
    assert not result.text.startswith("\ufeff")


@pytest.mark.parametrize("data,name,message", [
    (blank_pdf(), "scan.pdf", "ne contient pas de texte (document numérisé ?)"),
    (blank_pdf(password="secret"), "chiffre.pdf", "protégé par un mot de passe ou chiffré"),
    (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "tronque.pdf", "PDF tronqué ou corrompu"),
    (b"%PDF-1.7\ngarbage garbage\n%%EOF\n", "corrompu.pdf", "PDF illisible ou corrompu"),
    (docx_bytes()[:400], "tronque.docx", "Fichier corrompu ou tronqué"),
    (odt_bytes()[:-300], "tronque.odt", "Fichier corrompu ou tronqué"),
    (odt_bytes(), "faux.docx", "n'est pas un document Word"),
    (docx_bytes(), "faux.odt", "n'est pas un texte OpenDocument"),
    (ACT_TEXT.encode(), "texte.pdf", "ne correspond pas à son extension « .pdf »"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt", "ne correspond pas à son extension"),
    (b"MZ\x90\x00\x03", "programme.docx", "ne correspond pas à son extension « .docx »"),
    ("Délibération".encode("utf-16"), "utf16.txt", "ne correspond pas à son extension"),
    (b"Acte \x81\x8d\x8f\x90\x9d illisible", "inconnu.txt", "Encodage du texte inconnu"),
    (b"Acte \x01\x02 binaire \xe9", "controle.txt", "Encodage du texte inconnu"),
    (b"", "vide.txt", "Le fichier est vide"),
    (b"   \n\n  ", "blanc.txt", "ne contient aucun texte"),
    (b"texte", "acte.rtf", "Format non pris en charge"),
])
def test_bad_files_are_refused_with_a_french_message(data, name, message):
    with pytest.raises(ExtractionError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("?", r"\?")):
        extract(data, name)


def test_size_and_page_limits(settings):
    settings.SOCLE_ACTES_MAX_BYTES = 1000
    with pytest.raises(ExtractionError, match="Fichier trop volumineux"):
        extract(b"x" * 1001, "long.txt")
    settings.SOCLE_ACTES_MAX_BYTES = 20 * 1024 * 1024
    settings.SOCLE_ACTES_MAX_PAGES = 2
    with pytest.raises(ExtractionError, match="3 pages pour 2 au plus"):
        extract(blank_pdf(pages=3), "long.pdf")
    with pytest.raises(ExtractionError, match="plus de 2 pages"):
        extract(("mot " * 2000).encode(), "long.txt")
