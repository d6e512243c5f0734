"""Second factor: mandatory for operators, optional for others; real TOTP codes, recovery
codes usable once, throttling after failures."""

import re
from binascii import unhexlify

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from socle.comptes import second_factor as sf
from socle.journal.models import AuditEvent
from tests.factories import PASSWORD

LOGIN = "/compte/connexion/"
VERIFY = "/compte/second-facteur/"
SETUP = "/compte/second-facteur/activer/"
HOME = "/accueil/"


def _code(key_hex: str) -> str:
    return f"{totp(unhexlify(key_hex)):06d}"


def _sign_in(client, user):
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_operator_without_device_is_sent_to_setup(client, territory):
    from tests.factories import UserFactory

    operator = UserFactory(is_operateur=True)
    _sign_in(client, operator)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == SETUP
    # Other pages too: nothing is reachable before the second factor is set up.
    assert client.get(reverse("comptes:api-tokens"))["Location"] == SETUP


def test_operator_sets_up_with_qr_code_and_reaches_home(client, territory):
    from tests.factories import UserFactory

    operator = UserFactory(is_operateur=True)
    _sign_in(client, operator)
    page = client.get(SETUP)
    html = page.content.decode()
    assert "<svg" in html and "qr-code" in html  # inline, rendered on the server
    assert "<script" not in html.split("<main")[1].split("</main>")[0]
    key = client.session[sf.SETUP_KEY_SESSION]
    assert sf.base32_secret(key) in html

    wrong = client.post(SETUP, {"otp_token": "000000" if _code(key) != "000000" else "111111"})
    assert "Code incorrect" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=operator).exists()

    response = client.post(SETUP, {"otp_token": _code(key)})
    assert response["Location"] == reverse("comptes:recovery-codes")
    device = TOTPDevice.objects.get(user=operator)
    assert device.confirmed and device.key == key
    codes_page = client.get(reverse("comptes:recovery-codes")).content.decode()
    tokens = list(StaticToken.objects.filter(device__user=operator).values_list("token", flat=True))
    assert len(tokens) == 10
    assert all(f"{t[:4]} {t[4:]}" in codes_page for t in tokens)
    # Shown once only.
    assert "déjà été affichés" in client.get(reverse("comptes:recovery-codes")).content.decode()
    assert client.get(HOME)["Location"] == reverse("territoires:home")
    enabled = AuditEvent.objects.filter(action="comptes.second_factor_enabled", actor=operator)
    assert enabled.exists()


def test_password_holder_cannot_register_own_app_over_existing_one(client, operateur):
    _sign_in(client, operateur)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_operator_with_device_must_verify_a_real_totp_code(client, operateur):
    device = operateur.totpdevice_set.get()
    _sign_in(client, operateur)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Faccueil%2F"

    page = client.get(response["Location"])
    assert "Vérification en deux étapes" in page.content.decode()
    bad = "123456" if _code(device.key) != "123456" else "654321"
    refused = client.post(f"{VERIFY}?next=/accueil/", {"otp_token": bad, "next": "/accueil/"})
    assert refused.status_code == 200
    assert "Code incorrect" in refused.content.decode()
    assert client.get(HOME)["Location"].startswith(VERIFY)

    device.refresh_from_db()
    device.throttle_reset()  # the failure above started a 1-second wait
    accepted = client.post(VERIFY, {"otp_token": _code(device.key), "next": "/accueil/"})
    assert accepted.status_code == 302
    assert accepted["Location"] == HOME
    home = client.get(HOME)
    assert home["Location"] == reverse("territoires:home")
    assert AuditEvent.objects.filter(action="comptes.second_factor_verified").count() == 1
    assert AuditEvent.objects.filter(action="comptes.second_factor_failed").count() == 1


@override_settings(OTP_TOTP_THROTTLE_FACTOR=60)
def test_failures_lock_code_attempts_progressively(client, operateur):
    device = operateur.totpdevice_set.get()
    _sign_in(client, operateur)
    bad = "123456" if _code(device.key) != "123456" else "654321"
    client.post(VERIFY, {"otp_token": bad})
    # Even the right code is refused while the wait runs, and the page says until when.
    response = client.post(VERIFY, {"otp_token": _code(device.key)})
    html = response.content.decode()
    assert "Trop de codes erronés" in html
    assert re.search(r"attendez \d{2}:\d{2}:\d{2}", html)
    assert client.get(HOME)["Location"].startswith(VERIFY)


def test_recovery_code_works_once(client, operateur):
    static = StaticDevice.objects.create(user=operateur, name="Codes de secours")
    static.token_set.create(token="abcdefgh")
    _sign_in(client, operateur)
    response = client.post(VERIFY, {"otp_token": "ABCD-EFGH"})
    assert response.status_code == 302
    assert client.get(HOME)["Location"] == reverse("territoires:home")

    client.post(reverse("comptes:logout"))
    _sign_in(client, operateur)
    again = client.post(VERIFY, {"otp_token": "abcd efgh"})
    assert again.status_code == 200
    assert "incorrect ou a déjà été utilisé" in again.content.decode()


def test_member_without_device_is_not_asked_for_a_code(client, agent_a):
    _sign_in(client, agent_a)
    response = client.get(reverse("comptes:account"))
    assert response.status_code == 200
    assert "Non activé" in response.content.decode()


def test_member_enables_then_disables_second_factor(client, login, agent_a):
    login(agent_a)
    client.get(SETUP)
    key = client.session[sf.SETUP_KEY_SESSION]
    client.post(SETUP, {"otp_token": _code(key)})
    assert TOTPDevice.objects.filter(user=agent_a, confirmed=True).exists()
    account = client.get(reverse("comptes:account")).content.decode()
    assert "Désactiver le second facteur" in account

    token = StaticToken.objects.filter(device__user=agent_a).first().token
    response = client.post(reverse("comptes:second-factor-disable"), {"otp_token": token})
    assert response["Location"] == reverse("comptes:account")
    assert not TOTPDevice.objects.filter(user=agent_a).exists()
    assert not StaticDevice.objects.filter(user=agent_a).exists()
    assert AuditEvent.objects.filter(action="comptes.second_factor_disabled").exists()


def test_operator_cannot_disable_second_factor(client, login, operateur):
    login(operateur)
    account = client.get(reverse("comptes:account")).content.decode()
    assert "Désactiver le second facteur" not in account
    assert "Obligatoire pour votre rôle" in account
    device = operateur.totpdevice_set.get()
    response = client.post(
        reverse("comptes:second-factor-disable"), {"otp_token": _code(device.key)}
    )
    assert response["Location"] == reverse("comptes:account")
    assert TOTPDevice.objects.filter(user=operateur).exists()

    from django.core.exceptions import PermissionDenied

    from socle.comptes import services

    with pytest.raises(PermissionDenied):
        services.second_factor_disable(actor=operateur, code=_code(device.key))


def test_regenerate_recovery_codes_replaces_old_ones(client, login, operateur):
    old = StaticDevice.objects.create(user=operateur, name="Codes de secours")
    old.token_set.create(token="ancienco")
    login(operateur)
    response = client.post(reverse("comptes:recovery-codes-regenerate"))
    assert response["Location"] == reverse("comptes:recovery-codes")
    tokens = set(StaticToken.objects.filter(device__user=operateur).values_list("token", flat=True))
    assert len(tokens) == 10 and "ancienco" not in tokens

