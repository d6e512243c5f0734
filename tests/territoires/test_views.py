"""Territory pages, visited as each persona: who gets 200/403/404 and what they see."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socle.journal.models import AuditEvent
from socle.territoires.models import Collectivite, Membership, Structure
from tests.factories import CollectiviteFactory, EpciFactory, MembershipFactory, UserFactory

PERSONAS = ["operateur", "referent_a", "agent_a", "elu_a", "agent_b", "dpo_ac"]



@pytest.fixture
def as_user(request, login):
    def _as(persona: str):
        return login(request.getfixturevalue(persona))

    return _as


def text(response) -> str:
    return response.content.decode()


# --- Access matrix ------------------------------------------------------------------------------

OPERATOR_ONLY = ["territoires:home", "territoires:members", "territoires:members-export",
                 "territoires:members-bulk"]


@pytest.mark.parametrize("url_name", OPERATOR_ONLY)
@pytest.mark.parametrize("persona", PERSONAS)
def test_operator_pages(url_name, persona, as_user, territory):
    response = as_user(persona).get(reverse(url_name))
    assert response.status_code == (200 if persona == "operateur" else 403)


@pytest.mark.parametrize(
    ("persona", "on_a", "on_c"),
    [
        ("operateur", 200, 200),
        ("referent_a", 200, 404),
        ("agent_a", 200, 404),
        ("elu_a", 200, 404),
        ("agent_b", 404, 404),
        ("dpo_ac", 200, 200),
    ],
)
@pytest.mark.parametrize("url_name", ["territoires:collectivite", "territoires:people"])
def test_collectivite_pages(url_name, persona, on_a, on_c, as_user, territory):
    client = as_user(persona)
    assert client.get(reverse(url_name, args=[territory.a.pk])).status_code == on_a
    assert client.get(reverse(url_name, args=[territory.c.pk])).status_code == on_c


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("operateur", 200), ("referent_a", 200), ("agent_a", 403), ("elu_a", 403),
     ("agent_b", 404), ("dpo_ac", 403)],
)
def test_profile_edit_access(persona, expected, as_user, territory):
    url = reverse("territoires:collectivite-edit", args=[territory.a.pk])
    assert as_user(persona).get(url).status_code == expected


def test_anonymous_is_sent_to_sign_in(client, territory):
    for url in (reverse("territoires:home"), reverse("territoires:members"),
                reverse("territoires:collectivite", args=[territory.a.pk]),
                reverse("territoires:map-points")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("comptes:login"))


# --- Operator's home and map ------------------------------------------------------------------


def test_home_shows_structure_counts_and_map(as_user, referent_a, territory):
    response = as_user("operateur").get(reverse("territoires:home"))
    page = text(response)
    assert "<h1>Territoire de Syndicat mixte numérique de test</h1>" in page
    assert "vendor/leaflet/leaflet.js" in page and "js/map.js" in page
    assert response.context["counts"]["members"] == 4
    assert response.context["counts"]["without_referent"] == 3
    assert reverse("comptes:invitations") in page
    assert 'data-points-url="/territoire/carte/membres.geojson"' in page
    assert "data-polygons-url" not in page


def test_home_without_structure_and_with_departement(as_user, territory):
    Structure.objects.all().delete()
    page = text(as_user("operateur").get(reverse("territoires:home") + "?departement=07"))
    assert "<h1>Votre territoire</h1>" in page
    assert 'data-polygons-url="/territoire/carte/communes.geojson?departement=07"' in page


def test_leaflet_only_on_the_map_page(as_user, territory):
    page = text(as_user("operateur").get(reverse("territoires:members")))
    assert "leaflet" not in page


def _locate(*collectivites):
    for i, c in enumerate(collectivites):
        Collectivite.objects.filter(pk=c.pk).update(latitude=44.9 + i / 100, longitude=4.7)


def test_map_points_operator_sees_all_located_members(as_user, territory):
    _locate(territory.a, territory.b)
    outsider = CollectiviteFactory(name="Non membre", code_insee="07901", is_member=False,
                                   member_since=None)
    _locate(outsider)
    data = as_user("operateur").get(reverse("territoires:map-points")).json()
    assert sorted(f["properties"]["name"] for f in data["features"]) == [
        "Alboussière (07005)", "Boffres (07036)"
    ]
    point = data["features"][0]
    assert point["geometry"]["coordinates"] == [4.7, 44.9]
    assert point["properties"]["url"] == reverse("territoires:collectivite", args=[territory.a.pk])


def test_map_points_member_sees_only_own(as_user, territory):
    _locate(territory.a, territory.b, territory.c)
    data = as_user("agent_b").get(reverse("territoires:map-points")).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Boffres (07036)"]


def test_map_polygons_rejects_bad_code(as_user, territory):
    response = as_user("operateur").get(reverse("territoires:map-polygons") + "?departement=x")
    assert response.status_code == 400


def test_map_polygons_flags_only_visible_members(as_user, territory):
    pytest.importorskip("socle.territoires.geodata")
    url = reverse("territoires:map-polygons") + "?departement=07"
    data = as_user("operateur").get(url).json()
    flags = {f["properties"]["insee"]: f["properties"]["member"] for f in data["features"]}
    assert flags["07005"] and flags["07036"] and not flags.get("07010", False)
    data = as_user("agent_b").get(url).json()
    members = {f["properties"]["insee"] for f in data["features"] if f["properties"]["member"]}
    assert members == {"07036"}
    assert all("url" not in f["properties"] for f in data["features"]
               if f["properties"]["insee"] == "07005")


# --- Member list --------------------------------------------------------------------------------


@pytest.fixture
def many(territory):
    """60 more members in the Drôme and one non-member."""
    for i in range(60):
        CollectiviteFactory(name=f"Commune {i:02d}", code_insee=f"26{i:03d}",
                            departement_code="26", population=100 + i)
    return CollectiviteFactory(name="Pas encore", code_insee="26900", departement_code="26",
                               is_member=False, member_since=None, postal_codes=["26400"])


def test_list_default_members_paginated(as_user, many):
    client = as_user("operateur")
    response = client.get(reverse("territoires:members"))
    page = text(response)
    assert response.context["page"].paginator.count == 64
    assert "Pas encore" not in page
    assert "64 collectivités trouvées" in page
    assert "Page 1 sur 2" in page and "page=2" in page
    second = client.get(reverse("territoires:members") + "?departement=26&page=2")
    assert len(second.context["page"].object_list) == 10


def test_list_search_filter_and_sort(as_user, many):
    client = as_user("operateur")
    found = client.get(reverse("territoires:members") + "?q=26400&member=all")
    assert [c.name for c in found.context["page"]] == ["Pas encore"]
    not_members = client.get(reverse("territoires:members") + "?member=no")
    assert [c.name for c in not_members.context["page"]] == ["Pas encore"]
    by_pop = client.get(reverse("territoires:members") + "?sort=-population&departement=26")
    assert by_pop.context["page"][0].name == "Commune 59"


def test_list_invalid_filters_are_reported_not_500(as_user, many):
    url = reverse("territoires:members") + "?kind=zzz&sort=x&page=abc"
    response = as_user("operateur").get(url)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in text(response)
    assert response.context["page"].number == 1


def test_list_htmx_returns_the_partial(as_user, many):
    response = as_user("operateur").get(
        reverse("territoires:members") + "?departement=26", HTTP_HX_REQUEST="true"
    )
    page = text(response)
    assert "<html" not in page and "<table>" in page
    assert 'id="resultats-nombre" hx-swap-oob="innerHTML"' in page
    assert "HX-Request" in response["Vary"]


def test_list_queries_do_not_grow_with_rows(as_user, many):
    client = as_user("operateur")
    client.get(reverse("territoires:members"))  # warms the cached choice lists
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("territoires:members"))
    assert len(response.context["page"].object_list) == 50
    territory_queries = [q for q in queries if "territoires_collectivite" in q["sql"]]
    assert len(territory_queries) == 2  # one count, one page (EPCI joined)


def test_list_rows_have_member_toggle_for_operator(as_user, many):
    page = text(as_user("operateur").get(reverse("territoires:members") + "?member=no"))
    pk = Collectivite.objects.get(name="Pas encore").pk
    button = f'formaction="/territoire/collectivites/{pk}/adhesion/" name="is_member" value="1"'
    assert button in page


def test_export_csv(as_user, many):
    Collectivite.objects.filter(name="Commune 00").update(website="=HYPERLINK(1)")
    response = as_user("operateur").get(
        reverse("territoires:members-export") + "?departement=26&member=all&sort=name"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert raw.startswith("\ufeffNom;Type;Code INSEE;SIREN;Département;EPCI")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 62  # header, 60 members, 1 non member
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Nom"] == "Commune 00" and first["Membre"] == "oui"
    assert first["Membre depuis"] == "01/01/2024"
    assert first["Site internet"] == "'=HYPERLINK(1)"
    last = dict(zip(rows[0], rows[-1], strict=True))
    assert last["Nom"] == "Pas encore" and last["Codes postaux"] == "26400"


# --- Member management --------------------------------------------------------------------------


def test_toggle_from_list_redirects_back(as_user, many):
    target = Collectivite.objects.get(name="Pas encore")
    next_url = reverse("territoires:members") + "?member=no"
    response = as_user("operateur").post(
        reverse("territoires:collectivite-member", args=[target.pk]),
        {"is_member": "1", "next": next_url},
    )
    assert response.status_code == 302 and response["Location"] == next_url
    target.refresh_from_db()
    assert target.is_member and target.member_since == datetime.date.today()
    assert AuditEvent.objects.filter(action="territoires.member_added",
                                     collectivite=target).exists()


def test_toggle_from_profile_with_date_and_unsafe_next(as_user, territory):
    target = CollectiviteFactory(code_insee="07901", is_member=False, member_since=None)
    url = reverse("territoires:collectivite-member", args=[target.pk])
    response = as_user("operateur").post(
        url, {"is_member": "1", "member_since": "2023-09-01", "next": "https://ailleurs.example"}
    )
    assert response["Location"] == reverse("territoires:collectivite", args=[target.pk])
    target.refresh_from_db()
    assert target.member_since == datetime.date(2023, 9, 1)


@pytest.mark.parametrize(("persona", "expected"), [("referent_a", 403), ("agent_b", 404)])
def test_toggle_refused(persona, expected, as_user, territory):
    url = reverse("territoires:collectivite-member", args=[territory.a.pk])
    assert as_user(persona).post(url, {"is_member": "0"}).status_code == expected
    territory.a.refresh_from_db()
    assert territory.a.is_member


def test_bulk_preview_then_confirm_by_epci(as_user, territory):
    epci = EpciFactory(name="CC Nouvelle", is_member=False, member_since=None)
    communes = [CollectiviteFactory(code_insee=f"0790{i}", epci=epci, is_member=False,
                                    member_since=None)
                for i in range(3)]
    client = as_user("operateur")
    preview = client.get(reverse("territoires:members-bulk")
                         + f"?operation=add&epci={epci.pk}&member_since=2025-01-15")
    assert preview.context["preview"]["count"] == 4
    assert "Confirmer pour 4 collectivités" in text(preview)
    assert not Collectivite.objects.filter(epci=epci, is_member=True).exists()
    response = client.post(reverse("territoires:members-bulk"), {
        "operation": "add", "epci": epci.pk, "departement": "", "member_since": "2025-01-15"})
    assert response.status_code == 302
    assert Collectivite.objects.filter(
        pk__in=[epci.pk, *(c.pk for c in communes)], member_since=datetime.date(2025, 1, 15)
    ).count() == 4
    assert AuditEvent.objects.filter(action="territoires.members_bulk_added").count() == 1
    followed = client.get(response["Location"])
    assert "4 collectivités déclarées membres." in text(followed)


def test_bulk_remove_by_departement(as_user, territory):
    client = as_user("operateur")
    response = client.post(reverse("territoires:members-bulk"),
                           {"operation": "remove", "departement": "07"})
    assert response.status_code == 302
    # communes only: the EPCI stays member
    assert list(Collectivite.objects.filter(is_member=True)) == [territory.epci]
    assert AuditEvent.objects.filter(action="territoires.member_removed").count() == 3


def test_bulk_form_errors(as_user, territory):
    response = as_user("operateur").get(reverse("territoires:members-bulk") + "?operation=add")
    assert "Choisissez soit un EPCI, soit un département." in text(response)
    assert response.context["preview"] is None


# --- Collectivité page (member home) ------------------------------------------------------------


def test_member_home_for_referent(as_user, referent_a, dpo_ac, territory):
    territory.a.website = "https://www.alboussiere.fr"
    territory.a.save()
    page = text(as_user("referent_a").get(reverse("territoires:collectivite",
                                                  args=[territory.a.pk])))
    assert "<h1>Alboussière</h1>" in page
    assert "Rémi Référent" in page and "Dominique Dépéo" in page
    assert "https://www.alboussiere.fr" in page
    assert "Modifier le profil" in page
    assert "Personnes et rôles" in page  # module card
    assert "2 personnes ont accès" in page
    # A's EPCI is not one of the référent's collectivités: named, not linked.
    assert "CC du Val Fictif" in page
    assert reverse("territoires:collectivite", args=[territory.epci.pk]) not in page
    assert "Déclarer membre" not in page and "Mettre fin" not in page


def test_member_home_for_agent_has_no_edit(as_user, territory):
    page = text(as_user("agent_a").get(reverse("territoires:collectivite",
                                               args=[territory.a.pk])))
    assert "Modifier le profil" not in page
    assert "Boffres" not in page


def test_operator_sees_non_member_with_toggle(as_user, territory):
    other = CollectiviteFactory(name="Lointaine", code_insee="07901", is_member=False,
                                member_since=None)
    page = text(as_user("operateur").get(reverse("territoires:collectivite", args=[other.pk])))
    assert "non membre" in page and "Déclarer membre" in page


def test_epci_page_lists_its_communes_paginated(as_user, territory):
    for i in range(55):
        CollectiviteFactory(name=f"Commune rattachée {i:02d}", code_insee=f"07{900 + i}",
                            epci=territory.epci)
    client = as_user("operateur")
    url = reverse("territoires:collectivite", args=[territory.epci.pk])
    first = client.get(url)
    assert first.context["communes"].paginator.count == 58
    assert "Alboussière" in text(first)
    second = client.get(url + "?page=2")
    assert len(second.context["communes"].object_list) == 8


# --- Profile edit ---------------------------------------------------------------------------------


def test_profile_edit_saves_and_assigns_dpo(as_user, territory):
    dpo = UserFactory(email="dpo@cdg07.test")
    response = as_user("referent_a").post(
        reverse("territoires:collectivite-edit", args=[territory.a.pk]),
        {"website": "https://www.alboussiere.fr", "contact_email": "mairie@alboussiere.fr",
         "referent_email": "", "dpo_email": "DPO@cdg07.test"},
    )
    assert response.status_code == 302
    territory.a.refresh_from_db()
    assert territory.a.website == "https://www.alboussiere.fr"
    assert Membership.objects.get(user=dpo, collectivite=territory.a).role == "dpo"
    assert AuditEvent.objects.filter(action="territoires.role_set").count() == 1


def test_profile_edit_errors_next_to_fields(as_user, territory):
    response = as_user("referent_a").post(
        reverse("territoires:collectivite-edit", args=[territory.a.pk]),
        {"website": "pas une adresse", "contact_email": "x",
         "referent_email": "inconnu@nulle.part"},
    )
    page = text(response)
    assert response.status_code == 200
    assert 'id="id_website_error"' in page
    assert 'aria-describedby="id_website_helptext id_website_error"' in page
    assert 'id="id_contact_email_error"' in page
    assert "Aucun compte actif n&#x27;utilise cette adresse" in page
    assert f"{reverse('comptes:invitations')}?collectivite={territory.a.pk}" in page
    territory.a.refresh_from_db()
    assert territory.a.website == ""


def test_profile_edit_referent_cannot_demote_referent(as_user, territory):
    other = MembershipFactory(collectivite=territory.a, role="referent").user
    MembershipFactory(collectivite=territory.a, role="referent",
                      user=UserFactory(email="second@exemple.test"))
    response = as_user("referent_a").post(
        reverse("territoires:collectivite-edit", args=[territory.a.pk]),
        {"website": "https://exemple.fr", "dpo_email": other.email},
    )
    assert response.status_code == 200
    assert "Seul un opérateur de la structure" in text(response)
    assert Membership.objects.get(user=other).role == "referent"
    territory.a.refresh_from_db()
    assert territory.a.website == ""  # nothing half-saved


# --- People ---------------------------------------------------------------------------------------


def test_people_for_referent(as_user, referent_a, agent_a, elu_a, dpo_ac, territory):
    response = as_user("referent_a").get(reverse("territoires:people", args=[territory.a.pk]))
    page = text(response)
    for name in ("Rémi Référent", "Anne Agente", "Étienne Élu", "Dominique Dépéo"):
        assert name in page
    assert f"{reverse('comptes:invitations')}?collectivite={territory.a.pk}" in page
    removable = {m.user.full_name for m in response.context["memberships"] if m.removable}
    assert removable == {"Anne Agente", "Étienne Élu"}


def test_people_for_agent_no_invite_no_remove(as_user, referent_a, territory):
    response = as_user("agent_a").get(reverse("territoires:people", args=[territory.a.pk]))
    assert "Inviter" not in text(response)
    assert not any(m.removable for m in response.context["memberships"])
    assert "Bruno Agent" not in text(response)


def test_referent_removes_agent(as_user, referent_a, agent_a, territory):
    client = as_user("referent_a")
    m = Membership.objects.get(user=agent_a)
    url = reverse("territoires:membership-remove", args=[territory.a.pk, m.pk])
    assert "Retirer Anne Agente de Alboussière" in text(client.get(url))
    response = client.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=m.pk).exists()


def test_referent_cannot_remove_another_referent(as_user, referent_a, territory):
    other = MembershipFactory(collectivite=territory.a, role="referent")
    url = reverse("territoires:membership-remove", args=[territory.a.pk, other.pk])
    client = as_user("referent_a")
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Membership.objects.filter(pk=other.pk).exists()


def test_remove_other_collectivite_membership_is_404(as_user, referent_a, agent_b, territory):
    m = Membership.objects.get(user=agent_b)
    client = as_user("referent_a")
    # B's membership through A's URL, and through B's URL.
    assert client.post(reverse("territoires:membership-remove",
                               args=[territory.a.pk, m.pk])).status_code == 404
    assert client.post(reverse("territoires:membership-remove",
                               args=[territory.b.pk, m.pk])).status_code == 404
    assert Membership.objects.filter(pk=m.pk).exists()
