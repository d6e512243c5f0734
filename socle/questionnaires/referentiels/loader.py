"""Reading referentials from their TOML files, with strict validation.

Layout: ``socle/data/questionnaires/referentiels/<slug>/<version>.toml`` (version: 1, 2, 3…).
Every error names the file and, when it has one, the question, in French, so that whoever edits
the files knows what to fix. Files never change while the platform runs: loads are cached.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .schema import CHOICE, MAX_POINTS, NUMBER, TYPES, Option, Question, Referential, Theme

DATA_DIR = Path(settings.BASE_DIR) / "socle" / "data" / "questionnaires"
REFERENTIALS_DIR = DATA_DIR / "referentiels"
SHEETS_DIR = DATA_DIR / "fiches"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUESTION_ID_RE = re.compile(r"^[a-z0-9-]+\.[a-z0-9-]+(?:\.[a-z0-9-]+)*$")
REQUIRED = ("id", "theme", "text", "help", "type", "weight", "level", "action_title", "action",
            "impact", "effort", "sheets")


class ReferentialError(ValueError):
    """A referential file is invalid; the message names the file and the question."""

    def __init__(self, path: Path | str, message: str, question: str | None = None):
        where = f"{path}" + (f", question « {question} »" if question else "")
        super().__init__(f"{where} : {message}")
        self.path = str(path)
        self.question = question


def sheet_slugs(sheets_dir: Path | None = None) -> frozenset[str]:
    """Slugs of the good-practice sheets shipped as files (``<slug>.md``)."""
    folder = sheets_dir or SHEETS_DIR
    return frozenset(p.stem for p in folder.glob("*.md"))


def available(root: Path | None = None) -> dict[str, list[int]]:
    """{slug: [versions, ascending]} of the referentials shipped."""
    root = root or REFERENTIALS_DIR
    result = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and SLUG_RE.match(p.name)):
        versions = sorted(int(f.stem) for f in folder.glob("*.toml") if f.stem.isdigit())
        if versions:
            result[folder.name] = versions
    return result


def load(slug: str, version: int | None = None, *, root: Path | None = None,
         sheets_dir: Path | None = None) -> Referential:
    """One referential, the latest version unless one is asked for. LookupError if absent."""
    root = root or REFERENTIALS_DIR
    versions = available(root).get(slug)
    if not versions:
        raise LookupError(f"Référentiel inconnu : {slug}")
    version = versions[-1] if version is None else int(version)
    if version not in versions:
        raise LookupError(f"Version {version} du référentiel {slug} introuvable.")
    return _load_file(root / slug / f"{version}.toml", sheets_dir or SHEETS_DIR)


def load_all(*, root: Path | None = None, sheets_dir: Path | None = None) -> list[Referential]:
    """Every version of every referential (validates them all: what the command runs)."""
    root = root or REFERENTIALS_DIR
    return [load(slug, v, root=root, sheets_dir=sheets_dir)
            for slug, versions in available(root).items() for v in versions]


def clear_cache() -> None:
    _load_file.cache_clear()


@lru_cache(maxsize=32)
def _load_file(path: Path, sheets_dir: Path) -> Referential:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ReferentialError(path, f"TOML invalide ({exc})") from None
    return parse(data, path=path, known_sheets=sheet_slugs(sheets_dir))


def parse(data: dict, *, path: Path, known_sheets: frozenset[str]) -> Referential:
    """Build and validate a Referential from the decoded TOML of ``path``."""
    header = _header(data, path)
    theme_rows = data.get("themes") or []
    theme_ids = [_text(t, "id", path) for t in theme_rows]
    if not theme_ids or len(set(theme_ids)) != len(theme_ids):
        raise ReferentialError(path, "la liste [[themes]] est vide ou contient un doublon.")
    questions: dict[str, Question] = {}
    for order, row in enumerate(data.get("questions") or []):
        question = _question(row, order, path, theme_ids, known_sheets)
        if question.id in questions:
            raise ReferentialError(path, "identifiant en double.", question.id)
        _check_parent(question, questions, path)
        questions[question.id] = question
    themes = tuple(
        Theme(id=t["id"], title=_text(t, "title", path), description=t.get("description", ""),
              questions=tuple(q for q in questions.values() if q.theme == t["id"]))
        for t in theme_rows
    )
    empty = [t.id for t in themes if not t.questions]
    if empty:
        raise ReferentialError(path, f"thème sans question : {', '.join(empty)}.")
    return Referential(themes=themes, path=str(path), **header)


def _header(data: dict, path: Path) -> dict:
    slug, version = data.get("slug"), data.get("version")
    if slug != path.parent.name:
        raise ReferentialError(path, f"« slug » doit valoir « {path.parent.name} » (le dossier).")
    if version != int(path.stem):
        raise ReferentialError(path, f"« version » doit valoir {path.stem} (le nom du fichier).")
    minimum = data.get("min_scored_per_theme", 3)
    if not isinstance(minimum, int) or minimum < 1:
        raise ReferentialError(path, "« min_scored_per_theme » doit être un entier ≥ 1.")
    return {
        "slug": slug, "version": version, "title": _text(data, "title", path),
        "description": data.get("description", ""), "published": str(data.get("published", "")),
        "changes": data.get("changes", ""), "min_scored_per_theme": minimum,
    }


def _text(row: dict, key: str, path: Path, question: str | None = None) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ReferentialError(path, f"champ « {key} » manquant ou vide.", question)
    return value.strip()


def _int_in(row: dict, key: str, low: int, high: int, path: Path, qid: str) -> int:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ReferentialError(path, f"« {key} » doit être un entier de {low} à {high}.", qid)
    return value


def _question(row: dict, order: int, path: Path, theme_ids: list[str],
              known_sheets: frozenset[str]) -> Question:
    qid = row.get("id") if isinstance(row.get("id"), str) else f"n° {order + 1}"
    missing = [k for k in REQUIRED if k not in row]
    if missing:
        raise ReferentialError(path, f"champs manquants : {', '.join(missing)}.", qid)
    if not QUESTION_ID_RE.match(qid) or not qid.startswith(f"{row['theme']}."):
        raise ReferentialError(
            path, "l'identifiant doit être « <thème>.<nom> » en minuscules.", qid)
    if row["theme"] not in theme_ids:
        raise ReferentialError(path, f"thème inconnu « {row['theme']} ».", qid)
    if row["type"] not in TYPES:
        raise ReferentialError(path, f"type « {row['type']} » inconnu ({', '.join(TYPES)}).", qid)
    sheets = row["sheets"]
    if not isinstance(sheets, list) or not sheets:
        raise ReferentialError(path, "« sheets » doit lister au moins une fiche.", qid)
    unknown = sorted(set(sheets) - known_sheets)
    if unknown:
        raise ReferentialError(path, f"fiche inconnue : {', '.join(unknown)}.", qid)
    return Question(
        id=qid, theme=row["theme"], text=_text(row, "text", path, qid),
        help=_text(row, "help", path, qid), type=row["type"],
        weight=_int_in(row, "weight", 1, 5, path, qid),
        level=_int_in(row, "level", 1, 3, path, qid),
        action_title=_text(row, "action_title", path, qid),
        action_text=_text(row, "action", path, qid),
        impact=_int_in(row, "impact", 1, 3, path, qid),
        effort=_int_in(row, "effort", 1, 3, path, qid),
        sheets=tuple(sheets), legal=row.get("legal", ""),
        allow_not_applicable=bool(row.get("allow_not_applicable", False)),
        parent=row.get("parent"), open_when=tuple(str(v) for v in row.get("open_when", ())),
        order=order, **_type_fields(row, path, qid),
    )


def _type_fields(row: dict, path: Path, qid: str) -> dict:
    if row["type"] == CHOICE:
        options = row.get("options") or []
        if len(options) < 2:
            raise ReferentialError(path, "une question à choix demande au moins 2 options.", qid)
        parsed = tuple(Option(id=_text(o, "id", path, qid), label=_text(o, "label", path, qid),
                              points=o.get("points", -1)) for o in options)
        if any(isinstance(o.points, bool) or not isinstance(o.points, (int, float))
               or not 0 <= o.points <= MAX_POINTS for o in parsed):
            raise ReferentialError(path, "chaque option a des « points » de 0 à 3.", qid)
        if len({o.id for o in parsed}) != len(parsed) or max(o.points for o in parsed) != 3:
            raise ReferentialError(path, "options en double, ou aucune option à 3 points.", qid)
        return {"options": parsed}
    if row["type"] == NUMBER:
        thresholds = row.get("thresholds") or []
        if not thresholds or any(isinstance(t, bool) or not isinstance(t, (int, float))
                                 for t in thresholds) or list(thresholds) != sorted(thresholds):
            raise ReferentialError(path, "« thresholds » : des nombres croissants.", qid)
        return {"thresholds": tuple(float(t) for t in thresholds), "unit": row.get("unit", ""),
                "higher_is_better": bool(row.get("higher_is_better", True))}
    return {}


def _check_parent(question: Question, earlier: dict[str, Question], path: Path) -> None:
    if question.parent is None:
        if question.open_when:
            raise ReferentialError(path, "« open_when » sans « parent ».", question.id)
        return
    parent = earlier.get(question.parent)
    if parent is None:
        raise ReferentialError(
            path, f"la question parente « {question.parent} » n'existe pas (ou vient après).",
            question.id)
    if parent.type == NUMBER or parent.theme != question.theme:
        raise ReferentialError(path, "la question parente doit être du même thème et ne pas "
                                     "être numérique.", question.id)
    allowed = {v for v, _label in parent.choices()}
    if not question.open_when or not set(question.open_when) <= allowed:
        raise ReferentialError(path, "« open_when » doit citer des réponses de la question "
                                     "parente.", question.id)
