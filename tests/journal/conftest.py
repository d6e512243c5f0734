"""A small journal: events of A, B, C and of the whole platform, with test actions."""

from dataclasses import dataclass

import pytest

from socle.journal.models import AuditEvent
from socle.journal.services import ACTION_LABELS, record, register_actions

TEST_ACTIONS = {
    "essai.cree": "Création d'un essai",
    "essai.modifie": "Modification d'un essai",
}


@dataclass
class Journal:
    a: AuditEvent
    a_other: AuditEvent
    b: AuditEvent
    c: AuditEvent
    platform: AuditEvent


@pytest.fixture
def test_actions():
    register_actions(TEST_ACTIONS)
    yield TEST_ACTIONS
    for key in TEST_ACTIONS:
        ACTION_LABELS.pop(key, None)


@pytest.fixture
def journal(territory, operateur, referent_a, test_actions) -> Journal:
    return Journal(
        a=record(actor=referent_a, action="essai.cree", collectivite=territory.a,
                 obj=territory.a, details={"champ": "site internet"}),
        a_other=record(actor=operateur, action="essai.modifie", collectivite=territory.a),
        b=record(actor=operateur, action="essai.cree", collectivite=territory.b,
                 obj=territory.b),
        c=record(actor=operateur, action="essai.cree", collectivite=territory.c,
                 obj=territory.c),
        platform=record(actor=None, action="essai.modifie", details={"source": "import"}),
    )

