"""ProConnect (OpenID Connect, the State's sign-in for public agents), through
mozilla-django-oidc. Enabled when PROCONNECT_CLIENT_ID is set (see docs/accounts.md).

Only invited people can sign in: the backend matches an existing, active account by e-mail
(case-insensitive) and never creates one. The second factor is still asked of operators
afterwards (SecondFactorRequiredMiddleware).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from socle.journal.services import record

CALLBACK_URL_NAME = "comptes:proconnect-callback"


def _setting(attr: str, *args):
    """mozilla-django-oidc's settings, with our namespaced callback route as the default."""
    if attr == "OIDC_AUTHENTICATION_CALLBACK_URL":
        return getattr(settings, attr, CALLBACK_URL_NAME)
    return import_from_settings(attr, *args)


class ProConnectBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(_setting)

    def verify_claims(self, claims: dict) -> bool:
        return bool(claims.get("email")) and bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims: dict):
        """Never: accounts come from invitations only."""
        return None

    def update_user(self, user, claims: dict):
        """Remember the ProConnect identifier; fill the name if the account has none."""
        fields = []
        sub = str(claims.get("sub") or "")[:255]
        if sub and user.proconnect_sub != sub:
            user.proconnect_sub = sub
            fields.append("proconnect_sub")
        if not user.full_name:
            name = " ".join(filter(None, [claims.get("given_name"), claims.get("usual_name")]))
            if name:
                user.full_name = name[:150]
                fields.append("full_name")
        if fields:
            user.save(update_fields=fields)
            if "proconnect_sub" in fields:
                record(actor=user, action="comptes.proconnect_linked", obj=user,
                       request=getattr(self, "request", None))
        return user

    def user_for_claims(self, claims: dict):
        """The account these ProConnect claims sign in as, or None (and why, on the request)."""
        if not self.verify_claims(claims):
            self._refuse("claims", "")
            return None
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) != 1:
            self._refuse("unknown", claims.get("email", ""))
            return None
        return self.update_user(users[0], claims)

    def get_or_create_user(self, access_token, id_token, payload):
        return self.user_for_claims(self.get_userinfo(access_token, id_token, payload))

    def _refuse(self, reason: str, email: str) -> None:
        request = getattr(self, "request", None)
        if request is not None:
            request.proconnect_refusal = (reason, email)


class ProConnectStartView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(_setting)


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(_setting)

    def login_failure(self):
        reason, email = getattr(self.request, "proconnect_refusal", ("", ""))
        if reason == "unknown":
            messages.error(self.request, _(
                "Aucun compte Socle n'est ouvert pour l'adresse %(email)s. Seules les personnes "
                "invitées peuvent se connecter : demandez une invitation au référent de votre "
                "collectivité ou à votre structure de mutualisation."
            ) % {"email": email})
        else:
            messages.error(self.request, _(
                "La connexion avec ProConnect n'a pas abouti. Réessayez, ou connectez-vous avec "
                "votre adresse e-mail et votre mot de passe."
            ))
        return redirect("comptes:login")


def end_session_url(id_token: str) -> str | None:
    """Where to send the browser after signing out, so the ProConnect session ends too."""
    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if not (settings.PROCONNECT_ENABLED and endpoint and id_token):
        return None
    params = {
        "id_token_hint": id_token,
        "state": get_random_string(32),
        "post_logout_redirect_uri": settings.SITE_URL.rstrip("/") + reverse("comptes:login"),
    }
    return f"{endpoint}?{urlencode(params)}"
