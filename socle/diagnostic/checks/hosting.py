"""Hosting family: the country of the web and mail servers (offline IP-to-country database)."""

from __future__ import annotations

from socle.diagnostic import data
from socle.diagnostic.facts import DomainFacts
from socle.diagnostic.results import ERROR, NOT_APPLICABLE, PASS, WARNING, CheckResult, result

FAMILY = "hebergement"
EXPLANATION = (
    "Un hébergement hors de l'Union européenne soumet les données à des lois étrangères "
    "(souveraineté, RGPD)."
)
REMEDY = "Privilégiez un hébergeur établi et hébergeant dans l'Union européenne."


def _rate(check_id: str, countries: list[str], evidence: str) -> CheckResult:
    if not all(countries):
        status = ERROR
    else:
        status = PASS if all(c in data.eu_countries() for c in countries) else WARNING
    return result(check_id, FAMILY, status, evidence, EXPLANATION, REMEDY)


def web_country(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not (web.addresses or web.ipv6_addresses):
        return result("hosting.web", FAMILY, NOT_APPLICABLE, "aucune adresse", "Sans objet.")
    address = (web.addresses or web.ipv6_addresses)[0]
    return _rate("hosting.web", [web.country], f"{address} : {web.country or 'pays inconnu'}")


def mail_country(facts: DomainFacts) -> CheckResult:
    hosts = [h for h in facts.mail.mx_hosts if h.address]
    if not hosts:
        return result("hosting.mail", FAMILY, NOT_APPLICABLE, "aucun serveur MX", "Sans objet.")
    evidence = ", ".join(f"{h.name} : {h.country or 'pays inconnu'}" for h in hosts)
    return _rate("hosting.mail", [h.country for h in hosts], evidence)
