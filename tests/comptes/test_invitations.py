"""Invitations: who may invite whom, the e-mail and its link, accepting, revoking, resending."""

import re
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from socle.comptes import services
from socle.comptes.models import Invitation, User
from socle.journal.models import AuditEvent
from socle.territoires.models import Membership
from tests.factories import PASSWORD, CollectiviteFactory

NEW_PASSWORD = "une phrase de passe bien longue"


def _link_from_mail() -> str:
    body = mail.outbox[-1].body
    return re.search(r"https?://\S+/compte/invitation/\S+/", body).group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_operator_invites_an_operator(client, operateur):
    invitation = services.invitation_create(
        actor=operateur, email="Nouvelle.Op@Exemple.test", full_name="Nora Nouvelle",
        role="operateur", collectivite=None,
    )
    assert invitation.email == "nouvelle.op@exemple.test"
    assert invitation.collectivite is None
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle.op@exemple.test"]
    assert "Invitation à rejoindre Socle" in message.subject
    assert "opérateur" in message.body and "7 jours" in message.body
    link = _link_from_mail()
    raw = link.rstrip("/").rsplit("/", 1)[1]
    assert raw not in invitation.token_hash  # stored hashed only

    page = client.get(_path(link))
    assert "Créer mon accès" in page.content.decode()
    response = client.post(_path(link), {
        "full_name": "Nora Nouvelle", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD,
    })
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.op@exemple.test")
    assert user.is_operateur and user.check_password(NEW_PASSWORD)
    # Signed in, and an operator must set up the second factor first.
    assert client.get("/accueil/")["Location"] == reverse("comptes:second-factor-setup")
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert AuditEvent.objects.filter(action="comptes.invitation_accepted", actor=user).exists()


def test_referent_invites_an_agent_of_own_collectivite(client, login, referent_a, territory):
    login(referent_a)
    url = f"{reverse('comptes:invitations')}?collectivite={territory.a.pk}"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alboussière" in html
    assert 'name="collectivite"' not in html.split("<form method=\"post\"")[1].split("</form>")[0]
    response = client.post(url, {"email": "nouvel.agent@exemple.test", "full_name": "",
                                 "role": "agent"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nouvel.agent@exemple.test")
    assert invitation.collectivite == territory.a and invitation.role == "agent"
    assert invitation.invited_by == referent_a
    event = AuditEvent.objects.get(action="comptes.invitation_created")
    assert event.collectivite == territory.a
    listing = client.get(url).content.decode()
    assert "nouvel.agent@exemple.test" in listing


def test_referent_reaches_own_invitations_without_parameter(client, login, referent_a):
    login(referent_a)
    response = client.get(reverse("comptes:invitations"))
    assert response.status_code == 200
    assert "Alboussière" in response.content.decode()


def test_accepting_creates_the_membership(client, referent_a, territory):
    services.invitation_create(actor=referent_a, email="elue@exemple.test", full_name="Élise",
                               role="elu", collectivite=territory.a)
    path = _path(_link_from_mail())
    mismatch = client.post(path, {"full_name": "Élise Élue", "password": NEW_PASSWORD,
                                  "password_confirm": "autre chose encore"})
    assert "ne sont pas identiques" in mismatch.content.decode()
    weak = client.post(path, {"full_name": "Élise Élue", "password": "123456789012",
                              "password_confirm": "123456789012"})
    assert weak.status_code == 200
    assert not User.objects.filter(email="elue@exemple.test").exists()

    client.post(path, {"full_name": "Élise Élue", "password": NEW_PASSWORD,
                       "password_confirm": NEW_PASSWORD})
    user = User.objects.get(email="elue@exemple.test")
    assert user.full_name == "Élise Élue"
    membership = Membership.objects.get(user=user)
    assert membership.collectivite == territory.a and membership.role == "elu"
    # The link works once.
    assert client.get(path).status_code == 404


def test_referent_cannot_invite_into_another_collectivite(client, login, referent_a, territory):
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=referent_a, email="x@exemple.test", full_name="",
                                   role="agent", collectivite=territory.b)
    login(referent_a)
    url = f"{reverse('comptes:invitations')}?collectivite={territory.b.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "x@exemple.test", "role": "agent"}).status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["referent", "dpo", "operateur"])
def test_referent_cannot_invite_higher_roles(client, login, referent_a, territory, role):
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=referent_a, email="x@exemple.test", full_name="",
                                   role=role, collectivite=territory.a)
    login(referent_a)
    url = f"{reverse('comptes:invitations')}?collectivite={territory.a.pk}"
    response = client.post(url, {"email": "x@exemple.test", "role": role})
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_agent_cannot_invite(client, login, agent_a, territory):
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=agent_a, email="x@exemple.test", full_name="",
                                   role="elu", collectivite=territory.a)
    login(agent_a)
    assert client.get(reverse("comptes:invitations")).status_code == 403
    url = f"{reverse('comptes:invitations')}?collectivite={territory.a.pk}"
    assert client.get(url).status_code == 403


def test_existing_role_gives_a_clear_error(client, login, operateur, agent_a, territory):
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_create(actor=operateur, email=agent_a.email.upper(), full_name="",
                                   role="referent", collectivite=territory.a)
    assert "déjà un rôle dans Alboussière" in str(excinfo.value)
    login(operateur)
    response = client.post(reverse("comptes:invitations"), {
        "email": agent_a.email, "role": "referent", "collectivite": "07005",
    })
    assert response.status_code == 200
    assert "déjà un rôle dans Alboussière" in response.content.decode()


def test_operator_designates_collectivite_by_insee_or_siren(client, login, operateur, territory):
    login(operateur)
    url = reverse("comptes:invitations")
    client.post(url, {"email": "a@exemple.test", "role": "agent", "collectivite": "07036"})
    assert Invitation.objects.get(email="a@exemple.test").collectivite == territory.b
    client.post(url, {"email": "b@exemple.test", "role": "dpo",
                      "collectivite": territory.epci.siren})
    assert Invitation.objects.get(email="b@exemple.test").collectivite == territory.epci
    unknown = client.post(url, {"email": "c@exemple.test", "role": "agent",
                                "collectivite": "99999"})
    assert "Aucune collectivité ne porte ce code" in unknown.content.decode()
    garbage = client.post(url, {"email": "c@exemple.test", "role": "agent",
                                "collectivite": "abc"})
    assert "code INSEE (5 caractères" in garbage.content.decode()
    missing = client.post(url, {"email": "c@exemple.test", "role": "agent"})
    assert "Indiquez la collectivité" in missing.content.decode()
    assert not Invitation.objects.filter(email="c@exemple.test").exists()


def test_non_member_collectivite_is_refused(operateur, territory):
    outsider = CollectiviteFactory(is_member=False, member_since=None)
    with pytest.raises(ValidationError):
        services.invitation_create(actor=operateur, email="x@exemple.test", full_name="",
                                   role="agent", collectivite=outsider)


def test_expired_and_revoked_tokens_are_refused(client, operateur, referent_a, territory):
    services.invitation_create(actor=referent_a, email="exp@exemple.test", full_name="",
                               role="agent", collectivite=territory.a)
    expired_path = _path(_link_from_mail())
    Invitation.objects.filter(email="exp@exemple.test").update(
        expires_at=timezone.now() - timedelta(minutes=1))
    revoked = services.invitation_create(actor=referent_a, email="rev@exemple.test",
                                         full_name="", role="agent", collectivite=territory.a)
    revoked_path = _path(_link_from_mail())
    services.invitation_revoke(actor=referent_a, invitation=revoked)

    for path in (expired_path, revoked_path, "/compte/invitation/nimporte-quoi/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "n'est plus valable" in response.content.decode()
        client.post(path, {"full_name": "X", "password": NEW_PASSWORD,
                           "password_confirm": NEW_PASSWORD})
    assert not User.objects.filter(email__in=["exp@exemple.test", "rev@exemple.test"]).exists()
    assert AuditEvent.objects.filter(action="comptes.invitation_revoked").count() == 1


def test_resend_replaces_the_link(client, login, referent_a, territory):
    invitation = services.invitation_create(actor=referent_a, email="r@exemple.test",
                                            full_name="", role="agent", collectivite=territory.a)
    old_path = _path(_link_from_mail())
    login(referent_a)
    response = client.post(reverse("comptes:invitation-resend", args=[invitation.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    new_path = _path(_link_from_mail())
    assert new_path != old_path
    client.logout()
    assert client.get(old_path).status_code == 404
    assert client.get(new_path).status_code == 200


def test_referent_cannot_revoke_another_collectivites_invitation(
    client, login, operateur, referent_a, territory
):
    other = services.invitation_create(actor=operateur, email="b@exemple.test", full_name="",
                                       role="agent", collectivite=territory.b)
    login(referent_a)
    response = client.post(reverse("comptes:invitation-revoke", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_existing_account_signs_in_then_accepts(client, operateur, agent_b, territory):
    services.invitation_create(actor=operateur, email=agent_b.email, full_name="",
                               role="elu", collectivite=territory.a)
    path = _path(_link_from_mail())
    page = client.get(path).content.decode()
    assert "Un compte existe déjà" in page
    # Posting a password does not create or change anything for an existing account.
    client.post(path, {"full_name": "X", "password": NEW_PASSWORD,
                       "password_confirm": NEW_PASSWORD})
    assert not Membership.objects.filter(user=agent_b, collectivite=territory.a).exists()

    login_response = client.post(f"/compte/connexion/?next={path}", {
        "username": agent_b.email, "password": PASSWORD, "next": path})
    assert login_response["Location"] == path
    assert "Accepter l'invitation" in client.get(path).content.decode()
    client.post(path)
    assert Membership.objects.get(user=agent_b, collectivite=territory.a).role == "elu"
    agent_b.refresh_from_db()
    assert agent_b.check_password(PASSWORD)


def test_operator_lists_and_filters_with_pagination(client, login, operateur, territory):
    for i in range(30):
        services.invitation_create(actor=operateur, email=f"p{i}@exemple.test", full_name="",
                                   role="agent", collectivite=territory.c)
    first = Invitation.objects.get(email="p0@exemple.test")
    services.invitation_revoke(actor=operateur, invitation=first)
    login(operateur)
    url = reverse("comptes:invitations")
    page1 = client.get(url).content.decode()
    assert "Page 1 sur 2" in page1
    assert "30 au total" in page1
    revoked = client.get(url, {"statut": "revoquees"}).content.decode()
    assert "p0@exemple.test" in revoked and "p1@exemple.test" not in revoked
    search = client.get(url, {"q": "p12@"}).content.decode()
    assert "p12@exemple.test" in search and "p13@exemple.test" not in search
    assert client.get(url, {"page": "abc", "statut": "n'importe"}).status_code == 200


def test_invitation_with_unusable_email_is_refused(operateur, territory):
    with pytest.raises(ValidationError):
        services.invitation_create(actor=operateur, email="pas-une-adresse", full_name="",
                                   role="agent", collectivite=territory.a)
    assert not Invitation.objects.exists()
    assert not mail.outbox


class RefusingMailServer(BaseEmailBackend):
    """The mail server refuses the message (the network edge, nothing else is faked)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({})


@override_settings(EMAIL_BACKEND="tests.comptes.test_invitations.RefusingMailServer")
def test_mail_failure_keeps_the_invitation_and_says_so(client, login, referent_a, territory):
    login(referent_a)
    url = f"{reverse('comptes:invitations')}?collectivite={territory.a.pk}"
    response = client.post(url, {"email": "n@exemple.test", "role": "agent"}, follow=True)
    assert "l&#x27;e-mail n&#x27;a pas pu partir" in response.content.decode()
    assert Invitation.objects.filter(email="n@exemple.test").exists()


def test_operator_on_a_collectivite_page_invites_there(client, login, operateur, territory):
    login(operateur)
    url = f"{reverse('comptes:invitations')}?collectivite={territory.c.pk}"
    page = client.get(url).content.decode()
    assert '<option value="operateur">' not in page
    client.post(url, {"email": "dpo@exemple.test", "role": "dpo"})
    assert Invitation.objects.get(email="dpo@exemple.test").collectivite == territory.c


def test_signed_in_as_someone_else_is_told_to_switch(client, login, operateur, agent_a, agent_b,
                                                     territory):
    services.invitation_create(actor=operateur, email=agent_b.email, full_name="",
                               role="elu", collectivite=territory.a)
    path = _path(_link_from_mail())
    login(agent_a)
    page = client.get(path).content.decode()
    assert "Vous êtes connecté(e) avec un autre compte" in page
    client.post(path)
    assert not Membership.objects.filter(user=agent_b, collectivite=territory.a).exists()
    assert not Membership.objects.filter(user=agent_a, role="elu").exists()
