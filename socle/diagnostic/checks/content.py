"""Home page content family: third parties, known trackers, accessibility statement, legal notice.

Rated from ``WebFacts.page`` (the parsed home page; nothing it references was fetched). A page
that could not be read is ``error`` (could not test), never ``fail``; so is the absence of
something in a page cut at ``homepage.PARSE_LIMIT`` (it may sit further down).
"""

from __future__ import annotations

from socle.diagnostic.facts import DomainFacts, PageFacts
from socle.diagnostic.results import ERROR, FAIL, NOT_APPLICABLE, PASS, WARNING, CheckResult, result

FAMILY = "contenu"
SHOWN = 10  # hosts named in the evidence, the rest counted


def _unread(check_id: str, facts: DomainFacts) -> CheckResult | None:
    """The result when the page cannot be rated (no website, page not read), else None."""
    web = facts.web
    if not web.declared_url:
        return result(check_id, FAMILY, NOT_APPLICABLE, "aucun site déclaré", "Sans objet.")
    page = web.page
    if page is None or page.error:
        why = (page.error if page else "") or web.https_error or web.reach_error
        return result(
            check_id,
            FAMILY,
            ERROR,
            "page d'accueil non lue" + (f" : {why}" if why else ""),
            "La page d'accueil n'a pas pu être lue : ce critère n'a pas été testé.",
        )
    return None


def _truncated(check_id: str, page: PageFacts, what: str) -> CheckResult:
    return result(
        check_id,
        FAMILY,
        ERROR,
        f"{what} dans les {page.size // 1024} premiers Ko lus (page de {page.size} octets)",
        "La page d'accueil est trop longue pour être lue en entier : "
        "ce critère n'a pas été testé jusqu'au bout.",
    )


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return shown + (f" et {len(items) - SHOWN} autres" if len(items) > SHOWN else "")


def third_parties(facts: DomainFacts) -> CheckResult:
    if unread := _unread("web.third_parties", facts):
        return unread
    page = facts.web.page
    hosts = page.third_party_hosts
    if not hosts and page.truncated:
        return _truncated("web.third_parties", page, "aucun tiers")
    return result(
        "web.third_parties",
        FAMILY,
        WARNING if hosts else PASS,
        f"{len(hosts)} tiers : {_listed(hosts)}" if hosts else "aucune ressource tierce",
        "Chaque ressource chargée depuis un autre domaine (script, police, image, vidéo, "
        "carte) transmet l'adresse IP du visiteur à ce tiers, sans qu'il le sache : "
        "souveraineté et RGPD (art. 5 et 44 et suivants pour les transferts hors UE).",
        "Hébergez ces ressources sur le site de la collectivité (polices, scripts, images) ou "
        "n'affichez les contenus tiers qu'après un clic du visiteur.",
    )


def trackers(facts: DomainFacts) -> CheckResult:
    if unread := _unread("web.trackers", facts):
        return unread
    page = facts.web.page
    found = page.trackers
    if not found and page.truncated:
        return _truncated("web.trackers", page, "aucun traceur connu")
    evidence = "; ".join(
        f"{t['name']} ({t['company']}, {t['country']}) via {t['host']}" for t in found
    )
    return result(
        "web.trackers",
        FAMILY,
        FAIL if found else PASS,
        evidence or "aucun traceur connu chargé par la page d'accueil",
        "Ces services (mesure d'audience, publicité, vidéos, polices, réseaux sociaux) "
        "reçoivent des données des visiteurs dès l'ouverture de la page, souvent hors de "
        "l'Union européenne. Les traceurs exigent le consentement préalable (RGPD, art. 82 de "
        "la loi Informatique et Libertés), sauf mesure d'audience exemptée par la CNIL.",
        "Retirez ces traceurs ou chargez-les seulement après consentement ; préférez une "
        "mesure d'audience exemptée et hébergée en France (par exemple Matomo auto-hébergé).",
    )


def accessibility_statement(facts: DomainFacts) -> CheckResult:
    if unread := _unread("web.accessibility_statement", facts):
        return unread
    page = facts.web.page
    links = page.accessibility_links
    if not links and page.truncated:
        return _truncated("web.accessibility_statement", page, "aucun lien « Accessibilité »")
    if not links:
        status, evidence = FAIL, "aucun lien vers la déclaration d'accessibilité"
    elif page.accessibility_level:
        status, evidence = PASS, f"« {links[0]} » ({page.accessibility_level} conforme)"
    else:
        status, evidence = WARNING, f"« {links[0]} », sans niveau de conformité"
    return result(
        "web.accessibility_statement",
        FAMILY,
        status,
        evidence,
        "Les communes doivent publier une déclaration d'accessibilité et afficher sur la page "
        "d'accueil la mention « Accessibilité : non/partiellement/totalement conforme » "
        "(loi n° 2005-102 du 11 février 2005, art. 47 ; décret n° 2019-768 du 24 juillet "
        "2019 ; RGAA).",
        "Ajoutez en pied de page un lien « Accessibilité : non conforme » (ou partiellement, "
        "totalement) vers la déclaration d'accessibilité établie selon le RGAA.",
    )


def legal_notice(facts: DomainFacts) -> CheckResult:
    if unread := _unread("web.legal_notice", facts):
        return unread
    page = facts.web.page
    links = page.legal_notice_links
    if not links and page.truncated:
        return _truncated("web.legal_notice", page, "aucun lien « Mentions légales »")
    return result(
        "web.legal_notice",
        FAMILY,
        PASS if links else FAIL,
        f"« {links[0]} »" if links else "aucun lien vers les mentions légales",
        "Tout site doit permettre d'identifier son éditeur et son hébergeur (loi n° 2004-575 "
        "du 21 juin 2004 pour la confiance dans l'économie numérique, art. 6).",
        "Publiez une page « Mentions légales » (éditeur, directeur de la publication, "
        "hébergeur) et liez-la depuis chaque page.",
    )
