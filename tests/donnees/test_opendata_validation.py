"""The validation engine against the official SCDL schema files shipped in socle/data/schemas,
custom checks included, and the ``donnees_validate`` command."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from socle.donnees.opendata.schemas import SCHEMAS, load_schema
from socle.donnees.opendata.validation import validate
from socle.donnees.opendata.validation.checks import CHECKS, siret_ok
from tests.donnees.opendata_helpers import csv_bytes, deliberation, siret_for

SIRET = siret_for("217000050")
DELIBS = "scdl/deliberations"


def _errors(report) -> list[tuple]:
    return [(i.row, i.field) for i in report.issues]


def test_every_shipped_schema_loads_and_its_custom_checks_are_all_implemented():
    for name in SCHEMAS:
        schema = load_schema(name)
        assert schema.fields
        assert {c["name"] for c in schema.custom_checks} <= set(CHECKS)
    used = {c["name"] for n in SCHEMAS for c in load_schema(n).custom_checks}
    assert used == set(CHECKS)  # each implemented check is used by a shipped schema


def test_a_valid_deliberations_file_passes_with_comma_or_semicolon_and_bom():
    rows = [deliberation(SIRET), deliberation(SIRET, DELIB_ID="DEL-2", BUDGET_ANNEE="2024/2025")]
    for sep, bom in ((",", False), (";", True)):
        report = validate(load_schema(DELIBS), csv_bytes(DELIBS, rows, sep=sep, bom=bom))
        assert report.valid, report.issues
        assert report.rows == 2
        assert report.delimiter == sep


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"COLL_SIRET": "21700005000011"}, "COLL_SIRET", "SIRET valide"),
    ({"COLL_SIRET": "2170"}, "COLL_SIRET", "format attendu"),
    ({"DELIB_DATE": "12/03/2024"}, "DELIB_DATE", "AAAA-MM-JJ"),
    ({"DELIB_DATE": "2024-02-30"}, "DELIB_DATE", "date qui existe"),
    ({"DELIB_OBJET": ""}, "DELIB_OBJET", "obligatoire"),
    ({"VOTE_POUR": "12"}, "VOTE_REEL", "s'additionnent pas"),
    ({"VOTE_REEL": "16", "VOTE_POUR": "14"}, "VOTE_EFFECTIF", "supérieur ou égal"),
    ({"PREF_DATE": "2024-03-01"}, "PREF_DATE", "supérieur ou égal"),
    ({"BUDGET_ANNEE": "2025/2024"}, "BUDGET_ANNEE", "première année"),
    ({"BUDGET_NOM": ""}, "BUDGET_NOM", "vont ensemble"),
    ({"VOTE_CONTRE": ""}, "VOTE_CONTRE", "vont ensemble"),
    ({"DELIB_MATIERE_NOM": "Sport/football"}, "DELIB_MATIERE_NOM", "nomenclature ACTES"),
    ({"DELIB_MATIERE_NOM": "finances locales"}, "DELIB_MATIERE_NOM", "barre oblique"),
    ({"VOTE_EFFECTIF": "quinze"}, "VOTE_EFFECTIF", "nombre entier"),
    ({"DELIB_URL": "www.exemple.fr"}, "DELIB_URL", "adresse web"),
])
def test_each_rule_of_the_deliberations_schema_gives_a_french_row_level_error(changes, field,
                                                                              words):
    rows = [deliberation(SIRET), deliberation(SIRET, DELIB_ID="DEL-2", **changes)]
    report = validate(load_schema(DELIBS), csv_bytes(DELIBS, rows))
    assert not report.valid
    matching = [i for i in report.issues if i.field == field and words in i.message]
    assert matching, report.issues
    assert matching[0].row == 3  # header is row 1, the faulty line is the second data row


def test_accents_and_case_do_not_matter_in_the_acts_nomenclature():
    row = deliberation(SIRET, DELIB_MATIERE_NOM="DOMAINES DE COMPETENCES PAR THEMES/Sport")
    assert validate(load_schema(DELIBS), csv_bytes(DELIBS, [row])).valid


def test_subventions_custom_checks_one_of_required_and_beneficiary_siret():
    name = "scdl/subventions"
    base = {"nomAttribuant": "Commune", "idAttribuant": SIRET, "dateConvention": "2024-01-10",
            "nomBeneficiaire": "Club", "idBeneficiaire": SIRET, "objet": "Fonctionnement",
            "montant": "1500.50", "nature": "aide en numéraire", "conditionsVersement": "Unique",
            "datesPeriodeVersement": "2024-02-01", "notificationUE": "non",
            "pourcentageSubvention": "1"}
    assert validate(load_schema(name), csv_bytes(name, [base])).valid
    report = validate(load_schema(name), csv_bytes(name, [
        {**base, "idBeneficiaire": "", "montant": "12,5", "notificationUE": "peut-être"}]))
    messages = {i.field: i.message for i in report.issues}
    assert "au moins l'une des colonnes" in messages["idBeneficiaire"]
    assert "séparateur décimal est le point" in messages["montant"]
    assert "oui, non" in messages["notificationUE"]


def test_file_level_problems_are_refused_with_a_clear_message_never_an_exception():
    schema = load_schema(DELIBS)
    latin1 = csv_bytes(DELIBS, [deliberation(SIRET)]).decode().encode("latin-1")
    cases = {
        latin1: "n'est pas encodé en UTF-8",
        b"": "vide",
        b"COLL_NOM\tCOLL_SIRET\n": "Séparateur introuvable",
        b"\x00\x01PK": "caractères nuls",
        b"COLL_NOM,AUTRE\nA,B\n": "manquante",
    }
    for data, words in cases.items():
        report = validate(schema, data)
        assert not report.valid
        assert any(words in issue.message for issue in report.issues), (data, report.issues)


def test_unknown_column_missing_column_and_ragged_row_are_reported():
    schema = load_schema(DELIBS)
    data = csv_bytes(DELIBS, [deliberation(SIRET)]).replace(b"DELIB_URL", b"LIEN")
    report = validate(schema, data)
    assert ("LIEN" in str(report.issues)) and any("manquante" in i.message for i in report.issues)
    ragged = csv_bytes(DELIBS, [deliberation(SIRET)]) + b"trop,court\r\n"
    report = validate(schema, ragged)
    assert _errors(report) == [(3, None)]


def test_size_limit():
    report = validate(load_schema(DELIBS), csv_bytes(DELIBS, [deliberation(SIRET)]), max_bytes=10)
    assert "la limite est de" in report.issues[0].message


def test_siret_check_knows_la_poste():
    assert siret_ok("35600000000048")
    assert siret_ok(SIRET) and not siret_ok(SIRET[:-1] + str((int(SIRET[-1]) + 1) % 10))


def test_command_json_output_and_exit_codes(tmp_path, capsys):
    good, bad = tmp_path / "ok.csv", tmp_path / "ko.csv"
    good.write_bytes(csv_bytes(DELIBS, [deliberation(SIRET)]))
    bad.write_bytes(csv_bytes(DELIBS, [deliberation(SIRET, VOTE_POUR="99")]))
    call_command("donnees_validate", DELIBS, str(good), "--json")
    assert json.loads(capsys.readouterr().out) == {"valid": True, "errors": []}
    with pytest.raises(SystemExit) as exit_info:
        call_command("donnees_validate", DELIBS, str(bad), "--json")
    assert exit_info.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["valid"] is False
    assert set(result["errors"][0]) == {"row", "field", "message"}
    assert result["errors"][0]["row"] == 2


def test_command_readable_report_and_usage_errors(tmp_path, capsys):
    bad = tmp_path / "ko.csv"
    bad.write_bytes(csv_bytes(DELIBS, [deliberation(SIRET, DELIB_DATE="hier")]))
    with pytest.raises(SystemExit):
        call_command("donnees_validate", DELIBS, str(bad))
    out = capsys.readouterr().out
    assert "n'est pas conforme" in out and "ligne 2, colonne DELIB_DATE" in out
    with pytest.raises(CommandError, match="Schéma inconnu") as error:
        call_command("donnees_validate", "scdl/inconnu", str(bad))
    assert error.value.returncode == 2
    with pytest.raises(CommandError, match="Fichier illisible"):
        call_command("donnees_validate", DELIBS, str(tmp_path / "absent.csv"))
