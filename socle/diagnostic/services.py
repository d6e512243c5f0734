"""Running the scanner for one collectivité and keeping the result (``Scan`` + ``ScanCheck``)."""

from __future__ import annotations

import dataclasses
import json
import os
import threading

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socle.diagnostic import checks, engine
from socle.diagnostic.collector import ScanConfig, host_of, registrable_host
from socle.diagnostic.facts import DomainFacts, MailFacts, WebFacts
from socle.diagnostic.models import Presence, Scan, ScanCheck
from socle.diagnostic.permissions import require_run
from socle.diagnostic.results import ERROR
from socle.diagnostic.results import result as make_result
from socle.journal.services import record, register_actions

register_actions(
    {
        "diagnostic.scanned": _("Diagnostic externe réalisé"),
        "diagnostic.requested": _("Diagnostic externe demandé"),
        "diagnostic.exported": _("Export des niveaux du diagnostic externe"),
    }
)


# Defaults of a scan run by Socle (the CLI keeps ScanConfig's own): MX facts shared by every
# worker, a polite limit per destination address, an overall deadline per collectivité.
RUN_DEFAULTS = {"shared_cache": True, "rate_per_ip": 10.0, "rate_max_wait": 10.0, "deadline": 60.0}
TIMED_OUT = _(
    "Le diagnostic n'a pas pu se terminer dans le temps imparti : ce critère n'a pas pu être "
    "testé cette fois-ci ; il le sera au prochain passage."
)


def scan_config() -> ScanConfig:
    """The scanner's settings: ``SOCLE_DIAGNOSTIC_SCAN`` holds ScanConfig keyword arguments
    (resolver, ca_bundle, timeout, rate_per_ip, deadline...; the tests add the simulated
    Internet's port map). Without the setting, the environment variable of the same name may
    hold them as JSON (a worker started on another machine, the benchmark)."""
    options = getattr(settings, "SOCLE_DIAGNOSTIC_SCAN", None)
    if options is None:
        options = json.loads(os.environ.get("SOCLE_DIAGNOSTIC_SCAN") or "{}")
        if "port_map" in options:  # JSON keys are strings: 443 → "443"
            options["port_map"] = {
                int(k) if str(k).isdigit() else k: v for k, v in options["port_map"].items()
            }
    return ScanConfig(**{**RUN_DEFAULTS, **options})


def presence_for(collectivite) -> Presence:
    """The declared presence, created from the collectivité's directory data the first time."""
    presence, _created = Presence.objects.get_or_create(
        collectivite=collectivite,
        defaults={"website": collectivite.website, "contact_email": collectivite.contact_email},
    )
    return presence


def scan_presence(presence: Presence, config: ScanConfig) -> dict:
    """Run the engine on a declared presence, network only (no database: callable from any
    thread). With ``config.deadline``, a scan still running after that many seconds is cut:
    its remaining exchanges fail at once and the result keeps the declared checks, every tested
    one being « error » (could not test), never « fail »."""
    config = dataclasses.replace(config)  # one per scan: its own DNS cache and deadline

    def work():
        return engine.scan(presence.website, email=presence.contact_email, config=config)

    if not config.deadline:
        return work()
    box: dict = {}

    def run():
        try:
            box["result"] = work()
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True, name="diagnostic-scan")
    thread.start()
    thread.join(config.deadline)
    if thread.is_alive():
        config.cancel()  # the thread ends soon: every further exchange fails at once
        return timed_out_result(presence, config.deadline)
    if "error" in box:
        raise box["error"]
    return box["result"]


def timed_out_result(presence: Presence, seconds: float) -> dict:
    """The report of a scan cut by its deadline: declared checks rated, the others « error »."""
    website, email = engine.normalise_target(presence.website), presence.contact_email.lower()
    domain = registrable_host(website) if website else email.rpartition("@")[2]
    facts = DomainFacts(domain=domain, today=timezone.localdate().isoformat())
    facts.official_domains = sorted({d for d in (domain, email.rpartition("@")[2]) if d})
    facts.web = WebFacts(declared_url=website, host=host_of(website) if website else "")
    facts.mail = MailFacts(email=email, domain=email.rpartition("@")[2])
    results = [
        rated if rated.id in checks.DECLARED else make_result(
            rated.id,
            rated.family,
            ERROR,
            f"délai global de {seconds:.0f} s dépassé",
            str(TIMED_OUT),
        )
        for rated in checks.rate(facts)
    ]
    return engine.report(results)


def store_scan(
    *, actor, collectivite, presence: Presence, result: dict, started, run=None
) -> Scan:
    """Keep one scan and its checks (one transaction) and journal it."""
    with transaction.atomic():
        scan = Scan(
            collectivite=collectivite,
            run=run,
            target=presence.website,
            email=presence.contact_email,
            started_at=started,
            finished_at=timezone.now(),
            status=Scan.Status.DONE,
            rcpnt_level=result["rcpnt_level"],
            scores=result["scores"],
        )
        scan.full_clean(exclude=["run"])
        scan.save()
        ScanCheck.objects.bulk_create(_checks(scan, result["checks"]))
        record(
            actor=actor,
            action="diagnostic.scanned",
            collectivite=collectivite,
            obj=scan,
            details={"rcpnt_level": scan.rcpnt_level, "overall": scan.scores.get("overall")},
        )
    return scan


def store_failure(*, collectivite, presence: Presence, started, run=None, error: str) -> Scan:
    """A scan that could not run at all (a bug, not a network failure): kept as « failed » so a
    run still counts it, with the reason in its scores."""
    return Scan.objects.create(
        collectivite=collectivite,
        run=run,
        target=presence.website,
        email=presence.contact_email,
        started_at=started,
        finished_at=timezone.now(),
        status=Scan.Status.FAILED,
        scores={"error": error[:500]},
    )


def scan_run(*, actor, collectivite, config: ScanConfig | None = None, run=None) -> Scan:
    """Scan the declared website and e-mail; ``actor`` None is the system (nightly runs)."""
    if actor is not None:
        require_run(actor, collectivite)
    presence = presence_for(collectivite)
    started = timezone.now()
    result = scan_presence(presence, config or scan_config())
    return store_scan(
        actor=actor,
        collectivite=collectivite,
        presence=presence,
        result=result,
        started=started,
        run=run,
    )


def _checks(scan: Scan, checks: list[dict]) -> list[ScanCheck]:
    rows = []
    for position, check in enumerate(checks):
        row = ScanCheck(
            scan=scan,
            check_id=check["id"],
            family=check["family"],
            status=check["status"],
            evidence=check["evidence"],
            explanation=check["explanation_fr"],
            remedy=check["remedy_fr"],
            position=position,
        )
        row.full_clean(exclude=["scan"])
        rows.append(row)
    return rows


def scan_request(*, actor, collectivite, request=None) -> None:
    """Enqueue a scan of one collectivité once the transaction commits (on-demand run)."""
    from socle.diagnostic.tasks import scan_collectivite

    require_run(actor, collectivite)
    record(actor=actor, action="diagnostic.requested", collectivite=collectivite, request=request)
    transaction.on_commit(
        lambda: scan_collectivite.enqueue(collectivite_id=collectivite.pk), robust=True
    )
