"""Footprints: Socle against the Boavizta reference, and the time of a 20,000-device territory.

1. For 20 Boavizta archetypes (16 user terminals and peripherals, 4 servers), Socle's figure
   (``footprint.profile_footprint``: manufacturing + one year of use, then over the archetype's
   life) is compared with the reference computed in the same run the way BoaviztAPI's own HTTP
   routes do it (archetype defaults, whole life in one call, no Socle code). With the library
   in-process, the relative difference must stay within 1 %.
2. The footprint of a 20,000-device territory (types and models drawn from the test export, so
   some match manufacturers' footprints), against the baseline of calling the library once per
   device (measured on 200 devices, scaled to 20,000).
"""

from __future__ import annotations

import os
import time

TERMINALS = ["laptop-pro", "laptop-perso", "desktop-pro", "desktop-perso", "smartphone-default",
             "tablet-default", "tv-pro", "tv-perso", "monitor-default", "box-default",
             "usb-stick-default", "external-ssd-default", "hdd-default", "vr-headset-oled",
             "vr-headset-lcd", "vr-controller-default"]
SERVERS = ["platform_compute_low", "platform_compute_medium", "platform_compute_high",
           "platform_memory_medium"]
TERRITORY = 20_000
BASELINE_SAMPLE = 200


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle.settings")
    import django

    django.setup()


def _reference_lifecycle(archetype: str, server: bool) -> float:
    """Boavizta alone: embedded + use over the archetype's life, its defaults, FRA mix."""
    from boaviztapi.compute.impacts_computation import compute_impacts
    from boaviztapi.data.archetype import get_server_archetype, get_user_terminal_archetype
    from boaviztapi.dto.device import user_terminal as dto
    from boaviztapi.dto.device.device import Server, mapper_server
    from boaviztapi.dto.usage import Usage
    from boaviztapi.dto.usage.usage import UsageServer

    if server:
        model = mapper_server(Server(usage=UsageServer(usage_location="FRA")),
                              archetype=get_server_archetype(archetype))
    else:
        config = get_user_terminal_archetype(archetype)
        name = config["device_type"]["default"]
        cls = {"usb_stick": dto.UsbStick, "external_ssd": dto.ExternalSSD,
               "external_hdd": dto.ExternalHDD, "vr_headset": dto.VrHeadset,
               "vr_controller": dto.VrController}.get(name) or getattr(dto, name.capitalize())
        model = dto.mapper_user_terminal(cls(usage=Usage(usage_location="FRA")), archetype=config)
    impacts = compute_impacts(model=model, selected_criteria=["gwp"],
                              duration=model.usage.hours_life_time.value)
    return impacts["gwp"]["embedded"]["value"] + impacts["gwp"]["use"]["value"]


def _compare() -> tuple[float, list[str]]:
    worst, lines = 0.0, []
    for archetype, server in [(a, False) for a in TERMINALS] + [(s, True) for s in SERVERS]:
        reference = _reference_lifecycle(archetype, server)
        socle = _socle_archetype(archetype, server)
        diff = abs(socle - reference) / reference if reference else 0.0
        worst = max(worst, diff)
        lines.append(f"{archetype}: {socle:.1f} vs {reference:.1f}")
    return worst, lines


def _socle_archetype(archetype: str, server: bool) -> float:
    """Socle's path (profile_footprint) with the archetype's own usage ratio and power."""
    from boaviztapi.data.archetype import get_server_archetype, get_user_terminal_archetype

    from socle.sobriete.footprint import UsageProfile, profile_footprint

    config = (get_server_archetype if server else get_user_terminal_archetype)(archetype)
    ratio = float(config["USAGE"].get("use_time_ratio", {}).get("default", 1) or 1)
    # power None: the archetype's own power and its min/max, as the reference uses them.
    profile = UsageProfile(archetype, ratio * 24, 365, None, server=server)
    fp = profile_footprint(profile)
    return fp.manufacture_kgco2e + fp.use_kgco2e_year * fp.lifetime_years


def _territory() -> tuple[float, float]:
    from socle.sobriete.footprint import PROFILES, boavizta_impacts, device_footprint
    from socle.sobriete.importers.rows import clean_row
    from tests.sobriete.glpi import HEADER, glpi_rows

    keys = {"Type": "type", "Fabricant": "brand", "Modèle": "model"}
    rows = [clean_row({keys[h]: v for h, v in zip(HEADER, r, strict=True) if h in keys})[0]
            for r in glpi_rows(TERRITORY, 0)]
    started = time.perf_counter()
    total = 0.0
    for fields in rows:
        fp = device_footprint(fields["kind"], fields["brand"], fields["model"])
        if fp.manufacture_kgco2e is not None and fp.lifetime_years:
            total += fp.manufacture_kgco2e / fp.lifetime_years + (fp.use_kgco2e_year or 0)
    elapsed = time.perf_counter() - started
    started = time.perf_counter()
    for fields in rows[:BASELINE_SAMPLE]:
        profile = PROFILES.get(fields["kind"])
        if profile:
            boavizta_impacts(profile.archetype, usage={"usage_location": "FRA"}, duration=None,
                             server=profile.server)
    baseline = (time.perf_counter() - started) * TERRITORY / BASELINE_SAMPLE
    return elapsed, baseline


def run() -> list[dict]:
    _setup()
    worst, _lines = _compare()
    elapsed, baseline = _territory()
    return [
        {"name": "sobriete: écart max Socle / Boavizta (20 archétypes)", "value": round(
            worst * 100, 4), "unit": "%", "baseline": 1.0,
         "note": "référence Boavizta calculée dans la même exécution ; seuil 1 %"},
        {"name": "sobriete: empreinte d'un territoire de 20 000 équipements",
         "value": round(elapsed, 3), "unit": "s", "baseline": round(baseline, 1),
         "note": "référence : un appel boaviztapi par équipement (200 mesurés, extrapolés)"},
    ]
