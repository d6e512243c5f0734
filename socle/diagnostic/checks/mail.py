"""RCPNT e-mail criteria 2.1–2.8, rated from MailFacts (pure functions, no I/O)."""

from __future__ import annotations

from socle.diagnostic import data
from socle.diagnostic.facts import DnsAnswer, DomainFacts
from socle.diagnostic.results import ERROR, FAIL, NOT_APPLICABLE, PASS, CheckResult, result

FAMILY = "rcpnt_mail"


def _na(check_id: str, why: str) -> CheckResult:
    return result(check_id, FAMILY, NOT_APPLICABLE, why, "Critère sans objet : " + why + ".")


def _dns_status(answer: DnsAnswer | None, found: bool) -> str:
    if answer is not None and answer.error:
        return ERROR
    return PASS if found else FAIL


def _spf(facts: DomainFacts) -> list[str]:
    return [r for r in facts.mail.spf.records if r.lower().startswith("v=spf1")]


def dmarc_tags(facts: DomainFacts) -> dict[str, str]:
    records = [
        r for r in facts.mail.dmarc.records if r.replace(" ", "").lower().startswith("v=dmarc1")
    ]
    if len(records) != 1:
        return {}
    pairs = (part.split("=", 1) for part in records[0].split(";") if "=" in part)
    return {key.strip().lower(): value.strip().lower() for key, value in pairs}


def email_declared(facts: DomainFacts) -> CheckResult:
    email = facts.mail.email
    return result(
        "rcpnt.2.1",
        FAMILY,
        PASS if email else FAIL,
        email or "aucune adresse déclarée",
        "Une adresse de contact officielle permet aux habitants d'écrire à la collectivité.",
        "Déclarez l'adresse de contact dans l'annuaire de service-public.fr.",
    )


def not_generic_provider(facts: DomainFacts) -> CheckResult:
    if not facts.mail.email:
        return _na("rcpnt.2.2", "aucune adresse déclarée")
    generic = facts.mail.domain in data.generic_mail_providers()
    return result(
        "rcpnt.2.2",
        FAMILY,
        FAIL if generic else PASS,
        facts.mail.domain,
        "Une messagerie grand public (gmail, orange, wanadoo…) n'est pas maîtrisée "
        "par la collectivité et facilite l'usurpation.",
        "Utilisez une adresse sur le nom de domaine de la collectivité (contact@ma-commune.fr).",
    )


def same_domain_as_website(facts: DomainFacts) -> CheckResult:
    if not facts.mail.email or not facts.web.host:
        return _na("rcpnt.2.3", "adresse ou site non déclaré")
    site = facts.web.host.removeprefix("www.")
    same = facts.mail.domain == site or facts.mail.domain.endswith("." + site)
    return result(
        "rcpnt.2.3",
        FAMILY,
        PASS if same else FAIL,
        f"{facts.mail.domain} / {site}",
        "Le même nom pour le site et la messagerie rend la collectivité identifiable.",
        "Créez les adresses de messagerie sur le nom de domaine du site.",
    )


def mx(facts: DomainFacts) -> CheckResult:
    if not facts.mail.email:
        return _na("rcpnt.2.4", "aucune adresse déclarée")
    answer = facts.mail.mx
    return result(
        "rcpnt.2.4",
        FAMILY,
        _dns_status(answer, bool(answer.records)),
        answer.error or ", ".join(answer.records) or "aucun enregistrement MX",
        "Sans enregistrement MX, le domaine ne peut pas recevoir de courriel.",
        "Ajoutez les enregistrements MX donnés par votre fournisseur de messagerie.",
    )


def spf(facts: DomainFacts) -> CheckResult:
    if not facts.mail.email:
        return _na("rcpnt.2.5", "aucune adresse déclarée")
    records = _spf(facts)
    return result(
        "rcpnt.2.5",
        FAMILY,
        _dns_status(facts.mail.spf, len(records) == 1),
        facts.mail.spf.error or " | ".join(records) or "aucun enregistrement SPF",
        "SPF liste les serveurs autorisés à envoyer au nom du domaine (lutte contre l'usurpation).",
        "Publiez un unique enregistrement TXT « v=spf1 … -all ».",
    )


def dmarc(facts: DomainFacts) -> CheckResult:
    if not facts.mail.email:
        return _na("rcpnt.2.6", "aucune adresse déclarée")
    tags = dmarc_tags(facts)
    return result(
        "rcpnt.2.6",
        FAMILY,
        _dns_status(facts.mail.dmarc, bool(tags)),
        facts.mail.dmarc.error
        or " | ".join(facts.mail.dmarc.records)
        or "aucun enregistrement DMARC",
        "DMARC dit aux destinataires quoi faire d'un courriel usurpant le domaine.",
        "Publiez un enregistrement TXT sur _dmarc.<domaine> : « v=DMARC1; p=quarantine; rua=… ».",
    )


def dmarc_enforced(facts: DomainFacts) -> CheckResult:
    if not facts.mail.email:
        return _na("rcpnt.2.7", "aucune adresse déclarée")
    tags = dmarc_tags(facts)
    policy, pct = tags.get("p", ""), tags.get("pct", "100")
    ok = policy in ("quarantine", "reject") and pct == "100"
    return result(
        "rcpnt.2.7",
        FAMILY,
        _dns_status(facts.mail.dmarc, ok),
        f"p={policy or '—'}; pct={pct}",
        "Une politique DMARC « quarantine » ou « reject » à 100 % bloque réellement l'usurpation.",
        "Passez la politique DMARC à p=quarantine (puis reject) sans pct inférieur à 100.",
    )


def mx_in_eu(facts: DomainFacts) -> CheckResult:
    hosts = facts.mail.mx_hosts
    if not hosts:
        return _na("rcpnt.2.8", "aucun serveur MX")
    countries = [h.country for h in hosts]
    evidence = ", ".join(f"{h.name} ({h.address or '?'}: {h.country or 'inconnu'})" for h in hosts)
    if not all(countries):
        status = ERROR
    else:
        status = PASS if all(c in data.eu_countries() for c in countries) else FAIL
    return result(
        "rcpnt.2.8",
        FAMILY,
        status,
        evidence,
        "Des serveurs de messagerie hors de l'Union européenne exposent la "
        "correspondance à des lois étrangères.",
        "Choisissez un fournisseur de messagerie hébergé dans l'Union européenne.",
    )
