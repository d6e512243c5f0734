"""Environmental footprint of devices, computed in-process with the Boavizta methodology
(``boaviztapi``, its reference data ship inside the package; nothing is fetched) and, when an
inventory's brand and model match one, a manufacturer's published footprint (PCF).

Boavizta is called once per device type and usage profile (results are cached per process): a
device's figures only depend on its type, its profile and, for a PCF match, its model. Importing
``boaviztapi`` costs a few seconds (pandas, scipy), so it happens lazily, on the first
computation of a process.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .models import DataQuality, DeviceKind, FootprintSource

HOURS_PER_YEAR = 8760
USAGE_LOCATION = "FRA"  # French electricity mix (Boavizta's factor for France)
PCF_FILE = Path(settings.BASE_DIR) / "socle" / "data" / "sobriete" / "footprints" / (
    "boavizta-manufacturer-footprints.csv"
)
MATCH_THRESHOLD = 85  # rapidfuzz token_sort_ratio, 0-100, on normalised model names


@dataclass(frozen=True)
class UsageProfile:
    """How a device of a type is used here: hours a day, days a year, average power (watts).

    ``power_w`` None keeps the archetype's own power (and its min/max)."""

    archetype: str
    hours_per_day: float
    days_per_year: int
    power_w: float | None
    quality: int = DataQuality.MEDIUM
    server: bool = False

    @property
    def use_time_ratio(self) -> float:
        return self.hours_per_day * self.days_per_year / HOURS_PER_YEAR


# Office use in a town hall: ~7-8 h on ~220 working days. The archetypes' default power (75 W
# for a laptop, 175 W for a desktop, 30 % of the year) describes a machine under load; measured
# office averages are much lower (docs/sobriete.md gives the reasons for each figure).
PROFILES: dict[str, UsageProfile] = {
    DeviceKind.LAPTOP: UsageProfile("laptop-pro", 7, 220, 20),
    DeviceKind.DESKTOP: UsageProfile("desktop-pro", 8, 220, 60),
    DeviceKind.MONITOR: UsageProfile("monitor-default", 8, 220, 20),
    DeviceKind.SMARTPHONE: UsageProfile("smartphone-default", 24, 365, 0.3),
    DeviceKind.TABLET: UsageProfile("tablet-default", 4, 220, 5),
    DeviceKind.SERVER: UsageProfile("platform_compute_low", 24, 365, None, server=True),
    # No Boavizta archetype for a switch or a Wi-Fi access point: the internet box is the nearest.
    DeviceKind.NETWORK: UsageProfile("box-default", 24, 365, 10, quality=DataQuality.LOW),
}
# Types without a Boavizta archetype: assessed only through a manufacturer's PCF.
PCF_ONLY_LIFETIME = {DeviceKind.PRINTER: 5.0}


@dataclass
class Footprint:
    manufacture_kgco2e: float | None = None
    manufacture_min_kgco2e: float | None = None
    manufacture_max_kgco2e: float | None = None
    manufacture_mj: float | None = None
    manufacture_kgsbeq: float | None = None
    use_kgco2e_year: float | None = None
    use_min_kgco2e_year: float | None = None
    use_max_kgco2e_year: float | None = None
    use_mj_year: float | None = None
    use_kgsbeq_year: float | None = None
    lifetime_years: float | None = None
    footprint_source: str = FootprintSource.NONE
    footprint_detail: str = ""
    footprint_quality: int = DataQuality.NONE
    warnings: list[str] = field(default_factory=list)

    def as_fields(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "warnings"}


# --- Boavizta, in-process -------------------------------------------------------------------


def _phase(impacts: dict, criteria: tuple[str, ...], phase: str) -> tuple | None:
    """(value, min, max) of the first criterion Boavizta implements for that phase."""
    for name in criteria:
        result = impacts.get(name, {}).get(phase)
        if isinstance(result, dict):
            return result["value"], result["min"], result["max"]
    return None


def _terminal_model(archetype_id: str, usage: dict):
    from boaviztapi.data.archetype import get_user_terminal_archetype
    from boaviztapi.dto.device import user_terminal as dto
    from boaviztapi.dto.usage import Usage

    archetype = get_user_terminal_archetype(archetype_id)
    if not archetype:
        raise ValueError(f"Unknown Boavizta archetype: {archetype_id}")
    classes = {
        "laptop": dto.Laptop, "desktop": dto.Desktop, "monitor": dto.Monitor,
        "smartphone": dto.Smartphone, "tablet": dto.Tablet, "box": dto.Box,
        "television": dto.Television, "usb_stick": dto.UsbStick,
        "external_ssd": dto.ExternalSSD, "external_hdd": dto.ExternalHDD,
        "vr_headset": dto.VrHeadset, "vr_controller": dto.VrController,
    }
    dto_class = classes[archetype["device_type"]["default"]]
    return dto.mapper_user_terminal(dto_class(usage=Usage(**usage)), archetype=archetype)


def _server_model(archetype_id: str, usage: dict):
    from boaviztapi.data.archetype import get_server_archetype
    from boaviztapi.dto.device.device import Server, mapper_server
    from boaviztapi.dto.usage.usage import UsageServer

    archetype = get_server_archetype(archetype_id)
    if not archetype:
        raise ValueError(f"Unknown Boavizta archetype: {archetype_id}")
    return mapper_server(Server(usage=UsageServer(**usage)), archetype=archetype)


def boavizta_impacts(archetype_id: str, *, usage: dict, duration: float | None,
                     server: bool = False) -> tuple[dict, float]:
    """Boavizta's impacts for an archetype (gwp, adp/adpe, pe/adpf; embedded and use) over
    ``duration`` hours (None: the archetype's whole life), and the life in hours."""
    from boaviztapi.compute.impacts_computation import compute_impacts

    builder = _server_model if server else _terminal_model
    model = builder(archetype_id, usage)
    life_hours = model.usage.hours_life_time.value
    impacts = compute_impacts(
        model=model, selected_criteria=["gwp", "adp", "adpe", "pe", "adpf"],
        duration=life_hours if duration is None else duration,
    )
    return impacts, life_hours


def _usage_of(profile: UsageProfile) -> dict:
    usage = {"usage_location": USAGE_LOCATION, "use_time_ratio": profile.use_time_ratio}
    if profile.power_w is not None:
        usage["avg_power"] = profile.power_w
    return usage


def _per_year(values: tuple | None, years: float) -> tuple | None:
    return None if values is None else tuple(v / years for v in values)


def _use_range(profile: UsageProfile, gwp_use: tuple, years: float) -> tuple:
    """Our profile fixes the power, so Boavizta returns no spread: take the spread of the
    archetype's own power range (min/max watts) and apply it to our value."""
    if profile.power_w is None or not gwp_use[0]:
        return gwp_use
    usage = {"usage_location": USAGE_LOCATION, "use_time_ratio": profile.use_time_ratio}
    own, _life = boavizta_impacts(profile.archetype, usage=usage, duration=None,
                                  server=profile.server)
    value, low, high = _phase(own, ("gwp",), "use")
    return gwp_use[0], gwp_use[0] * low / value, gwp_use[0] * high / value


@lru_cache(maxsize=64)
def profile_footprint(profile: UsageProfile) -> Footprint:
    """Manufacturing and use over the archetype's whole life in one Boavizta call (the
    figures Boavizta rounds), use then divided by the life in years."""
    impacts, life_hours = boavizta_impacts(profile.archetype, usage=_usage_of(profile),
                                           duration=None, server=profile.server)
    years = life_hours / HOURS_PER_YEAR
    gwp_made = _phase(impacts, ("gwp",), "embedded")
    gwp_use = _use_range(profile, _per_year(_phase(impacts, ("gwp",), "use"), years), years)
    energy_made = _phase(impacts, ("pe", "adpf"), "embedded")
    adp_made = _phase(impacts, ("adp", "adpe"), "embedded")
    energy_use = _per_year(_phase(impacts, ("pe",), "use"), years)
    adp_use = _per_year(_phase(impacts, ("adp", "adpe"), "use"), years)
    return Footprint(
        manufacture_kgco2e=gwp_made[0], manufacture_min_kgco2e=gwp_made[1],
        manufacture_max_kgco2e=gwp_made[2],
        manufacture_mj=energy_made and energy_made[0],
        manufacture_kgsbeq=adp_made and adp_made[0],
        use_kgco2e_year=gwp_use[0], use_min_kgco2e_year=gwp_use[1],
        use_max_kgco2e_year=gwp_use[2],
        use_mj_year=energy_use and energy_use[0], use_kgsbeq_year=adp_use and adp_use[0],
        lifetime_years=years,
        footprint_source=FootprintSource.BOAVIZTA,
        footprint_detail=f"Boavizta {profile.archetype}, mix électrique {USAGE_LOCATION}",
        footprint_quality=profile.quality,
    )


# --- Manufacturers' published footprints ----------------------------------------------------

BRAND_ALIASES = {"hewlett packard": "hp", "hewlett-packard": "hp", "hp inc": "hp",
                 "dell inc": "dell", "lenovo group": "lenovo", "apple inc": "apple",
                 "samsung electronics": "samsung", "microsoft corporation": "microsoft"}
CATEGORIES = {
    DeviceKind.LAPTOP: {"laptop"}, DeviceKind.DESKTOP: {"desktop", "workstation",
                                                         "thin client"},
    DeviceKind.MONITOR: {"monitor"}, DeviceKind.SMARTPHONE: {"smartphone"},
    DeviceKind.TABLET: {"tablet"}, DeviceKind.PRINTER: {"printer"},
    DeviceKind.SERVER: {"server"}, DeviceKind.NETWORK: {"network"},
}
NOISE = re.compile(r"\b(monitor|ecran|laptop|notebook|pc|portable|computer|inc|corporation)\b")


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text)).strip()


def brand_key(brand: str) -> str:
    key = plain(brand).replace(" inc", "").strip() if brand else ""
    key = BRAND_ALIASES.get(plain(brand), key)
    return key.split(" ")[0] if key else ""


def model_key(model: str, brand: str = "") -> str:
    text = NOISE.sub(" ", plain(model))
    for token in plain(brand).split():
        text = re.sub(rf"\b{re.escape(token)}\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class PublishedFootprint:
    name: str
    manufacturer: str
    gwp_total: float
    manufacture_share: float
    lifetime: float | None
    error_ratio: float | None
    report_date: str
    key: str
    numbers: frozenset[str]


def _float(text: str) -> float | None:
    try:
        return float(text) if text not in ("", None) else None
    except ValueError:
        return None


def _published(row: dict) -> PublishedFootprint | None:
    total, use = _float(row["gwp_total"]), _float(row["gwp_use_ratio"])
    made = _float(row["gwp_manufacturing_ratio"])
    if not total:
        return None
    share = 1 - use if use is not None else made
    if share is None or not 0 < share <= 1:
        return None
    key = model_key(row["name"], row["manufacturer"])
    return PublishedFootprint(
        name=row["name"], manufacturer=row["manufacturer"], gwp_total=total,
        manufacture_share=share, lifetime=_float(row["lifetime"]),
        error_ratio=_float(row["gwp_error_ratio"]), report_date=row["report_date"], key=key,
        numbers=frozenset(re.findall(r"\d+", key)),
    )


@lru_cache(maxsize=1)
def published_footprints() -> dict[tuple[str, str], list[PublishedFootprint]]:
    """(brand key, subcategory) -> published footprints, read once per process."""
    table: dict[tuple[str, str], list[PublishedFootprint]] = {}
    with PCF_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = _published(row)
            if entry is not None:
                group = (brand_key(row["manufacturer"]), row["subcategory"].strip().lower())
                table.setdefault(group, []).append(entry)
    return table


@lru_cache(maxsize=4096)
def match_published(kind: str, brand: str, model: str) -> tuple[PublishedFootprint, float] | None:
    """The best published footprint for that brand and model, with its score, if it reaches
    the threshold and carries every number of the model (a 5420 is not a 5430)."""
    from rapidfuzz import fuzz

    query = model_key(model, brand)
    if not query or not brand:
        return None
    wanted = set(re.findall(r"\d+", query))
    best, best_score = None, 0.0
    for category in CATEGORIES.get(kind, ()):
        for entry in published_footprints().get((brand_key(brand), category), []):
            if not wanted <= entry.numbers:
                continue
            score = (fuzz.token_sort_ratio(query, entry.key)
                     + fuzz.token_set_ratio(query, entry.key)) / 2
            if score > best_score:
                best, best_score = entry, score
    return (best, best_score) if best is not None and best_score >= MATCH_THRESHOLD else None


# --- One device -------------------------------------------------------------------------------


def device_footprint(kind: str, brand: str = "", model: str = "") -> Footprint:
    """The footprint stored on a device of that type, brand and model."""
    profile = PROFILES.get(kind)
    base = profile_footprint(profile) if profile else Footprint()
    result = Footprint(**base.__dict__)
    matched = match_published(kind, brand, model)
    if matched is None:
        return result
    entry, score = matched
    made = entry.gwp_total * entry.manufacture_share
    spread = entry.error_ratio or 0.0
    result.manufacture_kgco2e = made
    result.manufacture_min_kgco2e = made * (1 - spread)
    result.manufacture_max_kgco2e = made * (1 + spread)
    result.lifetime_years = result.lifetime_years or PCF_ONLY_LIFETIME.get(kind) or entry.lifetime
    result.footprint_source = FootprintSource.MANUFACTURER
    result.footprint_quality = DataQuality.HIGH
    detail = (f"PCF {entry.manufacturer} « {entry.name} » ({entry.report_date}) : "
              f"{entry.gwp_total:g} kgCO2e sur le cycle de vie, dont {entry.manufacture_share:.0%}"
              f" hors usage ; correspondance {score:.0f}/100")
    if profile:
        detail += f" ; usage : Boavizta {profile.archetype}, mix {USAGE_LOCATION}"
    result.footprint_detail = detail[:300]
    return result
