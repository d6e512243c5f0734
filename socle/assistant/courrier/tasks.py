"""Background task of citizen mail: retraining a collectivité's classifier after enough new
confirmed categories (enqueued on commit by ``services.letter_update``)."""

from __future__ import annotations

from django_tasks import task


@task()
def retrain_classifier(collectivite_id: int) -> str:
    from .services import classifier_retrain

    return classifier_retrain(collectivite_id=collectivite_id).version
