"""Running the engine for a person: the text is analysed in memory, never stored; the journal
keeps only how many characters and how many items of each kind, never the text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from socle.journal.services import record, register_actions

from . import engine, permissions

register_actions({"confidentialite.analysed": _("Analyse d'un texte (données personnelles)")})

DEFAULT_MAX_CHARACTERS = 300_000  # about 100 pages


def max_characters() -> int:
    return getattr(settings, "SOCLE_CONFIDENTIALITE_MAX_CHARACTERS", DEFAULT_MAX_CHARACTERS)


class TextTooLong(ValueError):
    pass


@dataclass(frozen=True)
class Result:
    analysis: engine.Analysis
    pseudonymised: engine.Pseudonymised

    def as_dict(self) -> dict:
        """The shape of the command and the API: pseudonymised text and every entity."""
        keys = ("start", "end", "label", "text", "action", "reason")
        return {
            "text": self.pseudonymised.text,
            "entities": [{k: e.as_dict()[k] for k in keys} for e in self.analysis.entities],
        }


def analyse(text: str, officials: Iterable[str] = ()) -> Result:
    """Engine + pseudonymisation, no rights, no journal (the command, other apps)."""
    limit = max_characters()
    if len(text) > limit:
        raise TextTooLong(
            _("Texte trop long : %(n)s caractères, %(max)s au plus.")
            % {"n": f"{len(text):,}".replace(",", " "), "max": f"{limit:,}".replace(",", " ")}
        )
    analysis = engine.analyse(text, officials=officials)
    return Result(analysis, engine.pseudonymise(text, analysis.entities))


def text_analyse(*, actor, text: str, officials: Iterable[str] = (), request=None) -> Result:
    """For a person (API): rights checked, counts journaled, the text kept nowhere."""
    permissions.require(actor)
    result = analyse(text, officials)
    record(
        actor=actor,
        action="confidentialite.analysed",
        details={"characters": len(text), "counts": result.analysis.counts()},
        request=request,
    )
    return result
