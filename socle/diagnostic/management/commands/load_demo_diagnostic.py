"""manage.py load_demo_diagnostic: two fictitious scans a week apart for every member of the
demo territory, without any network access.

Each member gets a scenario chosen from its INSEE code (always the same one): the facts a
scan would have gathered are written here (``DomainFacts``), then rated by the real checks and
scores, so the reports, the map and the exports show what a real round would. The domains are
fictitious (``<commune>.demo-socle.fr``): nothing is probed. A third of the members publish
their results on the public page. Without effect once any demo scan exists.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

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
from socle.diagnostic.models import Presence, Scan, ScanCheck
from socle.journal.services import record
from socle.territoires.demo import DEMO_STRUCTURE_NAME
from socle.territoires.models import Collectivite, Structure

DEMO_PARENT = "demo-socle.fr"
GOOD_HEADERS = {
    "strict-transport-security": "max-age=31536000",
    "content-security-policy": "default-src 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


@dataclass(frozen=True)
class Scenario:
    """What a commune's presence looks like: the latest state and the one a week before."""

    key: str
    now: dict
    before: dict


# Knobs of the facts below (all default to a well-kept presence).
SCENARIOS = (
    Scenario("exemplaire", {}, {"dmarc": "v=DMARC1; p=none"}),
    Scenario("sans-dmarc", {"dmarc": None}, {"dmarc": None}),
    Scenario("dmarc-none", {"dmarc": "v=DMARC1; p=none; rua=mailto:dmarc@{d}"},
             {"dmarc": None}),
    Scenario("certificat-expire", {"cert": "expired"}, {"cert": "valid"}),
    Scenario("messagerie-grand-public", {"email": "mairie.{s}@gmail.com"},
             {"email": "mairie.{s}@gmail.com"}),
    Scenario("sans-site", {"website": False}, {"website": False}),
    Scenario("http-seulement", {"https": False}, {"https": False, "dmarc": None}),
    Scenario("messagerie-hors-ue", {"mx_country": "US"}, {"mx_country": "US", "spf": None}),
    Scenario("sans-redirection", {"http_redirect": False, "headers": {}, "trackers": True},
             {"http_redirect": False, "headers": {}, "trackers": True}),
)
# The demo agent's and référent's commune (Annonay) shows checks with good-practice sheets.
FORCED = {"07010": "sans-dmarc", "07078": "exemplaire", "07186": "dmarc-none"}


def scenario_for(collectivite: Collectivite) -> Scenario:
    key = FORCED.get(collectivite.code_insee)
    if key:
        return next(s for s in SCENARIOS if s.key == key)
    seed = collectivite.code_insee or collectivite.siren or str(collectivite.pk)
    return SCENARIOS[zlib.crc32(seed.encode()) % len(SCENARIOS)]


def _page(url: str, trackers: bool) -> PageFacts:
    """A home page with its accessibility statement and legal notice; with ``trackers``, an
    audience-measurement script and embedded videos from outside the EU."""
    found = [
        {"domain": "google-analytics.com", "host": "www.google-analytics.com",
         "name": "Google Analytics", "company": "Google", "country": "US"},
    ] if trackers else []
    return PageFacts(
        url=url,
        size=48_000,
        third_party_hosts=["www.google-analytics.com", "www.youtube.com"] if trackers else [],
        trackers=found,
        accessibility_links=["Accessibilité : partiellement conforme"],
        accessibility_level="partiellement",
        legal_notice_links=["Mentions légales"],
    )


def build_facts(slug: str, knobs: dict, today: dt.date) -> DomainFacts:
    """The facts a scan of ``<slug>.demo-socle.fr`` would gather in this scenario."""
    domain = f"{slug}.{DEMO_PARENT}"
    host = f"www.{domain}"
    has_site = knobs.get("website", True)
    https_ok = knobs.get("https", True)
    expired = knobs.get("cert") == "expired"
    email = knobs.get("email", "mairie@{d}").format(d=domain, s=slug)
    mail_domain = email.rsplit("@", 1)[1]
    own_mail = mail_domain == domain
    web = WebFacts()
    if has_site:
        scheme = "https" if https_ok else "http"
        web = WebFacts(
            declared_url=f"{scheme}://{host}/",
            host=host,
            addresses=["192.0.2.10"],
            ipv6_addresses=["2001:db8::10"],
            reachable=True,
            https_ok=https_ok,
            https_error="" if https_ok else "connexion refusée sur le port 443",
            cert_valid=(not expired) if https_ok else None,
            cert_error="certificat expiré" if expired else "",
            cert_not_after=(today + dt.timedelta(days=-12 if expired else 180)).isoformat(),
            tls_version="TLSv1.3" if https_ok else "",
            final_url=f"{scheme}://{host}/",
            hops=[f"http://{host}/", f"{scheme}://{host}/"],
            http_redirects_to_https=knobs.get("http_redirect", True) if https_ok else None,
            alias_redirects=True,
            headers=dict(knobs.get("headers", GOOD_HEADERS)) if https_ok else {},
            security_txt=https_ok,
            country="FR",
            page=_page(f"{scheme}://{host}/", knobs.get("trackers", False)),
            legacy_tls=[],
            legacy_tls_tested=https_ok,
        )
    mail = MailFacts(email=email, domain=mail_domain)
    if own_mail:
        country = knobs.get("mx_country", "FR")
        dmarc = knobs.get("dmarc", "v=DMARC1; p=quarantine; rua=mailto:dmarc@{d}")
        spf = knobs.get("spf", "v=spf1 mx -all")
        mx_name = f"mx.{domain}" if country == "FR" else "mail.example-provider.invalid"
        mail.mx = DnsAnswer(records=[f"10 {mx_name}."])
        mail.mx_hosts = [MxHost(name=mx_name, address="192.0.2.25", ipv6=country == "FR",
                                country=country, banner="220 ESMTP", starttls=True)]
        mail.spf = DnsAnswer(records=[spf] if spf else [])
        mail.dmarc = DnsAnswer(records=[dmarc.format(d=domain)] if dmarc else [],
                               exists=bool(dmarc))
        mail.dkim_hint = DnsAnswer(exists=True)
    else:
        mail.mx = DnsAnswer(records=["5 gmail-smtp-in.l.google.com."])
        mail.mx_hosts = [MxHost(name="gmail-smtp-in.l.google.com", address="192.0.2.30",
                                ipv6=True, country="US", banner="220 ESMTP", starttls=True)]
        mail.spf = DnsAnswer(records=["v=spf1 redirect=_spf.google.com"])
        mail.dmarc = DnsAnswer(records=["v=DMARC1; p=none"])
        mail.dkim_hint = DnsAnswer(exists=True)
    official = [domain]
    return DomainFacts(
        domain=domain,
        official_domains=official,
        web=web,
        mail=mail,
        dnssec=DnssecFacts(signed=True, valid=True, detail="DNSKEY et SOA signés")
        if knobs.get("dnssec", slug[:1] < "m") else DnssecFacts(signed=False),
        caa=DnsAnswer(records=['0 issue "letsencrypt.org"']),
        today=today.isoformat(),
    )


def _scan(collectivite, facts: DomainFacts, started) -> tuple[Scan, list]:
    results = checks.rate(facts)
    scan = Scan(
        collectivite=collectivite,
        target=facts.web.declared_url,
        email=facts.mail.email,
        started_at=started,
        finished_at=started + dt.timedelta(seconds=4),
        status=Scan.Status.DONE,
        rcpnt_level=scoring.rcpnt_level(results),
        scores=scoring.scores(results),
    )
    scan.full_clean(exclude=["collectivite"])
    return scan, results


def _save(pairs: list[tuple[Scan, list]]) -> None:
    Scan.objects.bulk_create([scan for scan, _results in pairs])
    ScanCheck.objects.bulk_create(
        (
            ScanCheck(scan=scan, check_id=r.id, family=r.family, status=r.status,
                      evidence=r.evidence, explanation=r.explanation_fr, remedy=r.remedy_fr,
                      position=position)
            for scan, results in pairs
            for position, r in enumerate(results)
        ),
        batch_size=500,
    )


def _store(collectivite, facts: DomainFacts, started) -> Scan:
    """One scan of ``facts`` stored for ``collectivite`` (also used by the tests)."""
    pair = _scan(collectivite, facts, started)
    _save([pair])
    return pair[0]


def demo_diagnostic_load(*, now=None) -> int:
    """Two scans for every demo member without any; returns the number of members scanned."""
    members = list(Collectivite.objects.members().current().order_by("code_insee", "pk"))
    if not members:
        raise CommandError(
            "Aucune collectivité membre : lancez d'abord « python manage.py load_demo »."
        )
    if Scan.objects.filter(collectivite__in=members).exists():
        return 0
    now = now or timezone.now()
    latest_at = now.replace(hour=2, minute=30, second=0, microsecond=0)
    if latest_at > now:
        latest_at -= dt.timedelta(days=1)
    previous_at = latest_at - dt.timedelta(days=7)
    presences = {p.collectivite_id: p for p in Presence.objects.filter(collectivite__in=members)}
    pairs, new_presences, changed_presences = [], [], []
    for index, collectivite in enumerate(members):
        scenario = scenario_for(collectivite)
        slug = slugify(collectivite.name) or f"collectivite-{collectivite.pk}"
        before = {**scenario.now, **scenario.before}
        pairs.append(_scan(collectivite, build_facts(slug, before, previous_at.date()),
                           previous_at))
        facts = build_facts(slug, scenario.now, latest_at.date())
        pairs.append(_scan(collectivite, facts, latest_at))
        presence = presences.get(collectivite.pk) or Presence(collectivite=collectivite)
        presence.website = facts.web.declared_url
        presence.contact_email = facts.mail.email
        presence.source = "profil"
        presence.public = index % 3 == 0
        presence.updated_at = now
        presence.full_clean(exclude=["collectivite"])
        (changed_presences if presence.pk else new_presences).append(presence)
    with transaction.atomic():
        _save(pairs)
        Presence.objects.bulk_create(new_presences)
        Presence.objects.bulk_update(
            changed_presences, ["website", "contact_email", "source", "public", "updated_at"]
        )
        record(actor=None, action="diagnostic.scanned",
               details={"démo": True, "membres": len(members)})
    return len(members)


class Command(BaseCommand):
    requires_system_checks = []
    help = (
        "Résultats de démonstration du diagnostic externe (deux analyses fictives par membre, "
        "sans accès au réseau). Sans effet si des analyses existent déjà."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--any-structure", action="store_true",
            help="Charger même si la structure n'est pas celle de la démo (tests).",
        )

    def handle(self, *args, any_structure: bool = False, **options):
        structure = Structure.objects.first()
        if not any_structure and (structure is None or structure.name != DEMO_STRUCTURE_NAME):
            self.stdout.write(self.style.NOTICE(
                "Pas de territoire de démonstration : rien à charger."))
            return
        count = demo_diagnostic_load()
        if count:
            self.stdout.write(self.style.SUCCESS(
                f"Démo diagnostic externe : {count} membres analysés (fictif)."))
        else:
            self.stdout.write("Démo diagnostic externe déjà chargée : rien à changer.")
