"""Manufacturing emissions a second life avoids: giving a device away spares the making of a new
one. The figure is the device's own manufacturing footprint from the inventory (part A's
``footprint`` module: manufacturer's published figure, else the Boavizta archetype); for a device
entered by hand, the same ``device_footprint`` computed from its type, brand and model."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from ..models import FootprintSource


def _label(source: str) -> str:
    return str(FootprintSource(source).label) if source in FootprintSource.values else source


def avoided_emissions(*, kind: str, brand: str = "", model: str = "",
                      device=None) -> tuple[Decimal, str]:
    """(kgCO2e of manufacturing avoided, where the figure comes from, in French)."""
    if device is not None and device.manufacture_kgco2e:
        return (Decimal(str(round(device.manufacture_kgco2e, 1))),
                _("empreinte de l'appareil dans l'inventaire : %s")
                % _label(device.footprint_source))
    from ..footprint import device_footprint

    computed = device_footprint(kind, brand, model)
    if computed.manufacture_kgco2e:
        return (Decimal(str(round(computed.manufacture_kgco2e, 1))),
                _("calculée pour ce type et ce modèle : %s")
                % _label(computed.footprint_source))
    return Decimal(0), _("non évaluée : pas de référence pour ce type d'appareil")
