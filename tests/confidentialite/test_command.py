"""python manage.py pseudonymise FILE [--json]: output shape and French errors."""

import json

import pytest
from django.core.management import CommandError, call_command


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("pseudonymise", *args, stdout=out)
    return out.getvalue()


def test_json_output(tmp_path):
    path = tmp_path / "acte.txt"
    path.write_text("Aide accordée à Mme Léa COSTE, 06 11 22 33 44.\nLe Maire,\nJean MARTIN\n",
                    encoding="utf-8")
    body = json.loads(run(str(path), "--json"))
    assert body["text"] == (
        "Aide accordée à Mme [Personne 1], [Téléphone 1].\nLe Maire,\nJean MARTIN\n"
    )
    assert [(e["label"], e["text"], e["action"]) for e in body["entities"]] == [
        ("PERSONNE", "Léa COSTE", "mask"),
        ("TELEPHONE", "06 11 22 33 44", "mask"),
        ("PERSONNE", "Jean MARTIN", "keep"),
    ]
    assert set(body["entities"][0]) == {"start", "end", "label", "text", "action", "reason"}


def test_plain_output_is_the_pseudonymised_text(tmp_path):
    path = tmp_path / "acte.txt"
    path.write_text("Contact : lea.coste@free.fr", encoding="utf-8")
    assert run(str(path)).strip() == "Contact : [Courriel 1]"


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run(str(tmp_path / "absent.txt"))


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Délibération".encode("latin-1"))
    with pytest.raises(CommandError, match="n'est pas encodé en UTF-8"):
        run(str(path))
