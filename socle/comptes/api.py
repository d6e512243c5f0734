"""API: who am I (the account behind the token or the session)."""

from django.http import HttpRequest
from ninja import Field, Router, Schema

from socle.api_common import ErrorOut
from socle.permissions import Role

router = Router(tags=["Compte"])


class MyMembershipOut(Schema):
    collectivite_id: int = Field(..., description="Identifiant de la collectivité.")
    collectivite_name: str = Field(..., description="Nom de la collectivité.")
    code_insee: str = Field(..., description="Code INSEE (vide pour un EPCI).")
    role: str = Field(..., description="Code du rôle : dpo, referent, agent ou elu.")
    role_label: str = Field(..., description="Libellé du rôle.")


class MeOut(Schema):
    email: str = Field(..., description="Adresse e-mail de connexion.")
    full_name: str = Field(..., description="Nom complet.")
    is_operateur: bool = Field(
        ..., description="Vrai pour le personnel de la structure, qui voit tous les membres."
    )
    memberships: list[MyMembershipOut] = Field(
        ..., description="Les collectivités de la personne et son rôle dans chacune."
    )


@router.get(
    "/me", response={200: MeOut, 401: ErrorOut}, summary="Qui suis-je ?", url_name="me"
)
def me(request: HttpRequest):
    """Le compte qui appelle l'API, avec ses rôles : un jeton agit avec les droits de son
    propriétaire, jamais plus."""
    user = request.auth
    memberships = user.memberships.select_related("collectivite").order_by("collectivite__name")
    return {
        "email": user.email,
        "full_name": user.full_name,
        "is_operateur": bool(user.is_operateur),
        "memberships": [
            {
                "collectivite_id": m.collectivite_id,
                "collectivite_name": m.collectivite.name,
                "code_insee": m.collectivite.code_insee,
                "role": m.role,
                "role_label": Role(m.role).label,
            }
            for m in memberships
        ],
    }
