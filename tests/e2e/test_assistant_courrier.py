"""Browser (acceptance, no language model): an agent pastes a letter, sees the predicted
category and three similar replies, drafts from the closest one, edits and validates; the
register shows it. axe on the form, the letter and the register."""

from __future__ import annotations

import pytest

from socle.assistant.courrier import classifier
from socle.assistant.courrier.categories import ensure_shared_categories
from socle.assistant.courrier.models import Letter, ServiceCategory
from tests.assistant.courrier.conftest import answered
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PAST = [
    ("Lampadaire en panne", "Le lampadaire de la rue du Moulin ne s'allume plus le soir.",
     "Madame,\n\nLes services techniques remplaceront la lampe cette semaine.\n\nLe maire"),
    ("Éclairage public éteint", "Tout l'éclairage public du lotissement est éteint.",
     "Monsieur,\n\nUne panne du coffret a été réparée par notre prestataire.\n\nLe maire"),
    ("Trou dans la chaussée", "Un nid-de-poule abîme les voitures devant l'école.",
     "Madame,\n\nLa réparation est prévue lundi.\n\nLe maire"),
    ("Salle des fêtes", "Je voudrais louer la salle pour un anniversaire.",
     "Madame,\n\nLa salle est libre à cette date.\n\nLe maire"),
]


def test_agent_pastes_a_letter_and_validates_a_reply(browsing, agent_a, territory, settings,
                                                     tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SOCLE_ASSISTANT_INDEX_DIR = tmp_path / "index"
    ensure_shared_categories(ServiceCategory)
    for subject, body, reply in PAST:
        answered(territory.a, subject=subject, body=body, reply=reply, code="voirie")
    classifier.starter_model()  # trained before the click: the server shares this process

    sign_in(browsing, agent_a)
    page = browsing.page
    # Registering classifies and drafting compares texts (scikit-learn, in the request): more
    # headroom than the 10 s default on a loaded CI machine (no timing is asserted).
    page.set_default_timeout(60_000)
    browsing.visit(f"/assistant/courrier/collectivites/{territory.a.pk}/nouveau/")
    assert_accessible(page)
    page.get_by_label("Objet").fill("Réverbère éteint")
    page.get_by_label("Texte du courrier").fill(
        "Bonjour, le réverbère devant chez nous est éteint depuis dix jours, la rue est noire.")
    page.get_by_label("Nom de l'expéditeur").fill("Lina Morel")
    page.get_by_role("button", name="Enregistrer et classer").click()
    browsing.check_budgets()

    assert "Voirie et éclairage" in page.locator("#categorie-proposee").inner_text()
    assert page.locator("#similaires > li").count() == 3
    assert "Lampadaire en panne" in page.locator("#similaires").inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="Proposer un brouillon depuis la réponse la plus proche"
                     ).click()
    browsing.check_budgets()
    text = page.get_by_label("Texte de la réponse")
    assert "Adaptée de la réponse du" in page.locator("#origine-brouillon").inner_text()
    draft = text.input_value()
    assert draft.startswith("Madame, Monsieur,")
    text.fill(draft + "\nNous restons à votre disposition.")
    page.get_by_role("button", name="Valider la réponse").click()
    browsing.check_budgets()
    assert "Validée" in page.locator("#reponse").inner_text()
    assert page.get_by_role("button", name="Marquer comme envoyée").is_visible()
    assert_accessible(page)

    letter = Letter.objects.get(sender_name="Lina Morel")
    assert letter.reply.text.endswith("Nous restons à votre disposition.")
    assert letter.status == Letter.Status.READY

    browsing.visit(f"/assistant/courrier/collectivites/{territory.a.pk}/")
    assert "Réverbère éteint" in page.locator("main").inner_text()
    assert_accessible(page)
