"""The JSON API, under /api/ with its OpenAPI schema at /api/openapi.json and docs at /api/docs.

Authentication: a personal token (``Authorization: Bearer socle_…``) or the browser session.
Every route reads through the same scoped selectors as the pages: a token acts as its user.
"""

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from socle.comptes.models import ApiToken


class BearerToken(HttpBearer):
    openapi_description = "Jeton personnel créé dans « API » (préfixe socle_)."

    def authenticate(self, request: HttpRequest, token: str):
        api_token = ApiToken.authenticate(token)
        if api_token is None:
            return None
        # Touch at most once a minute: keeps reads cheap under load.
        now = timezone.now()
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


class HeaderToken(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None):
        return BearerToken().authenticate(request, key or "")


api = NinjaAPI(
    title="API Socle",
    version="1",
    description=(
        "API de Socle numérique territorial. Chaque réponse ne contient que ce que "
        "l'utilisateur du jeton a le droit de voir."
    ),
    urls_namespace="api",
    auth=[BearerToken(), HeaderToken(), django_auth],
)
