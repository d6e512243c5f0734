"""The demo fleet and REEN strategy load on top of the demo territory, once."""

import io

import pytest
from django.core.management import CommandError, call_command

from socle.sobriete.models import Device
from socle.sobriete.reen.models import Strategy
from socle.territoires.models import Collectivite
from tests.territoires.test_demo import _load
from tests.territoires.test_referentiel import write_referential


@pytest.fixture
def demo_territory(db, tmp_path):
    from socle.territoires.referentiel import referentiel_import

    referentiel_import(source_dir=write_referential(tmp_path / "referentiel"))
    _load()


def test_demo_fleet_and_strategy_load_once(demo_territory):
    out = io.StringIO()
    call_command("load_demo_sobriete", stdout=out)
    annonay = Collectivite.objects.get(code_insee="07010")
    devices = Device.objects.filter(collectivite=annonay)
    assert devices.count() == 40
    assert all(d.manufacture_kgco2e for d in devices if d.kind in ("laptop", "desktop"))
    assert Strategy.objects.filter(collectivite__code_insee="07186").count() == 1
    out = io.StringIO()
    call_command("load_demo_sobriete", stdout=out)
    assert "rien à changer" in out.getvalue()
    assert Device.objects.filter(collectivite=annonay).count() == 40


def test_demo_needs_the_demo_territory(db):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_demo_sobriete", stdout=io.StringIO())
