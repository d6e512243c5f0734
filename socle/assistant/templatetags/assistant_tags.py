from django import template

from socle.assistant.search import mark

register = template.Library()


@register.filter
def marked(text: str, query: str):
    """``text`` escaped, with the words matching ``query`` inside <mark>."""
    return mark(text or "", query or "")
