"""What every API router shares: page-number pagination described in French, the error body,
and the helpers that turn the role matrix into API errors. Kept apart from socle/api.py so a
router module can be imported on its own (socle/api.py imports the routers)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination

from socle import permissions

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class ErrorOut(Schema):
    detail: str = Field(..., description="Message d'erreur, en français.")


class Pagination(PageNumberPagination):
    """``?page=2&page_size=100``; the answer holds ``items`` and the total ``count``."""

    class Input(Schema):
        page: int = Field(1, ge=1, description="Numéro de la page, à partir de 1.")
        page_size: int | None = Field(
            None,
            ge=1,
            description=f"Éléments par page : {PAGE_SIZE} par défaut, {MAX_PAGE_SIZE} au plus.",
        )

    class Output(Schema):
        items: list[Any] = Field(..., description="Les éléments de la page demandée.")
        count: int = Field(..., description="Nombre total d'éléments, toutes pages confondues.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)


def require_api(user, action: str, collectivite=None) -> None:
    """The role matrix for the API: a JSON 403 in French instead of an HTML page."""
    if not permissions.can(user, action, collectivite):
        raise HttpError(403, "Vous n'avez pas les droits pour cette action.")
