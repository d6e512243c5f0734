"""The one way Socle talks to a language model (docs/assistant-questions.md, "Passerelle").

Every call: (1) every message goes through the personal-data engine, with one placeholder
mapping shared by all the messages of the call ("[Personne 1]" is the same person in the system
prompt and in the question); (2) only the pseudonymised text is sent, to the OpenAI-compatible
endpoint the operator configured; (3) the answer's placeholders are restored here, locally;
(4) a ``ModelCall`` row and an ``assistant.model_called`` journal event keep the figures (user,
purpose, model, tokens, latency, energy, CO2), never the text.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle.confidentialite import engine
from socle.confidentialite import services as confidentialite
from socle.core import http
from socle.journal.services import record, register_actions

from . import energy
from .models import ModelCall

register_actions({
    "assistant.model_called": gettext_lazy("Appel au modèle de langage"),
    "assistant.model_failed": gettext_lazy("Échec d'un appel au modèle de langage"),
})

DEFAULT_MAX_TOKENS = 1024
MAX_RESPONSE_BYTES = 4 * 1024 * 1024
_SEPARATOR = "\x1e"  # ASCII record separator: never in the messages (removed), never masked
CHARS_PER_TOKEN = 4  # estimate when the endpoint does not report usage (French prose)


class GatewayError(Exception):
    """A call that could not be made; ``str(exc)`` is French and safe to show."""


@dataclass(frozen=True)
class Completion:
    text: str  # placeholders restored to the originals
    raw_text: str  # as the model returned it (pseudonymised)
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: int
    energy_wh: float
    co2_g: float
    call_id: int


def model_configured() -> bool:
    return bool(getattr(settings, "SOCLE_LLM_BASE_URL", "") and
                getattr(settings, "SOCLE_LLM_MODEL", ""))


def model_name() -> str:
    return getattr(settings, "SOCLE_LLM_MODEL", "") if model_configured() else ""


def endpoint(path: str) -> str:
    """``SOCLE_LLM_BASE_URL`` is the API root as the providers give it (ending in /v1)."""
    return settings.SOCLE_LLM_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def pseudonymise_messages(messages: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """Every content through the engine, with one mapping for the whole call."""
    contents = []
    for message in messages:
        content = message.get("content")
        if not isinstance(content, str):
            raise GatewayError(_("Message mal formé : le contenu doit être un texte."))
        contents.append(content.replace(_SEPARATOR, " "))
    entities: list[engine.Entity] = []
    offset = 0
    for content in contents:
        try:
            result = confidentialite.analyse(content)
        except confidentialite.TextTooLong as exc:
            raise GatewayError(str(exc)) from None
        for e in result.analysis.entities:
            entities.append(engine.Entity(e.start + offset, e.end + offset, e.label, e.text,
                                          e.action, e.reason, e.score))
        offset += len(content) + len(_SEPARATOR)
    joined = _SEPARATOR.join(contents)
    pseudonymised = engine.pseudonymise(joined, entities)
    parts = pseudonymised.text.split(_SEPARATOR)
    sent = [{**message, "content": part} for message, part in zip(messages, parts, strict=True)]
    return sent, pseudonymised.mapping


def _estimate_tokens(text: str) -> int:
    return max(1, round(len(text) / CHARS_PER_TOKEN)) if text else 0


def _usage(data: dict, sent: list[dict], text: str) -> tuple[int, int, bool]:
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
    prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
    if isinstance(prompt, int) and isinstance(completion, int) and prompt >= 0 <= completion:
        return prompt, completion, False
    return (sum(_estimate_tokens(m["content"]) for m in sent), _estimate_tokens(text), True)


def _answer_text(data: dict) -> str:
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        content = None
    if not isinstance(content, str):
        raise GatewayError(_("réponse inattendue du service (pas de texte)"))
    return content


def _journal(call: ModelCall, *, actor, collectivite, request, action: str) -> None:
    record(
        actor=actor,
        action=action,
        collectivite=collectivite,
        obj=call,
        details={
            "purpose": call.purpose,
            "model": call.model,
            "prompt_tokens": call.prompt_tokens,
            "completion_tokens": call.completion_tokens,
            "tokens_estimated": call.tokens_estimated,
            "latency_ms": call.latency_ms,
            "energy_wh": round(call.energy_wh, 6),
            "co2_g": round(call.co2_g, 6),
            "energy_method": call.energy_method,
            "status": call.status,
            **({"error": call.error} if call.error else {}),
        },
        request=request,
    )


def _record_failure(*, actor, collectivite, purpose, model, message, latency_ms, request):
    with transaction.atomic():
        call = ModelCall.objects.create(
            collectivite=collectivite, user=actor if getattr(actor, "pk", None) else None,
            purpose=purpose[:60], model=model[:200], latency_ms=latency_ms,
            status=ModelCall.Status.ERROR, error=message[:300],
        )
        _journal(call, actor=actor, collectivite=collectivite, request=request,
                 action="assistant.model_failed")


def complete(
    *,
    actor,
    collectivite,
    purpose: str,
    messages: list[dict],
    max_tokens: int | None = None,
    temperature: float = 0.2,
    request=None,
) -> Completion:
    """One chat completion through the guardrails. Raises :class:`GatewayError` (French)."""
    if not model_configured():
        raise GatewayError(_("Aucun modèle de langage n'est configuré sur cette plateforme."))
    if collectivite is None:
        raise GatewayError(_("Un appel au modèle se fait toujours pour une collectivité."))
    if not messages:
        raise GatewayError(_("Aucun message à envoyer au modèle."))
    model = settings.SOCLE_LLM_MODEL
    sent, mapping = pseudonymise_messages(messages)
    payload = {
        "model": model,
        "messages": [{"role": m.get("role", "user"), "content": m["content"]} for m in sent],
        "temperature": temperature,
        "max_tokens": max_tokens or DEFAULT_MAX_TOKENS,
        "stream": False,
    }
    headers = {}
    key = getattr(settings, "SOCLE_LLM_API_KEY", "")
    if key:
        headers["Authorization"] = f"Bearer {key}"
    started = time.monotonic()
    try:
        data = http.post_json(
            endpoint("chat/completions"),
            payload=payload,
            headers=headers,
            timeout=float(getattr(settings, "SOCLE_LLM_TIMEOUT", 120.0)),
            max_bytes=MAX_RESPONSE_BYTES,
            allow_private=True,  # the operator's own endpoint (docs: "Adresses privées")
        )
        raw_text = _answer_text(data)
    except (http.HttpError, GatewayError) as exc:
        latency_ms = round((time.monotonic() - started) * 1000)
        message = _("Le modèle de langage n'a pas pu répondre : %(reason)s.") % {
            "reason": str(exc).rstrip(".")
        }
        _record_failure(actor=actor, collectivite=collectivite, purpose=purpose, model=model,
                        message=message, latency_ms=latency_ms, request=request)
        raise GatewayError(message) from None
    latency_ms = round((time.monotonic() - started) * 1000)
    prompt_tokens, completion_tokens, estimated = _usage(data, sent, raw_text)
    answered_model = data.get("model") if isinstance(data.get("model"), str) else model
    estimate = energy.model_call(
        model_name=model, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
        latency_s=latency_ms / 1000,
    )
    with transaction.atomic():
        call = ModelCall(
            collectivite=collectivite, user=actor if getattr(actor, "pk", None) else None,
            purpose=purpose[:60], model=(answered_model or model)[:200],
            prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
            tokens_estimated=estimated, latency_ms=latency_ms,
            energy_wh=estimate.energy_wh, co2_g=estimate.co2_g, energy_method=estimate.method,
        )
        call.full_clean()
        call.save()
        _journal(call, actor=actor, collectivite=collectivite, request=request,
                 action="assistant.model_called")
    return Completion(
        text=engine.restore(raw_text, mapping),
        raw_text=raw_text,
        model=call.model,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        latency_ms=latency_ms,
        energy_wh=estimate.energy_wh,
        co2_g=estimate.co2_g,
        call_id=call.pk,
    )
