"""Browser: the operator's territory map draws the members from the shared map code
(socle/static/js/map-base.js), points over France, commune outlines for a département."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_operator_sees_the_members_on_the_territory_map(browsing, operateur, territory):
    for place, (lat, lon) in ((territory.a, (44.94, 4.73)), (territory.b, (44.92, 4.70)),
                              (territory.c, (45.01, 4.71))):
        place.latitude, place.longitude, place.departement_code = lat, lon, "07"
        place.save(update_fields=["latitude", "longitude", "departement_code"])
    sign_in(browsing, operateur)
    page = browsing.page
    browsing.visit("/territoire/")
    page.wait_for_selector("#carte[data-loaded]")
    assert page.locator("#carte").get_attribute("data-loaded") == "3"  # A, B and C
    assert page.locator("#carte path.leaflet-interactive").count() == 3
    assert page.locator(".message-error").count() == 0

    browsing.visit("/territoire/?departement=07")
    page.wait_for_selector("#carte[data-loaded]")
    # The Ardèche's communes outlined (hundreds of shapes), the members' points over them.
    assert page.locator("#carte path.leaflet-interactive").count() > 300
