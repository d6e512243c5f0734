"""DNS family: DNSSEC, CAA, IPv6 for web and mail, DKIM presence hint (pure functions)."""

from __future__ import annotations

from socle.diagnostic.facts import DomainFacts
from socle.diagnostic.results import ERROR, FAIL, NOT_APPLICABLE, PASS, WARNING, CheckResult, result

FAMILY = "dns"


def dnssec(facts: DomainFacts) -> CheckResult:
    found = facts.dnssec
    explanation = (
        "DNSSEC signe les réponses DNS : personne ne peut détourner le site ou la messagerie."
    )
    remedy = "Activez DNSSEC chez le bureau d'enregistrement et corrigez la signature de la zone."
    if found is None:
        return result("dns.dnssec", FAMILY, NOT_APPLICABLE, "aucun domaine", explanation)
    if found.error:
        return result("dns.dnssec", FAMILY, ERROR, found.error, explanation, remedy)
    status = PASS if found.signed and found.valid else FAIL
    evidence = found.detail if found.signed else "zone non signée"
    return result("dns.dnssec", FAMILY, status, evidence, explanation, remedy)


def caa(facts: DomainFacts) -> CheckResult:
    answer = facts.caa
    if answer is None:
        return result("dns.caa", FAMILY, NOT_APPLICABLE, "aucun domaine", "Sans objet.")
    status = ERROR if answer.error else (PASS if answer.records else WARNING)
    return result(
        "dns.caa",
        FAMILY,
        status,
        answer.error or ", ".join(answer.records) or "aucun CAA",
        "CAA désigne les autorités autorisées à émettre un certificat pour le domaine.",
        'Publiez un enregistrement CAA (par exemple 0 issue "letsencrypt.org").',
    )


def ipv6_web(facts: DomainFacts) -> CheckResult:
    web = facts.web
    if not web.host:
        return result("ipv6.web", FAMILY, NOT_APPLICABLE, "aucun site", "Sans objet.")
    return result(
        "ipv6.web",
        FAMILY,
        PASS if web.ipv6_addresses else FAIL,
        ", ".join(web.ipv6_addresses) or "aucune adresse AAAA",
        "IPv6 est le protocole d'Internet de demain ; certains réseaux mobiles n'ont plus qu'IPv6.",
        "Demandez à l'hébergeur une adresse IPv6 et publiez l'enregistrement AAAA.",
    )


def ipv6_mail(facts: DomainFacts) -> CheckResult:
    hosts = facts.mail.mx_hosts
    if not hosts:
        return result("ipv6.mail", FAMILY, NOT_APPLICABLE, "aucun serveur MX", "Sans objet.")
    ok = all(h.ipv6 for h in hosts)
    return result(
        "ipv6.mail",
        FAMILY,
        PASS if ok else FAIL,
        ", ".join(f"{h.name}: {'AAAA' if h.ipv6 else 'pas d AAAA'}" for h in hosts),
        "Les serveurs de messagerie doivent être joignables en IPv6.",
        "Demandez au fournisseur de messagerie des serveurs MX joignables en IPv6.",
    )


def dkim_hint(facts: DomainFacts) -> CheckResult:
    answer = facts.mail.dkim_hint
    if answer is None:
        return result("mail.dkim", FAMILY, NOT_APPLICABLE, "aucune adresse", "Sans objet.")
    # RFC 8020: NXDOMAIN on _domainkey means no selector exists below it.
    status = ERROR if answer.error else (PASS if answer.exists else WARNING)
    return result(
        "mail.dkim",
        FAMILY,
        status,
        answer.error or ("_domainkey présent" if answer.exists else "_domainkey inexistant"),
        "DKIM signe les courriels envoyés ; c'est un indice (les sélecteurs ne se devinent pas).",
        "Activez la signature DKIM chez le fournisseur et publiez la clé sous _domainkey.",
    )
