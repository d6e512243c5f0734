"""Web and mail security family: TLS, certificate horizon, HSTS, headers, security.txt, STARTTLS."""

from __future__ import annotations

import datetime as dt

from socle.diagnostic.facts import DomainFacts
from socle.diagnostic.results import ERROR, FAIL, NOT_APPLICABLE, PASS, WARNING, CheckResult, result

FAMILY = "securite"
GOOD_TLS = ("TLSv1.3", "TLSv1.2")
HSTS_MIN_AGE = 180 * 24 * 3600
EXPIRY_HORIZON_DAYS = 30
HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
)


def _no_https(check_id: str) -> CheckResult:
    return result(check_id, FAMILY, NOT_APPLICABLE, "pas de connexion HTTPS", "Sans objet.")


def tls_version(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not web.https_ok:
        return _no_https("tls.version")
    return result(
        "tls.version",
        FAMILY,
        PASS if web.tls_version in GOOD_TLS else FAIL,
        f"version négociée : {web.tls_version or 'inconnue'}",
        "Seules les versions TLS 1.2 et 1.3 protègent correctement les échanges.",
        "Désactivez SSL, TLS 1.0 et 1.1 sur le serveur web.",
    )


def tls_versions(facts: DomainFacts) -> CheckResult:
    """TLS 1.0 and 1.1 refused (a handshake offering only each of them)."""
    web = facts.web
    if not web.https_ok:
        return _no_https("web.tls_versions")
    explanation = (
        "TLS 1.0 et 1.1 sont obsolètes (RFC 8996, recommandations TLS de l'ANSSI) : un serveur "
        "qui les accepte encore expose les visiteurs à des attaques connues."
    )
    if not web.legacy_tls_tested:
        return result(
            "web.tls_versions",
            FAMILY,
            ERROR,
            "non testé : " + (web.legacy_tls_error or "négociation non faite"),
            explanation + " Ce critère n'a pas pu être testé.",
        )
    accepted = web.legacy_tls
    return result(
        "web.tls_versions",
        FAMILY,
        FAIL if accepted else PASS,
        ("acceptées : " + ", ".join(accepted)) if accepted else "TLS 1.0 et 1.1 refusées",
        explanation,
        "Désactivez TLS 1.0 et 1.1 sur le serveur web (garder TLS 1.2 et 1.3).",
    )


def certificate_expiry(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not web.https_ok or not web.cert_not_after:
        return _no_https("tls.expiry")
    days = (dt.date.fromisoformat(web.cert_not_after) - dt.date.fromisoformat(facts.today)).days
    status = FAIL if days < 0 else (WARNING if days < EXPIRY_HORIZON_DAYS else PASS)
    return result(
        "tls.expiry",
        FAMILY,
        status,
        f"expire le {web.cert_not_after} ({days} jours)",
        "Un certificat expiré rend le site inaccessible ; "
        "au-delà de 30 jours on a le temps d'agir.",
        "Renouvelez le certificat, idéalement automatiquement (ACME).",
    )


def _max_age(value: str) -> int:
    for part in value.split(";"):
        key, _, number = part.strip().partition("=")
        if key.lower() == "max-age" and number.strip('"').isdigit():
            return int(number.strip('"'))
    return 0


def hsts(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not web.https_ok:
        return _no_https("http.hsts")
    value = web.headers.get("strict-transport-security", "")
    status = FAIL if not value else (PASS if _max_age(value) >= HSTS_MIN_AGE else WARNING)
    return result(
        "http.hsts",
        FAMILY,
        status,
        value or "en-tête absent",
        "HSTS oblige le navigateur à toujours utiliser HTTPS pour ce site.",
        "Ajoutez l'en-tête Strict-Transport-Security: max-age=31536000.",
    )


def security_headers(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not web.https_ok:
        return _no_https("http.headers")
    present = [h for h in HEADERS if h in web.headers]
    status = PASS if len(present) == len(HEADERS) else (WARNING if present else FAIL)
    missing = [h for h in HEADERS if h not in present]
    return result(
        "http.headers",
        FAMILY,
        status,
        "manquants : " + ", ".join(missing) if missing else "tous présents",
        "Ces en-têtes limitent l'injection de contenu, le clickjacking "
        "et les fuites de l'adresse visitée.",
        "Configurez " + ", ".join(missing or HEADERS) + " sur le serveur web.",
    )


def security_txt(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not web.https_ok:
        return _no_https("http.security_txt")
    found = web.security_txt
    status = ERROR if found is None else (PASS if found else FAIL)
    return result(
        "http.security_txt",
        FAMILY,
        status,
        {True: "présent", False: "absent", None: "non testé"}[found],
        "Le fichier /.well-known/security.txt indique qui prévenir en cas de faille.",
        "Publiez /.well-known/security.txt avec une ligne Contact: (RFC 9116).",
    )


def starttls(facts: DomainFacts) -> CheckResult:
    hosts = facts.mail.mx_hosts
    if not hosts:
        return result("mail.starttls", FAMILY, NOT_APPLICABLE, "aucun serveur MX", "Sans objet.")
    if any(h.starttls is None for h in hosts):
        status = ERROR
    else:
        status = PASS if all(h.starttls for h in hosts) else FAIL
    evidence = ", ".join(
        f"{h.name}: {h.error or ('STARTTLS' if h.starttls else 'sans STARTTLS')}" for h in hosts
    )
    return result(
        "mail.starttls",
        FAMILY,
        status,
        evidence,
        "STARTTLS chiffre les courriels échangés entre serveurs.",
        "Activez STARTTLS avec un certificat valide sur chaque serveur MX.",
    )
