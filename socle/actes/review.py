"""What the review screen shows: the extracted text cut into plain runs and highlighted
suggestions, the table of suggestions and the pseudonymised preview."""

from __future__ import annotations

from socle.confidentialite.engine.model import LABELS

from .models import Act
from .services import pseudonymised


def segments(text: str, spans: list[dict]) -> list[dict]:
    """[{"text", "span": index or None}]: spans that overlap an earlier one are not drawn."""
    parts, cursor = [], 0
    for index, span in enumerate(spans):
        if span["start"] < cursor:
            continue
        if span["start"] > cursor:
            parts.append({"text": text[cursor:span["start"]], "span": None})
        parts.append({"text": text[span["start"]:span["end"]], "span": index,
                      "action": span["action"], "label": LABELS.get(span["label"],
                                                                     span["label"])})
        cursor = span["end"]
    parts.append({"text": text[cursor:], "span": None})
    return parts


def review_context(*, act: Act) -> dict:
    rows = [{**span, "index": i, "label_name": LABELS.get(span["label"], span["label"])}
            for i, span in enumerate(act.spans)]
    _obj, text = pseudonymised(act=act)
    return {"segments": segments(act.text, act.spans), "rows": rows,
            "span_count": len(act.spans), "preview_text": text,
            "masked_count": sum(s["action"] == "mask" for s in act.spans)}
