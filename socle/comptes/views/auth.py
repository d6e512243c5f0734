"""Signing in and out, changing and resetting the password (Django's views, our templates)."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from socle.journal.services import record

from .. import proconnect
from ..forms import EmailAuthenticationForm, EmailPasswordResetForm


def _proconnect_url() -> str | None:
    if not settings.PROCONNECT_ENABLED:
        return None
    try:
        return reverse("comptes:proconnect-start")
    except NoReverseMatch:  # enabled after the URLs were loaded: restart needed
        return None


class LoginView(auth_views.LoginView):
    template_name = "comptes/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proconnect_url"] = _proconnect_url()
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        return context


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default). Also ends the ProConnect session when there is one."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token", "")
        response = super().post(request, *args, **kwargs)
        end_url = proconnect.end_session_url(id_token)
        return HttpResponseRedirect(end_url) if end_url else response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "comptes/password_change.html"
    success_url = reverse_lazy("comptes:account")
    extra_context = {"nav_active": "compte"}

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record(actor=self.request.user, action="comptes.password_changed",
                   obj=self.request.user, request=self.request)
        messages.success(self.request, _("Votre mot de passe a été modifié."))
        return response


# Reset e-mails per address and per client address in an hour; past that the page answers the
# same (no hint whether the address exists) but sends nothing, so nobody can flood a mailbox.
RESET_LIMIT_PER_EMAIL = 3
RESET_LIMIT_PER_IP = 20


def _over_limit(key: str, limit: int) -> bool:
    """Count one attempt under key for an hour; True once the limit is passed."""
    if cache.add(key, 1, timeout=3600):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return False


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "comptes/password_reset_form.html"
    form_class = EmailPasswordResetForm
    email_template_name = "comptes/email/password_reset.txt"
    subject_template_name = "comptes/email/password_reset_subject.txt"
    success_url = reverse_lazy("comptes:password-reset-done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        ip = self.request.META.get("REMOTE_ADDR", "")
        if _over_limit(f"reset:email:{email}", RESET_LIMIT_PER_EMAIL) | _over_limit(
            f"reset:ip:{ip}", RESET_LIMIT_PER_IP
        ):
            return redirect(self.get_success_url())
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "validity_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "comptes/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "comptes/password_reset_confirm.html"
    success_url = reverse_lazy("comptes:password-reset-complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record(actor=form.user, action="comptes.password_reset", obj=form.user,
                   request=self.request)
        # A new password proves control of the mailbox: lift a sign-in lockout.
        axes_reset(username=form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "comptes/password_reset_complete.html"
