"""The mutualised DPO in the browser: a DPO serving three communes adopts a template for one,
records and closes a breach within the 72-hour clock, answers an access request, and sees the
overdue items of the others. axe-core on the DPO view, the register and the breach page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from socle.donnees import services
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import CollectiviteFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def communes(transactional_db):
    names = {"annonay": ("Annonay", "07010"), "davezieux": ("Davézieux", "07078"),
             "privas": ("Privas", "07186")}
    return {key: CollectiviteFactory(name=name, code_insee=code, ref_key=f"commune:{code}")
            for key, (name, code) in names.items()}


@pytest.fixture
def dpo(communes):
    user = UserFactory(full_name="Dominique Délégué")
    for commune in communes.values():
        MembershipFactory(user=user, collectivite=commune, role="dpo")
    services.templates_sync()
    services.breach_create(actor=user, collectivite=communes["privas"], data={
        "title": "Clé USB perdue", "detected_at": timezone.now() - datetime.timedelta(hours=90)})
    services.request_create(actor=user, collectivite=communes["davezieux"], data={
        "kind": "effacement", "requester": "Personne Fictive",
        "received_on": timezone.localdate() - datetime.timedelta(days=45)})
    return user


def _submit(browsing, button_text: str) -> None:
    page = browsing.page
    browsing.traffic.reset()
    with page.expect_navigation():
        page.get_by_role("button", name=button_text).click()
    browsing.check_budgets()


def test_dpo_flow(browsing, dpo, communes):
    page = browsing.page
    sign_in(browsing, dpo)

    browsing.visit(reverse("donnees:home"))
    assert page.locator("h1").inner_text() == "Vue DPO mutualisée"
    overdue = page.locator("table").first.inner_text()
    assert "Violation : Clé USB perdue" in overdue and "Demande : Effacement" in overdue
    assert "Privas" in overdue and "Davézieux" in overdue
    assert_accessible(page)

    # Adopt a template for Annonay.
    annonay = communes["annonay"]
    browsing.visit(reverse("donnees:templates") + f"?pour={annonay.pk}")
    page.get_by_role("link", name="Restauration scolaire et accueil périscolaire").click()
    assert page.get_by_label("Annonay").is_checked()
    _submit(browsing, "Adopter")
    assert "Restauration scolaire" in page.locator("h1").inner_text()
    assert "probablement requise" in page.locator("main").inner_text()
    browsing.visit(reverse("donnees:register", kwargs={"pk": annonay.pk}))
    assert "Restauration scolaire" in page.locator("table").first.inner_text()
    assert_accessible(page)

    # Record a breach, notify within the clock, close it.
    browsing.visit(reverse("donnees:breach-create", kwargs={"pk": annonay.pk}))
    page.get_by_label("Intitulé").fill("Courriel envoyé au mauvais destinataire")
    _submit(browsing, "Enregistrer")
    assert "Temps restant : 7" in page.locator("#delai").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Mettre à jour").click()
    page.get_by_label("Évaluation du risque").select_option("risque")
    page.get_by_label("Notifiée à la CNIL le").fill(
        timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Référence de la notification CNIL").fill("CNIL-2026-0042")
    _submit(browsing, "Enregistrer")
    assert "dans le délai" in page.locator("#delai").inner_text()
    _submit(browsing, "Clôturer la violation")
    assert "clôturée le" in page.locator("main").inner_text()

    # Answer an access request.
    browsing.visit(reverse("donnees:request-create", kwargs={"pk": annonay.pk}))
    page.get_by_label("Type de demande").select_option("acces")
    page.get_by_label("Demandeur").fill("Jeanne Fictive")
    page.get_by_label("Identité vérifiée").check()
    _submit(browsing, "Enregistrer")
    page.get_by_label("Réponse apportée").fill("Copie des données envoyée.")
    page.get_by_label("Trace de la réponse").fill("Courriel du jour")
    _submit(browsing, "Enregistrer la réponse")
    assert "Répondue le" in page.locator("main").inner_text()

    # Back on the overview: the others' overdue items are still there, Annonay has none.
    browsing.visit(reverse("donnees:home"))
    rows = page.locator("table").nth(1).inner_text()
    assert "Annonay" in rows and "Privas" in rows
    assert "Annonay" not in page.locator("table").first.inner_text()
