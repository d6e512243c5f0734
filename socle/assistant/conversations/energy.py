"""Energy and CO2 estimates of one model call and of one plain search (docs/assistant-questions.md).

Model call = EcoLogits (generation, French electricity mix) + our estimate for the prompt tokens,
which EcoLogits does not count. Everything is computed offline from the data files shipped in the
``ecologits`` package (no network access).

Prompt tokens ("prefill"): a transformer spends about 2 x N floating-point operations per token
for N parameters (Kaplan et al. 2020, "Scaling Laws for Neural Language Models", section 2.1).
Prefill runs compute-bound, so energy per prompt token = 2 N / (GPU peak FLOP/s x utilisation)
x GPU power x PUE. Figures: NVIDIA H100 SXM, 989 TFLOP/s dense BF16 and 700 W (NVIDIA data
sheet), utilisation 50 % (prefill runs close to peak; half is a cautious round figure).

Plain search: measured CPU time x a power per busy core (setting, default 15 W, about the TDP of
a 16-core 240 W server processor divided by its cores) x PUE.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings

DEFAULT_ACTIVE_PARAMETERS_B = 8.0  # a local 7-8B model (Mistral 7B, Llama 3.1 8B) by default
DEFAULT_PUE = 1.2  # EcoLogits' own figure for an unknown/ordinary data centre (OpenAI config)
DEFAULT_WUE = 0.569  # L/kWh, idem; not shown, EcoLogits needs it
DEFAULT_CPU_WATTS_PER_CORE = 15.0
GPU_PEAK_FLOPS = 989e12
GPU_POWER_W = 700.0
GPU_UTILISATION = 0.5
FRANCE_GWP_KG_PER_KWH_FALLBACK = 0.04144  # EcoLogits' FRA mix (ADEME Base Empreinte)
PROVIDERS = ("mistralai", "huggingface_hub", "openai", "anthropic", "google_genai", "cohere")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Estimate:
    energy_wh: float
    co2_g: float
    method: str  # "ecologits:<provider>", "ecologits:parametric", "search:cpu"


def _setting(name: str, default: float) -> float:
    try:
        return float(getattr(settings, name, default))
    except (TypeError, ValueError):
        return default


def active_parameters_b() -> float:
    return _setting("SOCLE_LLM_ACTIVE_PARAMETERS_B", DEFAULT_ACTIVE_PARAMETERS_B)


def pue() -> float:
    return _setting("SOCLE_LLM_DATACENTER_PUE", DEFAULT_PUE)


def _mid(value) -> float:
    """EcoLogits returns a number or a min/max range; the middle of the range is kept."""
    value = getattr(value, "value", value)
    if hasattr(value, "min") and hasattr(value, "max"):
        return (float(value.min) + float(value.max)) / 2
    return float(value)


def france_mix():
    from ecologits.electricity_mix_repository import electricity_mixes

    return electricity_mixes.find_electricity_mix(zone="FRA")


def gwp_kg_per_kwh() -> float:
    mix = france_mix()
    return float(mix.gwp) if mix is not None else FRANCE_GWP_KG_PER_KWH_FALLBACK


def _known_model(model_name: str):
    from ecologits.model_repository import ParametersMoE, models

    for provider in PROVIDERS:
        model = models.find_model(provider=provider, model_name=model_name)
        if model is not None:
            params = model.architecture.parameters
            if isinstance(params, ParametersMoE):
                return provider, params.active, params.total
            return provider, params, params
    return None


def prompt_energy_wh(prompt_tokens: int, active_params_b: float, pue_value: float) -> float:
    """Our estimate for the prompt: 2 N FLOP per token on an H100 at 50 % of its peak."""
    joules_per_token = 2 * active_params_b * 1e9 / (GPU_PEAK_FLOPS * GPU_UTILISATION) * GPU_POWER_W
    return prompt_tokens * joules_per_token * pue_value / 3600


def model_call(*, model_name: str, prompt_tokens: int, completion_tokens: int,
               latency_s: float) -> Estimate:
    """Energy (Wh) and CO2 (g CO2e, use + manufacturing share) of one completion."""
    from ecologits.impacts.llm import compute_llm_impacts
    from ecologits.utils.range_value import RangeValue

    mix = france_mix()
    known = _known_model(model_name)
    if known:
        provider, active, total = known
        from ecologits.tracers.utils import PROVIDER_CONFIG_MAP

        config = PROVIDER_CONFIG_MAP[provider]
        pue_value, wue_value = config.datacenter_pue, config.datacenter_wue
        method = f"ecologits:{provider}"
    else:
        active = total = active_parameters_b()
        pue_value, wue_value = pue(), DEFAULT_WUE
        method = "ecologits:parametric"
    prompt_params = _mid(active) if isinstance(active, RangeValue) else float(active)
    try:
        impacts = compute_llm_impacts(
            model_active_parameter_count=active,
            model_total_parameter_count=total,
            output_token_count=max(0, completion_tokens),
            request_latency=max(latency_s, 0.001),
            if_electricity_mix_adpe=mix.adpe,
            if_electricity_mix_pe=mix.pe,
            if_electricity_mix_gwp=mix.gwp,
            if_electricity_mix_wue=mix.wue,
            datacenter_pue=pue_value,
            datacenter_wue=wue_value,
        )
        generation_wh = _mid(impacts.energy) * 1000
        generation_g = _mid(impacts.gwp) * 1000
    except Exception:  # an estimate must never break a call
        log.exception("EcoLogits estimate failed")
        generation_wh = generation_g = 0.0
    prompt_wh = prompt_energy_wh(max(0, prompt_tokens), prompt_params, _mid(pue_value))
    prompt_g = prompt_wh / 1000 * float(mix.gwp) * 1000
    return Estimate(generation_wh + prompt_wh, generation_g + prompt_g, method)


def search(*, cpu_seconds: float) -> Estimate:
    """A plain search on Socle's own server: measured CPU time x power per core x PUE."""
    watts = _setting("SOCLE_ASSISTANT_CPU_WATTS_PER_CORE", DEFAULT_CPU_WATTS_PER_CORE)
    wh = max(0.0, cpu_seconds) * watts * pue() / 3600
    return Estimate(wh, wh / 1000 * gwp_kg_per_kwh() * 1000, "search:cpu")
