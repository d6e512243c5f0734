"""The journal pages, persona by persona: who reads what, filters, pagination, empty state."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from socle.journal.services import record

LIST = reverse("journal:list")


def _shown(response) -> set[int]:
    """The test events on the page (signing in journals events too: they are left aside)."""
    return {e.pk for e in response.context["page"].object_list if e.action.startswith("essai.")}


def test_operator_reads_every_event_newest_first(login, operateur, journal):
    response = login(operateur).get(LIST)
    assert response.status_code == 200
    events = [e for e in response.context["page"].object_list if e.action.startswith("essai.")]
    assert [e.pk for e in events] == [
        journal.platform.pk, journal.c.pk, journal.b.pk, journal.a_other.pk, journal.a.pk
    ]
    text = response.content.decode()
    assert "Création d&#x27;un essai" in text  # the French label, not the code
    assert "Toute la plateforme" in text  # the event tied to no collectivité
    assert 'aria-current="page">Journal d\'audit' in text


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("dpo_ac", {"a", "a_other", "c"}), ("referent_a", {"a", "a_other"})],
)
def test_dpo_and_referent_read_their_collectivites_only(request, login, journal, persona,
                                                        expected):
    user = request.getfixturevalue(persona)
    response = login(user).get(LIST)
    assert response.status_code == 200
    assert _shown(response) == {getattr(journal, name).pk for name in expected}
    assert "Boffres" not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"), [("agent_a", {"a", "a_other"}), ("elu_a", {"a", "a_other"}),
                              ("agent_b", {"b"})],
)
def test_agents_and_elus_read_their_collectivite_journal(request, login, journal, persona,
                                                        expected):
    response = login(request.getfixturevalue(persona)).get(LIST)
    assert response.status_code == 200
    assert _shown(response) == {getattr(journal, name).pk for name in expected}
    assert "Exporter en CSV" not in response.content.decode()  # export: operators, DPO, référents


def test_ip_addresses_are_shown_to_operators_and_dpos_only(rf, login, territory, operateur,
                                                           dpo_ac, referent_a, agent_a):
    from socle.journal.services import record

    request = rf.get("/", REMOTE_ADDR="203.0.113.7")
    record(actor=agent_a, action="essai.cree", collectivite=territory.a, request=request)
    for user, shown in [(operateur, True), (dpo_ac, True), (referent_a, False), (agent_a, False)]:
        html = login(user).get(LIST).content.decode()
        assert ("203.0.113.7" in html) is shown, user
        assert ("Adresse IP" in html) is shown, user


def test_anonymous_visitor_is_sent_to_sign_in(client, journal):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("comptes:login"))


def test_collectivite_journal(login, dpo_ac, territory, journal):
    url = reverse("journal:collectivite", args=[territory.a.pk])
    response = login(dpo_ac).get(url)
    assert response.status_code == 200
    assert _shown(response) == {journal.a.pk, journal.a_other.pk}
    assert "Journal d'audit — Alboussière" in response.content.decode()
    assert "collectivite" not in response.context["form"].fields


def test_journal_of_another_collectivite_is_not_found(login, territory, agent_a, agent_b,
                                                     journal):
    url = reverse("journal:collectivite", args=[territory.a.pk])
    assert login(agent_a).get(url).status_code == 200  # their own collectivité
    assert login(agent_b).get(url).status_code == 404  # not even visible
    assert login(agent_b).get(reverse("journal:collectivite", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"collectivite": "07036"}, {"b"}),  # INSEE code
        ({"collectivite": "champ"}, {"c"}),  # part of the name, any case
        ({"action": "essai.modifie"}, {"a_other", "platform"}),
        ({"actor": "personne"}, {"a", "a_other", "b", "c"}),  # part of the e-mails
        ({"collectivite": "Alboussière", "action": "essai.cree"}, {"a"}),
    ],
)
def test_filters(login, operateur, journal, query, expected):
    response = login(operateur).get(LIST, query)
    assert _shown(response) == {getattr(journal, name).pk for name in expected}


def test_filter_by_author_email(login, operateur, referent_a, journal):
    response = login(operateur).get(LIST, {"actor": referent_a.email.upper()})
    assert _shown(response) == {journal.a.pk}


def test_filter_by_dates(login, operateur, journal):
    client = login(operateur)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert len(_shown(client.get(LIST, {"date_from": today.isoformat()}))) == 5
    assert _shown(client.get(LIST, {"date_from": tomorrow.isoformat()})) == set()
    yesterday = today - datetime.timedelta(days=1)
    assert _shown(client.get(LIST, {"date_to": yesterday.isoformat()})) == set()


def test_invalid_filters_say_so_without_failing(login, operateur, journal):
    today = timezone.localdate()
    response = login(operateur).get(
        LIST,
        {"date_from": today.isoformat(), "date_to": "2001-01-01", "action": "inconnue"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "La date de fin doit suivre la date de début." in text
    assert 'id="id_date_to_error"' in text and 'aria-describedby="id_date_to_error"' in text
    assert len(_shown(response)) == 5  # the invalid fields filter nothing


def test_known_actions_are_offered(login, operateur, journal):
    choices = dict(login(operateur).get(LIST).context["form"].fields["action"].choices)
    assert choices["essai.cree"] == "Création d'un essai"
    assert choices["journal.exported"] == "Export du journal d'audit"


def test_pagination_keeps_the_filter(login, operateur, territory, test_actions):
    for _ in range(51):
        record(actor=operateur, action="essai.cree", collectivite=territory.b)
    client = login(operateur)
    first = client.get(LIST, {"collectivite": "Boffres"})
    assert len(first.context["page"].object_list) == 50
    assert "?collectivite=Boffres&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"collectivite": "Boffres", "page": 2})
    assert len(second.context["page"].object_list) == 1
    assert client.get(LIST, {"page": "abc"}).status_code == 200


def test_empty_states(login, operateur, journal):
    client = login(operateur)
    assert "Aucun événement ne correspond à ces filtres." in client.get(
        LIST, {"actor": "personne-inconnue"}
    ).content.decode()


def test_empty_journal(login, referent_a):
    text = login(referent_a).get(LIST).content.decode()
    assert "Le journal est encore vide." in text
    assert "Exporter en CSV" not in text


def test_htmx_filter_returns_the_results_only(login, operateur, journal):
    response = login(operateur).get(LIST, {"action": "essai.cree"}, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="journal-results">')
    assert "<html" not in text
    assert text.count('<th scope="row">') == 3  # one row per event


def test_no_route_edits_or_deletes_an_event(login, operateur, journal):
    client = login(operateur)
    for url in (LIST, reverse("journal:collectivite", args=[journal.a.collectivite_id])):
        assert client.post(url, {"id": journal.a.pk}).status_code == 405
        assert client.delete(url).status_code == 405
    from django.urls import get_resolver

    names = get_resolver("socle.journal.urls").reverse_dict.keys()
    assert not [n for n in names if isinstance(n, str) and ("edit" in n or "delete" in n)]
