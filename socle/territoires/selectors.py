"""Reads of the territory: scoped querysets for the member list, the operator's counts, the map
and the people of a collectivité. Every function starts from ``visible_to(user)``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.urls import reverse

from socle import permissions

from .models import POPULATION_BANDS, Collectivite, Membership, search_key

Kind = Collectivite.Kind

# The choice lists of the member filters change only when the referential is imported or
# memberships change: cached, so the list page runs one count and one page query.
CHOICES_TTL_SECONDS = 600
_GENERATION_KEY = "territoires:choices-generation"

SORTS: dict[str, tuple] = {
    "name": (F("search_name").asc(), "code_insee", "pk"),
    "-name": (F("search_name").desc(), "code_insee", "pk"),
    "population": (F("population").asc(nulls_first=True), "name", "pk"),
    "-population": (F("population").desc(nulls_last=True), "name", "pk"),
    "departement": ("departement_code", "name", "pk"),
    "-departement": (F("departement_code").desc(), "name", "pk"),
    "member_since": (F("member_since").asc(nulls_last=True), "name", "pk"),
    "-member_since": (F("member_since").desc(nulls_last=True), "name", "pk"),
}
LIST_FIELDS = (
    "id", "name", "kind", "code_insee", "siren", "departement_code", "population",
    "is_member", "member_since", "is_active", "epci__id", "epci__name",
)


@dataclass(frozen=True)
class MemberFilters:
    """What the member list is filtered and sorted by (all optional; empty means "any")."""

    q: str = ""
    kind: str = ""
    departement: str = ""
    epci: int | None = None
    population: str = ""
    member: str = "yes"  # yes | no | all
    active: str = ""  # "" | yes | no
    missing: str = ""  # "" | referent | dpo
    sort: str = "name"


def _role_exists(role: str):
    return Exists(Membership.objects.filter(collectivite=OuterRef("pk"), role=role))


def _search(qs: QuerySet, q: str) -> QuerySet:
    """Name words (all must match), INSEE code, SIREN or postal code."""
    q = q.strip()
    if not q:
        return qs
    if q.isdigit() and len(q) == 9:
        return qs.filter(siren=q)
    if len(q) == 5 and (q.isdigit() or q[:2].upper() in ("2A", "2B")):
        return qs.filter(Q(code_insee__iexact=q) | Q(postal_codes__icontains=f'"{q}"'))
    for word in search_key(q).split():
        qs = qs.filter(search_name__contains=word)
    return qs


def filter_population_band(qs: QuerySet, band_key: str) -> QuerySet:
    for key, _label, low, high in POPULATION_BANDS:
        if key == band_key:
            qs = qs.filter(population__gte=low)
            return qs.filter(population__lt=high) if high is not None else qs
    return qs


def collectivite_search(*, user, filters: MemberFilters) -> QuerySet:
    """The member list: filtered, searched and sorted, ready to paginate (no N+1 on the EPCI)."""
    qs = Collectivite.objects.visible_to(user)
    qs = _search(qs, filters.q)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.departement:
        qs = qs.filter(departement_code=filters.departement)
    if filters.epci:
        qs = qs.filter(Q(epci_id=filters.epci) | Q(pk=filters.epci))
    qs = filter_population_band(qs, filters.population)
    if filters.member in ("yes", "no"):
        qs = qs.filter(is_member=filters.member == "yes")
    if filters.active in ("yes", "no"):
        qs = qs.filter(is_active=filters.active == "yes")
    if filters.missing in ("referent", "dpo"):
        qs = qs.filter(~_role_exists(filters.missing))
    return qs.select_related("epci").only(*LIST_FIELDS).order_by(*SORTS.get(filters.sort,
                                                                            SORTS["name"]))


def territory_counts(*, user) -> dict:
    """Key figures of the operator's home, over the members the user may see."""
    members = Collectivite.objects.visible_to(user).members()
    totals = members.aggregate(
        members=Count("pk"),
        communes=Count("pk", filter=Q(kind=Kind.COMMUNE)),
        epci=Count("pk", filter=Q(kind=Kind.EPCI)),
        located=Count("pk", filter=Q(latitude__isnull=False, longitude__isnull=False)),
    )
    # Population covered: communes that are members or belong to a member EPCI, each counted once.
    covered = (
        Collectivite.objects.visible_to(user)
        .filter(kind=Kind.COMMUNE, is_active=True)
        .filter(Q(is_member=True) | Q(epci__is_member=True))
        .aggregate(population=Sum("population"), communes=Count("pk"))
    )
    totals["population"] = covered["population"] or 0
    totals["communes_covered"] = covered["communes"]
    totals["without_referent"] = members.filter(~_role_exists("referent")).count()
    totals["without_dpo"] = members.filter(~_role_exists("dpo")).count()
    totals["by_departement"] = list(
        members.values("departement_code")
        .annotate(n=Count("pk"), population=Sum("population", filter=Q(kind=Kind.COMMUNE)))
        .order_by("departement_code")
    )
    labels = dict(departement_choices())
    for row in totals["by_departement"]:
        row["label"] = labels.get(row["departement_code"], row["departement_code"])
    return totals


def _collectivite_url_pattern() -> str:
    """"/territoire/collectivites/{}/": reversed once, formatted per row."""
    return reverse("territoires:collectivite", kwargs={"pk": 0}).replace("/0/", "/{}/")


def map_points(*, user, departement: str = "") -> dict:
    """GeoJSON points of the visible members that have coordinates."""
    qs = (
        Collectivite.objects.visible_to(user)
        .members()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .only("id", "name", "kind", "code_insee", "latitude", "longitude")
        .order_by("name", "pk")
    )
    if departement:
        qs = qs.filter(departement_code=departement)
    # Computed once: reverse() and translated labels per row would dominate for 3,000 members.
    kinds = {value: str(label) for value, label in Kind.choices}
    url = _collectivite_url_pattern()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [c.longitude, c.latitude]},
            "properties": {
                "name": str(c),
                "kind": kinds.get(c.kind, c.kind),
                "url": url.format(c.pk),
            },
        }
        for c in qs
    ]
    return {"type": "FeatureCollection", "features": features}


def map_polygons(*, user, departement: str) -> dict:
    """The département's commune outlines, with ``member`` and ``url`` set only for the
    communes the user may see. Raises LookupError for an unknown département."""
    from . import geodata  # imported here: the map is the only reader of the contour files

    collection = geodata.commune_polygons(departement)
    visible = dict(
        Collectivite.objects.visible_to(user)
        .members()
        .filter(kind=Kind.COMMUNE, departement_code=departement)
        .values_list("code_insee", "pk")
    )
    url = _collectivite_url_pattern()
    features = []
    for feature in collection.get("features", []):
        props = dict(feature.get("properties") or {})
        pk = visible.get(props.get("insee"))
        props["member"] = pk is not None
        if pk is not None:
            props["url"] = url.format(pk)
        features.append({**feature, "properties": props})
    return {**collection, "features": features}


# --- Choice lists (cached) -------------------------------------------------------------------


def _generation() -> int:
    return cache.get_or_set(_GENERATION_KEY, 1, timeout=None)


def choices_changed() -> None:
    """Forget the cached choice lists (after membership changes)."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, timeout=None)


def departement_choices() -> list[tuple[str, str]]:
    """[(code, "07 — Ardèche")] for every département present in the referential."""
    key = f"territoires:departements:{_generation()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    names = dict(
        Collectivite.objects.filter(kind=Kind.DEPARTEMENT)
        .exclude(departement_code="")
        .values_list("departement_code", "name")
    )
    codes = (
        Collectivite.objects.exclude(departement_code="")
        .values_list("departement_code", flat=True)
        .distinct()
        .order_by("departement_code")
    )
    result = [(code, f"{code} — {names[code]}" if code in names else code) for code in codes]
    cache.set(key, result, CHOICES_TTL_SECONDS)
    return result


def epci_choices(departement: str = "") -> list[tuple[int, str]]:
    """EPCI of a département, or (without one) the EPCI that are members or hold members."""
    key = f"territoires:epci:{_generation()}:{departement}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    qs = Collectivite.objects.filter(kind=Kind.EPCI)
    if departement:
        in_dept = Collectivite.objects.filter(departement_code=departement).values("epci_id")
        qs = qs.filter(Q(departement_code=departement) | Q(pk__in=in_dept))
    else:
        with_members = Collectivite.objects.members().values("epci_id")
        qs = qs.filter(Q(is_member=True) | Q(pk__in=with_members))
    result = list(qs.order_by("name", "pk").values_list("pk", "name"))
    cache.set(key, result, CHOICES_TTL_SECONDS)
    return result


# --- One collectivité ------------------------------------------------------------------------


def visible_epci(*, user, collectivite: Collectivite) -> Collectivite | None:
    """The collectivité's EPCI if the user may open it, else None."""
    if collectivite.epci_id is None:
        return None
    if permissions.role_in(user, collectivite.epci_id) is None:
        return None
    return collectivite.epci


def profile_contacts(*, collectivite: Collectivite) -> dict[str, list]:
    """Référents and DPO of the collectivité (users), from its memberships."""
    contacts: dict[str, list] = {"referent": [], "dpo": []}
    memberships = (
        Membership.objects.filter(collectivite=collectivite, role__in=contacts.keys())
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    for membership in memberships:
        contacts[membership.role].append(membership.user)
    return contacts


def epci_communes(*, epci: Collectivite) -> QuerySet:
    return (
        Collectivite.objects.filter(epci=epci)
        .only("id", "name", "kind", "code_insee", "population", "is_member", "is_active")
        .order_by("name", "pk")
    )


def people(*, user, collectivite: Collectivite) -> list[Membership]:
    """Memberships of the collectivité, highest role first, then by name."""
    memberships = list(
        Membership.objects.visible_to(user)
        .filter(collectivite=collectivite)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    memberships.sort(key=lambda m: permissions.Role(m.role).rank)
    return memberships


def bulk_targets(
    *, epci: Collectivite | None = None, departement: str = "", is_member: bool
) -> QuerySet:
    """Collectivités a bulk run would change: the EPCI's communes and the EPCI itself, or the
    communes of a département; only those whose membership differs from ``is_member``."""
    qs = Collectivite.objects.current().filter(is_member=not is_member)
    if epci is not None:
        return qs.filter(Q(epci=epci, kind=Kind.COMMUNE) | Q(pk=epci.pk))
    if departement:
        return qs.filter(kind=Kind.COMMUNE, departement_code=departement)
    return qs.none()
