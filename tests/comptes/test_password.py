"""Password reset by e-mail and password change from the account page."""

import re

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from socle.journal.models import AuditEvent
from tests.factories import PASSWORD

NEW_PASSWORD = "une autre phrase de passe solide"


def test_reset_mail_is_french_and_its_link_works(client, agent_a, settings):
    response = client.post(reverse("comptes:password-reset"), {"email": agent_a.email.upper()})
    assert response["Location"] == reverse("comptes:password-reset-done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Socle : réinitialisation de votre mot de passe"
    assert "Pour choisir un nouveau mot de passe" in message.body
    link = re.search(r"https?://\S+/compte/reinitialisation/\S+/", message.body).group(0)
    assert link.startswith(settings.SITE_URL.rstrip("/"))
    path = "/" + link.split("/", 3)[3]

    form_page = client.get(path, follow=True)
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert done["Location"] == reverse("comptes:password-reset-complete")
    agent_a.refresh_from_db()
    assert agent_a.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="comptes.password_reset", actor=agent_a).exists()
    # Used once.
    assert "Lien expiré ou déjà utilisé" in client.get(path, follow=True).content.decode()


def test_reset_for_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("comptes:password-reset"), {"email": "inconnu@exemple.test"})
    assert response["Location"] == reverse("comptes:password-reset-done")
    assert mail.outbox == []


@override_settings(AXES_FAILURE_LIMIT=2)
def test_reset_lifts_a_lockout(client, agent_a):
    for _ in range(2):
        client.post("/compte/connexion/", {"username": agent_a.email, "password": "mauvais"})
    client.post(reverse("comptes:password-reset"), {"email": agent_a.email})
    path = "/" + re.search(r"https?://\S+/compte/reinitialisation/\S+/",
                           mail.outbox[0].body).group(0).split("/", 3)[3]
    form_page = client.get(path, follow=True)
    client.post(form_page.redirect_chain[-1][0],
                {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.post("/compte/connexion/",
                           {"username": agent_a.email, "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_password_change_from_account_page(client, login, agent_a):
    login(agent_a)
    account = client.get(reverse("comptes:account")).content.decode()
    assert reverse("comptes:password-change") in account
    wrong = client.post(reverse("comptes:password-change"), {
        "old_password": "pas-le-bon", "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    })
    assert wrong.status_code == 200
    response = client.post(reverse("comptes:password-change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response["Location"] == reverse("comptes:account")
    agent_a.refresh_from_db()
    assert agent_a.check_password(NEW_PASSWORD)
    # Still signed in, and told so.
    page = client.get(reverse("comptes:account")).content.decode()
    assert "Votre mot de passe a été modifié" in page
    assert AuditEvent.objects.filter(action="comptes.password_changed").exists()


def test_reset_emails_are_limited_per_address(client, agent_a, mailoutbox):
    from socle.comptes.views.auth import RESET_LIMIT_PER_EMAIL

    url = reverse("comptes:password-reset")
    for _attempt in range(RESET_LIMIT_PER_EMAIL + 2):
        response = client.post(url, {"email": agent_a.email.upper()})
        assert response.status_code == 302  # same answer every time: nothing to learn
    assert len(mailoutbox) == RESET_LIMIT_PER_EMAIL
