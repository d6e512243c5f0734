"""Scores and gaps: the documented method, its worked example, and the explicit cases (not
applicable, don't know, partial answers, sub-questions, version changes)."""

from pathlib import Path

import pytest
from django.conf import settings

from socle.questionnaires import referentiels as refs
from socle.questionnaires.referentiels import AnswerValue as A
from tests.questionnaires.test_referentiels import write_ref

DOC = Path(settings.BASE_DIR) / "docs" / "questionnaires-method.md"

# The worked example of docs/questionnaires-method.md, answer for answer.
WORKED_EXAMPLE = {
    "cyber.sauvegardes": A.of("partial"),
    "cyber.sauvegardes-testees": A.of("no"),
    "cyber.sauvegardes-hors-ligne": A.of("disque-branche"),
    "cyber.mises-a-jour": A.of(2),
    "cyber.mises-a-jour-auto": A.of("yes"),
    "cyber.mots-de-passe": A.unknown(),
    "cyber.comptes-admin": A.of("no"),
    "cyber.sensibilisation": A.of(60),
    # cyber.incident: not answered yet
    "rgpd.dpo": A.of("yes"),
    "rgpd.registre": A.of("no"),
    "rgpd.registre-durees": A.of(3),  # closed by "no": ignored
    "rgpd.information": A.of("partial"),
    "rgpd.droits": A.of(2),
    "rgpd.violations": A.unknown(),
    "rgpd.sous-traitants": A.not_applicable(),
    "ia.usages": A.of("non"),
    "ia.charte": A.unknown(),
    "ia.formation": A.unknown(),
}


@pytest.fixture
def ref():
    return refs.load(refs.DEFAULT_SLUG, 1)


def test_worked_example_of_the_documentation(ref):
    report = refs.score(ref, WORKED_EXAMPLE)
    cyber, rgpd, ia = report.theme("cyber"), report.theme("rgpd"), report.theme("ia")
    assert (cyber.points, cyber.max_points, cyber.score) == (19.5, 48, 40.6)
    assert (cyber.scored, cyber.unknown, cyber.not_applicable, cyber.missing) == (7, 1, 0, 1)
    assert (rgpd.points, rgpd.max_points, rgpd.score) == (16, 30, 53.3)
    assert (rgpd.scored, rgpd.unknown, rgpd.not_applicable, rgpd.missing) == (4, 1, 1, 0)
    assert rgpd.open_questions == 6  # the closed sub-question is not counted
    assert ia.score is None and "1 pour 3 au minimum" in ia.reason
    assert report.theme("nis2").score is None
    assert report.overall is None
    assert "2 thème(s) noté(s) sur 7" in report.overall_reason
    assert report.ignored == ("rgpd.registre-durees",)
    priorities = [gap.question.id for gap in refs.gaps(ref, WORKED_EXAMPLE)]
    assert priorities == [
        "cyber.sauvegardes-testees", "cyber.sauvegardes", "cyber.mises-a-jour",
        "rgpd.registre", "cyber.sauvegardes-hors-ligne", "cyber.sensibilisation",
        "rgpd.information", "rgpd.droits", "cyber.comptes-admin",
    ]
    doc = DOC.read_text(encoding="utf-8")
    for figure in ("19,5", "48", "**40,6**", "16", "30", "**53,3**"):
        assert figure in doc
    assert "cyber.sauvegardes-testees" in doc


def test_not_applicable_and_unknown_are_counted_but_not_scored(ref):
    base = {"cyber.mises-a-jour-auto": A.of("yes"), "cyber.mots-de-passe": A.of("no"),
            "cyber.comptes-admin": A.of("yes"), "cyber.incident": A.of(3)}
    before = refs.score(ref, base).theme("cyber")
    with_unknown = refs.score(ref, {**base, "cyber.sauvegardes": A.unknown()}).theme("cyber")
    assert with_unknown.score == before.score
    assert with_unknown.unknown == 1 and with_unknown.missing == before.missing - 1
    nis2 = {"nis2.gouvernance": A.of("yes"), "nis2.notification": A.of("no"),
            "nis2.formation-elus": A.of("yes")}
    plain = refs.score(ref, nis2).theme("nis2")
    with_na = refs.score(ref, {**nis2, "nis2.prestataires": A.not_applicable()}).theme("nis2")
    assert with_na.score == plain.score == round(100 * (9 + 0 + 3) / (9 + 6 + 3), 1)
    assert with_na.not_applicable == 1


def test_not_applicable_where_the_question_does_not_allow_it_counts_as_missing(ref):
    report = refs.score(ref, {"cyber.sauvegardes": A.not_applicable()})
    assert report.theme("cyber").not_applicable == 0
    assert report.theme("cyber").missing == 7


def test_partial_answers_give_no_theme_score_and_say_why(ref):
    answers = {"donnees.inventaire": A.of(3), "donnees.responsables": A.of("yes")}
    theme = refs.score(ref, answers).theme("donnees")
    assert theme.score is None
    assert "Trop peu de réponses notées : 2 pour 3" in theme.reason
    answers["donnees.qualite"] = A.of("no")
    theme = refs.score(ref, answers).theme("donnees")
    assert theme.score == round(100 * (9 + 6 + 0) / (9 + 6 + 6), 1)
    assert theme.missing == 3


def test_overall_is_the_mean_of_theme_scores_once_half_the_themes_have_one(ref):
    answers = {}
    for theme in ref.themes:
        for question in [q for q in theme.questions if not q.is_sub_question][:3]:
            value = "1000" if question.type == "number" else question.choices()[0][0]
            answers[question.id] = question.parse(value)
    full = refs.score(ref, answers)
    assert all(t.score is not None for t in full.themes)
    assert full.overall == round(sum(t.score for t in full.themes) / 7, 1)
    assert full.overall_reason == ""
    four = {k: v for k, v in answers.items() if k.split(".")[0] in {"cyber", "nis2", "rgpd", "ia"}}
    partial = refs.score(ref, four)
    assert partial.overall is not None and "4 thèmes sur 7" in partial.overall_reason


def test_sub_questions_only_count_when_opened(ref):
    opened = refs.score(ref, {"cyber.sauvegardes": A.of("yes"),
                              "cyber.sauvegardes-testees": A.of("no")}).theme("cyber")
    closed = refs.score(ref, {"cyber.sauvegardes": A.of("no"),
                              "cyber.sauvegardes-testees": A.of("no")}).theme("cyber")
    assert opened.open_questions == 9 and opened.scored == 2
    assert closed.open_questions == 7 and closed.scored == 1
    answers = {"cyber.sauvegardes": A.of("no"), "cyber.sauvegardes-testees": A.of("no")}
    gaps = refs.gaps(ref, answers)
    assert [g.question.id for g in gaps] == ["cyber.sauvegardes"]
    assert ref.is_open(ref.question("cyber.sauvegardes-testees"), {}) is False


def test_gaps_carry_the_action_and_its_sheets_in_priority_order(ref):
    answers = {"cyber.mots-de-passe": A.of("no"), "responsable.ecoconception": A.of(1),
               "cyber.comptes-admin": A.of("partial"), "rgpd.dpo": A.of("yes")}
    gaps = refs.gaps(ref, answers)
    assert [(g.priority, g.question.id, g.impact, g.effort) for g in gaps] == [
        (1, "cyber.mots-de-passe", 3, 1), (2, "cyber.comptes-admin", 2, 2),
        (3, "responsable.ecoconception", 1, 2),
    ]
    assert gaps[0].title == "Activer la double authentification"
    assert gaps[0].sheets == ("mots-de-passe-mfa",) and gaps[0].points == 0
    assert gaps[1].points == 1.5


def test_invalid_stored_values_are_missing_not_errors(ref):
    report = refs.score(ref, {"cyber.sauvegardes": A.of("peut-être"),
                              "cyber.incident": A.of(7), "cyber.mises-a-jour": A.of(True)})
    assert report.theme("cyber").scored == 0
    assert report.theme("cyber").missing == 7


def test_answers_given_in_v1_still_score_after_v2_is_shipped(tmp_path):
    refs.clear_cache()
    v1 = [{"id": "t.sauvegardes"}, {"id": "t.ancienne"}, {"id": "t.stable", "weight": 2}]
    write_ref(tmp_path, 1, v1)
    answers = {"t.sauvegardes": A.of("yes"), "t.ancienne": A.of("no"), "t.stable": A.of("partial")}
    before = refs.score(refs.load("essai", root=tmp_path), answers)
    # v2 retires t.ancienne, rewords t.stable and adds t.nouvelle.
    write_ref(tmp_path, 2, [{"id": "t.sauvegardes"}, {"id": "t.stable", "weight": 2},
                            {"id": "t.nouvelle", "impact": 3}])
    v2_path = tmp_path / "essai" / "2.toml"
    v2_path.write_text(v2_path.read_text().replace("Question t.stable ?", "Nouveau libellé ?"))
    assert refs.load("essai", root=tmp_path).version == 2
    again = refs.score(refs.load("essai", 1, root=tmp_path), answers)
    assert again == before
    assert before.theme("t").score == round(100 * (3 + 0 + 3) / (3 + 3 + 6), 1)
    # The same answers read against v2: the retired question is ignored, the new one missing.
    v2 = refs.score(refs.load("essai", 2, root=tmp_path), answers)
    assert v2.ignored == ("t.ancienne",)
    assert v2.theme("t").missing == 1
    assert refs.load("essai", 2, root=tmp_path).question("t.stable").text == "Nouveau libellé ?"
    refs.clear_cache()
