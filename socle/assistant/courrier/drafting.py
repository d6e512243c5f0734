"""A first draft of the reply, which the agent always edits and validates.

- With a language model configured: the gateway (``socle.assistant.conversations.gateway``) is
  asked for the body of the reply, with the most similar validated replies as examples. The
  senders' names, e-mails and addresses are replaced by placeholders here, before the gateway's
  own masking: the letter's personal data never leaves. The greeting is added locally.
- Without one: the most similar validated reply, adapted (greeting, subject and date of the new
  letter substituted), labelled with its origin; with no similar reply, the category template.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from .categories import template_for
from .models import Letter, Reply
from .similar import Similar

logger = logging.getLogger(__name__)
PURPOSE = "courrier.draft"
SENDER = "[EXPÉDITEUR]"
GREETING_LINE = re.compile(r"^\s*(madame|monsieur|mesdames|messieurs|bonjour)\b[^\n]{0,80},\s*$",
                           re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    text: str
    source: str
    note: str = ""
    source_letter: Letter | None = None
    model_name: str = ""


def _gateway():
    """The assistant's gateway module, or None when it is absent or no model is configured."""
    try:
        from socle.assistant.conversations import gateway
    except ImportError:
        return None
    return gateway if gateway.model_configured() else None


def model_available() -> bool:
    return _gateway() is not None


def _date(day) -> str:
    return formats.date_format(day, "d/m/Y")


def _without_sender(text: str, letter: Letter) -> str:
    """The text with the letter's sender (name, e-mail, address lines) replaced."""
    needles = [letter.sender_name, letter.sender_email]
    needles += [line.strip() for line in letter.sender_address.splitlines()]
    for needle in sorted({n for n in needles if n and len(n) >= 3}, key=len, reverse=True):
        text = re.sub(re.escape(needle), SENDER, text, flags=re.IGNORECASE)
    return text


def _body_of(reply_text: str) -> str:
    """A validated reply without its greeting line (it belongs to its own letter)."""
    lines = reply_text.strip().splitlines()
    if lines and GREETING_LINE.match(lines[0]):
        lines = lines[1:]
    return "\n".join(lines).strip()


def adapt(*, letter: Letter, similar: Similar) -> Draft:
    old = similar.letter
    body = _body_of(similar.reply.text)
    if old.sender_name and letter.sender_name:
        body = re.sub(re.escape(old.sender_name), letter.sender_name, body, flags=re.IGNORECASE)
    elif old.sender_name:
        body = _without_sender(body, old)
    if old.subject and letter.subject:
        body = body.replace(old.subject, letter.subject)
    body = body.replace(_date(old.received_on), _date(letter.received_on))
    validated = similar.reply.validated_at or similar.reply.created_at
    note = _("Adaptée de la réponse du %(date)s au courrier n° %(pk)s (« %(subject)s ») : "
             "relisez chaque phrase.") % {"date": _date(validated), "pk": old.pk,
                                          "subject": old.subject[:80]}
    return Draft(text=f"{letter.greeting}\n\n{body}", source=Reply.Source.SIMILAR, note=note,
                 source_letter=old)


def from_template(*, letter: Letter) -> Draft:
    category = letter.category or letter.predicted_category
    code = category.code if category else None
    text = (f"{letter.greeting}\n\n"
            + _("Votre courrier du %(date)s, objet : %(subject)s.")
            % {"date": _date(letter.received_on), "subject": letter.subject}
            + f"\n\n{template_for(code)}\n\n"
            + _("Nous vous prions d'agréer l'expression de nos salutations distinguées."))
    note = _("Modèle de réponse de la catégorie « %(name)s ».") % {
        "name": category.name if category else _("Autre")}
    return Draft(text=text, source=Reply.Source.TEMPLATE, note=note)


def _messages(letter: Letter, examples: list[Similar]) -> list[dict]:
    system = (
        "Tu rédiges, en français, le brouillon de la réponse d'une mairie au courrier d'un "
        "habitant. Ton courtois et administratif, phrases courtes, aucune promesse que la "
        "mairie ne peut tenir, aucune information inventée (horaires, montants, délais) : "
        "écris [À COMPLÉTER] à la place. N'écris ni formule d'appel ni signature : seulement "
        "le corps de la lettre et la formule de politesse finale. Un agent relira et validera.")
    messages = [{"role": "system", "content": system}]
    for example in examples:
        messages.append({"role": "user", "content": _letter_prompt(example.letter)})
        messages.append({"role": "assistant",
                         "content": _without_sender(_body_of(example.reply.text),
                                                    example.letter)})
    messages.append({"role": "user", "content": _letter_prompt(letter)})
    return messages


def _letter_prompt(letter: Letter) -> str:
    return _without_sender(f"Objet : {letter.subject}\n\n{letter.body}", letter)


def with_model(*, letter: Letter, examples: list[Similar], actor, request=None) -> Draft | None:
    """The model's draft, or None when no model is configured or the call failed (logged)."""
    gateway = _gateway()
    if gateway is None:
        return None
    try:
        completion = gateway.complete(actor=actor, collectivite=letter.collectivite,
                                      purpose=PURPOSE, messages=_messages(letter, examples),
                                      max_tokens=900, temperature=0.2, request=request)
    except gateway.GatewayError as error:
        logger.warning("courrier: draft by the model failed for letter %s: %s", letter.pk, error)
        return None
    body = completion.text.strip().replace(SENDER, letter.sender_name or "")
    if not body:
        return None
    note = _("Brouillon rédigé par le modèle %(model)s à partir de %(count)s réponse(s) "
             "similaire(s) : relisez et complétez.") % {"model": completion.model,
                                                         "count": len(examples)}
    return Draft(text=f"{letter.greeting}\n\n{body}", source=Reply.Source.MODEL, note=note,
                 model_name=str(completion.model)[:120])


def draft(*, letter: Letter, similar: list[Similar], actor, request=None,
          use_model: bool = True) -> tuple[Draft, str]:
    """(draft, warning): the model's when asked and available, else the adapted most similar
    reply, else the category template. ``warning`` explains a fallback from a failed model."""
    warning = ""
    if use_model and model_available():
        made = with_model(letter=letter, examples=similar, actor=actor, request=request)
        if made is not None:
            return made, warning
        warning = _("Le modèle de langue n'a pas répondu : brouillon établi sans lui.")
    if similar:
        return adapt(letter=letter, similar=similar[0]), warning
    return from_template(letter=letter), warning
