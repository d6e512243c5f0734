"""Main flows through the real pages: signing in (with the TOTP second factor for an operator) and
filtering the member list. Every page load is held to the budgets (see conftest)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp

from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, CollectiviteFactory

pytestmark = pytest.mark.browser


def _submit(browsing, field_name: str) -> None:
    """Click the submit button of the form holding ``field_name``, then check the budgets of
    the page it leads to (redirects included)."""
    page = browsing.page
    form = page.locator("form", has=page.locator(f"[name={field_name}]"))
    browsing.traffic.reset()
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()
    browsing.check_budgets()


def _sign_in_through_the_form(browsing, user) -> None:
    browsing.visit(reverse("comptes:login"))
    browsing.page.locator("[name=username]").fill(user.email)
    browsing.page.locator("[name=password]").fill(PASSWORD)
    _submit(browsing, "password")


def _path(browsing) -> str:
    return browsing.page.url.removeprefix(browsing.base_url).split("?")[0]


def test_agent_signs_in_and_lands_on_their_collectivite(browsing, agent_a, territory):
    _sign_in_through_the_form(browsing, agent_a)

    assert _path(browsing) == reverse("territoires:collectivite", kwargs={"pk": territory.a.pk})
    assert "Alboussière" in browsing.page.locator("h1").inner_text()


def test_wrong_password_keeps_the_agent_out(browsing, agent_a):
    browsing.visit(reverse("comptes:login"))
    browsing.page.locator("[name=username]").fill(agent_a.email)
    browsing.page.locator("[name=password]").fill("pas-le-bon-mot-de-passe")
    _submit(browsing, "password")

    assert _path(browsing) == reverse("comptes:login")
    assert browsing.page.locator("[name=password]").count() == 1


def test_operator_signs_in_with_the_second_factor(browsing, operateur):
    _sign_in_through_the_form(browsing, operateur)
    assert _path(browsing) == reverse("comptes:second-factor")

    device = operateur.totpdevice_set.get(confirmed=True)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                drift=device.drift)
    browsing.page.locator("[name=otp_token]").fill(f"{code:0{device.digits}d}")
    _submit(browsing, "otp_token")

    assert _path(browsing) == reverse("territoires:home")


def test_member_list_filters(browsing, operateur, territory):
    CollectiviteFactory(name="Vernoux-en-Vivarais", code_insee="07338", population=3600,
                        epci=territory.epci)
    sign_in(browsing, operateur)
    browsing.visit(reverse("territoires:members"))
    page = browsing.page
    table = page.locator("table").first
    for name in ("Alboussière", "Boffres", "Vernoux-en-Vivarais"):
        assert name in table.inner_text()

    page.locator("[name=q]").fill("Boffres")
    _submit(browsing, "q")
    results = page.locator("table").first.inner_text()
    assert "Boffres" in results
    assert "Alboussière" not in results
    assert "q=Boffres" in page.url

    page.locator("[name=q]").fill("")
    page.locator("[name=population]").select_option("3500-10000")
    _submit(browsing, "population")
    results = page.locator("table").first.inner_text()
    assert "Vernoux-en-Vivarais" in results
    assert "Alboussière" not in results
    assert "Boffres" not in results
