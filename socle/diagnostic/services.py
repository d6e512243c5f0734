"""Running the scanner for one collectivité and keeping the result (``Scan`` + ``ScanCheck``)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socle.diagnostic import engine
from socle.diagnostic.collector import ScanConfig
from socle.diagnostic.models import Presence, Scan, ScanCheck
from socle.diagnostic.permissions import require_run
from socle.journal.services import record, register_actions

register_actions(
    {
        "diagnostic.scanned": _("Diagnostic externe réalisé"),
        "diagnostic.requested": _("Diagnostic externe demandé"),
        "diagnostic.exported": _("Export des niveaux du diagnostic externe"),
    }
)


def scan_config() -> ScanConfig:
    """The scanner's settings: ``SOCLE_DIAGNOSTIC_SCAN`` holds ScanConfig keyword arguments
    (resolver, ca_bundle, timeout; the tests add the simulated Internet's port map)."""
    return ScanConfig(**getattr(settings, "SOCLE_DIAGNOSTIC_SCAN", {}))


def presence_for(collectivite) -> Presence:
    """The declared presence, created from the collectivité's directory data the first time."""
    presence, _created = Presence.objects.get_or_create(
        collectivite=collectivite,
        defaults={"website": collectivite.website, "contact_email": collectivite.contact_email},
    )
    return presence


def scan_run(*, actor, collectivite, config: ScanConfig | None = None) -> Scan:
    """Scan the declared website and e-mail; ``actor`` None is the system (nightly runs)."""
    if actor is not None:
        require_run(actor, collectivite)
    presence = presence_for(collectivite)
    started = timezone.now()
    result = engine.scan(
        presence.website, email=presence.contact_email, config=config or scan_config()
    )
    with transaction.atomic():
        scan = Scan(
            collectivite=collectivite,
            target=presence.website,
            email=presence.contact_email,
            started_at=started,
            finished_at=timezone.now(),
            status=Scan.Status.DONE,
            rcpnt_level=result["rcpnt_level"],
            scores=result["scores"],
        )
        scan.full_clean()
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
