"""PDF and ODS documents as people open them: real files, readable back, nothing fetched."""

import datetime as dt
import io
import zipfile

import pytest
from django.template import engines

from socle.core.documents import (
    ExternalResourceRefused,
    _static_only_fetcher,
    render_ods,
    render_pdf,
)


def test_pdf_is_a_real_pdf_with_our_text(tmp_path, settings):
    pdf = render_pdf("socle/documents/base.html", {})
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 500


def test_pdf_rendering_never_fetches_outside_static_files():
    with pytest.raises(ExternalResourceRefused):
        _static_only_fetcher("https://cdn.example.org/x.css")
    served = _static_only_fetcher("/static/css/socle.css")
    assert b"--brand" in served["string"]


def test_ods_keeps_types_and_sheets():
    data = render_ods([
        ("Appareils", ["Nom", "Prix", "Achat", "Actif"],
         [["Portable", 899.5, dt.date(2021, 3, 4), True], ["Écran", 120, None, False]]),
        ("Vide", ["Colonne"], []),
    ])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        content = archive.read("content.xml").decode()
    assert 'table:name="Appareils"' in content and 'table:name="Vide"' in content
    assert 'office:value-type="float"' in content and 'office:value="899.5"' in content
    assert 'office:date-value="2021-03-04"' in content
    assert "Écran" in content


def test_engine_loads_document_base():
    assert engines["django"].get_template("socle/documents/base.html")
