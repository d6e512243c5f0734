"""The JSON API, under /api/ with its OpenAPI schema at /api/openapi.json and docs at /api/docs.

Authentication: a personal token (``Authorization: Bearer socle_…`` or ``X-API-Key: socle_…``)
or the browser session (second factor verified when the account has or needs one).
Every route reads through the same scoped querysets as the pages: a token acts as its user.
The docs page uses the Swagger UI files django-ninja ships, served by our static files: no CDN.
"""

from __future__ import annotations

import json

from django.apps import apps
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.openapi.docs import Swagger
from ninja.security import APIKeyCookie, APIKeyHeader, HttpBearer

from socle import permissions
from socle.comptes.api import router as comptes_router
from socle.comptes.models import ApiToken
from socle.journal.api import router as journal_router
from socle.territoires.api import router as territoires_router


def _token_presented(request: HttpRequest) -> bool:
    return bool(request.headers.get("Authorization") or request.headers.get("X-API-Key"))


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
    openapi_description = "Le même jeton personnel, dans l'en-tête X-API-Key."

    def authenticate(self, request: HttpRequest, key: str | None):
        return BearerToken().authenticate(request, key or "")


def _second_factor_satisfied(user) -> bool:
    """Same rule as the pages: once an account has a second factor, or its role requires one, a
    session counts only after the code was verified."""
    from django_otp import user_has_device

    if user.is_verified():
        return True
    return not user_has_device(user, confirmed=True) and not permissions.second_factor_required(
        user
    )


class VerifiedSession(APIKeyCookie):
    """The browser session, for reading the API from the docs page or the front end."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "Session du navigateur (second facteur vérifié s'il est exigé)."

    def authenticate(self, request: HttpRequest, key: str | None):
        user = request.user
        # A request that presents a token is judged on that token alone.
        if _token_presented(request) or not user.is_authenticated or not user.is_active:
            return None
        return user if _second_factor_satisfied(user) else None


class OfflineSwagger(Swagger):
    """Swagger UI from the files django-ninja ships (``ninja`` in INSTALLED_APPS), never from a
    CDN; without them, a plain page that links to the schema."""

    def __init__(self) -> None:
        # validatorUrl: None, otherwise Swagger UI asks validator.swagger.io for a badge.
        super().__init__(settings={"validatorUrl": None, "docExpansion": "list"})

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        if not apps.is_installed("ninja"):
            return HttpResponse(format_html(_PLAIN_DOCS, title=api.title, url=openapi_url))
        context = {
            "swagger_settings": json.dumps({**self.settings, "url": openapi_url}),
            "api": api,
            # Session POSTs (/api/confidentialite/analyse) are CSRF-checked: Swagger sends it.
            "add_csrf": True,
        }
        return render(request, self.template, context)


_PLAIN_DOCS = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>'
    "<body><main><h1>{title}</h1><p>La documentation interactive n'est pas installée sur cette "
    'plateforme. Le schéma OpenAPI est disponible ici : <a href="{url}">{url}</a>.</p>'
    "</main></body></html>"
)


api = NinjaAPI(
    title="API Socle",
    version="1",
    description=(
        "API de Socle numérique territorial : lecture des données de la plateforme, et analyse "
        "d'un texte par le moteur de données personnelles (`POST /api/confidentialite/analyse`, "
        "rien n'est conservé). Chaque réponse ne contient que ce que l'utilisateur du jeton a le "
        "droit de voir. Authentification : en-tête "
        "`Authorization: Bearer socle_…` ou `X-API-Key: socle_…` (jeton créé dans « API »), "
        "ou la session du navigateur. Listes paginées : `?page=` et `?page_size=` (50 par "
        "défaut, 500 au plus) ; la réponse contient `items` et `count`."
    ),
    urls_namespace="api",
    auth=[BearerToken(), HeaderToken(), VerifiedSession()],
    docs=OfflineSwagger(),
)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if _token_presented(request):
        message = "Jeton d'API invalide ou révoqué."
    else:
        message = (
            "Authentification requise : jeton d'API (en-tête « Authorization: Bearer socle_… » "
            "ou « X-API-Key ») ou session ouverte avec le second facteur vérifié."
        )
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="socle"'
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Introuvable, ou vous n'avez pas le droit de le voir."}, status=404
    )


api.add_router("", comptes_router)
api.add_router("", territoires_router)
api.add_router("", journal_router)
api.add_router("", "socle.confidentialite.api.router")
