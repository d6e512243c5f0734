"""Personas shared by the whole suite (STYLE.md): an operator, people of collectivité A, an agent
of B, a DPO of A and C, and a client signed in as any of them (second factor included)."""

from dataclasses import dataclass

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from socle.territoires.models import Collectivite
from tests.factories import (
    CollectiviteFactory,
    EpciFactory,
    MembershipFactory,
    StructureFactory,
    UserFactory,
    confirmed_totp_device,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache (rate limits, cached choice lists)."""
    from django.core.cache import cache

    cache.clear()
    yield


@dataclass
class Territory:
    epci: Collectivite
    a: Collectivite
    b: Collectivite
    c: Collectivite


@pytest.fixture
def territory(db) -> Territory:
    StructureFactory()
    epci = EpciFactory(name="CC du Val Fictif")
    a = CollectiviteFactory(name="Alboussière", code_insee="07005", epci=epci, population=1050)
    b = CollectiviteFactory(name="Boffres", code_insee="07036", epci=epci, population=650)
    c = CollectiviteFactory(name="Champis", code_insee="07050", epci=epci, population=600)
    return Territory(epci=epci, a=a, b=b, c=c)


@pytest.fixture
def operateur(territory):
    user = UserFactory(full_name="Olivia Opératrice", is_operateur=True)
    confirmed_totp_device(user)
    return user


def _member(collectivite, role, name):
    return MembershipFactory(
        collectivite=collectivite, role=role, user=UserFactory(full_name=name)
    ).user


@pytest.fixture
def referent_a(territory):
    return _member(territory.a, "referent", "Rémi Référent")


@pytest.fixture
def agent_a(territory):
    return _member(territory.a, "agent", "Anne Agente")


@pytest.fixture
def elu_a(territory):
    return _member(territory.a, "elu", "Étienne Élu")


@pytest.fixture
def agent_b(territory):
    return _member(territory.b, "agent", "Bruno Agent")


@pytest.fixture
def dpo_ac(territory):
    user = _member(territory.a, "dpo", "Dominique Dépéo")
    MembershipFactory(collectivite=territory.c, role="dpo", user=user)
    return user


@pytest.fixture
def login(client):
    """login(user) signs the test client in as user, second factor verified when they have one."""

    def _login(user):
        client.force_login(user)
        device = user.totpdevice_set.filter(confirmed=True).first()
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return _login


def pytest_configure(config):
    from django.conf import settings

    # A fast hasher: each persona would otherwise cost ~0.3 s of password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test process its own in-memory cache (tests run in parallel with the bench or a server).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Static files straight from the source folders (no collectstatic in tests).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # No collectstatic manifest in tests: plain static storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def require_service(available: bool, reason: str) -> None:
    """Skip when a service the test needs is absent; in CI (CI=true) that is a failure."""
    import os

    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI requires it)")
    pytest.skip(reason)
