"""Invitations: the list with its form (operators: all; référents: their collectivité),
revoke, resend, and the page the e-mailed link opens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from socle import permissions
from socle.core.forms import apply_errors
from socle.territoires.models import Collectivite

from .. import selectors, services
from ..forms import InvitationAcceptForm, InvitationForm
from ..models import Invitation, User

PER_PAGE = 25


def _page_collectivite(request: HttpRequest) -> Collectivite | None:
    """The collectivité the page is about: ``?collectivite=<pk>`` (checked), or the only one a
    référent manages. None for an operator's whole-territory view."""
    user = request.user
    raw = request.GET.get("collectivite", "")
    if raw:
        if not raw.isdigit():
            raise Http404
        collectivite = get_object_or_404(Collectivite.objects.visible_to(user), pk=raw)
        permissions.require(user, "membership.invite", collectivite)
        return collectivite
    if permissions.is_operateur(user):
        return None
    manageable = list(selectors.collectivites_where_can_invite(user)[:2])
    if not manageable:
        raise PermissionDenied(_("Vous ne pouvez pas inviter de personnes."))
    return manageable[0] if len(manageable) == 1 else None


def _manageable_roles(user, collectivite: Collectivite | None) -> set[str]:
    if permissions.is_operateur(user):
        return {role.value for role in permissions.Role}
    return {role.value for role in permissions.invitable_roles(user, collectivite)}


def _create(request: HttpRequest, form: InvitationForm) -> bool:
    data = form.cleaned_data
    try:
        invitation = services.invitation_create(
            actor=request.user, email=data["email"], full_name=data["full_name"],
            role=data["role"], collectivite=data.get("collectivite"),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return False
    if invitation.email_sent:
        messages.success(request, _("Invitation envoyée à %(email)s.")
                         % {"email": invitation.email})
    else:
        messages.warning(request, _("L'invitation est enregistrée mais l'e-mail n'a pas pu "
                                    "partir : renvoyez-la un peu plus tard."))
    return True


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    collectivite = _page_collectivite(request)
    if collectivite is None and not permissions.is_operateur(user):
        return render(request, "comptes/invitations_choose.html", {
            "collectivites": selectors.collectivites_where_can_invite(user)})
    form = InvitationForm(request.POST or None, fixed_collectivite=collectivite,
                          roles=permissions.invitable_roles(user, collectivite))
    if request.method == "POST" and form.is_valid() and _create(request, form):
        return redirect(request.get_full_path())
    status, search = request.GET.get("statut", ""), request.GET.get("q", "")[:100]
    if status not in selectors.INVITATION_STATUSES:
        status = ""
    qs = selectors.invitations_visible_to(user)
    if collectivite is not None:
        qs = qs.filter(collectivite=collectivite)
    qs = selectors.filter_invitations(qs, status=status, search=search)
    return render(request, "comptes/invitations.html", {
        "form": form, "collectivite": collectivite, "status": status, "search": search,
        "statuses": selectors.INVITATION_STATUSES,
        "status_label": selectors.INVITATION_STATUSES.get(status, ""),
        "manageable_roles": _manageable_roles(user, collectivite),
        "page": Paginator(qs, PER_PAGE).get_page(request.GET.get("page")),
        "nav_active": "invitations",
    })


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("comptes:invitations")


def _invitation_action(request: HttpRequest, pk: int, service, success: str) -> HttpResponse:
    """Run an invitation service on a visible invitation; its refusal is shown, not raised."""
    invitation = get_object_or_404(selectors.invitations_visible_to(request.user), pk=pk)
    try:
        service(actor=request.user, invitation=invitation)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, success % {"email": invitation.email})
    return _back(request)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_action(request, pk, services.invitation_revoke,
                              _("L'invitation de %(email)s est révoquée."))


@require_POST
@login_required
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_action(
        request, pk, services.invitation_resend,
        _("Invitation renvoyée à %(email)s, avec un nouveau lien valable 7 jours."),
    )


@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.find_pending(token)
    if invitation is None:
        return render(request, "comptes/invitation_invalid.html", status=404)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        return _accept_as_existing(request, invitation, existing)
    form = InvitationAcceptForm(request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_accept(
                invitation=invitation, password=data["password"], full_name=data["full_name"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Bienvenue ! Votre compte est créé."))
            return redirect("core:home")
    return render(request, "comptes/invitation_accept.html", {
        "invitation": invitation, "form": form, "existing": None,
    })


def _accept_as_existing(request: HttpRequest, invitation: Invitation, existing) -> HttpResponse:
    """An account exists for the address: its owner signs in, then accepts with one click."""
    user = request.user
    if request.method == "POST" and user.is_authenticated and user.pk == existing.pk:
        try:
            services.invitation_accept(invitation=invitation, actor=user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect(request.path)
        messages.success(request, _("Invitation acceptée : votre nouveau rôle est actif."))
        return redirect("core:home")
    return render(request, "comptes/invitation_accept.html", {
        "invitation": invitation, "existing": existing,
        "signed_in_as_other": user.is_authenticated and user.pk != existing.pk,
    })
