"""A small knowledge base built through the assistant's own services (import, index)."""

from __future__ import annotations

import pytest

from tests.assistant.conftest import make_collection

SAUVEGARDE = """---
title: Sauvegarder les données de la mairie
---
## Comment faire

Appliquer la règle 3-2-1 : trois copies des données, sur deux supports, dont une hors ligne.
Tester la restauration des sauvegardes chaque trimestre. Le guide de l'ANSSI est en ligne sur
https://cyber.gouv.fr/sauvegarde et le support répond au 01 23 45 67 89.
"""
ACCESSIBILITE = """---
title: Rendre le site accessible
---
## Comment faire

Publier la déclaration d'accessibilité et auditer le site selon le RGAA.
"""
CIMETIERE = """---
title: Note interne sur le cimetière
---
## Concessions

Les concessions funéraires du cimetière communal sont attribuées pour trente ans.
"""


@pytest.fixture
def corpus(territory):
    shared = make_collection("Fiches", None, [("sauvegarde.md", SAUVEGARDE.encode()),
                                              ("rgaa.md", ACCESSIBILITE.encode())])
    private = make_collection("Notes d'Alboussière", territory.a,
                              [("cimetiere.md", CIMETIERE.encode())])
    return shared, private
