"""API: analyse a text and get it back pseudonymised, with every detection and its reason.
Nothing is stored; the journal keeps counts only. The mapping to the originals is never sent."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from socle.api_common import ErrorOut

from . import services

router = Router(tags=["Données personnelles"])


class AnalyseIn(Schema):
    text: str = Field(..., description="Texte à analyser (UTF-8), 300 000 caractères au plus.")
    officials: list[str] = Field(
        default_factory=list,
        description="Noms des élus de la collectivité, conservés quand ils agissent en fonction.",
        max_length=500,
    )


class EntityOut(Schema):
    start: int = Field(..., description="Début (position du caractère, à partir de 0).")
    end: int = Field(..., description="Fin (exclue).")
    label: str = Field(..., description="Catégorie : PERSONNE, ADRESSE, TELEPHONE, EMAIL…")
    text: str = Field(..., description="Texte détecté.")
    action: str = Field(..., description="« mask » (masqué) ou « keep » (conservé).")
    reason: str = Field(..., description="Règle qui a décidé, en français.")


class AnalyseOut(Schema):
    text: str = Field(..., description="Texte pseudonymisé ([Personne 1], [Adresse 1]…).")
    entities: list[EntityOut]


@router.post(
    "/confidentialite/analyse",
    response={200: AnalyseOut, 403: ErrorOut, 413: ErrorOut},
    summary="Détecter et pseudonymiser les données personnelles d'un texte",
)
def analyse(request: HttpRequest, payload: AnalyseIn):
    try:
        result = services.text_analyse(
            actor=request.user, text=payload.text, officials=payload.officials, request=request
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except services.TextTooLong as exc:
        raise HttpError(413, str(exc)) from exc
    return result.as_dict()
