"""The classifier: the starter model routes clear letters right; a collectivité with enough
confirmed history gets its own model (its own categories included); retraining resets the count."""

from __future__ import annotations

import pytest

from socle.assistant.courrier import classifier
from socle.assistant.courrier.models import ClassifierState, ServiceCategory
from socle.assistant.courrier.services import classifier_retrain, letter_update

from .conftest import make_letter


@pytest.mark.parametrize(("text", "code"), [
    ("Bonjour, je voudrais une copie de mon acte de naissance.", "etat-civil"),
    ("Le lampadaire de la rue est en panne et la chaussée a un trou.", "voirie"),
    ("Nos poubelles n'ont pas été ramassées mardi.", "dechets"),
    ("Inscription de ma fille à la cantine et à la garderie", "ecole"),
    ("Je souhaite réserver la salle des fêtes pour un repas.", "associations"),
    ("Comment faire une procuration pour voter dimanche ?", "elections"),
])
def test_starter_model_routes_clear_letters(db, text, code):
    prediction = classifier.classify(0, text)
    assert prediction.code == code
    assert 0 < prediction.confidence <= 1
    assert prediction.version.startswith("partagé")


def test_fold_removes_accents_and_case():
    assert classifier.fold("École ÉTÉ déchèterie") == "ecole ete decheterie"


def test_starter_model_is_cached_on_disk(db, settings):
    classifier.starter_model()
    files = list((settings.SOCLE_ASSISTANT_INDEX_DIR / "courrier").glob("starter-*.joblib"))
    assert len(files) == 1


def _history(collectivite, own: ServiceCategory, count: int = 32) -> None:
    """A collectivité whose letters about its market are its own category."""
    for i in range(count):
        if i % 2:
            make_letter(collectivite, subject=f"Emplacement au marché du jeudi {i}",
                        body="Je suis maraîcher et demande un emplacement au marché hebdomadaire "
                             "pour mon étal de légumes.", category=own)
        else:
            make_letter(collectivite, subject=f"Trou dans la route {i}",
                        body="La chaussée est abîmée devant chez moi.", code="voirie")


def test_collectivite_model_used_with_enough_history(territory):
    own = ServiceCategory.objects.create(collectivite=territory.a, code="marche",
                                         name="Marché et commerces")
    _history(territory.a, own)
    text = "Demande d'un emplacement pour vendre mes fromages au marché"
    # Not trained in the request: the starter model until the background task ran.
    assert classifier.classify(territory.a.pk, text).version.startswith("partagé")
    classifier_retrain(collectivite_id=territory.a.pk)
    mine = classifier.classify(territory.a.pk, text)
    assert mine.code == "marche"
    assert mine.version.startswith("propre (32 courriers)")
    # Another collectivité keeps the starter model, which has no such category.
    other = classifier.classify(territory.b.pk, text)
    assert other.version.startswith("partagé") and other.code != "marche"


def test_too_little_history_keeps_the_starter_model(territory):
    own = ServiceCategory.objects.create(collectivite=territory.a, code="marche", name="Marché")
    _history(territory.a, own, count=10)
    state = classifier_retrain(collectivite_id=territory.a.pk)
    assert state.version == "" and state.model_file == ""
    assert classifier.classify(territory.a.pk, "marché").version.startswith("partagé")


def test_confirmations_count_and_retraining(territory, agent_a, settings,
                                            django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from tests.core.conftest import DB_TASKS

    settings.TASKS = DB_TASKS  # the queued task is read back from the database backend

    own = ServiceCategory.objects.create(collectivite=territory.a, code="marche", name="Marché")
    _history(territory.a, own)
    voirie = ServiceCategory.objects.get(collectivite=None, code="voirie")
    letter = make_letter(territory.a, subject="Nid-de-poule", body="Un trou dans la rue.")
    letter_update(actor=agent_a, letter=letter, category=voirie, status="en_cours")
    assert ClassifierState.objects.get(collectivite=territory.a).confirmations_since == 1
    for i in range(classifier.RETRAIN_EVERY - 1):
        other = make_letter(territory.a, subject=f"Trou {i}", body="La route est abîmée.")
        with django_capture_on_commit_callbacks(execute=True):
            letter_update(actor=agent_a, letter=other, category=voirie, status="en_cours")
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"] == {"collectivite_id": territory.a.pk}
    state = classifier_retrain(collectivite_id=territory.a.pk)
    assert state.confirmations_since == 0
    assert state.letters == 42 and state.categories == 2
    assert state.version.startswith("propre")
    assert classifier.classify(territory.a.pk, "Un trou").version == state.version
