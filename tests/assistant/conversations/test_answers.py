"""The citation / refusal / masking protocol on its own (no database, no network)."""

from socle.assistant.conversations.answers import REFUSAL_TOKEN, check, mask_contacts

SOURCES = [
    {"text": "Tester la restauration chaque trimestre. Support : 01 23 45 67 89.",
     "url": "https://cyber.gouv.fr/sauvegarde"},
    {"text": "Publier la déclaration d'accessibilité.", "url": ""},
]


def test_keeps_only_cited_sources_and_drops_invented_numbers():
    checked = check("Il faut tester la restauration [1]. Voir aussi [7].", SOURCES)
    assert not checked.refused
    assert checked.cited == [1]
    assert "[7]" not in checked.text and checked.text.endswith("aussi.")


def test_refusal_token_or_no_citation_is_a_refusal():
    assert check(REFUSAL_TOKEN, SOURCES).refused
    assert check(f"{REFUSAL_TOKEN}.", SOURCES).refused
    assert check("Il faut tester la restauration.", SOURCES).refused
    assert check("Voir [5].", SOURCES).refused
    assert check("   ", SOURCES).refused


def test_contacts_absent_from_cited_sources_are_masked():
    checked = check("Appelez le 01 23 45 67 89 ou le 06 98 76 54 32, écrivez à "
                    "jean@exemple.fr, lisez https://cyber.gouv.fr/sauvegarde et "
                    "https://pirate.example/x. [1]", SOURCES)
    assert "01 23 45 67 89" in checked.text
    assert "06 98 76 54 32" not in checked.text and "[téléphone masqué]" in checked.text
    assert "jean@exemple.fr" not in checked.text and "[courriel masqué]" in checked.text
    assert "https://cyber.gouv.fr/sauvegarde" in checked.text
    assert "pirate.example" not in checked.text and "[lien masqué]." in checked.text
    assert checked.masked == 3


def test_contact_of_an_uncited_source_is_masked():
    text, count = mask_contacts("Support : 01 23 45 67 89", SOURCES[1]["text"])
    assert text == "Support : [téléphone masqué]" and count == 1


def test_phone_formats_compare_by_digits():
    text, count = mask_contacts("+33 1 23 45 67 89 et 01.23.45.67.89", SOURCES[0]["text"])
    assert count == 0 and "+33 1 23 45 67 89" in text
