"""The check table: id → dotted path of a pure rating function ``(DomainFacts) -> CheckResult``.

Order is the report's order. ``DECLARED`` lists the criteria rated from what the collectivité
declares (no network); every other one is tested.
"""

from __future__ import annotations

from django.utils.module_loading import import_string

from socle.diagnostic.facts import DomainFacts
from socle.diagnostic.results import CheckResult

_W, _M = "socle.diagnostic.checks.web", "socle.diagnostic.checks.mail"
_D, _S, _H, _C = (
    "socle.diagnostic.checks.dns",
    "socle.diagnostic.checks.security",
    "socle.diagnostic.checks.hosting",
    "socle.diagnostic.checks.content",
)

CHECKS: dict[str, str] = {
    "rcpnt.1.1": f"{_W}.website_declared",
    "rcpnt.1.2": f"{_W}.sovereign_extension",
    "rcpnt.1.3": f"{_W}.reachable",
    "rcpnt.1.4": f"{_W}.https",
    "rcpnt.1.5": f"{_W}.valid_certificate",
    "rcpnt.1.6": f"{_W}.no_foreign_redirect",
    "rcpnt.1.7": f"{_W}.usual_redirects",
    "rcpnt.1.8": f"{_W}.declared_url_https",
    "rcpnt.2.1": f"{_M}.email_declared",
    "rcpnt.2.2": f"{_M}.not_generic_provider",
    "rcpnt.2.3": f"{_M}.same_domain_as_website",
    "rcpnt.2.4": f"{_M}.mx",
    "rcpnt.2.5": f"{_M}.spf",
    "rcpnt.2.6": f"{_M}.dmarc",
    "rcpnt.2.7": f"{_M}.dmarc_enforced",
    "rcpnt.2.8": f"{_M}.mx_in_eu",
    "dns.dnssec": f"{_D}.dnssec",
    "ipv6.web": f"{_D}.ipv6_web",
    "ipv6.mail": f"{_D}.ipv6_mail",
    "tls.version": f"{_S}.tls_version",
    "web.tls_versions": f"{_S}.tls_versions",
    "tls.expiry": f"{_S}.certificate_expiry",
    "http.hsts": f"{_S}.hsts",
    "http.headers": f"{_S}.security_headers",
    "http.security_txt": f"{_S}.security_txt",
    "mail.starttls": f"{_S}.starttls",
    "mail.dkim": f"{_D}.dkim_hint",
    "dns.caa": f"{_D}.caa",
    "hosting.web": f"{_H}.web_country",
    "hosting.mail": f"{_H}.mail_country",
    "web.third_parties": f"{_C}.third_parties",
    "web.trackers": f"{_C}.trackers",
    "web.accessibility_statement": f"{_C}.accessibility_statement",
    "web.legal_notice": f"{_C}.legal_notice",
}

DECLARED = frozenset({"rcpnt.1.1", "rcpnt.1.2", "rcpnt.1.8", "rcpnt.2.1", "rcpnt.2.2", "rcpnt.2.3"})


def rate(facts: DomainFacts) -> list[CheckResult]:
    return [import_string(path)(facts) for path in CHECKS.values()]
