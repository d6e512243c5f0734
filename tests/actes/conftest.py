"""Files and metadata for the acts tests: a realistic délibération naming a resident, in every
accepted format, and bad files of every kind."""

from __future__ import annotations

import io

import pytest

from socle.actes.models import siret_ok

ACT_TEXT = """COMMUNE D'ALBOUSSIÈRE
Délibération n° 2026-014 du conseil municipal
Séance du 12 mars 2026, sous la présidence de M. Étienne Élu, maire.
Objet : attribution d'une aide au ravalement de façade
Le conseil municipal attribue une aide de 1 500 euros à Mme Jeanne Durand, née le 04/07/1961,
domiciliée 12 rue des Lilas, 07440 Alboussière (téléphone 06 12 34 56 78,
courriel jeanne.durand@example.fr), pour la parcelle cadastrée section AB n° 123.
Mme Durand s'engage à achever les travaux avant le 31 décembre 2026.
Fait à Alboussière, le 12 mars 2026.
Le maire, Étienne Élu
"""
ACT_BYTES = ACT_TEXT.encode()
MASKED = ["Jeanne Durand", "Durand", "04/07/1961", "06 12 34 56 78", "jeanne.durand@example.fr"]


def valid_siret(prefix: str = "2107000500001") -> str:
    return next(prefix + str(d) for d in range(10) if siret_ok(prefix + str(d)))


def metadata(**overrides) -> dict:
    data = {
        "kind": "deliberation", "nature": "1", "number": "2026-014", "date": "2026-03-12",
        "object": "Attribution d'une aide au ravalement de façade à Mme Jeanne Durand",
        "matiere_code": "7.5", "siret": valid_siret(), "author_name": "Étienne Élu",
        "author_title": "Maire", "other_officials": "", "votes_effectif": "15",
        "votes_presents": "12", "votes_votants": "13", "votes_pour": "11",
        "votes_contre": "1", "votes_abstentions": "1",
    }
    data.update(overrides)
    return data


def pdf_with_text(text: str = ACT_TEXT) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    return HTML(string=f"<pre>{escape(text)}</pre>").write_pdf()


def blank_pdf(pages: int = 1, password: str | None = None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(text: str = ACT_TEXT) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(text: str = ACT_TEXT) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for line in text.splitlines():
        document.text.addElement(P(text=line))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def text_pdf() -> bytes:
    return pdf_with_text()


@pytest.fixture
def upload(login):
    """upload(user, collectivite, filename, data, **metadata overrides) -> response."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    def _upload(user, collectivite, filename="deliberation.txt", data=ACT_BYTES,
                **overrides):
        client = login(user)
        return client.post(reverse("actes:upload", args=[collectivite.pk]),
                           {**metadata(**overrides), "file": SimpleUploadedFile(filename, data)})

    return _upload
