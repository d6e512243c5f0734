"""Reads of the territory: search, filters, sorting, counts and choice lists."""

import pytest

from socle.territoires import selectors
from socle.territoires.models import Collectivite
from socle.territoires.selectors import MemberFilters
from tests.factories import CollectiviteFactory, EpciFactory, MembershipFactory


@pytest.fixture
def more(territory):
    """A Drôme EPCI (not member) with two communes, one large and member."""
    epci = EpciFactory(name="Valence Romans Agglo", departement_code="26", is_member=False,
                       member_since=None, siren="200068781")
    valence = CollectiviteFactory(
        name="Valence", code_insee="26362", siren="212603621", departement_code="26",
        population=64_000, postal_codes=["26000"], epci=epci,
    )
    bourg = CollectiviteFactory(
        name="Bourg-lès-Valence", code_insee="26058", departement_code="26", population=19_000,
        postal_codes=["26500"], epci=epci, is_member=False, member_since=None,
    )
    return {"epci": epci, "valence": valence, "bourg": bourg}


def names(user, **kwargs):
    rows = selectors.collectivite_search(user=user, filters=MemberFilters(**kwargs))
    return [c.name for c in rows]


class TestSearch:
    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("valence", ["Bourg-lès-Valence", "Valence", "Valence Romans Agglo"]),
            ("bourg valence", ["Bourg-lès-Valence"]),
            ("26362", ["Valence"]),
            ("212603621", ["Valence"]),
            ("26500", ["Bourg-lès-Valence"]),
            ("introuvable", []),
        ],
    )
    def test_search(self, operateur, more, q, expected):
        assert names(operateur, q=q, member="all") == expected

    def test_default_is_members_only(self, operateur, more):
        result = names(operateur)
        assert "Bourg-lès-Valence" not in result and "Valence" in result
        assert "Valence Romans Agglo" not in result

    def test_filters(self, operateur, more):
        assert names(operateur, member="no") == ["Bourg-lès-Valence", "Valence Romans Agglo"]
        assert names(operateur, kind="epci", member="all") == [
            "CC du Val Fictif", "Valence Romans Agglo"
        ]
        assert names(operateur, departement="26", population="gte50000") == ["Valence"]
        assert names(operateur, population="10000-50000", member="all") == ["Bourg-lès-Valence"]
        assert names(operateur, epci=more["epci"].pk, member="all") == [
            "Bourg-lès-Valence", "Valence", "Valence Romans Agglo"
        ]

    def test_missing_referent(self, operateur, referent_a, territory):
        assert "Alboussière" not in names(operateur, missing="referent")
        assert "Boffres" in names(operateur, missing="referent")

    def test_active_filter(self, operateur, territory):
        CollectiviteFactory(name="Ancienne commune", code_insee="07999", is_active=False)
        assert names(operateur, active="no") == ["Ancienne commune"]
        assert "Ancienne commune" not in names(operateur, active="yes")

    def test_sorting(self, operateur, more):
        by_pop = names(operateur, sort="-population", member="all", departement="26")
        assert by_pop[:2] == ["Valence", "Bourg-lès-Valence"]
        assert names(operateur, sort="-name")[0] == "Valence"

    def test_member_sees_only_own(self, agent_b, more):
        assert names(agent_b, member="all") == ["Boffres"]


class TestCounts:
    def test_counts(self, operateur, referent_a, dpo_ac, more):
        counts = selectors.territory_counts(user=operateur)
        # EPCI, A, B, C, Valence are members
        assert counts["members"] == 5
        assert counts["communes"] == 4 and counts["epci"] == 1
        # communes of the member EPCI (A, B, C) and the member Valence: Bourg not covered
        assert counts["population"] == 1050 + 650 + 600 + 64_000
        assert counts["without_referent"] == 4  # all but A
        assert counts["without_dpo"] == 3  # all but A and C
        by_dept = {row["departement_code"]: row["n"] for row in counts["by_departement"]}
        assert by_dept == {"07": 4, "26": 1}


class TestChoices:
    def test_departements_and_epci(self, territory, more):
        assert [code for code, _label in selectors.departement_choices()] == ["07", "26"]
        assert [name for _pk, name in selectors.epci_choices("26")] == ["Valence Romans Agglo"]
        # Without a département: EPCI that are members or have members.
        assert [name for _pk, name in selectors.epci_choices()] == [
            "CC du Val Fictif", "Valence Romans Agglo"
        ]

    def test_departement_label_from_referential(self, territory):
        CollectiviteFactory(kind=Collectivite.Kind.DEPARTEMENT, name="Ardèche", code_insee="",
                            siren="220700017", ref_key="departement:07")
        assert selectors.departement_choices() == [("07", "07 — Ardèche")]


class TestPeople:
    def test_people_ordered_by_role(self, referent_a, agent_a, elu_a, dpo_ac, territory):
        roles = [m.role for m in selectors.people(user=referent_a, collectivite=territory.a)]
        assert roles == ["dpo", "referent", "agent", "elu"]

    def test_contacts(self, referent_a, dpo_ac, territory):
        MembershipFactory(collectivite=territory.a, role="agent")
        contacts = selectors.profile_contacts(collectivite=territory.a)
        assert contacts == {"referent": [referent_a], "dpo": [dpo_ac]}


def test_search_ignores_accents_case_hyphens_and_apostrophes(operateur):
    from socle.territoires.selectors import MemberFilters, collectivite_search
    from tests.factories import CollectiviteFactory

    etienne = CollectiviteFactory(name="Saint-Étienne-de-Lugdarès", code_insee="07232")
    abbaye = CollectiviteFactory(name="L'Œuvre-sur-Eyrieux", code_insee="07998")
    found = collectivite_search(user=operateur, filters=MemberFilters(q="saint etienne"))
    assert list(found) == [etienne]
    found = collectivite_search(user=operateur, filters=MemberFilters(q="oeuvre EYRIEUX"))
    assert list(found) == [abbaye]


def test_name_sort_follows_french_order_not_code_points(operateur):
    from socle.territoires.selectors import MemberFilters, collectivite_search
    from tests.factories import CollectiviteFactory

    CollectiviteFactory(name="Allonzier", code_insee="07996")
    CollectiviteFactory(name="Allèves", code_insee="07997")
    names = [c.name for c in collectivite_search(user=operateur, filters=MemberFilters(q="all"))]
    assert names == ["Allèves", "Allonzier"]
