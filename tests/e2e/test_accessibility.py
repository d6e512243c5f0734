"""axe-core on the key pages, as the person who sees them: no serious or critical violation, no
request leaving 127.0.0.1, under 500 KB transferred."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_page(browsing):
    response = browsing.visit(reverse("comptes:login"))
    assert response.status == 200
    assert browsing.page.locator("input[name=password]").count() == 1
    assert_accessible(browsing.page)


def test_operator_territorial_home(browsing, operateur):
    sign_in(browsing, operateur)
    response = browsing.visit(reverse("territoires:home"))
    assert response.status == 200
    assert browsing.page.url.endswith(reverse("territoires:home"))
    assert_accessible(browsing.page)


def test_member_home(browsing, agent_a, territory):
    sign_in(browsing, agent_a)
    path = reverse("territoires:collectivite", kwargs={"pk": territory.a.pk})
    response = browsing.visit(path)
    assert response.status == 200
    assert "Alboussière" in browsing.page.locator("h1").inner_text()
    assert_accessible(browsing.page)


def test_member_list(browsing, operateur, territory):
    sign_in(browsing, operateur)
    response = browsing.visit(reverse("territoires:members"))
    assert response.status == 200
    assert browsing.page.locator("table").count() >= 1
    assert_accessible(browsing.page)
