"""RCPNT website criteria 1.1–1.8, rated from WebFacts (pure functions, no I/O)."""

from __future__ import annotations

import urllib.parse

from socle.diagnostic import data
from socle.diagnostic.facts import DomainFacts
from socle.diagnostic.results import ERROR, FAIL, NOT_APPLICABLE, PASS, WARNING, CheckResult, result

FAMILY = "rcpnt_web"


def _na(check_id: str, why: str) -> CheckResult:
    return result(check_id, FAMILY, NOT_APPLICABLE, why, "Critère sans objet : " + why + ".")


def _forbidden(error: str) -> bool:
    return error.startswith("cible interdite")


def website_declared(facts: DomainFacts) -> CheckResult:
    url = facts.web.declared_url
    return result(
        "rcpnt.1.1",
        FAMILY,
        PASS if url else FAIL,
        url or "aucun site déclaré",
        "Un site internet officiel permet aux habitants de trouver une information fiable.",
        "Déclarez l'adresse du site officiel de la collectivité (annuaire de service-public.fr).",
    )


def sovereign_extension(facts: DomainFacts) -> CheckResult:
    if not facts.web.host:
        return _na("rcpnt.1.2", "aucun site déclaré")
    tld = facts.web.host.rsplit(".", 1)[-1]
    ok = tld in data.sovereign_tlds()
    return result(
        "rcpnt.1.2",
        FAMILY,
        PASS if ok else FAIL,
        f".{tld}",
        "Une extension souveraine (.fr, extensions ultramarines ou régionales) "
        "rattache le site à la France et le soumet aux règles de l'AFNIC.",
        "Réservez un nom en .fr (ou .bzh, .alsace, .corsica, .paris, extension "
        "ultramarine) et faites-y pointer le site.",
    )


def reachable(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not web.host:
        return _na("rcpnt.1.3", "aucun site déclaré")
    error = web.https_error or web.reach_error
    if web.reachable:
        status, evidence = PASS, web.final_url
    elif _forbidden(error) or (not web.addresses and not web.ipv6_addresses and "DNS" in error):
        status, evidence = ERROR, error
    else:
        status, evidence = FAIL, error or "aucune adresse IP pour ce nom"
    return result(
        "rcpnt.1.3",
        FAMILY,
        status,
        evidence,
        "Le site doit répondre pour que les habitants y accèdent.",
        "Vérifiez l'hébergement et les enregistrements DNS (A/AAAA) du site.",
    )


def https(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not web.host:
        return _na("rcpnt.1.4", "aucun site déclaré")
    if web.https_ok:
        status, evidence = PASS, f"https://{web.host}/ répond"
    else:
        status = ERROR if _forbidden(web.https_error) else FAIL
        evidence = web.https_error or "pas de réponse en HTTPS"
    return result(
        "rcpnt.1.4",
        FAMILY,
        status,
        evidence,
        "HTTPS chiffre les échanges et garantit l'identité du site.",
        "Activez HTTPS chez l'hébergeur (certificat gratuit Let's Encrypt par exemple).",
    )


def valid_certificate(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not web.host or web.cert_valid is None:
        return _na("rcpnt.1.5", "pas de connexion HTTPS")
    evidence = "certificat valide" if web.cert_valid else web.cert_error
    if web.cert_not_after:
        evidence += f" (expire le {web.cert_not_after})"
    return result(
        "rcpnt.1.5",
        FAMILY,
        PASS if web.cert_valid else FAIL,
        evidence,
        "Un certificat expiré ou émis pour un autre nom déclenche une alerte dans le navigateur.",
        "Renouvelez le certificat et vérifiez qu'il couvre le nom du site (et www).",
    )


def _official(host: str, facts: DomainFacts) -> bool:
    host = host.removeprefix("www.")
    return any(host == d or host.endswith("." + d) for d in facts.official_domains)


def no_foreign_redirect(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not web.reachable:
        return _na("rcpnt.1.6", "site injoignable")
    landed = urllib.parse.urlsplit(web.final_url).hostname or ""
    return result(
        "rcpnt.1.6",
        FAMILY,
        PASS if _official(landed, facts) else FAIL,
        " → ".join(web.hops) or web.final_url,
        "Le site officiel ne doit pas renvoyer vers un domaine "
        "qui n'appartient pas à la collectivité.",
        "Hébergez le site sous le nom officiel, ou déclarez le domaine vers lequel il renvoie.",
    )


def usual_redirects(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not web.https_ok:
        return _na("rcpnt.1.7", "pas de connexion HTTPS")
    if web.http_redirects_to_https is False:
        status, evidence = FAIL, "http:// ne redirige pas vers https://"
    elif web.alias_redirects is False:
        status, evidence = WARNING, "le nom avec ou sans www ne mène pas au site"
    elif web.http_redirects_to_https is None:
        status, evidence = WARNING, "http:// ne répond pas"
    else:
        status, evidence = PASS, "http→https et nom avec/sans www redirigés"
    return result(
        "rcpnt.1.7",
        FAMILY,
        status,
        evidence,
        "Les visiteurs tapent souvent l'adresse sans https ni www : "
        "elles doivent mener au site sécurisé.",
        "Redirigez (301) http:// vers https:// et le nom avec/sans www vers le nom principal.",
    )


def declared_url_https(facts: DomainFacts) -> CheckResult:
    url = facts.web.declared_url
    if "//" not in url:
        return _na("rcpnt.1.8", "aucune adresse complète déclarée")
    return result(
        "rcpnt.1.8",
        FAMILY,
        PASS if url.startswith("https://") else FAIL,
        url,
        "L'adresse publiée dans les annuaires doit être celle en https.",
        "Corrigez l'adresse déclarée dans l'annuaire de service-public.fr (https://…).",
    )
