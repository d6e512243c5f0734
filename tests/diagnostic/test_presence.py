"""Declared presence: the import of the State's directory (ANCT JSON, Annuaire de
l'administration CSV/JSON), its page and command; nothing written on a bad file."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from socle.diagnostic import presence as presence_services
from socle.diagnostic.models import Presence
from socle.diagnostic.presence import PresenceImportError, presence_import, presence_update
from socle.journal.models import AuditEvent

pytestmark = pytest.mark.urls("tests.diagnostic.urls")


def anct_json(territory) -> bytes:
    """Two rows in the shape of the ANCT's organizations file, one unknown."""
    rows = [
        {"siret": f"{territory.a.siren}00017", "siren": territory.a.siren, "name": "Alboussière",
         "insee_geo": "07005", "type": "commune", "email_official": "mairie@alboussiere.fr",
         "website_url": "https://www.alboussiere.fr", "rcpnt": ["1.1"], "issues": []},
        {"siret": "21070036000010", "siren": "", "insee_geo": "07036", "type": "commune",
         "email_official": "mairieboffres@gmail.com", "website_url": None},
        {"siret": "21099999900011", "siren": "210999999", "insee_geo": "99999",
         "email_official": "x@y.fr", "website_url": "https://inconnue.fr"},
    ]
    return json.dumps(rows, ensure_ascii=False).encode()


ANNUAIRE_CSV = (
    "id;nom;code_insee_commune;siret;site_internet;adresse_courriel\n"
    'a1;Mairie - Champis;07050;;"[{""libelle"": """", ""valeur"": ""https://www.champis.fr""}]";'
    "mairie@champis.fr;accueil@champis.fr\n"
    "a2;Mairie - Nulle part;98765;;https://nulle-part.fr;mairie@nulle-part.fr\n"
    "a3;Mairie - Boffres;07036;;pas une adresse;mairie@boffres.fr\n"
)


def test_the_anct_json_creates_presences_by_siren_and_insee(territory):
    report = presence_import(actor=None, data=anct_json(territory), filename="orgs.json")

    assert report.rows == 3
    assert sorted(report.created) == ["Alboussière (07005)", "Boffres (07036)"]
    assert report.unknown == ["210999999"]
    a = Presence.objects.get(collectivite=territory.a)
    assert (a.website, a.contact_email, a.source) == (
        "https://www.alboussiere.fr", "mairie@alboussiere.fr", "annuaire")
    assert Presence.objects.get(collectivite=territory.b).contact_email == "mairieboffres@gmail.com"
    event = AuditEvent.objects.get(action="diagnostic.presence_imported")
    assert event.details["créées"] == 2 and event.details["inconnues"] == 1


def test_the_annuaire_csv_reads_its_columns(territory):
    report = presence_import(actor=None, data=ANNUAIRE_CSV.encode(), filename="annuaire.csv")

    assert sorted(report.created) == ["Boffres (07036)", "Champis (07050)"]
    assert report.unknown == ["98765"]
    champis = Presence.objects.get(collectivite=territory.c)
    assert champis.website == "https://www.champis.fr"
    assert champis.contact_email == "mairie@champis.fr"
    boffres = Presence.objects.get(collectivite=territory.b)
    assert boffres.website == "" and boffres.contact_email == "mairie@boffres.fr"
    assert any("pas une adresse" in w and "ignoré" in w for w in report.warnings)


def test_the_annuaire_json_with_a_service_key(territory):
    data = {"service": [{"siren": territory.c.siren, "adresse_courriel": "contact@champis.fr",
                         "site_internet": [{"libelle": "", "valeur": "https://champis.fr"}]}]}
    report = presence_import(actor=None, data=json.dumps(data).encode(), filename="a.json")
    assert report.created == ["Champis (07050)"]
    assert Presence.objects.get(collectivite=territory.c).website == "https://champis.fr"


def test_a_presence_edited_by_the_member_is_kept_unless_forced(territory, referent_a):
    presence_update(actor=referent_a, collectivite=territory.a,
                    website="https://mairie-alboussiere.fr", contact_email="", extra_domains="")
    report = presence_import(actor=None, data=anct_json(territory), filename="orgs.json")
    assert report.kept == ["Alboussière (07005)"]
    assert Presence.objects.get(collectivite=territory.a).website == "https://mairie-alboussiere.fr"

    forced = presence_import(actor=None, data=anct_json(territory), filename="orgs.json",
                             force=True)
    assert forced.updated == ["Alboussière (07005)"] and forced.unchanged == 1
    a = Presence.objects.get(collectivite=territory.a)
    assert a.website == "https://www.alboussiere.fr" and a.source == "annuaire"
    again = presence_import(actor=None, data=anct_json(territory), filename="orgs.json")
    assert again.unchanged == 2 and not again.updated and not again.created


@pytest.mark.parametrize(("data", "message"), [
    ("siren;site\n210070050;https://é.fr\n".encode("cp1252"), "n'est pas encodé en UTF-8"),
    (b"", "Le fichier est vide."),
    (b'{"service": 3}', "Le JSON doit être une liste"),
    (b"[{\"siren\": ", "JSON illisible"),
    (b"nom;ville\nChampis;Champis\n", "Colonnes non reconnues"),
])
def test_a_bad_file_writes_nothing(territory, data, message):
    with pytest.raises(PresenceImportError, match=message):
        presence_import(actor=None, data=data, filename="x.csv")
    assert not Presence.objects.exists()
    assert not AuditEvent.objects.filter(action="diagnostic.presence_imported").exists()


def test_a_too_big_file_is_refused(territory, monkeypatch):
    monkeypatch.setattr(presence_services, "MAX_IMPORT_BYTES", 100)
    with pytest.raises(PresenceImportError, match="trop volumineux"):
        presence_import(actor=None, data=anct_json(territory), filename="orgs.json")
    assert not Presence.objects.exists()


def test_only_the_operator_imports(territory, referent_a):
    with pytest.raises(PermissionDenied):
        presence_import(actor=referent_a, data=anct_json(territory), filename="orgs.json")


def test_the_operator_imports_through_the_page(client, login, operateur, territory):
    login(operateur)
    url = reverse("diagnostic:import")
    assert "Fichiers acceptés" in client.get(url).content.decode()
    upload = SimpleUploadedFile("orgs.json", anct_json(territory), "application/json")
    page = client.post(url, {"file": upload}).content.decode()
    assert "Bilan de l&#x27;import" in page or "Bilan de l'import" in page
    assert "2 présences créées" in page and "210999999" in page
    assert AuditEvent.objects.get(action="diagnostic.presence_imported").actor == operateur


def test_the_page_explains_a_bad_file_in_french(client, login, operateur, territory):
    login(operateur)
    url = reverse("diagnostic:import")
    latin1 = SimpleUploadedFile("a.csv", "siren;site\n1;é\n".encode("latin-1"), "text/csv")
    response = client.post(url, {"file": latin1})
    assert response.status_code == 400
    assert "encodé en UTF-8" in response.content.decode()
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4", "application/pdf")
    assert "Seuls les fichiers .csv et .json" in client.post(url, {"file": pdf}).content.decode()
    assert not Presence.objects.exists()


def test_the_command_imports_a_file(territory, tmp_path):
    path = tmp_path / "annuaire.csv"
    path.write_text(ANNUAIRE_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("diagnostic_import_presence", str(path), stdout=out)
    assert "créées : 2" in out.getvalue() and "98765" in out.getvalue()
    assert Presence.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes("siren\n€".encode("cp1252"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("diagnostic_import_presence", str(bad), stdout=io.StringIO())
