"""Fixtures of the donnees tests: the template library loaded from the shipped file."""

import pytest

from socle.donnees.models import ProcessingTemplate
from socle.donnees.services import templates_sync


@pytest.fixture
def library(db):
    templates_sync()
    return {t.slug: t for t in ProcessingTemplate.objects.all()}
