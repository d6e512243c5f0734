"""GLPI agent inventory files (the JSON "inventory format" of GLPI 10+): one inventory object,
or a JSON list of them. Fields read (everything else is ignored):

- ``content.hardware.chassis_type`` -> type (Laptop/Notebook/Portable -> portable, Desktop/
  Tower/Mini PC/All in One -> fixe, Tablet -> tablette, Server/Rack -> serveur);
- ``content.bios.smanufacturer`` (else ``mmanufacturer``) -> marque, ``content.bios.smodel``
  (else ``mmodel``) -> modèle, ``content.bios.ssn`` -> numéro de série;
- ``content.cpus[0].name`` -> processeur; ``content.hardware.memory`` (Mo, else the sum of
  ``content.memories[].capacity``) -> mémoire; ``content.storages[].disksize`` (Mo) -> stockage;
- ``content.batteries[0].capacity`` and ``real_capacity`` (mWh) -> usure de la batterie (%).
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from . import MAX_BYTES, MAX_ROWS, ImportFileError

CHASSIS = {
    "laptop": "portable", "notebook": "portable", "portable": "portable",
    "sub notebook": "portable", "convertible": "portable", "detachable": "portable",
    "desktop": "fixe", "tower": "fixe", "mini tower": "fixe", "mini pc": "fixe",
    "all in one": "fixe", "low profile desktop": "fixe", "space-saving": "fixe",
    "tablet": "tablette", "server": "serveur", "rack mount chassis": "serveur",
    "blade": "serveur",
}


def _int(value) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _battery_wear(batteries: list) -> int | None:
    for battery in batteries or []:
        design, real = _int(battery.get("capacity")), _int(battery.get("real_capacity"))
        if design and real is not None and 0 <= real <= design * 1.2:
            return max(0, min(100, round(100 * (1 - real / design))))
    return None


def _row(inventory: dict) -> dict:
    content = inventory.get("content", inventory) if isinstance(inventory, dict) else {}
    if not isinstance(content, dict):
        content = {}
    hardware, bios = content.get("hardware") or {}, content.get("bios") or {}
    chassis = str(hardware.get("chassis_type") or "").strip().lower()
    memory = _int(hardware.get("memory")) or sum(
        _int(m.get("capacity")) or 0 for m in content.get("memories") or []) or None
    storage_mb = sum(_int(s.get("disksize")) or 0 for s in content.get("storages") or [])
    cpus = content.get("cpus") or [{}]
    return {
        "type": CHASSIS.get(chassis, chassis),
        "brand": bios.get("smanufacturer") or bios.get("mmanufacturer") or "",
        "model": bios.get("smodel") or bios.get("mmodel") or "",
        "serial_number": bios.get("ssn") or bios.get("msn") or "",
        "cpu": (cpus[0] or {}).get("name") or "",
        "memory_mb": memory,
        "storage_gb": round(storage_mb / 1000) if storage_mb else None,
        "battery_wear_percent": _battery_wear(content.get("batteries")),
    }


def read(data: bytes) -> list[tuple[int, dict]]:
    """Rows numbered from 1, one per inventory in the file."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Fichier trop volumineux (5 Mo au plus)."))
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImportFileError(_("Ce fichier n'est pas un inventaire JSON lisible.")) from None
    inventories = document if isinstance(document, list) else [document]
    if len(inventories) > MAX_ROWS:
        raise ImportFileError(_("Trop d'inventaires (20 000 au plus par import)."))
    if not all(isinstance(item, dict) for item in inventories):
        raise ImportFileError(_("Inventaire JSON inattendu : objets attendus."))
    return [(number, _row(item)) for number, item in enumerate(inventories, start=1)]
