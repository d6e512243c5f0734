"""Every rating function on hand-made facts: a pass, a fail (or warning) and the edge cases.
No network: ratings are pure functions over DomainFacts."""

import pytest

from socle.diagnostic import checks, scoring
from socle.diagnostic.facts import (
    DnsAnswer,
    DnssecFacts,
    DomainFacts,
    MailFacts,
    MxHost,
    PageFacts,
    WebFacts,
)
from socle.diagnostic.results import CheckResult


def good() -> DomainFacts:
    web = WebFacts(
        declared_url="https://www.ma-commune.fr/",
        host="www.ma-commune.fr",
        addresses=["193.51.24.1"],
        ipv6_addresses=["2001:660::1"],
        reachable=True,
        https_ok=True,
        cert_valid=True,
        cert_not_after="2027-06-01",
        tls_version="TLSv1.3",
        final_url="https://www.ma-commune.fr/",
        hops=["https://www.ma-commune.fr/"],
        http_redirects_to_https=True,
        alias_redirects=True,
        headers={
            "strict-transport-security": "max-age=31536000; includeSubDomains",
            "content-security-policy": "default-src 'self'",
            "x-content-type-options": "nosniff",
            "x-frame-options": "DENY",
            "referrer-policy": "no-referrer",
        },
        security_txt=True,
        country="FR",
        legacy_tls_tested=True,
        page=PageFacts(
            url="https://www.ma-commune.fr/",
            size=20_000,
            accessibility_links=["Accessibilité : totalement conforme"],
            accessibility_level="totalement",
            legal_notice_links=["Mentions légales"],
        ),
    )
    mail = MailFacts(
        email="mairie@ma-commune.fr",
        domain="ma-commune.fr",
        mx=DnsAnswer(["10 mx.ma-commune.fr."]),
        mx_hosts=[
            MxHost("mx.ma-commune.fr", "193.51.24.2", ipv6=True, country="FR", starttls=True)
        ],
        spf=DnsAnswer(["v=spf1 mx -all", "google-site-verification=x"]),
        dmarc=DnsAnswer(["v=DMARC1; p=reject; pct=100"]),
        dkim_hint=DnsAnswer(),
    )
    return DomainFacts(
        domain="ma-commune.fr",
        official_domains=["ma-commune.fr"],
        web=web,
        mail=mail,
        dnssec=DnssecFacts(signed=True, valid=True),
        caa=DnsAnswer(['0 issue "x"']),
        today="2026-11-23",
    )


def rate(check_id: str, facts: DomainFacts) -> CheckResult:
    from django.utils.module_loading import import_string

    return import_string(checks.CHECKS[check_id])(facts)


def test_every_check_passes_on_good_facts():
    results = checks.rate(good())
    assert [r.status for r in results] == ["pass"] * len(checks.CHECKS)
    assert all(r.explanation_fr and not r.remedy_fr for r in results)
    assert scoring.rcpnt_level(results) == 2


def _set(path: str, value):
    def apply(facts):
        target, *rest = path.split(".")
        obj = facts
        for part in [target, *rest][:-1]:
            obj = obj[int(part)] if isinstance(obj, list) else getattr(obj, part)
        setattr(obj, path.split(".")[-1], value)

    return apply


GA = {
    "name": "Google Analytics",
    "company": "Google LLC",
    "country": "US",
    "host": "www.google-analytics.com",
    "domain": "google-analytics.com",
}
BAD = [
    ("rcpnt.1.1", _set("web.declared_url", ""), "fail"),
    ("rcpnt.1.2", _set("web.host", "www.ma-commune.com"), "fail"),
    ("rcpnt.1.2", _set("web.host", "mairie.re"), "pass"),
    ("rcpnt.1.2", _set("web.host", "ville.paris"), "pass"),
    (
        "rcpnt.1.3",
        lambda f: (_set("web.reachable", False)(f), _set("web.https_error", "refusée")(f)),
        "fail",
    ),
    (
        "rcpnt.1.3",
        lambda f: (
            _set("web.reachable", False)(f),
            _set("web.https_error", "cible interdite : 10.0.0.1")(f),
        ),
        "error",
    ),
    ("rcpnt.1.4", _set("web.https_ok", False), "fail"),
    (
        "rcpnt.1.4",
        lambda f: (
            _set("web.https_ok", False)(f),
            _set("web.https_error", "cible interdite : ::1")(f),
        ),
        "error",
    ),
    ("rcpnt.1.5", _set("web.cert_valid", False), "fail"),
    ("rcpnt.1.5", _set("web.cert_valid", None), "not_applicable"),
    ("rcpnt.1.6", _set("web.final_url", "https://mairie.wixsite.com/"), "fail"),
    ("rcpnt.1.6", _set("web.final_url", "https://services.ma-commune.fr/"), "pass"),
    ("rcpnt.1.7", _set("web.http_redirects_to_https", False), "fail"),
    ("rcpnt.1.7", _set("web.alias_redirects", False), "warning"),
    ("rcpnt.1.8", _set("web.declared_url", "http://www.ma-commune.fr"), "fail"),
    ("rcpnt.1.8", _set("web.declared_url", "www.ma-commune.fr"), "not_applicable"),
    ("rcpnt.2.1", _set("mail.email", ""), "fail"),
    ("rcpnt.2.2", _set("mail.domain", "wanadoo.fr"), "fail"),
    ("rcpnt.2.3", _set("mail.domain", "cc-du-val.fr"), "fail"),
    ("rcpnt.2.4", _set("mail.mx", DnsAnswer()), "fail"),
    ("rcpnt.2.4", _set("mail.mx", DnsAnswer(error="DNS MX : Timeout")), "error"),
    ("rcpnt.2.5", _set("mail.spf", DnsAnswer(["v=spf1 mx -all", "v=spf1 a -all"])), "fail"),
    ("rcpnt.2.5", _set("mail.spf", DnsAnswer(exists=False)), "fail"),
    ("rcpnt.2.6", _set("mail.dmarc", DnsAnswer(["v=spf1 -all"])), "fail"),
    ("rcpnt.2.7", _set("mail.dmarc", DnsAnswer(["v=DMARC1; p=none"])), "fail"),
    ("rcpnt.2.7", _set("mail.dmarc", DnsAnswer(["v=DMARC1; p=reject; pct=50"])), "fail"),
    ("rcpnt.2.7", _set("mail.dmarc", DnsAnswer(["v=DMARC1;p=quarantine"])), "pass"),
    ("rcpnt.2.8", _set("mail.mx_hosts.0.country", "US"), "fail"),
    ("rcpnt.2.8", _set("mail.mx_hosts.0.country", ""), "error"),
    ("rcpnt.2.8", _set("mail.mx_hosts", []), "not_applicable"),
    ("dns.dnssec", _set("dnssec", DnssecFacts(signed=False)), "fail"),
    (
        "dns.dnssec",
        _set("dnssec", DnssecFacts(signed=True, valid=False, detail="signature invalide")),
        "fail",
    ),
    ("dns.dnssec", _set("dnssec", DnssecFacts(error="délai")), "error"),
    ("ipv6.web", _set("web.ipv6_addresses", []), "fail"),
    ("ipv6.mail", _set("mail.mx_hosts.0.ipv6", False), "fail"),
    ("tls.version", _set("web.tls_version", "TLSv1"), "fail"),
    ("tls.expiry", _set("web.cert_not_after", "2026-12-10"), "warning"),
    ("tls.expiry", _set("web.cert_not_after", "2026-11-01"), "fail"),
    ("http.hsts", _set("web.headers", {}), "fail"),
    ("http.hsts", _set("web.headers", {"strict-transport-security": "max-age=300"}), "warning"),
    ("http.headers", _set("web.headers", {"x-frame-options": "DENY"}), "warning"),
    ("http.headers", _set("web.headers", {}), "fail"),
    ("http.security_txt", _set("web.security_txt", False), "fail"),
    ("http.security_txt", _set("web.security_txt", None), "error"),
    ("mail.starttls", _set("mail.mx_hosts.0.starttls", False), "fail"),
    ("mail.starttls", _set("mail.mx_hosts.0.starttls", None), "error"),
    ("mail.dkim", _set("mail.dkim_hint", DnsAnswer(exists=False)), "warning"),
    ("mail.dkim", _set("mail.dkim_hint", DnsAnswer(error="SERVFAIL")), "error"),
    ("dns.caa", _set("caa", DnsAnswer()), "warning"),
    ("hosting.web", _set("web.country", "US"), "warning"),
    ("hosting.web", _set("web.country", ""), "error"),
    ("hosting.mail", _set("mail.mx_hosts.0.country", "CN"), "warning"),
    ("web.tls_versions", _set("web.legacy_tls", ["TLSv1.1"]), "fail"),
    ("web.tls_versions", _set("web.legacy_tls_tested", False), "error"),
    ("web.tls_versions", _set("web.https_ok", False), "not_applicable"),
    ("web.third_parties", _set("web.page.third_party_hosts", ["cdn.example.com"]), "warning"),
    ("web.third_parties", _set("web.page", None), "error"),
    ("web.third_parties", _set("web.declared_url", ""), "not_applicable"),
    ("web.trackers", _set("web.page.trackers", [GA]), "fail"),
    ("web.trackers", _set("web.page.error", "page d'accueil en erreur (HTTP 500)"), "error"),
    ("web.accessibility_statement", _set("web.page.accessibility_links", []), "fail"),
    ("web.accessibility_statement", _set("web.page.accessibility_level", ""), "warning"),
    ("web.accessibility_statement", _set("web.page", None), "error"),
    ("web.legal_notice", _set("web.page.legal_notice_links", []), "fail"),
    ("web.legal_notice", _set("web.page", None), "error"),
]


@pytest.mark.parametrize(
    ("check_id", "change", "expected"), BAD, ids=[f"{b[0]}-{b[2]}" for b in BAD]
)
def test_rating_on_changed_facts(check_id, change, expected):
    facts = good()
    change(facts)
    outcome = rate(check_id, facts)
    assert outcome.status == expected, outcome
    assert outcome.id == check_id
    if expected in ("fail", "warning"):
        assert outcome.remedy_fr


def test_every_check_has_a_fail_or_warning_case():
    assert {b[0] for b in BAD if b[2] in ("fail", "warning")} == set(checks.CHECKS)


def test_no_website_makes_web_criteria_not_applicable_and_level_zero():
    facts = good()
    facts.web = WebFacts()
    results = checks.rate(facts)
    statuses = {r.id: r.status for r in results}
    assert statuses["rcpnt.1.1"] == "fail"
    assert {statuses[f"rcpnt.1.{n}"] for n in range(2, 9)} == {"not_applicable"}
    assert scoring.rcpnt_level(results) == 0


def test_scores_leave_errors_and_not_applicable_out():
    facts = good()
    facts.mail.mx_hosts[0].country = ""  # error on 2.8 and hosting.mail
    facts.web.alias_redirects = False  # warning on 1.7
    results = checks.rate(facts)
    scores = scoring.scores(results)
    assert scores["criteria"]["rcpnt.2.8"] is None
    assert scores["criteria"]["rcpnt.1.7"] == 0.5
    assert scores["rcpnt"] == round(100 * 14.5 / 15)
    assert scores["declared"] == 100
    assert scoring.rcpnt_level(results) == 1
