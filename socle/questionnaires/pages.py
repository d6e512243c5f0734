"""What the answer pages show, as plain rows for the templates: each question of a theme with its
stored answer, comment, evidence, widget kind and whether it is open (sub-questions appear once
their parent's saved answer opens them)."""

from __future__ import annotations

from collections.abc import Mapping

from . import engine, referentiels
from .referentiels.schema import CHOICE, NUMBER, SCALE, TERNARY

WIDGETS = {TERNARY: "radio", SCALE: "scale", CHOICE: "radio", NUMBER: "number"}


def answer_rows(referential, theme_id: str, stored: Mapping, errors: Mapping[str, str],
                posted=None) -> list[dict]:
    """One row per open question of the theme, in the referential's order. ``posted`` (after a
    refused save) keeps what the person typed in the fields that were refused."""
    values = engine.parse_stored(referential, ((q, a.value) for q, a in stored.items()))
    rows = []
    for question in referential.theme(theme_id).questions:
        if not referential.is_open(question, values):
            continue
        answer = stored.get(question.id)
        value = answer.value if answer else ""
        if posted is not None and question.id in errors:
            value = str(posted.get(f"q-{question.id}", value))
        rows.append({
            "q": question,
            "html_id": question.id.replace(".", "-"),
            "widget": WIDGETS.get(question.type, "radio"),
            "choices": question.choices(),
            "value": value,
            "comment": answer.comment if answer else "",
            "evidence": list(answer.evidence.all()) if answer else [],
            "error": errors.get(question.id, ""),
            "has_subs": bool(referential.sub_questions(question.id)),
            "unit": question.unit,
            "level": referentiels.LEVEL_LABELS.get(question.level, ""),
        })
    return rows


def theme_progress(referential, values: Mapping) -> list[dict]:
    """Per theme: answered / open questions, for the response's overview."""
    rows = []
    for theme in referential.themes:
        open_ = engine.open_questions(referential, values, theme.id)
        answered = sum(1 for q in open_ if q.id in values)
        rows.append({"theme": theme, "answered": answered, "total": len(open_),
                     "complete": answered >= len(open_)})
    return rows
