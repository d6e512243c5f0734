"""Energy estimates: EcoLogits offline, our prompt-token estimate, the plain-search figure."""

import socket

import pytest

from socle.assistant.conversations import energy


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_unknown_model_uses_the_parameter_setting(no_network, settings):
    settings.SOCLE_LLM_ACTIVE_PARAMETERS_B = 8
    small = energy.model_call(model_name="local", prompt_tokens=0, completion_tokens=300,
                              latency_s=4)
    settings.SOCLE_LLM_ACTIVE_PARAMETERS_B = 70
    large = energy.model_call(model_name="local", prompt_tokens=0, completion_tokens=300,
                              latency_s=4)
    assert small.method == "ecologits:parametric"
    assert 0 < small.energy_wh < large.energy_wh
    assert 0 < small.co2_g < large.co2_g


def test_prompt_tokens_are_counted(no_network):
    without = energy.model_call(model_name="local", prompt_tokens=0, completion_tokens=100,
                                latency_s=2)
    with_prompt = energy.model_call(model_name="local", prompt_tokens=4000,
                                    completion_tokens=100, latency_s=2)
    expected = energy.prompt_energy_wh(4000, energy.active_parameters_b(), energy.pue())
    assert with_prompt.energy_wh - without.energy_wh == pytest.approx(expected)
    # 2 x 8e9 FLOP per token, H100 at 50 %, 700 W, PUE 1.2: about 7.5 mWh per 1,000 tokens.
    assert energy.prompt_energy_wh(1000, 8, 1.2) == pytest.approx(0.00755, rel=0.01)


def test_known_model_and_search(no_network):
    known = energy.model_call(model_name="mistral-small-latest", prompt_tokens=10,
                              completion_tokens=100, latency_s=2)
    assert known.method == "ecologits:mistralai" and known.energy_wh > 0
    search = energy.search(cpu_seconds=0.05)
    assert search.energy_wh == pytest.approx(0.05 * 15 * 1.2 / 3600)
    assert search.co2_g == pytest.approx(search.energy_wh * 0.04144, rel=0.01)
