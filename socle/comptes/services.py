"""Accounts, the writes: invitations, personal API tokens, the second factor.

Every function is keyword-only, checks the actor's rights with ``socle.permissions`` and writes
the audit journal in the same transaction as its change. Sign-in events are journaled from the
authentication signals (see ``signals``).
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from socle import permissions
from socle.journal.services import record, register_actions
from socle.permissions import Role
from socle.territoires.models import Collectivite, Membership

from . import second_factor
from .models import ApiToken, Invitation, User

logger = logging.getLogger(__name__)

INVITATION_VALIDITY = timedelta(days=7)
MAX_ACTIVE_API_TOKENS = 20

register_actions(
    {
        "comptes.login": gettext_lazy("Connexion"),
        "comptes.login_failed": gettext_lazy("Échec de connexion"),
        "comptes.locked_out": gettext_lazy("Connexion bloquée après trop d'échecs"),
        "comptes.logout": gettext_lazy("Déconnexion"),
        "comptes.password_changed": gettext_lazy("Changement de mot de passe"),
        "comptes.password_reset": gettext_lazy("Réinitialisation du mot de passe par e-mail"),
        "comptes.proconnect_linked": gettext_lazy("Compte relié à ProConnect"),
        "comptes.second_factor_verified": gettext_lazy("Second facteur vérifié"),
        "comptes.second_factor_failed": gettext_lazy("Code de second facteur refusé"),
        "comptes.second_factor_enabled": gettext_lazy("Activation du second facteur"),
        "comptes.second_factor_disabled": gettext_lazy("Désactivation du second facteur"),
        "comptes.recovery_codes_regenerated": gettext_lazy("Nouveaux codes de secours"),
        "comptes.invitation_created": gettext_lazy("Invitation envoyée"),
        "comptes.invitation_resent": gettext_lazy("Invitation renvoyée"),
        "comptes.invitation_revoked": gettext_lazy("Invitation révoquée"),
        "comptes.invitation_accepted": gettext_lazy("Invitation acceptée"),
        "comptes.api_token_created": gettext_lazy("Création d'un jeton d'API"),
        "comptes.api_token_revoked": gettext_lazy("Révocation d'un jeton d'API"),
    }
)


# --- Invitations ----------------------------------------------------------------------------


def _parse_role(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError({"role": _("Choisissez un rôle dans la liste.")}) from None


def _require_may_invite(actor, role: Role, collectivite: Collectivite | None) -> None:
    if role is Role.OPERATEUR:
        permissions.require(actor, "territoire.invite_any")
        return
    if collectivite is None:
        raise ValidationError(
            {"collectivite": _("Indiquez la collectivité dans laquelle inviter cette personne.")}
        )
    permissions.require(actor, "membership.invite", collectivite)
    if role not in permissions.invitable_roles(actor, collectivite):
        raise PermissionDenied(
            _("Vous ne pouvez pas inviter une personne avec le rôle « %(role)s ».")
            % {"role": role.label}
        )


def _check_not_already_there(email: str, role: Role, collectivite: Collectivite | None) -> None:
    """Refuse an invitation that would give nothing new, in words the inviter understands."""
    if role is Role.OPERATEUR:
        if User.objects.filter(email__iexact=email, is_operateur=True).exists():
            raise ValidationError(
                {"email": _("Cette personne est déjà opératrice de la structure.")}
            )
    else:
        existing = Membership.objects.filter(
            user__email__iexact=email, collectivite=collectivite
        ).first()
        if existing is not None:
            raise ValidationError(
                {
                    "email": _(
                        "Cette personne a déjà un rôle dans %(collectivite)s (%(role)s). "
                        "Pour le changer, passez par la liste des personnes de la collectivité."
                    )
                    % {"collectivite": collectivite, "role": existing.get_role_display()}
                }
            )
    pending = Invitation.objects.pending().filter(email__iexact=email, collectivite=collectivite)
    if pending.exists():
        raise ValidationError(
            {"email": _("Une invitation est déjà en attente pour cette adresse : renvoyez-la "
                        "depuis la liste des invitations plutôt que d'en créer une autre.")}
        )


def accept_url(raw_token: str) -> str:
    path = reverse("comptes:invitation-accept", kwargs={"token": raw_token})
    return settings.SITE_URL.rstrip("/") + path


def _send_invitation(invitation: Invitation, raw_token: str) -> bool:
    """Send the invitation e-mail; False (and a log line) if the mail server refused it."""
    context = {
        "invitation": invitation,
        "accept_url": accept_url(raw_token),
        "inviter": invitation.invited_by,
        "validity_days": INVITATION_VALIDITY.days,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    where = invitation.collectivite.name if invitation.collectivite else _("la structure")
    subject = _("Invitation à rejoindre Socle pour %(where)s") % {"where": where}
    body = render_to_string("comptes/email/invitation.txt", context)
    try:
        send_mail(subject, body, None, [invitation.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("invitation e-mail not sent", extra={"invitation_id": invitation.pk})
        return False
    return True


def invitation_create(
    *, actor, email: str, full_name: str, role: str | Role, collectivite: Collectivite | None
) -> Invitation:
    """Invite someone by e-mail, valid 7 days. An operator may invite anyone (an operator has no
    collectivité); a référent, agents and élus of their own collectivité.

    The returned invitation carries ``email_sent`` (False when the mail server refused it).
    """
    role = _parse_role(role)
    if role is Role.OPERATEUR:
        collectivite = None
    _require_may_invite(actor, role, collectivite)
    if collectivite is not None and not collectivite.is_member:
        raise ValidationError(
            {"collectivite": _("%(c)s n'est pas membre de la structure : déclarez-la d'abord "
                               "comme membre.") % {"c": collectivite}}
        )
    email = (email or "").strip().lower()
    raw, token_hash = Invitation.new_token()
    invitation = Invitation(
        email=email, full_name=(full_name or "").strip(), role=role.value,
        collectivite=collectivite, token_hash=token_hash, invited_by=actor,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    invitation.full_clean()
    _check_not_already_there(email, role, collectivite)
    with transaction.atomic():
        invitation.save()
        record(actor=actor, action="comptes.invitation_created", collectivite=collectivite,
               obj=invitation, details={"e-mail": email, "rôle": role.label})
    invitation.email_sent = _send_invitation(invitation, raw)
    return invitation


def _require_may_manage(actor, invitation: Invitation) -> None:
    _require_may_invite(actor, Role(invitation.role), invitation.collectivite)


def invitation_resend(*, actor, invitation: Invitation) -> Invitation:
    """Send again with a new link (the old one stops working) and a new 7-day validity."""
    _require_may_manage(actor, invitation)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ValidationError(_("Cette invitation a déjà été acceptée ou révoquée."))
    raw, invitation.token_hash = Invitation.new_token()
    invitation.expires_at = timezone.now() + INVITATION_VALIDITY
    with transaction.atomic():
        invitation.save(update_fields=["token_hash", "expires_at"])
        record(actor=actor, action="comptes.invitation_resent",
               collectivite=invitation.collectivite, obj=invitation,
               details={"e-mail": invitation.email})
    invitation.email_sent = _send_invitation(invitation, raw)
    return invitation


def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    _require_may_manage(actor, invitation)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Cette invitation a déjà été acceptée : retirez plutôt la "
                                "personne de la collectivité."))
    if invitation.revoked_at is not None:
        return invitation
    invitation.revoked_at = timezone.now()
    with transaction.atomic():
        invitation.save(update_fields=["revoked_at"])
        record(actor=actor, action="comptes.invitation_revoked",
               collectivite=invitation.collectivite, obj=invitation,
               details={"e-mail": invitation.email})
    return invitation


def _create_invited_user(invitation: Invitation, password: str | None, full_name: str) -> User:
    full_name = (full_name or invitation.full_name or "").strip()
    if not full_name:
        raise ValidationError({"full_name": _("Indiquez votre nom complet.")})
    user = User(email=invitation.email, full_name=full_name)
    try:
        validate_password(password or "", user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def _grant_role(user: User, invitation: Invitation) -> None:
    if invitation.role == Role.OPERATEUR.value:
        user.is_operateur = True
        user.save(update_fields=["is_operateur"])
        return
    existing = Membership.objects.filter(user=user, collectivite=invitation.collectivite).first()
    if existing is not None:
        raise ValidationError(
            _("Vous avez déjà un rôle dans %(c)s (%(role)s).")
            % {"c": invitation.collectivite, "role": existing.get_role_display()}
        )
    membership = Membership(user=user, collectivite=invitation.collectivite, role=invitation.role)
    membership.full_clean()
    membership.save()


def invitation_accept(
    *, invitation: Invitation, password: str | None = None, full_name: str = "", actor=None
) -> User:
    """Accept an invitation: create the account (name and password chosen now) or, when an
    account already exists for the address, attach the role to it. In that case ``actor``
    must be that account, signed in. One transaction: no account without its role."""
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update(of=("self",)).select_related("collectivite")
            .filter(pk=invitation.pk).first()
        )
        if locked is None or not locked.is_pending:
            raise ValidationError(_("Cette invitation n'est plus valable (expirée, révoquée ou "
                                    "déjà acceptée)."))
        user = User.objects.filter(email__iexact=locked.email).first()
        if user is None:
            user = _create_invited_user(locked, password, full_name)
        elif actor is None or actor.pk != user.pk:
            raise PermissionDenied(_("Un compte existe déjà pour cette adresse : connectez-vous "
                                     "avec ce compte pour accepter l'invitation."))
        elif not user.is_active:
            raise PermissionDenied(_("Ce compte est désactivé : contactez votre structure."))
        _grant_role(user, locked)
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        record(actor=user, action="comptes.invitation_accepted", collectivite=locked.collectivite,
               obj=locked, details={"e-mail": locked.email, "rôle": Role(locked.role).label})
    return user


# --- Personal API tokens --------------------------------------------------------------------


def api_token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """Create a token acting as ``actor``; returns it with its secret, shown once only."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("Vous devez être connecté."))
    if ApiToken.objects.active().filter(user=actor).count() >= MAX_ACTIVE_API_TOKENS:
        raise ValidationError(
            {"name": _("Vous avez déjà %(n)s jetons actifs : révoquez ceux qui ne servent plus.")
             % {"n": MAX_ACTIVE_API_TOKENS}}
        )
    raw, key_hash, hint = ApiToken.new_secret()
    token = ApiToken(user=actor, name=(name or "").strip(), key_hash=key_hash, hint=hint)
    token.full_clean()
    with transaction.atomic():
        token.save()
        record(actor=actor, action="comptes.api_token_created", obj=token,
               details={"nom": token.name, "début du jeton": hint})
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Ce jeton ne vous appartient pas."))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    with transaction.atomic():
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="comptes.api_token_revoked", obj=token,
               details={"nom": token.name, "début du jeton": token.hint})
    return token


# --- Second factor --------------------------------------------------------------------------


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(
        user=user, name=second_factor.RECOVERY_DEVICE_NAME, confirmed=True
    )
    codes = second_factor.new_recovery_codes()
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def second_factor_enable(*, actor, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm a new authenticator app with a code it shows, replacing any previous one, and
    issue 10 new recovery codes (returned, to be shown once)."""
    last_t = second_factor.match_new_key(key, code)
    if last_t is None:
        raise ValidationError({"otp_token": _(
            "Code incorrect. Saisissez le code à 6 chiffres affiché actuellement par "
            "l'application (vérifiez que l'heure de votre téléphone est exacte)."
        )})
    with transaction.atomic():
        replaced, _detail = TOTPDevice.objects.filter(user=actor).delete()
        device = TOTPDevice(user=actor, name=second_factor.TOTP_DEVICE_NAME, key=key,
                            confirmed=True, last_t=last_t)
        device.full_clean()
        device.save()
        codes = _replace_recovery_codes(actor)
        record(actor=actor, action="comptes.second_factor_enabled", obj=actor,
               details={"remplace une application": bool(replaced)})
    return device, codes


def recovery_codes_regenerate(*, actor) -> list[str]:
    if second_factor.totp_device(actor) is None:
        raise ValidationError(_("Activez d'abord le second facteur."))
    with transaction.atomic():
        codes = _replace_recovery_codes(actor)
        record(actor=actor, action="comptes.recovery_codes_regenerated", obj=actor)
    return codes


def second_factor_disable(*, actor, code: str) -> None:
    """Remove the second factor, confirmed by a current code. Refused where it is mandatory."""
    if permissions.second_factor_required(actor):
        raise PermissionDenied(_("Le second facteur est obligatoire pour votre rôle : vous ne "
                                 "pouvez pas le désactiver."))
    check = second_factor.check_code(actor, code)
    if not check.ok:
        raise ValidationError({"otp_token": check.message})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        StaticDevice.objects.filter(user=actor).delete()
        record(actor=actor, action="comptes.second_factor_disabled", obj=actor)


def second_factor_check(*, actor, code: str, request=None) -> second_factor.CodeCheck:
    """Check a code at sign-in and journal the outcome (the view then marks the session)."""
    check = second_factor.check_code(actor, code)
    details: dict = {"code de secours": check.recovery}
    if check.ok:
        if check.recovery:
            details["codes restants"] = second_factor.recovery_codes_left(actor)
        record(actor=actor, action="comptes.second_factor_verified", obj=actor,
               details=details, request=request)
    else:
        details.update({"échecs de suite": check.failures,
                        "attente en cours": check.locked_until is not None})
        record(actor=actor, action="comptes.second_factor_failed", obj=actor,
               details=details, request=request)
    return check
