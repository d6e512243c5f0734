"""Sign-in events into the audit journal (collectivité None: only operators read them).

Django's authentication signals and django-axes' lockout signal are the one place every way of
signing in goes through (form, ProConnect, tests' force_login). Passwords never reach here:
Django masks them in ``credentials`` and only the e-mail typed is kept.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from socle.journal.services import record

from .models import User


def _method(user) -> str:
    backend = getattr(user, "backend", "") or ""
    return "ProConnect" if "proconnect" in backend.lower() else "mot de passe"


def _typed_email(value) -> str:
    return str(value or "")[:254]


def _account(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first() if email else None


@receiver(user_logged_in, dispatch_uid="comptes.journal_login")
def journal_login(sender, request, user, **kwargs) -> None:
    record(actor=user, action="comptes.login", obj=user, request=request,
           details={"méthode": _method(user)})


@receiver(user_logged_out, dispatch_uid="comptes.journal_logout")
def journal_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(actor=user, action="comptes.logout", obj=user, request=request)


@receiver(user_login_failed, dispatch_uid="comptes.journal_login_failed")
def journal_login_failed(sender, credentials, request=None, **kwargs) -> None:
    email = _typed_email(credentials.get("username"))
    details = {"e-mail saisi": email} if email else {"méthode": "ProConnect"}
    record(actor=None, action="comptes.login_failed", obj=_account(email), request=request,
           details=details)


@receiver(user_locked_out, dispatch_uid="comptes.journal_locked_out")
def journal_locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    email = _typed_email(username)
    record(actor=None, action="comptes.locked_out", obj=_account(email), request=request,
           details={"e-mail saisi": email})
