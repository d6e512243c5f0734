"""The role matrix: the one place that says who may do what. Views, the API and templates ask
``abilities(user, obj)``; services check again with ``require(user, action, collectivite)``.

docs/roles.md is generated from ``MATRIX`` (``manage.py roles_matrix``) so the two never drift.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from socle.territoires.models import Collectivite


class Role(StrEnum):
    """Ranked from most to least powerful: ``rank`` is used when one user holds several roles."""

    OPERATEUR = "operateur"
    DPO = "dpo"
    REFERENT = "referent"
    AGENT = "agent"
    ELU = "elu"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])

    @property
    def rank(self) -> int:
        return RANKED.index(self)

    @classmethod
    def member_choices(cls) -> list[tuple[str, str]]:
        """Roles held through a membership of one collectivité (operators hold theirs globally)."""
        return [(r.value, ROLE_LABELS[r]) for r in RANKED if r is not cls.OPERATEUR]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(r.value, ROLE_LABELS[r]) for r in RANKED]


RANKED = [Role.OPERATEUR, Role.DPO, Role.REFERENT, Role.AGENT, Role.ELU]
ROLE_LABELS = {
    Role.OPERATEUR: _("Opérateur de la structure"),
    Role.DPO: _("Délégué à la protection des données"),
    Role.REFERENT: _("Référent numérique"),
    Role.AGENT: _("Agent"),
    Role.ELU: _("Élu"),
}
ROLE_DESCRIPTIONS = {
    Role.OPERATEUR: _("Personnel de la structure : voit et gère tous les membres."),
    Role.DPO: _("DPO mutualisé : voit les collectivités qui lui sont confiées."),
    Role.REFERENT: _("Interlocuteur de sa collectivité : gère son profil et ses agents et élus."),
    Role.AGENT: _("Agent de la collectivité : utilise les modules pour sa collectivité."),
    Role.ELU: _("Élu : consulte les informations de sa collectivité."),
}

OP, DPO, REF, AG, EL = Role.OPERATEUR, Role.DPO, Role.REFERENT, Role.AGENT, Role.ELU
EVERYONE = frozenset(RANKED)

# action -> (label, roles allowed). Actions on a collectivité are checked against the user's role
# in that collectivité; "territoire.*" actions are global.
MATRIX: dict[str, tuple[str, frozenset[Role]]] = {
    "territoire.view": (_("Voir tout le territoire et la liste des membres"), frozenset({OP})),
    "territoire.manage_members": (
        _("Déclarer des membres (un par un, par EPCI ou par département)"),
        frozenset({OP}),
    ),
    "territoire.invite_any": (_("Inviter n'importe qui, y compris un opérateur"), frozenset({OP})),
    "collectivite.view": (_("Voir la fiche de la collectivité"), EVERYONE),
    "collectivite.edit_profile": (
        _("Modifier le profil (site, e-mail de contact, référent, DPO)"),
        frozenset({OP, REF}),
    ),
    "membership.view": (_("Voir les personnes de la collectivité"), EVERYONE),
    "membership.invite": (
        _("Inviter des agents et des élus dans la collectivité"),
        frozenset({OP, REF}),
    ),
    "membership.remove": (_("Retirer une personne de la collectivité"), frozenset({OP, REF})),
    "journal.view": (_("Consulter le journal d'audit de la collectivité"), EVERYONE),
    "journal.view_ip": (
        _("Voir les adresses IP dans le journal (donnée personnelle)"),
        frozenset({OP, DPO}),
    ),
    "journal.export": (_("Exporter le journal d'audit en CSV"), frozenset({OP, DPO, REF})),
    # Autodiagnostic (socle.questionnaires)
    "territoire.launch_campaign": (
        _("Lancer une campagne d'autodiagnostic et voir la vue territoriale"), frozenset({OP})
    ),
    "territoire.moderate_feedback": (
        _("Modérer les retours d'expérience avant leur partage"), frozenset({OP})
    ),
    "questionnaires.read": (_("Lire les réponses, résultats et plan d'action"), EVERYONE),
    "questionnaires.answer": (
        _("Répondre à un autodiagnostic et joindre des preuves"), frozenset({DPO, REF, AG})
    ),
    "questionnaires.validate": (
        _("Valider une réponse ou la renvoyer avec un commentaire"), frozenset({DPO, REF})
    ),
    "questionnaires.plan": (_("Tenir le plan d'action"), frozenset({DPO, REF, AG})),
    "retour.propose": (
        _("Proposer un retour d'expérience sur une fiche"), frozenset({DPO, REF, AG})
    ),
    # Numérique responsable (socle.sobriete)
    "sobriete.view": (_("Consulter le parc, l'empreinte et la stratégie REEN"), EVERYONE),
    "sobriete.edit": (
        _("Tenir l'inventaire, proposer au réemploi, rédiger la stratégie REEN"),
        frozenset({OP, DPO, REF, AG}),
    ),
    "reemploi.offer": (
        _("Proposer des appareils au réemploi et remettre les dons"),
        frozenset({OP, DPO, REF, AG}),
    ),
    "reemploi.reserve": (
        _("Réserver un appareil proposé par un autre membre"), frozenset({OP, DPO, REF, AG})
    ),
    "reen.view": (_("Consulter la stratégie numérique responsable (REEN, RGESN)"), EVERYONE),
    "reen.edit": (
        _("Rédiger la stratégie REEN et l'autodiagnostic RGESN"), frozenset({OP, DPO, REF, AG})
    ),
    # Actes et données personnelles (socle.actes, socle.confidentialite)
    "actes.view": (_("Consulter les actes et télécharger les originaux"), EVERYONE),
    "actes.edit": (_("Déposer et relire les actes"), frozenset({OP, DPO, REF, AG})),
    "actes.publish": (_("Publier et dépublier les actes"), frozenset({OP, DPO, REF, AG})),
    "confidentialite.analyse": (
        _("Analyser un texte (données personnelles)"), frozenset({OP, DPO, REF, AG})
    ),
    # Données et RGPD (socle.donnees)
    "donnees.view": (
        _("Consulter le registre, les violations, les demandes et le catalogue"), EVERYONE
    ),
    "donnees.edit": (
        _("Tenir le registre, les violations, les demandes et le catalogue"),
        frozenset({OP, DPO, REF, AG}),
    ),
    "donnees.view_requesters": (
        _("Voir l'identité des personnes qui exercent leurs droits"),
        frozenset({OP, DPO, REF, AG}),
    ),
    "donnees.archive": (_("Archiver une fiche (avec un motif)"), frozenset({OP, DPO, REF})),
    "donnees.publish": (
        _("Publier le registre des traitements et les données ouvertes"),
        frozenset({OP, DPO, REF}),
    ),
    # Diagnostic externe (socle.diagnostic)
    "territoire.diagnostic": (
        _("Voir la carte et le tableau du diagnostic externe, lancer la tournée de nuit"),
        frozenset({OP}),
    ),
    "diagnostic.view": (_("Consulter le rapport du diagnostic externe"), EVERYONE),
    "diagnostic.run": (_("Relancer le diagnostic externe"), frozenset({OP, DPO, REF, AG})),
    "diagnostic.edit_presence": (
        _("Déclarer le site, l'e-mail de contact et les autres domaines"), frozenset({OP, REF})
    ),
    "diagnostic.publish": (
        _("Publier les résultats sur la page publique du territoire"), frozenset({OP, REF})
    ),
    # Assistant (socle.assistant)
    "territoire.assistant": (
        _("Gérer les collections partagées et voir l'usage de l'assistant sur le territoire"),
        frozenset({OP}),
    ),
    "assistant.use": (
        _("Chercher, poser des questions, rédiger un procès-verbal ou une réponse"),
        frozenset({OP, DPO, REF, AG, EL}),
    ),
    "assistant.manage": (
        _("Gérer les collections privées de la collectivité"), frozenset({OP, DPO, REF})
    ),
    "assistant.minutes": (
        _("Modifier et valider un projet de procès-verbal"), frozenset({OP, DPO, REF, AG})
    ),
    "assistant.mail_read": (
        _("Lire le registre du courrier des habitants (données personnelles)"),
        frozenset({OP, DPO, REF, AG}),
    ),
    "assistant.mail": (
        _("Tenir le registre du courrier des habitants et valider les réponses"),
        frozenset({OP, REF, AG}),
    ),
    "assistant.usage": (
        _("Voir l'usage de l'assistant (requêtes, énergie, CO2)"), frozenset({OP, DPO, REF, EL})
    ),
}

# Roles a given role may invite into a collectivité.
INVITABLE_ROLES: dict[Role, frozenset[Role]] = {
    OP: frozenset({OP, DPO, REF, AG, EL}),
    REF: frozenset({AG, EL}),
}


def is_operateur(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_operateur", False)
    )


def _member_roles(user) -> dict[int, Role]:
    """collectivite id -> role, loaded once per user object (i.e. once per request)."""
    cached = getattr(user, "_socle_member_roles", None)
    if cached is None:
        cached = {
            cid: Role(role) for cid, role in user.memberships.values_list("collectivite_id", "role")
        }
        user._socle_member_roles = cached
    return cached


def role_in(user, collectivite: Collectivite | int | None) -> Role | None:
    """The user's role in a collectivité, the highest-ranked one if they hold several."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if is_operateur(user):
        return OP
    if collectivite is None:
        return None
    cid = collectivite if isinstance(collectivite, int) else collectivite.pk
    return _member_roles(user).get(cid)


def highest_role(user) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if is_operateur(user):
        return OP
    roles = _member_roles(user).values()
    return min(roles, key=lambda r: r.rank) if roles else None


def can(user, action: str, collectivite: Collectivite | int | None = None) -> bool:
    _label, allowed = MATRIX[action]
    if action.startswith("territoire."):
        return is_operateur(user)
    role = role_in(user, collectivite)
    return role is not None and role in allowed


def require(user, action: str, collectivite: Collectivite | int | None = None) -> None:
    """Raise PermissionDenied unless the matrix allows the action (services call this)."""
    if not can(user, action, collectivite):
        raise PermissionDenied(_("Vous n'avez pas les droits pour cette action."))


def abilities(user, obj: Collectivite | None = None) -> dict[str, bool]:
    """{action: bool} for templates and API: global actions, plus those on ``obj`` if given.

    Keys use underscores (``collectivite_edit_profile``) so templates can read them.
    """
    result = {}
    for action in MATRIX:
        if action.startswith("territoire."):
            result[action.replace(".", "_")] = is_operateur(user)
        elif obj is not None:
            result[action.replace(".", "_")] = can(user, action, obj)
    return result


def can_see_ip(user, collectivite_id: int | None) -> bool:
    """IP addresses in the journal are personal data: operators see them all, DPOs those of
    their collectivités' events; nobody else (platform-wide events: operators only)."""
    if is_operateur(user):
        return True
    return collectivite_id is not None and can(user, "journal.view_ip", collectivite_id)


def invitable_roles(user, collectivite: Collectivite | None) -> list[Role]:
    role = role_in(user, collectivite) if collectivite is not None else (
        OP if is_operateur(user) else None
    )
    allowed = INVITABLE_ROLES.get(role, frozenset()) if role else frozenset()
    if collectivite is not None:
        allowed = allowed - {OP}
    return [r for r in RANKED if r in allowed]


def second_factor_required(user) -> bool:
    from django.conf import settings

    role = highest_role(user)
    return role is not None and role.value in settings.SOCLE_SECOND_FACTOR_REQUIRED_ROLES
