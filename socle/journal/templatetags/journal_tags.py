"""Display helpers for the journal pages."""

import json

from django import template

from socle.journal.services import action_label as _action_label

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """The French label of an action code (the code itself if no app registered it)."""
    return _action_label(action)


@register.filter
def details_items(details) -> list[tuple[str, str]]:
    """An event's details as (key, text) pairs; nested values shown as compact JSON."""
    if not isinstance(details, dict):
        return [("", json.dumps(details, ensure_ascii=False))] if details else []
    return [
        (str(key), value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        for key, value in details.items()
    ]
