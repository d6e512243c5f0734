"""Each deterministic detector, positives and negatives: checksums, birth context, formats."""

import pytest

from socle.confidentialite import engine


def found(text: str, label: str, **kwargs) -> list[str]:
    analysis = engine.analyse(text, use_model=False, **kwargs)
    return [e.text for e in analysis.entities if e.label == label and e.action == "mask"]


def nir_with_key(body: str) -> str:
    numeric = body.replace("2A", "19").replace("2B", "18")
    return f"{body}{97 - int(numeric) % 97:02d}"


def test_nir_with_a_valid_key_is_masked_and_a_wrong_key_is_not():
    good = nir_with_key("1850375123456")
    bad = good[:-2] + f"{(int(good[-2:]) + 1) % 97:02d}"
    assert engine.nir_is_valid(good)
    assert not engine.nir_is_valid(bad)
    assert found(f"NIR : {good}.", "NIR") == [good]
    assert found(f"NIR : {bad}.", "NIR") == []


@pytest.mark.parametrize("dept", ["2A", "2B"])
def test_nir_born_in_corsica(dept):
    good = nir_with_key(f"28506{dept}123456")
    spaced = f"{good[0]} {good[1:3]} {good[3:5]} {good[5:7]} {good[7:10]} {good[10:13]} {good[13:]}"
    assert engine.nir_is_valid(good)
    assert found(f"numéro de sécurité sociale {spaced}, agent", "NIR") == [spaced]


def test_iban_checksum():
    good = "FR76 3000 6000 0112 3456 7890 189"
    assert engine.iban_is_valid(good)
    assert found(f"sur le compte {good}.", "IBAN") == [good]
    assert found("sur le compte FR76 3000 6000 0112 3456 7890 188.", "IBAN") == []
    assert not engine.iban_is_valid("FR76 3000 6000 0112 3456 7890 18")  # wrong length


@pytest.mark.parametrize(
    "phone", ["06 12 34 56 78", "04.75.58.20.11", "0612345678", "+33 6 12 34 56 78", "+33612345678"]
)
def test_french_phone_formats(phone):
    assert found(f"Joignable au {phone}, le matin.", "TELEPHONE") == [phone]


def test_numbers_that_are_not_phones():
    assert found("Montant : 48 650 € HT, SIRET 812 345 678 00019, indice 382.", "TELEPHONE") == []


def test_mairie_phone_and_generic_mailbox_are_kept():
    analysis = engine.analyse(
        "Mairie de Boffres — 04 75 58 20 11 — mairie@boffres.fr", use_model=False
    )
    assert {(e.label, e.action) for e in analysis.entities} == {
        ("TELEPHONE", "keep"), ("EMAIL", "keep")
    }


def test_personal_email_is_masked():
    assert found("Contact : claire.dupont@orange.fr.", "EMAIL") == ["claire.dupont@orange.fr"]


def test_date_of_birth_only_in_a_birth_context():
    text = "Arrêté du 12 mars 2024. Mme Léa COSTE, née le 3 juin 1987 à Privas (07), agent."
    assert found(text, "DATE_NAISSANCE") == ["3 juin 1987 à Privas (07)"]
    assert found("Séance du 12/03/2024, transmis le 14 mars 2024.", "DATE_NAISSANCE") == []


def test_postal_address_with_postcode():
    text = "domiciliée 14 bis rue des Lilas, 07440 Alboussière, a sollicité une aide."
    assert found(text, "ADRESSE") == ["14 bis rue des Lilas, 07440 Alboussière"]


def test_street_without_number_is_not_an_address():
    assert found("La circulation est interdite rue des Lilas le 10 mai.", "ADRESSE") == []


def test_court_address_is_kept():
    text = "recours devant le tribunal administratif de Lyon, 184 rue Duguesclin, 69003 Lyon."
    [entity] = engine.analyse(text, use_model=False).entities
    assert (entity.label, entity.action) == ("ADRESSE", "keep")


@pytest.mark.parametrize(
    "text, parcel",
    [
        ("parcelle cadastrée section AB n° 123", "AB n° 123"),
        ("cadastrée ZC 743 et 744", "ZC 743 et 744"),
        ("la parcelle voisine D 454", "D 454"),
    ],
)
def test_cadastral_references(text, parcel):
    assert found(text, "CADASTRE") == [parcel]


def test_vehicle_plates_new_and_old_formats():
    assert found("camion immatriculé FG-123-KT garé", "IMMATRICULATION") == ["FG-123-KT"]
    assert found("le véhicule 1234 XY 69 est en fourrière", "IMMATRICULATION") == ["1234 XY 69"]
    assert found("Article 1234 AB 69 du règlement", "IMMATRICULATION") == []


def test_residence_without_number_after_residing():
    text = "résidant résidence Les Tilleuls, bâtiment B, pour son permis."
    assert found(text, "ADRESSE") == ["résidence Les Tilleuls"]
