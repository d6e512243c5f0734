"""The demo territory, built on a small import of real Ardèche communes."""

import base64
import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from socle.comptes.models import User
from socle.journal.models import AuditEvent
from socle.territoires import demo
from socle.territoires.models import Collectivite, Membership, Structure
from socle.territoires.referentiel import referentiel_import
from tests.factories import StructureFactory
from tests.territoires.test_referentiel import write_referential


@pytest.fixture
def referential(db, tmp_path):
    referentiel_import(source_dir=write_referential(tmp_path / "referentiel"))


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _state() -> dict:
    return {
        "users": list(User.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "collectivites": list(Collectivite.objects.order_by("pk").values()),
        "structures": list(Structure.objects.values()),
        "devices": list(TOTPDevice.objects.values("user_id", "key", "confirmed")),
        "events": AuditEvent.objects.count(),
    }


def test_demo_needs_the_referential(db):
    with pytest.raises(CommandError, match="import_referentiel"):
        _load()
    assert not User.objects.exists()


def test_demo_creates_structure_members_and_one_account_per_role(referential):
    output = _load()

    assert Structure.objects.get().name == "Ardèche Numérique Mutualisé (démo)"
    members = Collectivite.objects.filter(is_member=True)
    # The agglomeration, its two communes in the small referential, Privas and Aubenas.
    assert set(members.values_list("ref_key", flat=True)) == {
        "epci:200072015", "commune:07010", "commune:07078", "commune:07186", "commune:07019"}
    assert all(c.member_since and c.website == "" for c in members)
    assert _row("07010").contact_email == "mairie@annonay.demo.invalid"
    assert not Collectivite.objects.filter(is_member=True, code_insee="97501").exists()

    users = {u.email: u for u in User.objects.all()}
    assert set(users) == {a.email for a in demo.ACCOUNTS}
    assert all(email.endswith("@demo.socle.invalid") for email in users)
    operateur = users["operateur@demo.socle.invalid"]
    assert operateur.is_operateur and not operateur.memberships.exists()
    assert operateur.totpdevice_set.get(confirmed=True).key == demo.DEMO_TOTP_KEY
    assert users["elu@demo.socle.invalid"].check_password(demo.DEMO_PASSWORD)
    roles = set(Membership.objects.values_list("user__email", "role", "collectivite__code_insee"))
    assert roles == {
        ("dpo@demo.socle.invalid", "dpo", "07010"), ("dpo@demo.socle.invalid", "dpo", "07078"),
        ("dpo@demo.socle.invalid", "dpo", "07186"),
        ("referent@demo.socle.invalid", "referent", "07010"),
        ("agent@demo.socle.invalid", "agent", "07010"),
        ("elu@demo.socle.invalid", "elu", "07010"),
        ("agent.davezieux@demo.socle.invalid", "agent", "07078"),
    }
    assert "5 membres déclarés, 6 comptes créés" in output


def _row(code):
    return Collectivite.objects.get(ref_key=f"commune:{code}")


def test_demo_loading_is_journaled_as_the_system(referential):
    _load()

    events = AuditEvent.objects.filter(action__in=[
        "territoires.demo_loaded", "territoires.member_added",
        "territoires.demo_account_created", "territoires.role_set"])
    assert events.count() == 1 + 5 + 6 + 7
    assert set(events.values_list("actor_label", flat=True)) == {"Système"}
    assert events.filter(action="territoires.member_added", collectivite=_row("07010")).exists()


def test_second_run_changes_nothing_and_keeps_what_people_changed(referential):
    _load()
    User.objects.filter(email="referent@demo.socle.invalid").update(full_name="Nom choisi")
    Collectivite.objects.filter(ref_key="commune:07010").update(website="https://annonay.example")
    Membership.objects.filter(user__email="agent@demo.socle.invalid").delete()
    Collectivite.objects.filter(ref_key="commune:07019").update(is_member=False,
                                                                member_since=None)
    before = _state()

    output = _load()

    assert _state() == before
    assert "rien à changer" in output


def test_missing_demo_account_is_recreated(referential):
    _load()
    User.objects.filter(email="elu@demo.socle.invalid").delete()

    _load()

    elu = User.objects.get(email="elu@demo.socle.invalid")
    assert elu.memberships.get().collectivite == _row("07010")
    assert Structure.objects.count() == 1


def test_accounts_table_lists_accounts_password_and_totp_secret(referential):
    _load()
    out = io.StringIO()

    call_command("load_demo", accounts_only=True, stdout=out)

    text = out.getvalue()
    for account in demo.ACCOUNTS:
        assert account.email in text
    assert demo.DEMO_PASSWORD in text
    secret = base64.b32encode(bytes.fromhex(demo.DEMO_TOTP_KEY)).decode()
    assert f"secret : {secret}" in text
    assert "otpauth://totp/" in text
    assert "Annonay (07010), Davézieux (07078), Privas (07186)" in text


def test_accounts_only_prints_nothing_and_creates_nothing_without_demo(referential):
    out = io.StringIO()

    call_command("load_demo", accounts_only=True, stdout=out)

    assert out.getvalue() == ""
    assert not User.objects.exists()


def test_demo_stays_out_of_an_instance_with_a_real_structure(referential):
    StructureFactory(name="Syndicat numérique réel")

    output = _load()

    assert "n'est pas chargé" in output
    assert not User.objects.exists()
    assert not Collectivite.objects.filter(is_member=True).exists()


def test_make_run_prints_the_accounts_once(referential):
    """make run loads with --no-accounts; run_platform prints the table once the server is up."""
    out = io.StringIO()
    call_command("load_demo", no_accounts=True, stdout=out)
    assert "Démo chargée" in out.getvalue()
    assert "operateur@demo.socle.invalid" not in out.getvalue()
    out = io.StringIO()
    call_command("load_demo", accounts_only=True, stdout=out)
    assert "operateur@demo.socle.invalid" in out.getvalue()


# What each demo persona reaches after signing in through the real form: (landing page, pages
# they may open, pages refused). Annonay is where the demo's member accounts belong.
def test_every_demo_persona_signs_in_and_sees_what_the_matrix_allows(referential, client):
    from django.urls import reverse

    from socle.territoires.demo import ACCOUNTS, DEMO_PASSWORD, demo_totp

    _load()
    annonay = Collectivite.objects.get(code_insee="07010")
    privas = Collectivite.objects.get(code_insee="07186")
    home, members = reverse("territoires:home"), reverse("territoires:members")
    annonay_page = reverse("territoires:collectivite", args=[annonay.pk])
    privas_page = reverse("territoires:collectivite", args=[privas.pk])
    journal = reverse("journal:collectivite", args=[annonay.pk])
    expected = {
        "operateur": ({home, members, annonay_page, privas_page, journal}, set()),
        "dpo": ({annonay_page, privas_page, journal}, {home, members}),
        "referent": ({annonay_page, journal}, {home, members, privas_page}),
        "agent": ({annonay_page, journal}, {home, members, privas_page}),
        "elu": ({annonay_page, journal}, {home, members, privas_page}),
    }
    for spec in ACCOUNTS:
        client.logout()
        response = client.post(
            reverse("comptes:login"), {"username": spec.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, spec.email
        if spec.role == "operateur":
            assert client.get(home)["Location"].startswith(reverse("comptes:second-factor"))
            client.post(reverse("comptes:second-factor"), {"otp_token": demo_totp()["code"]})
        if "07010" not in spec.communes and spec.role != "operateur":
            continue  # the agent of Davézieux: other communes are the isolation test's job
        allowed, refused = expected[spec.role]
        for url in allowed:
            assert client.get(url).status_code == 200, (spec.role, url)
        for url in refused:
            assert client.get(url).status_code in (403, 404), (spec.role, url)
