"""The official referential import: a tiny referential written by each test, and one run of the
full shipped referential. Also the refresh script, on a fake npm tarball."""

import copy
import datetime
import gzip
import io
import json
import tarfile

import pytest
from django.core.management import call_command

from scripts import refresh_referentiel
from socle.journal.models import AuditEvent
from socle.territoires.models import Collectivite, ReferentialImport
from socle.territoires.referentiel import ReferentialError, referentiel_import


def _commune(code, nom, siren, population, postal, dep="07", region="84"):
    row = {"code": code, "nom": nom, "departement": dep, "region": region,
           "type": "commune-actuelle", "zone": "metro", "codesPostaux": postal}
    if siren:
        row["siren"] = siren
    if population is not None:
        row["population"] = population
    return row


def _member(code, nom):
    return {"code": code, "nom": nom}


SMALL = {
    "communes": [
        _commune("07010", "Annonay", "210700100", 17274, ["07100"]),
        _commune("07078", "Davézieux", "210700787", 3150, ["07430"]),
        _commune("07186", "Privas", "210701868", 8538, ["07000"]),
        _commune("07019", "Aubenas", "210700191", 12416, ["07200"]),
        _commune("97501", "Miquelon-Langlade", None, 596, ["97500"], dep="975", region="975"),
        # Not a current commune: never imported.
        {"code": "07185", "nom": "Ancienne commune", "type": "commune-deleguee",
         "departement": "07", "region": "84", "chefLieu": "07186"},
    ],
    "epci": [
        {"code": "200072015", "nom": "CA Annonay Rhône Agglo", "type": "CA",
         "populationMunicipale": 20424, "populationTotale": 20900,
         "membres": [_member("07010", "Annonay"), _member("07078", "Davézieux")]},
        {"code": "200071413", "nom": "CA Privas Centre Ardèche", "type": "CA",
         "populationMunicipale": 8538, "populationTotale": 8700,
         "membres": [_member("07186", "Privas")]},
    ],
    "departements": [
        {"code": "07", "nom": "Ardèche", "region": "84", "chefLieu": "07186"},
        {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "region": "975", "chefLieu": "97502"},
    ],
    "regions": [
        {"code": "84", "nom": "Auvergne-Rhône-Alpes", "chefLieu": "69123"},
        {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "chefLieu": "97502"},
    ],
}
SMALL_ROWS = 5 + 2 + 2 + 2


def small_referential() -> dict:
    return copy.deepcopy(SMALL)


def write_referential(directory, data=None):
    """Write a referential in the shipped layout (gzip JSON files); return the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in (data or SMALL).items():
        (directory / f"{name}.json.gz").write_bytes(gzip.compress(json.dumps(rows).encode()))
    return directory


@pytest.fixture
def source(tmp_path):
    return write_referential(tmp_path / "referentiel")


def _row(ref_key):
    return Collectivite.objects.get(ref_key=ref_key)


def test_import_loads_current_communes_epci_departements_and_regions(db, source):
    result = referentiel_import(source_dir=source)

    assert (result.created, result.updated, result.unchanged, result.deactivated) == (
        SMALL_ROWS, 0, 0, 0)
    assert not Collectivite.objects.filter(code_insee="07185").exists()
    annonay = _row("commune:07010")
    assert annonay.kind == "commune" and annonay.name == "Annonay"
    assert (annonay.siren, annonay.population, annonay.postal_codes) == ("210700100", 17274,
                                                                         ["07100"])
    assert (annonay.departement_code, annonay.region_code) == ("07", "84")
    assert annonay.epci == _row("epci:200072015")
    assert annonay.latitude == pytest.approx(45.24, abs=0.05)
    assert annonay.longitude == pytest.approx(4.64, abs=0.05)
    agglo = _row("epci:200072015")
    assert (agglo.kind, agglo.epci_kind, agglo.siren, agglo.population) == (
        "epci", "CA", "200072015", 20424)
    assert agglo.departement_code == "07"
    assert set(agglo.member_communes.values_list("code_insee", flat=True)) == {"07010", "07078"}
    # Population-weighted: much nearer Annonay (17,274) than Davézieux (3,150).
    davezieux = _row("commune:07078")
    assert abs(agglo.latitude - annonay.latitude) < abs(agglo.latitude - davezieux.latitude)
    assert _row("commune:07019").epci is None
    miquelon = _row("commune:97501")
    assert (miquelon.siren, miquelon.region_code, miquelon.departement_code) == (None, "975", "975")
    assert _row("departement:07").population == 17274 + 3150 + 8538 + 12416
    assert _row("region:84").name == "Auvergne-Rhône-Alpes"
    assert Collectivite.objects.filter(is_member=True).count() == 0


def test_import_is_recorded_with_its_counts(db, source):
    result = referentiel_import(source_dir=source)

    run = ReferentialImport.objects.get()
    assert (run.checksum, run.created, run.updated) == (result.checksum, SMALL_ROWS, 0)
    event = AuditEvent.objects.get(action="territoires.referentiel_imported")
    assert event.actor is None and event.actor_label == "Système"
    assert event.details["créées"] == SMALL_ROWS
    assert event.details["par type"] == {"commune": 5, "epci": 2, "departement": 2, "region": 2}


def test_unchanged_referential_is_skipped_at_once(db, source):
    referentiel_import(source_dir=source)
    stamp = _row("commune:07010").updated_at

    result = referentiel_import(source_dir=source)

    assert result.skipped
    assert ReferentialImport.objects.count() == 1
    assert AuditEvent.objects.filter(action="territoires.referentiel_imported").count() == 1
    assert _row("commune:07010").updated_at == stamp


def test_forced_second_run_changes_nothing(db, source):
    referentiel_import(source_dir=source)
    before = list(Collectivite.objects.order_by("pk").values())

    result = referentiel_import(source_dir=source, force=True)

    assert not result.skipped
    assert (result.created, result.updated, result.unchanged, result.deactivated) == (
        0, 0, SMALL_ROWS, 0)
    assert list(Collectivite.objects.order_by("pk").values()) == before
    assert ReferentialImport.objects.count() == 2


def test_changed_name_population_and_epci_are_updated(db, tmp_path, source):
    referentiel_import(source_dir=source)
    data = small_referential()
    data["communes"][1]["nom"] = "Davézieux-le-Neuf"
    data["communes"][2]["population"] = 9000
    data["epci"][1]["membres"].append(_member("07019", "Aubenas"))

    result = referentiel_import(source_dir=write_referential(tmp_path / "v2", data))

    # Davézieux (name), Privas (population), Aubenas (EPCI), CA Privas (centre now includes
    # Aubenas), the département and the région (sums of populations).
    assert (result.created, result.updated, result.deactivated) == (0, 6, 0)
    assert _row("commune:07078").name == "Davézieux-le-Neuf"
    assert _row("commune:07186").population == 9000
    assert _row("commune:07019").epci == _row("epci:200071413")


def test_rows_that_left_the_referential_are_deactivated_and_keep_member_data(
    db, tmp_path, source
):
    referentiel_import(source_dir=source)
    Collectivite.objects.filter(ref_key="commune:07019").update(
        is_member=True, member_since=datetime.date(2021, 3, 1),
        website="https://aubenas.example", contact_email="mairie@aubenas.example",
    )
    data = small_referential()
    data["communes"] = [c for c in data["communes"] if c["code"] != "07019"]

    result = referentiel_import(source_dir=write_referential(tmp_path / "v2", data))

    assert result.deactivated == 1
    aubenas = _row("commune:07019")
    assert not aubenas.is_active
    assert (aubenas.is_member, aubenas.member_since) == (True, datetime.date(2021, 3, 1))
    assert (aubenas.website, aubenas.contact_email) == ("https://aubenas.example",
                                                        "mairie@aubenas.example")
    assert aubenas.name == "Aubenas" and aubenas.siren == "210700191"

    back = referentiel_import(source_dir=source)
    assert back.deactivated == 0
    assert _row("commune:07019").is_active


def test_import_never_touches_member_fields(db, tmp_path, source):
    referentiel_import(source_dir=source)
    member = {"is_member": True, "member_since": datetime.date(2019, 1, 1),
              "website": "https://www.annonay.example", "contact_email": "dsi@annonay.example"}
    Collectivite.objects.filter(ref_key__in=["commune:07010", "epci:200072015"]).update(**member)
    data = small_referential()
    data["communes"][0]["population"] = 18000
    data["epci"][0]["nom"] = "CA Annonay Rhône Agglomération"

    referentiel_import(source_dir=write_referential(tmp_path / "v2", data))

    for ref_key in ("commune:07010", "epci:200072015"):
        row = Collectivite.objects.filter(ref_key=ref_key).values(*member).get()
        assert row == member
    assert _row("commune:07010").population == 18000


def test_siren_given_to_a_new_commune_is_released_by_the_old_one(db, tmp_path, source):
    referentiel_import(source_dir=source)
    data = small_referential()
    data["communes"] = [c for c in data["communes"] if c["code"] != "07019"]
    data["communes"].append(_commune("07999", "Aubenas-Nouvelle", "210700191", 13000, ["07200"]))

    result = referentiel_import(source_dir=write_referential(tmp_path / "v2", data))

    assert (result.created, result.deactivated) == (1, 1)
    assert _row("commune:07999").siren == "210700191"
    assert _row("commune:07019").siren is None


def test_local_row_holding_an_official_siren_stops_the_import_and_writes_nothing(db, source):
    Collectivite.objects.create(ref_key="local:annonay", kind="commune", name="Annonay (saisie)",
                                siren="210700100")

    with pytest.raises(ReferentialError, match="210700100"):
        referentiel_import(source_dir=source)

    assert Collectivite.objects.count() == 1
    assert not ReferentialImport.objects.exists()


def test_missing_file_gives_a_clear_message(db, tmp_path):
    with pytest.raises(ReferentialError, match="introuvable"):
        referentiel_import(source_dir=tmp_path)


def test_command_reports_the_import_then_up_to_date(db, source):
    out = io.StringIO()
    call_command("import_referentiel", source_dir=str(source), stdout=out)
    call_command("import_referentiel", source_dir=str(source), stdout=out)

    text = out.getvalue()
    assert "11 créées" in text
    assert "déjà à jour" in text


def test_full_shipped_referential(db):
    result = referentiel_import()

    communes = Collectivite.objects.filter(kind="commune", is_active=True)
    assert communes.count() >= 34_900
    assert communes.filter(siren__isnull=True).count() < 200
    assert communes.filter(latitude__isnull=False).count() >= 34_800
    with_members = Collectivite.objects.filter(kind="epci", member_communes__isnull=False)
    assert with_members.distinct().count() >= 1_250
    assert _row("commune:07010").epci.name == "CA Annonay Rhône Agglo"
    assert result.totals["departement"] >= 101


# --- The refresh script, on a fake npm tarball -------------------------------------------------


def _fake_tarball(path, *, name="@etalab/decoupage-administratif", version="9.9.9"):
    files = {
        "package/package.json": json.dumps({"name": name, "version": version, "license": "MIT"}),
        "package/LICENSE": "MIT License\n\nCopyright (c) Etalab\n",
        **{f"package/data/{key}.json": json.dumps(rows) for key, rows in SMALL.items()},
        "package/data/ept.json": "[]",
    }
    with tarfile.open(path, "w:gz") as tar:
        for member, text in files.items():
            raw = text.encode()
            info = tarfile.TarInfo(member)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return path


def test_refresh_rewrites_the_shipped_files_from_a_tarball(tmp_path):
    tarball = _fake_tarball(tmp_path / "etalab-decoupage-administratif-9.9.9.tgz")
    out = tmp_path / "referentiel"

    source = refresh_referentiel.refresh_from_tarball(tarball, out,
                                                      today=datetime.date(2027, 1, 15))

    assert sorted(p.name for p in out.iterdir()) == [
        "LICENSE", "SOURCE.md", "communes.json.gz", "departements.json.gz", "epci.json.gz",
        "regions.json.gz", "source.json"]
    assert json.loads(gzip.decompress((out / "epci.json.gz").read_bytes())) == SMALL["epci"]
    assert source["counts"]["communes_actuelles"] == 5
    assert json.loads((out / "source.json").read_text())["version"] == "9.9.9"
    text = (out / "SOURCE.md").read_text()
    assert "version **9.9.9**" in text and "2027-01-15" in text and "MIT" in text
    assert "5 communes actuelles" in text


def test_refreshed_files_can_be_imported(db, tmp_path):
    out = tmp_path / "referentiel"
    refresh_referentiel.main(["--tarball", str(_fake_tarball(tmp_path / "p.tgz")),
                              "--out", str(out)])

    result = referentiel_import(source_dir=out)

    assert result.created == SMALL_ROWS
    assert result.source == "@etalab/decoupage-administratif@9.9.9"


def test_refresh_refuses_another_package(tmp_path, capsys):
    tarball = _fake_tarball(tmp_path / "other.tgz", name="left-pad")

    assert refresh_referentiel.main(["--tarball", str(tarball), "--out",
                                     str(tmp_path / "out")]) == 1
    assert "Paquet inattendu" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
