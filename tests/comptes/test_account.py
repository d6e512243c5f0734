"""« Mon compte »: identity, roles per collectivité, second-factor status."""

from django.urls import reverse


def test_account_page_lists_roles_per_collectivite(client, login, dpo_ac, territory):
    login(dpo_ac)
    page = client.get(reverse("comptes:account")).content.decode()
    assert "Alboussière" in page and "Champis" in page
    assert page.count("Délégué à la protection des données") >= 2
    assert dpo_ac.email in page


def test_account_requires_sign_in(client, db):
    response = client.get(reverse("comptes:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("comptes:login"))
