"""Full scans of the simulated Internet through the CLI, statuses checked one by one."""

import json
import time

import pytest
from django.core.management import CommandError, call_command

P, F, W, NA, E = "pass", "fail", "warning", "not_applicable", "error"
IDS = [
    "rcpnt.1.1",
    "rcpnt.1.2",
    "rcpnt.1.3",
    "rcpnt.1.4",
    "rcpnt.1.5",
    "rcpnt.1.6",
    "rcpnt.1.7",
    "rcpnt.1.8",
    "rcpnt.2.1",
    "rcpnt.2.2",
    "rcpnt.2.3",
    "rcpnt.2.4",
    "rcpnt.2.5",
    "rcpnt.2.6",
    "rcpnt.2.7",
    "rcpnt.2.8",
    "dns.dnssec",
    "ipv6.web",
    "ipv6.mail",
    "tls.version",
    "web.tls_versions",
    "tls.expiry",
    "http.hsts",
    "http.headers",
    "http.security_txt",
    "mail.starttls",
    "mail.dkim",
    "dns.caa",
    "hosting.web",
    "hosting.mail",
    "web.third_parties",
    "web.trackers",
    "web.accessibility_statement",
    "web.legal_notice",
]

# One row per simulated domain: target, e-mail, RCPNT level, then the statuses in IDS order.
CASES = [
    (
        "https://bonne-commune.fr/",
        "mairie@bonne-commune.fr",
        2,
        "P P P P P P P P  P P P P P P P P  P P P P P P P P P P P P P P  P P P P",
    ),
    (
        "https://commune-bientot.bzh",
        "contact@commune-bientot.bzh",
        1,
        "P P P P P P P P  P P P P F F F P  F F P P P W W W F P W W P P  P P W P",
    ),
    (
        "https://commune-expiree.fr",
        "contact@commune-expiree.fr",
        1,
        "P P P P F P F P  P P P F F P F NA  F F NA P P F F F F NA W W P NA  P P F F",
    ),
    (
        "https://commune-mauvais-hote.fr",
        "mairie@commune-mauvais-hote.fr",
        1,
        "P P P P F F W P  P P P P P P F F  F F F P P P F F F F W W P W  W F F F",
    ),
    (
        "http://commune-risque.com",
        "mairie.risque@gmail.com",
        0,
        "P F P F NA P NA F  P F F E E E E NA  F F NA NA NA NA NA NA NA NA E W P NA  P P F F",
    ),
    (
        "commune-injoignable.fr",
        "",
        0,
        "P P F F NA NA NA NA  F NA NA NA NA NA NA NA  "
        "F F NA NA NA NA NA NA NA NA NA W P NA  E E E E",
    ),
    (
        "https://commune-traceurs.fr",
        "mairie@commune-traceurs.fr",
        2,
        "P P P P P P P P  P P P P P P P P  F F P P F P P P P P W W P P  W F F F",
    ),
]
CODES = {"P": P, "F": F, "W": W, "NA": NA, "E": E}


def run_cli(simnet, target, *extra) -> dict:
    ports = ",".join(f"{key}={port}" for key, port in simnet.port_map.items())
    geo = ",".join(f"{cidr}={code}" for cidr, code in simnet.geo.items())
    args = [
        target,
        "--json",
        "--resolver",
        simnet.dns.address,
        "--ca-bundle",
        simnet.ca_bundle,
        "--port-map",
        ports,
        "--geo",
        geo,
        "--timeout",
        "2",
        *extra,
    ]
    from io import StringIO

    out = StringIO()
    call_command("diagnostic_scan", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(("target", "email", "level", "expected"), CASES, ids=[c[0] for c in CASES])
def test_scan_of_each_simulated_domain(simnet, target, email, level, expected):
    outcome = run_cli(simnet, target, *(["--email", email] if email else []))
    statuses = {c["id"]: c["status"] for c in outcome["checks"]}
    assert statuses == dict(zip(IDS, [CODES[s] for s in expected.split()], strict=True))
    assert outcome["rcpnt_level"] == level
    assert set(outcome["checks"][0]) == {"id", "family", "status", "evidence"}
    assert (
        outcome["scores"]["rcpnt_level_label"]
        == {0: "à risque", 1: "à renforcer", 2: "conforme"}[level]
    )


def test_perfect_domain_scores_full_marks(simnet):
    before = sum(getattr(s, "hits", 0) + getattr(s, "sessions", 0) for s in simnet.servers)
    scores = run_cli(simnet, "https://bonne-commune.fr/", "--email", "mairie@bonne-commune.fr")[
        "scores"
    ]
    assert sum(getattr(s, "hits", 0) + getattr(s, "sessions", 0) for s in simnet.servers) > before
    assert scores["overall"] == scores["declared"] == scores["tested"] == scores["rcpnt"] == 100
    assert set(scores["families"]) == {
        "rcpnt_web",
        "rcpnt_mail",
        "dns",
        "securite",
        "hebergement",
        "contenu",
    }


def test_evidence_says_what_was_seen(simnet):
    checks = {
        c["id"]: c
        for c in run_cli(
            simnet, "https://commune-mauvais-hote.fr", "--email", "a@commune-mauvais-hote.fr"
        )["checks"]
    }
    assert "publicite-exemple.com" in checks["rcpnt.1.6"]["evidence"]
    assert "US" in checks["rcpnt.2.8"]["evidence"]
    assert "signature invalide" in checks["dns.dnssec"]["evidence"]
    assert "pct=50" in checks["rcpnt.2.7"]["evidence"]


def test_home_page_content_is_read_without_asking_third_parties(simnet):
    before = simnet.third_party.hits
    checks = {
        c["id"]: c
        for c in run_cli(simnet, "https://commune-traceurs.fr", "--email", "m@commune-traceurs.fr")[
            "checks"
        ]
    }
    assert simnet.third_party.hits == before  # parsed only: the page's resources are not fetched
    trackers = checks["web.trackers"]["evidence"]
    assert "Google Analytics (Google LLC, US) via www.google-analytics.com" in trackers
    assert "Google Tag Manager" in trackers and "YouTube (Google LLC, US)" in trackers
    assert "Google Fonts" in trackers and "prestataire-exemple" not in trackers
    assert "images.prestataire-exemple.net" in checks["web.third_parties"]["evidence"]
    assert checks["web.tls_versions"]["evidence"] == "acceptées : TLSv1, TLSv1.1"
    assert checks["web.tls_versions"]["family"] == "securite"
    assert {checks[i]["family"] for i in ("web.trackers", "web.legal_notice")} == {"contenu"}
    good = {c["id"]: c for c in run_cli(simnet, "https://bonne-commune.fr/")["checks"]}
    assert "partiellement conforme" in good["web.accessibility_statement"]["evidence"]
    assert good["web.legal_notice"]["evidence"] == "« Mentions légales »"
    assert good["web.tls_versions"]["evidence"] == "TLS 1.0 et 1.1 refusées"


def test_loopback_target_refused_without_allowed_networks(simnet, no_allowed_networks):
    started = time.monotonic()
    before = [s.hits if hasattr(s, "hits") else getattr(s, "sessions", 0) for s in simnet.servers]
    outcome = run_cli(simnet, "https://bonne-commune.fr/", "--email", "mairie@bonne-commune.fr")
    after = [s.hits if hasattr(s, "hits") else getattr(s, "sessions", 0) for s in simnet.servers]
    assert before == after  # no request nor SMTP session left the scanner
    checks = {c["id"]: c for c in outcome["checks"]}
    assert checks["mail.starttls"]["status"] == E
    assert "cible interdite" in checks["mail.starttls"]["evidence"]
    assert checks["rcpnt.1.3"]["status"] == E
    assert checks["rcpnt.1.3"]["evidence"].startswith("cible interdite")
    assert checks["rcpnt.1.4"]["status"] == E
    assert time.monotonic() - started < 5


def test_bad_options_are_refused_in_french(simnet):
    with pytest.raises(CommandError, match="ni un domaine"):
        call_command("diagnostic_scan", "https://")
    with pytest.raises(CommandError, match="pas une adresse"):
        call_command("diagnostic_scan", "bonne-commune.fr", "--email", "mairie")
    with pytest.raises(CommandError, match="HÔTE:PORT"):
        call_command("diagnostic_scan", "bonne-commune.fr", "--resolver", "127.0.0.1")
    with pytest.raises(CommandError, match="port invalide"):
        call_command("diagnostic_scan", "bonne-commune.fr", "--port-map", "443=abc")


def test_text_output_gives_the_level(simnet):
    from io import StringIO

    out = StringIO()
    call_command(
        "diagnostic_scan",
        "https://commune-risque.com",
        "--resolver",
        simnet.dns.address,
        "--port-map",
        ",".join(f"{k}={v}" for k, v in simnet.port_map.items()),
        stdout=out,
    )
    assert "Niveau RCPNT : 0 (à risque)" in out.getvalue()


def test_a_shared_mail_host_is_probed_once_per_config(simnet, sim_config):
    from socle.diagnostic.engine import scan

    mx = next(s for s in simnet.servers if getattr(s, "tls", None) and hasattr(s, "sessions"))
    before = mx.sessions
    first = scan("https://bonne-commune.fr/", email="mairie@bonne-commune.fr", config=sim_config)
    second = scan(
        "https://commune-bientot.bzh", email="contact@commune-bientot.bzh", config=sim_config
    )
    assert mx.sessions == before + 1
    assert {c["id"]: c["status"] for c in second["checks"]}["mail.starttls"] == P
    assert first["rcpnt_level"] == 2
