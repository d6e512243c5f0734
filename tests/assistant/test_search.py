"""Search over the knowledge base: lexical, dense, hybrid, reliability, filters and tenancy."""

import pytest
from django.core.exceptions import PermissionDenied

from socle.assistant.search import Index, search, store
from socle.assistant.search.highlight import key_sentences, mark
from tests.assistant.conftest import make_collection

SAUVEGARDE = """---
title: Sauvegarder les données de la mairie
theme: securite
---
## Pourquoi c'est important

Un rançongiciel chiffre les serveurs et les sauvegardes accessibles en ligne.

## Comment faire

Appliquer la règle 3-2-1 : trois copies des données, sur deux supports, dont une hors ligne.
Tester la restauration des sauvegardes chaque trimestre.
"""
ACCESSIBILITE = """---
title: Rendre le site accessible
theme: inclusion
---
## Comment faire

Publier la déclaration d'accessibilité et auditer le site selon le RGAA.
"""
PRIVATE = """---
title: Note interne sur le cimetière
theme: funeraire
---
## Concessions

Les concessions funéraires du cimetière communal sont attribuées pour trente ans.
"""


@pytest.fixture
def corpus(territory):
    shared = make_collection("Fiches", None, [("sauvegarde.md", SAUVEGARDE.encode()),
                                          ("rgaa.md", ACCESSIBILITE.encode())])
    private = make_collection("Notes d'Alboussière", territory.a,
                              [("cimetiere.md", PRIVATE.encode())])
    return shared, private


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_each_mode_puts_the_right_document_first(corpus, agent_a, territory, mode):
    result = search(user=agent_a, query="comment tester la restauration des sauvegardes",
                    collectivite=territory.a, mode=mode)
    assert result.hits[0].document_title == "Sauvegarder les données de la mairie"
    assert result.hits[0].heading == "Comment faire"
    assert result.reliable
    assert result.mode == mode


def test_hit_carries_highlights_andmake_collection(corpus, agent_a, territory):
    hit = search(user=agent_a, query="restauration des sauvegardes", collectivite=territory.a,
                 limit=1).hits[0]
    assert hit.collection_name == "Fiches"
    assert any("restauration" in sentence for sentence in hit.highlights)
    assert len(hit.highlights) <= 3


def test_off_topic_query_is_flagged_unreliable(corpus, agent_a, territory):
    result = search(user=agent_a, query="recette du gâteau au chocolat", collectivite=territory.a)
    assert not result.reliable


def test_private_collection_is_searched_only_for_its_collectivite(corpus, agent_a, agent_b,
                                                                   territory):
    query = "durée des concessions du cimetière"
    mine = search(user=agent_a, query=query, collectivite=territory.a)
    assert mine.hits[0].document_title == "Note interne sur le cimetière"
    theirs = search(user=agent_b, query=query, collectivite=territory.b)
    assert all(h.collection_name != "Notes d'Alboussière" for h in theirs.hits)


def test_member_of_another_collectivite_is_refused(corpus, agent_b, territory):
    with pytest.raises(PermissionDenied):
        search(user=agent_b, query="cimetière", collectivite=territory.a)


def test_operator_searches_everymake_collection(corpus, operateur):
    result = search(user=operateur, query="concessions du cimetière", mode="lexical")
    assert result.hits[0].collection_name == "Notes d'Alboussière"


def test_filters_by_collection_and_metadata(corpus, agent_a, territory):
    _shared, private = corpus
    only_private = search(user=agent_a, query="sauvegardes cimetière", collectivite=territory.a,
                          collection_ids=[private.pk])
    assert {h.collection_id for h in only_private.hits} == {private.pk}
    inclusion = search(user=agent_a, query="site", collectivite=territory.a,
                       filters={"theme": "inclusion"})
    assert [h.document_title for h in inclusion.hits] == ["Rendre le site accessible"]


def test_empty_query_returns_nothing(corpus, agent_a, territory):
    result = search(user=agent_a, query="  ", collectivite=territory.a)
    assert result.hits == [] and not result.reliable


def test_index_class_works_without_database():
    index = Index.build([(1, "Le conseil municipal vote le budget primitif."),
                         (2, "La piscine intercommunale ouvre en juin.")])
    assert index.rank("budget voté par le conseil", mode="hybrid")[0].id == 1
    assert index.rank("baignade l'été", mode="dense")[0].id == 2
    assert index.rank("piscines", mode="lexical")[0].id == 2


def test_index_is_persisted_and_reloaded(corpus, tmp_path):
    version = store.current_version()
    assert (tmp_path / "index" / version / "ids.npy").exists()
    store.forget()
    assert len(store.current_index()) == 4


def test_key_sentences_and_marks():
    text = "Le budget est voté en mars. La piscine ferme. Les réseaux sont sauvegardés."
    assert key_sentences(text, "réseau sauvegarde") == ["Les réseaux sont sauvegardés."]
    marked = str(mark("Les <b>réseaux</b>", "reseau"))
    assert marked == "Les &lt;b&gt;<mark>réseaux</mark>&lt;/b&gt;"
