"""The question-answer protocol (docs/assistant-questions.md, "Citations et refus"): numbered
sources in the prompt, citations checked afterwards, refusal token, masking of contact details
that no cited source contains. Pure functions: no database, no network."""

from __future__ import annotations

import re
from dataclasses import dataclass

REFUSAL_TOKEN = "AUCUNE_SOURCE"  # noqa: S105 (a word the model answers, not a secret)
MAX_SOURCE_CHARS = 1800  # per numbered source in the prompt

SYSTEM_PROMPT = (
    "Tu es l'assistant d'une collectivité territoriale française. Tu réponds en français, "
    "de façon brève et factuelle, UNIQUEMENT à partir des sources numérotées fournies. "
    "Après chaque phrase qui s'appuie sur une source, cite son numéro entre crochets, par "
    "exemple [1] ou [2][3]. N'invente ni fait, ni chiffre, ni adresse, ni numéro de "
    "téléphone, ni lien. Si les sources ne permettent pas de répondre à la question, réponds "
    f"exactement {REFUSAL_TOKEN} et rien d'autre. Les mentions entre crochets comme "
    "[Personne 1] désignent des données masquées : garde-les telles quelles."
)

_CITATION = re.compile(r"\[(\d{1,3})\]")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'\]\[)(]+", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PHONE = re.compile(r"(?<![\d\w])(?:\+33[\s.]?|0033[\s.]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
MASKS = {"url": "[lien masqué]", "email": "[courriel masqué]", "phone": "[téléphone masqué]"}


def user_prompt(question: str, sources: list[dict]) -> str:
    blocks = []
    for number, source in enumerate(sources, start=1):
        where = source["document_title"]
        if source.get("heading"):
            where += f" — {source['heading']}"
        blocks.append(f"[{number}] {where}\n{source['text'][:MAX_SOURCE_CHARS]}")
    return "Sources :\n\n" + "\n\n".join(blocks) + f"\n\nQuestion : {question}"


def messages_for(question: str, sources: list[dict]) -> list[dict]:
    return [{"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": user_prompt(question, sources)}]


@dataclass(frozen=True)
class Checked:
    text: str
    cited: list[int]  # 1-based numbers of the sources kept, in order of first citation
    refused: bool
    masked: int  # how many URLs, e-mails and phone numbers were masked


def _digits(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    return digits


def _clean_url(value: str) -> str:
    return value.rstrip(".,;:!?»").lower().removeprefix("https://").removeprefix("http://")


def mask_contacts(text: str, allowed_text: str) -> tuple[str, int]:
    """Mask URLs, e-mails and phone numbers that do not appear in ``allowed_text``."""
    haystack = allowed_text.lower()
    phones = {_digits(m.group(0)) for m in PHONE.finditer(allowed_text)}
    count = 0

    def url(match: re.Match) -> str:
        nonlocal count
        raw = match.group(0)
        kept = raw.rstrip(".,;:!?»")
        if _clean_url(kept) in haystack:
            return raw
        count += 1
        return MASKS["url"] + raw[len(kept):]

    def email(match: re.Match) -> str:
        nonlocal count
        if match.group(0).lower() in haystack:
            return match.group(0)
        count += 1
        return MASKS["email"]

    def phone(match: re.Match) -> str:
        nonlocal count
        if _digits(match.group(0)) in phones:
            return match.group(0)
        count += 1
        return MASKS["phone"]

    text = EMAIL.sub(email, text)  # before URLs: "www." never starts an address, but be sure
    text = URL.sub(url, text)
    text = PHONE.sub(phone, text)
    return text, count


def check(answer: str, sources: list[dict]) -> Checked:
    """Keep only citations of sources that exist; refuse when the model refused or cited none;
    mask contact details found in none of the cited sources."""
    stripped = answer.strip()
    if not stripped or REFUSAL_TOKEN in stripped:
        return Checked("", [], True, 0)
    cited: list[int] = []

    def keep(match: re.Match) -> str:
        number = int(match.group(1))
        if 1 <= number <= len(sources):
            if number not in cited:
                cited.append(number)
            return match.group(0)
        return ""  # an invented source number disappears

    text = _CITATION.sub(keep, stripped)
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()
    if not cited:
        return Checked("", [], True, 0)
    allowed = "\n".join(
        f"{sources[n - 1]['text']}\n{sources[n - 1].get('url', '')}" for n in cited
    )
    text, masked = mask_contacts(text, allowed)
    return Checked(text, cited, False, masked)
