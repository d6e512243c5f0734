from django.conf import settings
from django.urls import path

from .views import account, auth, invitations, second_factor, tokens

app_name = "comptes"

urlpatterns = [
    path("", account.account, name="account"),
    path("connexion/", auth.LoginView.as_view(), name="login"),
    path("deconnexion/", auth.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", auth.PasswordChangeView.as_view(), name="password-change"),
    path("mot-de-passe-oublie/", auth.PasswordResetView.as_view(), name="password-reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        auth.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "reinitialisation/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "reinitialisation/terminee/",
        auth.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("second-facteur/", second_factor.second_factor_verify, name="second-factor"),
    path(
        "second-facteur/activer/",
        second_factor.second_factor_setup,
        name="second-factor-setup",
    ),
    path(
        "second-facteur/desactiver/",
        second_factor.second_factor_disable,
        name="second-factor-disable",
    ),
    path(
        "second-facteur/codes-de-secours/",
        second_factor.recovery_codes,
        name="recovery-codes",
    ),
    path(
        "second-facteur/codes-de-secours/regenerer/",
        second_factor.recovery_codes_regenerate,
        name="recovery-codes-regenerate",
    ),
    path("invitations/", invitations.invitation_list, name="invitations"),
    path(
        "invitations/<int:pk>/revoquer/",
        invitations.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "invitations/<int:pk>/renvoyer/",
        invitations.invitation_resend,
        name="invitation-resend",
    ),
    path("invitation/<str:token>/", invitations.invitation_accept, name="invitation-accept"),
    path("jetons-api/", tokens.api_tokens, name="api-tokens"),
    path("jetons-api/<int:pk>/revoquer/", tokens.api_token_revoke, name="api-token-revoke"),
]


def proconnect_urlpatterns() -> list:
    """ProConnect's sign-in and callback routes (mozilla-django-oidc views)."""
    from . import proconnect

    return [
        path(
            "proconnect/authentification/",
            proconnect.ProConnectStartView.as_view(),
            name="proconnect-start",
        ),
        path(
            "proconnect/callback/",
            proconnect.ProConnectCallbackView.as_view(),
            name="proconnect-callback",
        ),
    ]


if settings.PROCONNECT_ENABLED:
    urlpatterns += proconnect_urlpatterns()
