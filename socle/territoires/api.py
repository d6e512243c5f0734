"""API: the collectivités a person may see, and who belongs to them with which role.

Reads go through ``Collectivite.objects.visible_to`` and ``Membership.objects.visible_to``: a
collectivité the caller may not see answers 404, exactly like the pages."""

from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from socle import permissions
from socle.api_common import ErrorOut, Pagination, require_api
from socle.permissions import Role
from socle.territoires.models import Collectivite, Membership

router = Router(tags=["Collectivités"])

KIND_DESCRIPTION = "Type : " + ", ".join(Collectivite.Kind.values) + "."


class CollectiviteOut(Schema):
    id: int = Field(..., description="Identifiant interne.")
    kind: str = Field(..., description=KIND_DESCRIPTION)
    kind_label: str = Field(..., description="Libellé du type.")
    name: str = Field(..., description="Nom officiel.")
    code_insee: str = Field(..., description="Code officiel géographique (vide pour un EPCI).")
    siren: str | None = Field(None, description="SIREN (9 chiffres).")
    epci_kind: str = Field(..., description="Nature de l'EPCI : CC, CA, CU, METRO, MET69.")
    population: int | None = Field(None, description="Population municipale.")
    departement_code: str = Field(..., description="Code du département.")
    region_code: str = Field(..., description="Code de la région.")
    epci_id: int | None = Field(None, description="EPCI de rattachement (identifiant).")
    is_member: bool = Field(..., description="Vrai si la collectivité adhère à la structure.")
    member_since: date | None = Field(None, description="Date d'adhésion.")
    is_active: bool = Field(..., description="Faux pour une commune disparue (fusion).")

    @staticmethod
    def resolve_kind_label(obj: Collectivite) -> str:
        return str(obj.get_kind_display())


class CollectiviteDetailOut(CollectiviteOut):
    postal_codes: list[str] = Field(..., description="Codes postaux.")
    latitude: float | None = Field(None, description="Latitude (WGS 84).")
    longitude: float | None = Field(None, description="Longitude (WGS 84).")
    website: str = Field(..., description="Site internet.")
    contact_email: str = Field(..., description="E-mail de contact.")
    abilities: dict[str, bool] = Field(
        ..., description="Ce que l'appelant peut faire sur cette collectivité (matrice des rôles)."
    )


class CollectiviteFilters(Schema):
    kind: Collectivite.Kind | None = Field(None, description=KIND_DESCRIPTION)
    departement: str | None = Field(None, description="Code du département, par exemple 07.")
    member: bool | None = Field(None, description="true : adhérentes ; false : non adhérentes.")
    q: str | None = Field(None, description="Nom (en partie), code INSEE ou SIREN.")


class MembershipOut(Schema):
    id: int = Field(..., description="Identifiant de l'appartenance.")
    collectivite_id: int = Field(..., description="Identifiant de la collectivité.")
    collectivite_name: str = Field(..., description="Nom de la collectivité.")
    user_email: str = Field(..., description="E-mail de la personne.")
    user_full_name: str = Field(..., description="Nom complet de la personne.")
    role: str = Field(..., description="Code du rôle : dpo, referent, agent ou elu.")
    role_label: str = Field(..., description="Libellé du rôle.")
    created_at: datetime = Field(..., description="Date d'ajout à la collectivité.")

    @staticmethod
    def resolve_collectivite_name(obj: Membership) -> str:
        return obj.collectivite.name

    @staticmethod
    def resolve_user_email(obj: Membership) -> str:
        return obj.user.email

    @staticmethod
    def resolve_user_full_name(obj: Membership) -> str:
        return obj.user.full_name

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return Role(obj.role).label


class MembershipFilters(Schema):
    collectivite_id: int | None = Field(None, description="Une seule collectivité.")
    role: str | None = Field(None, description="Un seul rôle : dpo, referent, agent ou elu.")


def _filter_collectivites(qs: QuerySet, filters: CollectiviteFilters) -> QuerySet:
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.departement:
        qs = qs.filter(departement_code=filters.departement.strip())
    if filters.member is not None:
        qs = qs.filter(is_member=filters.member)
    if filters.q and filters.q.strip():
        text = filters.q.strip()
        qs = qs.filter(Q(name__icontains=text) | Q(code_insee=text) | Q(siren=text))
    return qs


def _visible_memberships(user) -> QuerySet:
    """Memberships of the collectivités whose people the user may see (membership.view)."""
    memberships = Membership.objects.visible_to(user)
    if not permissions.is_operateur(user):
        allowed = [
            pk
            for pk in Collectivite.objects.visible_to(user).values_list("pk", flat=True)
            if permissions.can(user, "membership.view", pk)
        ]
        memberships = memberships.filter(collectivite_id__in=allowed)
    return memberships.select_related("user", "collectivite").order_by(
        "collectivite__name", "user__full_name", "pk"
    )


@router.get(
    "/collectivites",
    response={200: list[CollectiviteOut], 401: ErrorOut},
    summary="Lister les collectivités visibles",
    url_name="collectivite_list",
)
@paginate(Pagination)
def collectivite_list(request: HttpRequest, filters: Query[CollectiviteFilters]):
    """Toutes les collectivités pour un opérateur ; pour les autres, celles dont ils sont
    membres. Triées par nom."""
    visible = Collectivite.objects.visible_to(request.auth)
    return _filter_collectivites(visible, filters).order_by("name", "code_insee", "pk")


@router.get(
    "/collectivites/{collectivite_id}",
    response={200: CollectiviteDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="Fiche d'une collectivité",
    url_name="collectivite_detail",
)
def collectivite_detail(request: HttpRequest, collectivite_id: int):
    """404 si la collectivité n'existe pas ou n'est pas visible par l'appelant."""
    user = request.auth
    collectivite = get_object_or_404(Collectivite.objects.visible_to(user), pk=collectivite_id)
    collectivite.abilities = permissions.abilities(user, collectivite)
    return collectivite


@router.get(
    "/collectivites/{collectivite_id}/memberships",
    response={200: list[MembershipOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Personnes d'une collectivité",
    url_name="collectivite_membership_list",
)
@paginate(Pagination)
def collectivite_membership_list(request: HttpRequest, collectivite_id: int):
    """Les personnes de la collectivité et leur rôle (droit « voir les personnes »)."""
    user = request.auth
    collectivite = get_object_or_404(Collectivite.objects.visible_to(user), pk=collectivite_id)
    require_api(user, "membership.view", collectivite)
    return _visible_memberships(user).filter(collectivite=collectivite)


@router.get(
    "/memberships",
    response={200: list[MembershipOut], 401: ErrorOut},
    summary="Personnes de toutes mes collectivités",
    url_name="membership_list",
)
@paginate(Pagination)
def membership_list(request: HttpRequest, filters: Query[MembershipFilters]):
    """Les appartenances que l'appelant peut voir, triées par collectivité puis par nom."""
    memberships = _visible_memberships(request.auth)
    if filters.collectivite_id is not None:
        memberships = memberships.filter(collectivite_id=filters.collectivite_id)
    if filters.role:
        memberships = memberships.filter(role=filters.role)
    return memberships
