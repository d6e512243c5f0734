"""The demo territory: real communes of the Ardèche from the imported referential; everything
else (the structure, the people, their e-mails, the contact addresses) is fictitious.

Members: CA Annonay Rhône Agglo and its communes, plus a fixed sample of 40 other Ardèche
communes. One account per role, all with the same published password; the operator has a
confirmed TOTP device whose secret is published too. ``demo_load`` refuses to run on an instance
whose structure is not the demo one, so these public credentials never reach a real territory.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from socle.comptes.models import User
from socle.journal.services import record, register_actions
from socle.permissions import Role
from socle.territoires import selectors
from socle.territoires.models import Collectivite, Membership, Structure

DEMO_STRUCTURE_NAME = "Ardèche Numérique Mutualisé (démo)"
DEMO_EMAIL_DOMAIN = "demo.socle.invalid"
DEMO_PASSWORD = "demo-socle-2026"  # noqa: S105 - published on purpose, demo only
# Public on purpose, like the password: whoever reads this can sign in as the demo operator.
DEMO_TOTP_KEY = b"socle-demo-totp-2026".hex()
DEMO_DEVICE_NAME = "Application d'authentification (démo)"
ANNONAY_EPCI = "epci:200072015"
ANNONAY = "commune:07010"
# Every ~8th Ardèche commune by INSEE code outside Annonay Rhône Agglo (referential 6.0.0), plus
# the prefecture Privas (07186) and Aubenas (07019). Codes that leave the referential are skipped.
SAMPLE_INSEE = (
    "07001", "07009", "07019", "07020", "07029", "07038", "07050", "07060", "07069", "07077",
    "07086", "07095", "07103", "07111", "07119", "07128", "07137", "07146", "07154", "07163",
    "07174", "07183", "07186", "07192", "07201", "07209", "07217", "07226", "07236", "07245",
    "07255", "07266", "07275", "07283", "07291", "07299", "07307", "07318", "07328", "07338",
)

register_actions(
    {
        "territoires.demo_loaded": gettext_lazy("Création du territoire de démonstration"),
        "territoires.demo_account_created": gettext_lazy("Création d'un compte de démonstration"),
    }
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: Role
    communes: tuple[str, ...] = ()  # INSEE codes of the collectivités where the role is held


ACCOUNTS = (
    DemoAccount(f"operateur@{DEMO_EMAIL_DOMAIN}", "Odile Démo-Opératrice", Role.OPERATEUR),
    DemoAccount(f"dpo@{DEMO_EMAIL_DOMAIN}", "Dominique Démo-Délégué", Role.DPO,
                ("07010", "07078", "07186")),
    DemoAccount(f"referent@{DEMO_EMAIL_DOMAIN}", "Romain Démo-Référent", Role.REFERENT, ("07010",)),
    DemoAccount(f"agent@{DEMO_EMAIL_DOMAIN}", "Agathe Démo-Agente", Role.AGENT, ("07010",)),
    DemoAccount(f"elu@{DEMO_EMAIL_DOMAIN}", "Émile Démo-Élu", Role.ELU, ("07010",)),
    DemoAccount(f"agent.davezieux@{DEMO_EMAIL_DOMAIN}", "Basile Démo-Agent", Role.AGENT,
                ("07078",)),
)


class DemoError(Exception):
    """The demo cannot be loaded (referential missing)."""


@dataclass
class DemoResult:
    skipped_reason: str = ""
    structure_created: bool = False
    members_declared: int = 0
    accounts_created: int = 0
    memberships_created: int = 0
    devices_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.structure_created or self.members_declared or self.accounts_created
                    or self.memberships_created or self.devices_created)


# --- Loading -----------------------------------------------------------------------------------


def _require_referential() -> None:
    if Collectivite.objects.filter(ref_key__in=[ANNONAY, ANNONAY_EPCI]).count() < 2:
        raise DemoError(_(
            "Le référentiel officiel des collectivités n'est pas importé : lancez d'abord "
            "« python manage.py import_referentiel », puis « python manage.py load_demo »."
        ))


def _foreign_structure() -> Structure | None:
    """The structure of this instance if it is not the demo one (then the demo stays out)."""
    demo_users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    if Structure.objects.filter(name=DEMO_STRUCTURE_NAME).exists() or demo_users.exists():
        return None
    return Structure.objects.first()


def _member_targets() -> list[Collectivite]:
    epci = Collectivite.objects.get(ref_key=ANNONAY_EPCI)
    agglo = Collectivite.objects.filter(epci=epci, is_active=True).order_by("code_insee")
    sample = Collectivite.objects.filter(
        kind=Collectivite.Kind.COMMUNE, is_active=True, departement_code="07",
        code_insee__in=SAMPLE_INSEE,
    ).order_by("code_insee")
    return [epci, *agglo, *sample.exclude(epci=epci)]


def _member_since(index: int) -> datetime.date:
    """The agglomeration joined first (2017); the others over the following years."""
    if index < 30:
        return datetime.date(2017, 1, 1)
    return datetime.date(2018 + index % 8, 1 + (index * 5) % 12, 1)


def _declare_members() -> int:
    declared = 0
    for index, collectivite in enumerate(_member_targets()):
        if collectivite.is_member:
            continue
        collectivite.is_member = True
        collectivite.member_since = _member_since(index)
        if not collectivite.contact_email:
            mailbox = "mairie" if collectivite.kind == Collectivite.Kind.COMMUNE else "contact"
            collectivite.contact_email = (
                f"{mailbox}@{slugify(collectivite.name)}.demo.invalid"
            )
        collectivite.full_clean()
        collectivite.save(update_fields=["is_member", "member_since", "contact_email",
                                         "updated_at"])
        record(actor=None, action="territoires.member_added", collectivite=collectivite,
               obj=collectivite,
               details={"member_since": str(collectivite.member_since), "demo": True})
        declared += 1
    return declared


def _ensure_device(user: User, result: DemoResult) -> None:
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return
    device = TOTPDevice(user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True)
    device.full_clean()
    device.save()
    result.devices_created += 1


def _create_account(spec: DemoAccount, result: DemoResult) -> User:
    user = User(email=spec.email, full_name=spec.full_name,
                is_operateur=spec.role is Role.OPERATEUR)
    user.set_password(DEMO_PASSWORD)
    user.full_clean()
    user.save()
    record(actor=None, action="territoires.demo_account_created", obj=user,
           details={"personne": user.email, "rôle": spec.role.value})
    result.accounts_created += 1
    places = Collectivite.objects.filter(
        kind=Collectivite.Kind.COMMUNE, code_insee__in=spec.communes, is_active=True
    ).order_by("code_insee")
    for collectivite in places:
        membership = Membership(user=user, collectivite=collectivite, role=spec.role.value)
        membership.full_clean()
        membership.save()
        record(actor=None, action="territoires.role_set", collectivite=collectivite,
               obj=membership,
               details={"personne": user.email, "avant": "", "après": spec.role.value})
        result.memberships_created += 1
    return user


def demo_load(*, actor=None) -> DemoResult:
    """Create the demo structure and members (first run only), and make sure every demo account
    exists. Never changes what a person changed since: a second run changes nothing."""
    _require_referential()
    foreign = _foreign_structure()
    if foreign is not None:
        return DemoResult(skipped_reason=_(
            "Une structure est déjà configurée (« %(name)s ») : le territoire de démonstration "
            "n'est pas chargé sur une instance réelle."
        ) % {"name": foreign.name})
    result = DemoResult()
    with transaction.atomic():
        if not Structure.objects.exists():
            structure = Structure(name=DEMO_STRUCTURE_NAME,
                                  contact_email=f"contact@{DEMO_EMAIL_DOMAIN}")
            structure.full_clean()
            structure.save()
            result.structure_created = True
            result.members_declared = _declare_members()
            record(actor=actor, action="territoires.demo_loaded", obj=structure,
                   details={"membres": result.members_declared})
        for spec in ACCOUNTS:
            user = User.objects.filter(email=spec.email).first()
            if user is None:
                user = _create_account(spec, result)
            if spec.role is Role.OPERATEUR:
                _ensure_device(user, result)
        if result.changed:
            transaction.on_commit(selectors.choices_changed)
    return result


# --- The accounts table printed when the platform starts ------------------------------------


@dataclass(frozen=True)
class AccountRow:
    email: str
    role: str
    collectivites: str


def demo_accounts() -> list[AccountRow]:
    """The demo accounts that exist, in the order of ``ACCOUNTS``."""
    users = {
        u.email: u
        for u in User.objects.filter(email__in=[a.email for a in ACCOUNTS])
        .prefetch_related("memberships__collectivite")
    }
    rows = []
    for spec in ACCOUNTS:
        user = users.get(spec.email)
        if user is None:
            continue
        places = sorted(str(m.collectivite) for m in user.memberships.all())
        scope = _("toutes") if user.is_operateur else ", ".join(places) or "—"
        rows.append(AccountRow(user.email, spec.role.label, scope))
    return rows


def demo_totp() -> dict[str, str] | None:
    """Base32 secret, otpauth URI and current code of the demo operator's device, if present."""
    device = TOTPDevice.objects.filter(
        user__email=ACCOUNTS[0].email, key=DEMO_TOTP_KEY, confirmed=True
    ).first()
    if device is None:
        return None
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return {
        "secret": base64.b32encode(device.bin_key).decode(),
        "uri": device.config_url,
        "code": f"{code:0{device.digits}d}",
    }


def format_accounts() -> str:
    """The accounts table as plain text (empty when no demo account exists)."""
    rows = demo_accounts()
    if not rows:
        return ""
    header = (_("e-mail"), _("rôle"), _("mot de passe"), _("collectivités"))
    table = [header, *((r.email, r.role, DEMO_PASSWORD, r.collectivites) for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(3)]
    lines = [_("Comptes de démonstration (personnes fictives) :")]
    lines += ["  " + "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=False))
              + "  " + line[3] for line in table]
    lines.append(_("Le mot de passe est celui donné à la création ; il reste tel quel si "
                   "quelqu'un l'a changé depuis."))
    otp = demo_totp()
    if otp is not None:
        lines += [
            _("Second facteur de l'opérateur : ajoutez ce secret dans une application "
              "d'authentification (TOTP), ou l'URI ci-dessous :"),
            "  " + _("secret : %(secret)s") % otp,
            "  " + _("URI : %(uri)s") % otp,
            "  " + _("code actuel : %(code)s (il change toutes les 30 secondes)") % otp,
        ]
    return "\n".join(lines) + "\n"
