"""The referential engine: shipped data, strict loading, version rule."""

from pathlib import Path

import pytest

from socle.questionnaires import referentiels as refs
from socle.questionnaires.referentiels.loader import ReferentialError

SEVEN_THEMES = {"cyber", "nis2", "rgpd", "responsable", "inclusion", "ia", "donnees"}

QUESTION = """
[[questions]]
id = "{id}"
theme = "t"
text = "Question {id} ?"
help = "Parce que."
type = "{type}"
weight = {weight}
level = 1
action_title = "Agir sur {id}"
action = "Faire ce qu'il faut."
impact = {impact}
effort = {effort}
sheets = ["{sheet}"]
{extra}
"""


def write_ref(root: Path, version: int, questions: list[dict], *, slug="essai",
              minimum=1) -> Path:
    folder = root / slug
    folder.mkdir(parents=True, exist_ok=True)
    text = (f'slug = "{slug}"\nversion = {version}\ntitle = "Essai"\n'
            f'min_scored_per_theme = {minimum}\n[[themes]]\nid = "t"\ntitle = "Thème"\n')
    for q in questions:
        values = {"type": "ternary", "weight": 1, "impact": 2, "effort": 1,
                  "sheet": "sauvegardes", "extra": "", **q}
        text += QUESTION.format(**values)
    path = folder / f"{version}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path):
    refs.clear_cache()
    yield tmp_path
    refs.clear_cache()


def test_shipped_referential_covers_seven_themes_with_enough_questions():
    ref = refs.load(refs.DEFAULT_SLUG)
    assert {t.id for t in ref.themes} == SEVEN_THEMES
    for theme in ref.themes:
        top_level = [q for q in theme.questions if not q.is_sub_question]
        assert len(top_level) >= 6, theme.id
    assert len(ref.questions) >= 42
    assert {q.type for q in ref.questions} == {"ternary", "scale", "number", "choice"}
    assert any(q.is_sub_question for q in ref.questions)
    assert any(q.legal for q in ref.questions)
    assert {q.level for q in ref.questions} == {1, 2, 3}


def test_every_recommendation_of_every_referential_points_to_an_existing_sheet():
    """Acceptance: every recommendation, in every version of every referential, has a sheet."""
    shipped = refs.sheet_slugs()
    checked = 0
    for slug, versions in refs.available().items():
        for version in versions:
            for question in refs.load(slug, version).questions:
                assert question.action_title and question.action_text, question.id
                assert question.sheets, question.id
                assert set(question.sheets) <= shipped, (slug, version, question.id)
                checked += 1
    assert checked >= 42


def test_latest_version_by_default_and_a_given_version_on_demand(root):
    write_ref(root, 1, [{"id": "t.a"}])
    write_ref(root, 2, [{"id": "t.a"}, {"id": "t.b"}])
    assert refs.available(root) == {"essai": [1, 2]}
    assert refs.load("essai", root=root).version == 2
    assert refs.load("essai", 1, root=root).version == 1
    with pytest.raises(LookupError):
        refs.load("essai", 3, root=root)
    with pytest.raises(LookupError):
        refs.load("inconnu", root=root)


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        ([{"id": "t.a", "sheet": "fiche-qui-n-existe-pas"}], "fiche inconnue"),
        ([{"id": "t.a"}, {"id": "t.a"}], "identifiant en double"),
        ([{"id": "t.a", "type": "oui-non"}], "type « oui-non » inconnu"),
        ([{"id": "t.a", "extra": 'parent = "t.nulle-part"\nopen_when = ["yes"]'}],
         "« t.nulle-part » n'existe pas"),
        ([{"id": "t.p"}, {"id": "t.a", "extra": 'parent = "t.p"\nopen_when = ["peut-etre"]'}],
         "« open_when »"),
        ([{"id": "t.a", "weight": 0}], "« weight » doit être un entier"),
        ([{"id": "t.a", "type": "number"}], "« thresholds »"),
        ([{"id": "t.a", "type": "choice",
           "extra": 'options = [{ id = "x", label = "X", points = 1 }, '
                    '{ id = "y", label = "Y", points = 2 }]'}], "aucune option à 3 points"),
    ],
)
def test_invalid_files_are_refused_naming_file_and_question(root, questions, expected):
    path = write_ref(root, 1, questions)
    with pytest.raises(ReferentialError) as error:
        refs.load("essai", root=root)
    message = str(error.value)
    assert expected in message
    assert str(path) in message
    assert "question « t.a »" in message


def test_header_must_match_folder_and_file_name(root):
    path = write_ref(root, 1, [{"id": "t.a"}])
    path.write_text(path.read_text().replace("version = 1", "version = 2"))
    with pytest.raises(ReferentialError, match="« version » doit valoir 1"):
        refs.load("essai", root=root)


def test_broken_toml_is_reported_with_its_file(root):
    folder = root / "essai"
    folder.mkdir()
    (folder / "1.toml").write_text("slug = \n", encoding="utf-8")
    with pytest.raises(ReferentialError, match="TOML invalide"):
        refs.load("essai", root=root)


def test_form_values_parse_into_answer_values():
    ref = refs.load(refs.DEFAULT_SLUG)
    backups = ref.question("cyber.sauvegardes")
    assert backups.parse("yes") == refs.AnswerValue.of("yes")
    assert backups.parse(refs.UNKNOWN_VALUE) == refs.AnswerValue.unknown()
    with pytest.raises(ValueError, match="Sans objet"):
        backups.parse(refs.NOT_APPLICABLE_VALUE)
    with pytest.raises(ValueError, match="Choisissez"):
        backups.parse("peut-être")
    obsolete = ref.question("cyber.mises-a-jour")
    assert obsolete.parse(" 2,0 ") == refs.AnswerValue.of(2.0)
    for bad in ("deux", "-1", "nan", "inf"):
        with pytest.raises(ValueError):
            obsolete.parse(bad)
    assert ref.question("cyber.incident").parse("2") == refs.AnswerValue.of(2)
    stored = refs.AnswerValue.of("yes").as_dict()
    assert refs.AnswerValue.from_dict(stored) == refs.AnswerValue.of("yes")
