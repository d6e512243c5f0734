"""Uploads become letters: e-mails (Latin-1 text, HTML only), plain text (BOM, Latin-1), PDF;
refusals are French messages."""

from __future__ import annotations

import datetime
import io

import pytest

from socle.assistant.courrier.parsing import ParseError, parse

LATIN1_EML = (
    "From: =?iso-8859-1?q?Ren=E9e_Chastel?= <renee.chastel@exemple.test>\r\n"
    "To: mairie@exemple.test\r\n"
    "Subject: =?iso-8859-1?q?Demande_d'acte_de_d=E9c=E8s?=\r\n"
    "Date: Tue, 03 Mar 2026 09:12:00 +0100\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: 8bit\r\n\r\n"
    "Bonjour,\r\nJe souhaite une copie de l'acte de décès de ma mère.\r\nRenée\r\n"
).encode("latin-1")

HTML_EML = (
    b"From: Paul Lafont <paul@exemple.test>\r\nSubject: Lampadaire\r\n"
    b"Date: Wed, 04 Mar 2026 18:00:00 +0000\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    b"<html><head><style>p{color:red}</style></head><body><p>Le r\xc3\xa9verb\xc3\xa8re est "
    b"\xc3\xa9teint.</p><p>Merci<br>Paul</p><script>alert(1)</script></body></html>\r\n"
)


def _pdf(text: str) -> bytes:
    """A one-page PDF with a text layer, written by hand (no generator needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    return out.getvalue()


def test_eml_latin1_headers_and_body():
    parsed = parse(LATIN1_EML, "message.eml")
    assert parsed.subject == "Demande d'acte de décès"
    assert parsed.sender_name == "Renée Chastel"
    assert parsed.sender_email == "renee.chastel@exemple.test"
    assert parsed.received_on == datetime.date(2026, 3, 3)
    assert "acte de décès de ma mère" in parsed.body


def test_eml_html_only_becomes_text_without_script_or_style():
    parsed = parse(HTML_EML, "lampadaire.eml")
    assert "Le réverbère est éteint." in parsed.body
    assert "Merci\nPaul" in parsed.body.replace("\n\n", "\n")
    assert "alert" not in parsed.body and "color" not in parsed.body


def test_txt_utf8_bom_and_latin1_fallback():
    assert parse("\ufeffBonjour, la fontaine fuit.".encode(), "a.txt").body == (
        "Bonjour, la fontaine fuit.")
    latin = parse("Le trottoir est abîmé à côté de l'église.".encode("latin-1"), "b.txt")
    assert latin.body == "Le trottoir est abîmé à côté de l'église."
    assert latin.encoding == "Windows-1252"


def test_pdf_text_layer():
    parsed = parse(_pdf("Demande de location de la salle des fetes"), "lettre.pdf")
    assert "salle des fetes" in parsed.body


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "vide.txt", "vide"),
    (b"bonjour", "lettre.docx", "Format non pris en charge"),
    (b"bonjour", "faux.pdf", "ne correspond pas"),
    (b"%PDF-1.4 garbage", "casse.pdf", "PDF illisible"),
])
def test_refusals_are_french(data, name, message):
    with pytest.raises(ParseError, match=message):
        parse(data, name)


def test_size_limit(settings):
    settings.SOCLE_ASSISTANT_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ParseError, match="trop volumineux"):
        parse(b"x" * 11, "long.txt")
