"""Citizen mail fixtures: private media and classifier folders, letters with validated replies."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from socle.assistant.courrier.models import (
    DUE_MONTHS,
    Letter,
    Reply,
    ServiceCategory,
    add_months,
)


@pytest.fixture(scope="session")
def _courrier_index_dir(tmp_path_factory):
    # One folder for the session: the starter model is trained once, then read back.
    return tmp_path_factory.mktemp("courrier-index")


@pytest.fixture(autouse=True)
def _courrier_dirs(settings, tmp_path, _courrier_index_dir):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SOCLE_ASSISTANT_INDEX_DIR = _courrier_index_dir


def category(code: str) -> ServiceCategory:
    return ServiceCategory.objects.get(collectivite__isnull=True, code=code)


def make_letter(collectivite, *, subject: str, body: str, code: str | None = None,
                days_ago: int = 10, **fields) -> Letter:
    received = timezone.localdate() - datetime.timedelta(days=days_ago)
    if code:
        fields["category"] = category(code)
    return Letter.objects.create(
        collectivite=collectivite, subject=subject, body=body, received_on=received,
        due_on=add_months(received, DUE_MONTHS), **fields)


def answered(collectivite, *, subject: str, body: str, reply: str, code: str = "autre",
             user=None, **fields) -> Letter:
    letter = make_letter(collectivite, subject=subject, body=body, code=code,
                         status=Letter.Status.ANSWERED, **fields)
    Reply.objects.create(letter=letter, text=reply, validated_by=user,
                         validated_at=timezone.now() - datetime.timedelta(days=2))
    return letter
