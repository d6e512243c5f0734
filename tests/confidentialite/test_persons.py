"""Persons: civilities, officials kept with their rule, propagation, the precedence rules, and
the spaCy model (one test loads it)."""

from socle.confidentialite import engine

MINUTES = """Présents : M. Jean DUPONT, Mme Sylvie MARCHAND, M. Paul ROCHE
Absents excusés : Mme Nadia BENALI (pouvoir à M. Paul ROCHE)
Secrétaire de séance : Mme Sylvie MARCHAND

Le Maire expose que l'association, présidée par Mme Claire VERNET, domiciliée 3 rue Haute,
a sollicité une aide. Mme VERNET sera informée. Claire VERNET remercie le conseil.

Le Maire,
Jean DUPONT
"""


def persons(text: str, **kwargs) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for e in engine.analyse(text, **kwargs).entities:
        if e.label == "PERSONNE":
            result.setdefault(e.text, set()).add(e.action)
    return result


def test_council_lists_and_signature_are_kept_residents_masked():
    found = persons(MINUTES, use_model=False)
    for member in ("Jean DUPONT", "Sylvie MARCHAND", "Paul ROCHE", "Nadia BENALI"):
        assert found[member] == {"keep"}, member
    assert found["Claire VERNET"] == {"mask"}
    assert found["VERNET"] == {"mask"}  # propagated: "Mme VERNET"


def test_every_occurrence_gets_the_same_placeholder():
    analysis = engine.analyse(MINUTES, use_model=False)
    result = engine.pseudonymise(MINUTES, analysis.entities)
    assert "VERNET" not in result.text
    assert result.text.count("[Personne 1]") == 3
    assert "Jean DUPONT" in result.text and "[Adresse 1]" in result.text


def test_restore_round_trip():
    """Back to the original; a shorter form of a name comes back as the first form seen."""
    analysis = engine.analyse(MINUTES, use_model=False)
    result = engine.pseudonymise(MINUTES, analysis.entities)
    restored = engine.restore(result.text, result.mapping)
    assert restored == MINUTES.replace("Mme VERNET", "Mme Claire VERNET")


def test_restore_is_exact_when_each_person_has_one_form():
    text = "Subvention attribuée à Mme Léa COSTE, tél. 06 11 22 33 44 ; Mme Léa COSTE remercie."
    analysis = engine.analyse(text, use_model=False)
    result = engine.pseudonymise(text, analysis.entities)
    assert result.text == (
        "Subvention attribuée à Mme [Personne 1], tél. [Téléphone 1] ; Mme [Personne 1] remercie."
    )
    assert result.mapping == {"[Personne 1]": "Léa COSTE", "[Téléphone 1]": "06 11 22 33 44"}
    assert engine.restore(result.text, result.mapping) == text


def test_officials_passed_in_are_kept_with_their_rule():
    text = "M. Karim HADDAD a présenté le budget. Le conseil remercie M. HADDAD."
    kept = engine.analyse(text, officials=["Karim Haddad"], use_model=False).entities
    assert {e.action for e in kept} == {"keep"}
    assert all("Élu connu" in e.reason for e in kept)
    masked = engine.analyse(text, use_model=False).entities
    assert {e.action for e in masked} == {"mask"}


def test_resident_sharing_the_mayors_surname_is_masked():
    text = (
        "Nous, Jean DUPONT, Maire de Boffres,\n"
        "Vu la demande présentée par Mme Claire DUPONT, domiciliée 2 rue Basse,\n"
        "Article 1 : une aide est accordée à Mme DUPONT.\n"
        "Le Maire,\nJean DUPONT\n"
    )
    entities = [e for e in engine.analyse(text, officials=["Jean Dupont", "Claire Dupont"],
                                          use_model=False).entities if e.label == "PERSONNE"]
    actions = [(e.text, e.action) for e in entities]
    assert actions == [
        ("Jean DUPONT", "keep"), ("Claire DUPONT", "mask"), ("DUPONT", "mask"),
        ("Jean DUPONT", "keep"),
    ]
    assert "bénéficiaire" in entities[1].reason


def test_prefect_and_deputy_in_office_are_kept():
    text = ("Ampliation sera adressée à Mme Odile PEYRON, Préfète de l'Ardèche.\n"
            "Pour le Maire et par délégation,\nL'Adjoint délégué,\nHugo BARRAL\n")
    assert persons(text, use_model=False) == {"Odile PEYRON": {"keep"}, "Hugo BARRAL": {"keep"}}


def test_street_and_school_names_are_not_persons():
    text = "Travaux rue Jean Jaurès et à l'école Jules Ferry, place Victor Hugo."
    assert persons(text) == {}


def test_spacy_finds_a_name_without_civility_or_capitals():
    text = "La concession est attribuée à Lucienne Fabre pour trente ans."
    assert persons(text) == {"Lucienne Fabre": {"mask"}}
    assert persons(text, use_model=False) == {}


def test_same_family_name_different_first_names_get_different_placeholders():
    text = ("Aide attribuée à Mme Claire ROUX et à M. Paul ROUX, son fils. "
            "Mme Claire ROUX remercie ; M. ROUX aussi.")
    result = engine.pseudonymise(text, engine.analyse(text, use_model=False).entities)
    assert result.text == (
        "Aide attribuée à Mme [Personne 1] et à M. [Personne 2], son fils. "
        "Mme [Personne 1] remercie ; M. [Personne 1] aussi."
    )


def test_particles_inside_a_name():
    text = "Vu le courrier de Monsieur Jean-Pierre de La Fontaine du 12 avril."
    assert persons(text, use_model=False) == {"Jean-Pierre de La Fontaine": {"mask"}}


def test_families_named_by_their_surname():
    assert persons("Vente par les consorts ROCHE du bien.", use_model=False) == {
        "ROCHE": {"mask"}
    }


def test_voters_against_or_abstaining_are_council_members():
    text = "Adopté par 9 voix pour et 1 abstention (Mme Odile DE LA BAUME)."
    assert persons(text, use_model=False) == {"Odile DE LA BAUME": {"keep"}}


def test_long_text_is_analysed_in_pieces_with_right_offsets(monkeypatch):
    from socle.confidentialite.engine import nlp

    monkeypatch.setattr(nlp, "CHUNK", 500)
    paragraph = "La concession est attribuée à Lucienne Fabre pour trente ans.\n"
    text = paragraph * 40
    assert len(nlp.chunks(text)) > 1
    assert "".join(piece for _offset, piece in nlp.chunks(text)) == text
    spans = nlp.persons(text)
    assert len(spans) == 40
    assert {text[s:e] for s, e in spans} == {"Lucienne Fabre"}


def test_a_title_followed_by_a_verb_is_not_a_signature():
    text = "Le Maire de Boffres autorise M. J.-P. RIFFARD à stationner ; joindre RIFFARD au besoin."
    assert persons(text, use_model=False) == {"J.-P. RIFFARD": {"mask"}, "RIFFARD": {"mask"}}


def test_joint_owners_named_by_their_surname():
    assert persons("en présence de l'indivision BARRAL.", use_model=False) == {
        "BARRAL": {"mask"}
    }
