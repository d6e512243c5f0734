"""The report of a member, the operator's map, table and exports, the publication and the
public page, persona by persona."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from socle.diagnostic import selectors
from socle.diagnostic.management.commands.load_demo_diagnostic import demo_diagnostic_load
from socle.diagnostic.models import Presence, Scan
from socle.diagnostic.services import scan_run
from socle.journal.models import AuditEvent
from socle.questionnaires import referentiels
from socle.questionnaires.fiches.content import parse_sheet
from socle.questionnaires.fiches.services import sheets_load
from tests.core.conftest import DB_TASKS

pytestmark = pytest.mark.urls("tests.diagnostic.urls")


@pytest.fixture
def scanned_a(territory, sim_config):
    """A scanned twice: a clean domain first, then one whose certificate has expired."""
    a = territory.a
    Presence.objects.create(
        collectivite=a, website="https://bonne-commune.fr/", contact_email="mairie@bonne-commune.fr"
    )
    scan_run(actor=None, collectivite=a, config=sim_config)
    Presence.objects.filter(collectivite=a).update(
        website="https://commune-expiree.fr", contact_email="contact@commune-expiree.fr"
    )
    scan_run(actor=None, collectivite=a, config=sim_config)
    return a


@pytest.fixture
def demo_scans(territory):
    """Every member of the test territory scanned by the demo scenarios (no network)."""
    demo_diagnostic_load()
    return territory


@pytest.fixture
def sheets(db):
    themes = {parse_sheet(p).theme for p in referentiels.SHEETS_DIR.glob("*.md")}
    sheets_load(folder=referentiels.SHEETS_DIR, themes=themes)


def report_url(collectivite):
    return reverse("diagnostic:collectivite", args=[collectivite.pk])


def run_url(collectivite):
    return reverse("diagnostic:collectivite-run", args=[collectivite.pk])


def text(response) -> str:
    return response.content.decode()


def test_a_referent_reads_the_report_with_its_changes(client, login, referent_a, scanned_a):
    login(referent_a)
    page = text(client.get(report_url(scanned_a)))

    assert "<h1>Diagnostic externe — Alboussière</h1>" in page
    assert "1 — à renforcer</span>" in page
    assert "Site internet (référentiel RCPNT)" in page and "Messagerie (référentiel RCPNT)" in page
    assert "Critères déclarés (ce que la collectivité annonce" in page
    assert "Critères testés (mesurés sur le réseau)" in page
    assert "Critères dont le résultat a changé" in page
    assert '<th scope="row">rcpnt.1.5</th><td>Conforme</td><td>Non conforme</td>' in page
    assert "Pourquoi c'est important" in page and "Que faire" in page
    assert "Lancer un diagnostic" in page
    assert "Historique des analyses" in page and page.count("https://commune-expiree.fr") >= 2


def test_the_report_without_any_scan_says_so(client, login, agent_a, territory):
    login(agent_a)
    page = text(client.get(report_url(territory.a)))
    assert "Aucun diagnostic n'a encore été réalisé" in page
    assert "Aucune analyse pour l'instant." in page


def test_a_failing_check_links_its_good_practice_sheet(client, login, agent_a, demo_scans,
                                                        sheets):
    a = demo_scans.a
    Scan.objects.filter(collectivite=a).delete()
    Presence.objects.filter(collectivite=a).delete()
    # A scan without DMARC: rcpnt.2.6 fails, its sheet is about spoofed mail (awareness).
    from socle.diagnostic.management.commands import load_demo_diagnostic as demo

    demo._store(a, demo.build_facts("alboussiere", {"dmarc": None}, dt.date(2026, 11, 1)),
                timezone.now())
    login(agent_a)
    page = text(client.get(report_url(a)))
    assert "Fiche bonne pratique : Sensibiliser agents et élus aux risques numériques" in page
    assert reverse("questionnaires:sheet-detail", args=["sensibilisation-cyber"]) in page


def test_every_mapped_sheet_exists():
    slugs = {*selectors.SHEETS_BY_CHECK.values(), *selectors.SHEETS_BY_FAMILY.values()}
    assert slugs
    for slug in slugs:
        assert (referentiels.SHEETS_DIR / f"{slug}.md").is_file(), slug


def test_the_history_is_paginated(client, login, agent_a, territory):
    a = territory.a
    start = timezone.now() - dt.timedelta(days=30)
    Scan.objects.bulk_create(
        Scan(collectivite=a, started_at=start + dt.timedelta(days=i), status=Scan.Status.DONE,
             rcpnt_level=1, scores={"overall": 50 + i}, target="https://a.example/")
        for i in range(12)
    )
    login(agent_a)
    first = text(client.get(report_url(a)))
    assert "page 1 sur 2" in first and "61 %" in first
    second = text(client.get(report_url(a), {"page": 2})).split("Historique des analyses")[1]
    assert "page 2 sur 2" in second and "51 %" in second and "61 %" not in second


def test_a_referent_launches_a_scan(
    client, login, referent_a, territory, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS
    login(referent_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(run_url(territory.a), follow=True)

    assert response.redirect_chain[-1][0] == report_url(territory.a)
    assert "Le diagnostic est lancé" in text(response)
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"] == {"collectivite_id": territory.a.pk}
    assert AuditEvent.objects.filter(action="diagnostic.requested", actor=referent_a).exists()


def test_an_elected_member_reads_but_cannot_launch_edit_or_publish(client, login, elu_a,
                                                                     demo_scans):
    a = demo_scans.a
    login(elu_a)
    page = text(client.get(report_url(a)))
    assert "Niveau RCPNT" in page
    assert "Lancer un diagnostic" not in page
    assert "Enregistrer la présence déclarée" not in page
    assert "Publier sur la page publique" not in page
    assert client.post(run_url(a)).status_code == 403
    assert client.post(reverse("diagnostic:presence", args=[a.pk]),
                       {"website": "https://x.fr"}).status_code == 403
    assert client.post(reverse("diagnostic:publish", args=[a.pk]),
                       {"public": "1"}).status_code == 403
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize("name", ["collectivite", "collectivite-run", "presence", "publish"])
def test_another_collectivite_is_not_found(client, login, agent_b, demo_scans, name):
    login(agent_b)
    url = reverse(f"diagnostic:{name}", args=[demo_scans.a.pk])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url).status_code == (405 if name == "collectivite" else 404)


def test_members_are_sent_to_their_report(client, login, dpo_ac, agent_b, territory):
    login(dpo_ac)
    assert client.get(reverse("diagnostic:home")).url == report_url(territory.a)
    login(agent_b)
    assert client.get(reverse("diagnostic:home")).url == report_url(territory.b)


@pytest.mark.parametrize("name", ["export", "export-ods", "map-points", "map-polygons",
                                  "import"])
def test_members_cannot_reach_the_operator_pages(client, login, referent_a, name):
    login(referent_a)
    assert client.get(reverse(f"diagnostic:{name}")).status_code == 403


# --- Operator --------------------------------------------------------------------------------


def test_the_operator_sees_levels_and_filters(client, login, operateur, scanned_a):
    login(operateur)
    home = reverse("diagnostic:home")
    page = text(client.get(home))
    assert "Alboussière (07005)" in page and "Boffres (07036)" in page
    assert "1 — à renforcer" in page and "jamais analysée" in page
    assert 'id="carte-diagnostic"' in page and "Tableau des membres" in page

    filtered = text(client.get(home, {"niveau": "aucun"}))
    assert "Boffres (07036)" in filtered and "Alboussière (07005)" not in filtered
    assert "Aucune collectivité membre" in text(client.get(home, {"niveau": "2"}))
    failing = text(client.get(home, {"critere": "rcpnt.1.5"}))
    assert "Alboussière (07005)" in failing and "Boffres (07036)" not in failing
    assert "Alboussière" not in text(client.get(home, {"critere": "rcpnt.1.1"})).split(
        "Tableau des membres")[1]


def test_the_operator_filters_by_place_and_size(client, login, operateur, demo_scans):
    login(operateur)
    home = reverse("diagnostic:home")
    small = text(client.get(home, {"population": "500-2000"})).split("Tableau des membres")[1]
    assert "Alboussière (07005)" in small and "Boffres (07036)" in small
    big = text(client.get(home, {"population": "10000-plus"}))
    assert "Aucune collectivité membre ne correspond" in big
    by_epci = text(client.get(home, {"epci": str(demo_scans.epci.pk)}))
    assert "Champis (07050)" in by_epci
    assert "Alboussière (07005)" in text(client.get(home, {"departement": "07"}))
    # An unknown value is ignored, never an error page.
    assert client.get(home, {"critere": "<script>", "niveau": "9"}).status_code == 200


def test_the_operator_exports_the_levels_in_csv(client, login, operateur, scanned_a):
    login(operateur)
    response = client.get(reverse("diagnostic:export"), {"niveau": "1"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()

    assert response["Content-Type"].startswith("text/csv")
    assert lines[0] == ("code_insee;siren;collectivite;departement;population;niveau_rcpnt;"
                        "libelle_niveau;score_global;analyse_le")
    assert len(lines) == 2 and lines[1].startswith("07005;")
    assert ";Alboussière;07;1050;1;à renforcer;" in lines[1]
    assert AuditEvent.objects.filter(action="diagnostic.exported").exists()


def test_the_operator_exports_the_filtered_table_in_ods(client, login, operateur, demo_scans):
    login(operateur)
    response = client.get(reverse("diagnostic:export-ods"), {"departement": "07"})
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    content = zipfile.ZipFile(io.BytesIO(response.content)).read("content.xml").decode()
    for name in ("Alboussière", "Boffres", "Champis", "libelle_niveau"):
        assert name in content


def test_the_map_points_carry_the_levels(client, login, operateur, demo_scans):
    login(operateur)
    data = client.get(reverse("diagnostic:map-points")).json()
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    assert {"Alboussière (07005)", "Boffres (07036)", "Champis (07050)"} <= set(by_name)
    point = by_name["Alboussière (07005)"]
    assert point["properties"]["level"] in (0, 1, 2)
    assert point["properties"]["url"] == report_url(demo_scans.a)
    lon, lat = point["geometry"]["coordinates"]
    assert 44 < lat < 46 and 4 < lon < 5
    only_2 = client.get(reverse("diagnostic:map-points"), {"niveau": "2"}).json()
    assert all(f["properties"]["level"] == 2 for f in only_2["features"])


def test_the_map_draws_the_communes_of_a_departement(client, login, operateur, demo_scans):
    login(operateur)
    url = reverse("diagnostic:map-polygons")
    assert client.get(url).status_code == 400
    data = client.get(url, {"departement": "07"}).json()
    members = [f for f in data["features"] if f["properties"]["member"]]
    assert {f["properties"]["insee"] for f in members} == {"07005", "07036", "07050"}
    assert all(f["properties"]["level"] in (0, 1, 2) for f in members)
    assert len(data["features"]) > 300


def test_the_demo_command_is_idempotent(demo_scans):
    members = 4  # the EPCI and its three communes
    assert Scan.objects.count() == 2 * members
    assert demo_diagnostic_load() == 0
    assert Scan.objects.count() == 2 * members
    call_command("load_demo_diagnostic", "--any-structure", stdout=io.StringIO())
    assert Scan.objects.count() == 2 * members
    latest, previous = selectors.latest_scans(demo_scans.a)
    assert latest.started_at - previous.started_at == dt.timedelta(days=7)


# --- Presence and publication ----------------------------------------------------------------


def test_a_referent_declares_the_presence(client, login, referent_a, territory):
    login(referent_a)
    url = reverse("diagnostic:presence", args=[territory.a.pk])
    response = client.post(url, {
        "website": "https://www.alboussiere.fr",
        "contact_email": "Mairie@Alboussiere.fr",
        "extra_domains": "alboussiere.bzh\nALBOUSSIERE.bzh\n\nmairie-alboussiere.fr",
    })
    assert response.status_code == 302 and response.url.endswith("#presence")
    presence = Presence.objects.get(collectivite=territory.a)
    assert presence.website == "https://www.alboussiere.fr"
    assert presence.contact_email == "mairie@alboussiere.fr"
    assert presence.extra_domains == ["alboussiere.bzh", "mairie-alboussiere.fr"]
    assert presence.source == "membre"
    event = AuditEvent.objects.get(action="diagnostic.presence_updated")
    assert event.actor == referent_a and event.collectivite == territory.a


@pytest.mark.parametrize(("domains", "message"), [
    ("192.168.1.10", "une adresse IP n&#x27;est pas un nom de domaine"),
    ("https://alboussiere.fr/", "indiquez seulement le nom de domaine"),
    ("alboussiere", "n&#x27;est pas un nom de domaine valide"),
    ("-bad-.fr", "n&#x27;est pas un nom de domaine valide"),
    ("\n".join(f"d{i}.fr" for i in range(21)), "20 domaines au plus"),
])
def test_invalid_domains_are_refused_in_french(client, login, referent_a, territory, domains,
                                               message):
    login(referent_a)
    response = client.post(reverse("diagnostic:presence", args=[territory.a.pk]),
                           {"website": "https://www.alboussiere.fr", "extra_domains": domains})
    assert response.status_code == 400
    assert message in text(response)
    assert not Presence.objects.filter(collectivite=territory.a, source="membre").exists()


def test_an_agent_sees_the_presence_without_the_form(client, login, agent_a, territory):
    Presence.objects.create(collectivite=territory.a, website="https://www.alboussiere.fr",
                            extra_domains=["alboussiere.bzh"])
    login(agent_a)
    page = text(client.get(report_url(territory.a)))
    assert "https://www.alboussiere.fr" in page and "alboussiere.bzh" in page
    assert "Enregistrer la présence déclarée" not in page
    assert client.post(reverse("diagnostic:presence", args=[territory.a.pk]),
                       {"website": "https://x.fr"}).status_code == 403


def test_a_referent_publishes_and_the_public_page_lists_only_opted_in(client, login,
                                                                       referent_a, demo_scans):
    Presence.objects.update(public=False)
    public_url = reverse("diagnostic:public")
    empty = client.get(public_url)
    assert empty.status_code == 200
    assert "Aucune collectivité n'a encore publié ses résultats" in text(empty)

    login(referent_a)
    assert "Publier sur la page publique" in text(client.get(report_url(demo_scans.a)))
    response = client.post(reverse("diagnostic:publish", args=[demo_scans.a.pk]), {"public": "1"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="diagnostic.presence_published").count() == 1
    client.logout()

    page = text(client.get(public_url))
    assert "Alboussière (07005)" in page and "Boffres" not in page
    assert "Messagerie (référentiel RCPNT)" in page
    assert "@" not in page.split("<main")[1].split("</main>")[0]
    points = client.get(reverse("diagnostic:public-map-points")).json()["features"]
    assert [f["properties"]["name"] for f in points] == ["Alboussière (07005)"]
    assert points[0]["properties"]["url"] == ""


def test_a_dpo_cannot_publish(client, login, dpo_ac, demo_scans):
    login(dpo_ac)
    assert client.post(reverse("diagnostic:publish", args=[demo_scans.a.pk]),
                       {"public": "1"}).status_code == 403
    assert not Presence.objects.filter(collectivite=demo_scans.a, public=True).exclude(
        pk__in=Presence.objects.filter(public=True).values("pk")).exists()


def test_the_operator_starts_a_round(client, login, operateur, territory, settings):
    from socle.diagnostic.models import Run

    settings.TASKS = DB_TASKS
    login(operateur)
    assert "Lancer la tournée" in text(client.get(reverse("diagnostic:home")))
    response = client.post(reverse("diagnostic:run-round"), follow=True)
    assert "La tournée est lancée" in text(response)
    run = Run.objects.get()
    assert run.kind == "manual" and run.total == 4 and run.requested_by == operateur
    assert "Dernière tournée : Lancement manuel" in text(response)


def test_a_member_cannot_start_a_round(client, login, referent_a):
    from socle.diagnostic.models import Run

    login(referent_a)
    assert client.post(reverse("diagnostic:run-round")).status_code == 403
    assert not Run.objects.exists()


def test_the_operator_sees_the_levels_round_after_round(client, login, operateur, demo_scans):
    from socle.diagnostic.models import Run

    scans = list(Scan.objects.order_by("collectivite_id", "started_at"))
    week_ago = timezone.now() - dt.timedelta(days=7)
    first = Run.objects.create(kind=Run.Kind.NIGHTLY, started_at=week_ago)
    second = Run.objects.create(kind=Run.Kind.MANUAL, started_at=timezone.now())
    for scan in scans:  # two demo scans per member, a week apart
        scan.run = first if scan.started_at < timezone.now() - dt.timedelta(days=3) else second
        scan.save(update_fields=["run"])
    login(operateur)
    page = text(client.get(reverse("diagnostic:home")))
    assert "Évolution sur les dernières tournées" in page
    table = page.split("Évolution sur les dernières tournées")[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:2]
    assert "(nuit)" in rows[1] and "(nuit)" not in rows[0]  # newest first
    for row, run in zip(rows, (second, first), strict=True):
        counts = [int(cell.split("<td>")[1]) for cell in row.split("</td>")[:-1]]
        assert counts[0] == run.scans.count() == sum(counts[1:]) > 0
