"""Membership of the structure, profile and roles: rules, database effects and journal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from socle.journal.models import AuditEvent
from socle.territoires import services
from socle.territoires.models import Collectivite, Membership
from tests.factories import (
    CollectiviteFactory,
    EpciFactory,
    MembershipFactory,
    UserFactory,
)

SINCE = datetime.date(2025, 3, 1)



@pytest.fixture
def epci2(territory):
    """A non-member EPCI in the Drôme: three non-member communes, one member, one merged away,
    and a commune of the same département outside the EPCI."""
    epci = EpciFactory(name="CA Fictive", departement_code="26", is_member=False,
                       member_since=None)
    communes = [
        CollectiviteFactory(name=f"Drôme {i}", code_insee=f"2600{i}", epci=epci,
                            departement_code="26", is_member=False, member_since=None)
        for i in range(3)
    ]
    already = CollectiviteFactory(name="Drôme membre", code_insee="26010", epci=epci,
                                  departement_code="26")
    merged = CollectiviteFactory(name="Drôme fusionnée", code_insee="26011", epci=epci,
                                 departement_code="26",
                                 is_member=False, member_since=None, is_active=False)
    outside = CollectiviteFactory(name="Drôme isolée", code_insee="26012", departement_code="26",
                                  is_member=False, member_since=None)
    return {"epci": epci, "communes": communes, "already": already, "merged": merged,
            "outside": outside}


def _refresh(*objs):
    for obj in objs:
        obj.refresh_from_db()


class TestSetMember:
    def test_operator_adds_with_date_and_journal(self, operateur, territory):
        c = CollectiviteFactory(code_insee="07901", is_member=False, member_since=None)
        assert services.collectivite_set_member(
            actor=operateur, collectivite=c, is_member=True, member_since=SINCE
        )
        _refresh(c)
        assert c.is_member and c.member_since == SINCE
        event = AuditEvent.objects.get(action="territoires.member_added")
        assert event.collectivite == c and event.actor == operateur

    def test_default_date_is_today(self, operateur, territory):
        c = CollectiviteFactory(code_insee="07901", is_member=False, member_since=None)
        services.collectivite_set_member(actor=operateur, collectivite=c, is_member=True)
        _refresh(c)
        assert c.member_since == datetime.date.today()

    def test_remove_keeps_data_and_records_previous_date(self, operateur, referent_a, territory):
        a = territory.a
        assert services.collectivite_set_member(actor=operateur, collectivite=a, is_member=False)
        _refresh(a)
        assert not a.is_member and a.member_since is None
        assert Membership.objects.filter(collectivite=a, user=referent_a).exists()
        event = AuditEvent.objects.get(action="territoires.member_removed")
        assert event.details["member_since"] == "2024-01-01"

    def test_no_change_no_journal(self, operateur, territory):
        assert not services.collectivite_set_member(
            actor=operateur, collectivite=territory.a, is_member=True
        )
        assert not AuditEvent.objects.exists()

    @pytest.mark.parametrize("persona", ["referent_a", "agent_a", "dpo_ac"])
    def test_members_cannot(self, persona, request, territory):
        user = request.getfixturevalue(persona)
        with pytest.raises(PermissionDenied):
            services.collectivite_set_member(actor=user, collectivite=territory.a,
                                             is_member=False)
        _refresh(territory.a)
        assert territory.a.is_member


class TestBulk:
    def test_add_by_epci_changes_exactly_the_right_rows(self, operateur, epci2):
        count = services.members_add_bulk(actor=operateur, epci=epci2["epci"], member_since=SINCE)
        assert count == 4  # three communes and the EPCI itself
        changed = set(
            Collectivite.objects.filter(member_since=SINCE).values_list("pk", flat=True)
        )
        assert changed == {epci2["epci"].pk, *(c.pk for c in epci2["communes"])}
        _refresh(epci2["merged"], epci2["outside"], epci2["already"])
        assert not epci2["merged"].is_member and not epci2["outside"].is_member
        assert epci2["already"].member_since == datetime.date(2024, 1, 1)

    def test_add_by_epci_journals_each_row_and_a_summary(self, operateur, epci2):
        services.members_add_bulk(actor=operateur, epci=epci2["epci"], member_since=SINCE)
        per_row = AuditEvent.objects.filter(action="territoires.member_added")
        assert per_row.count() == 4
        assert {e.collectivite_id for e in per_row} == {
            epci2["epci"].pk, *(c.pk for c in epci2["communes"])
        }
        summary = AuditEvent.objects.get(action="territoires.members_bulk_added")
        assert summary.details["count"] == 4
        assert summary.collectivite == epci2["epci"]

    def test_add_by_departement_only_current_communes(self, operateur, epci2):
        count = services.members_add_bulk(
            actor=operateur, departement_code="26", member_since=SINCE
        )
        assert count == 4  # three communes of the EPCI and the one outside it; not the EPCI
        _refresh(epci2["epci"], epci2["merged"], epci2["outside"])
        assert not epci2["epci"].is_member and not epci2["merged"].is_member
        assert epci2["outside"].is_member
        summary = AuditEvent.objects.get(action="territoires.members_bulk_added")
        assert summary.details == {"departement": "26", "count": 4, "member_since": "2025-03-01"}

    def test_remove_by_epci(self, operateur, epci2, territory):
        services.members_add_bulk(actor=operateur, epci=epci2["epci"], member_since=SINCE)
        count = services.members_remove_bulk(actor=operateur, epci=epci2["epci"])
        assert count == 5  # the EPCI, its three communes and the one already member
        assert not Collectivite.objects.filter(epci=epci2["epci"], is_member=True).exists()
        assert Collectivite.objects.filter(pk=territory.a.pk, is_member=True).exists()
        assert AuditEvent.objects.filter(action="territoires.member_removed").count() == 5

    def test_scope_must_be_one_of_epci_or_departement(self, operateur, epci2):
        with pytest.raises(ValidationError):
            services.members_add_bulk(actor=operateur, member_since=SINCE)
        with pytest.raises(ValidationError):
            services.members_add_bulk(actor=operateur, epci=epci2["epci"],
                                      departement_code="26", member_since=SINCE)
        with pytest.raises(ValidationError):
            services.members_add_bulk(actor=operateur, epci=epci2["outside"],
                                      member_since=SINCE)
        assert not AuditEvent.objects.exists()

    def test_non_operator_refused(self, referent_a, epci2):
        with pytest.raises(PermissionDenied):
            services.members_add_bulk(actor=referent_a, departement_code="26",
                                      member_since=SINCE)
        assert not Collectivite.objects.filter(departement_code="26", member_since=SINCE).exists()


class TestProfileAndRoles:
    def test_update_profile_journals_before_after(self, referent_a, territory):
        services.collectivite_update_profile(
            actor=referent_a, collectivite=territory.a,
            website="https://www.alboussiere.fr", contact_email="Mairie@Alboussiere.fr",
        )
        _refresh(territory.a)
        assert territory.a.contact_email == "mairie@alboussiere.fr"
        event = AuditEvent.objects.get(action="territoires.profile_updated")
        assert event.details["website"] == {"avant": "", "après": "https://www.alboussiere.fr"}

    def test_agent_cannot_update_profile(self, agent_a, territory):
        with pytest.raises(PermissionDenied):
            services.collectivite_update_profile(
                actor=agent_a, collectivite=territory.a, website="", contact_email="x@y.fr"
            )

    def test_set_role_creates_then_updates(self, referent_a, territory):
        person = UserFactory()
        m = services.membership_set_role(actor=referent_a, collectivite=territory.a,
                                         user=person, role="dpo")
        assert m.role == "dpo"
        event = AuditEvent.objects.get(action="territoires.role_set")
        assert event.details == {"personne": person.email, "avant": "", "après": "dpo"}

    def test_referent_cannot_demote_a_referent(self, referent_a, territory):
        other = MembershipFactory(collectivite=territory.a, role="referent").user
        with pytest.raises(ValidationError):
            services.membership_set_role(actor=referent_a, collectivite=territory.a,
                                         user=other, role="agent")
        assert Membership.objects.get(user=other).role == "referent"

    def test_operator_can_change_a_referent(self, operateur, referent_a, territory):
        services.membership_set_role(actor=operateur, collectivite=territory.a,
                                     user=referent_a, role="agent")
        assert Membership.objects.get(user=referent_a).role == "agent"

    def test_operator_account_refused(self, operateur, referent_a, territory):
        with pytest.raises(ValidationError):
            services.membership_set_role(actor=referent_a, collectivite=territory.a,
                                         user=operateur, role="referent")

    def test_save_profile_is_all_or_nothing(self, referent_a, territory):
        other = MembershipFactory(collectivite=territory.a, role="dpo").user
        with pytest.raises(ValidationError) as exc:
            services.collectivite_save_profile(
                actor=referent_a, collectivite=territory.a,
                profile={"website": "https://exemple.fr", "contact_email": ""},
                roles=[(other, "referent")],
            )
        assert "referent_email" in exc.value.message_dict
        _refresh(territory.a)
        assert territory.a.website == ""
        assert not AuditEvent.objects.exists()


class TestRemoveMembership:
    def test_referent_removes_agent(self, referent_a, agent_a, territory):
        m = Membership.objects.get(user=agent_a)
        services.membership_remove(actor=referent_a, membership=m)
        assert not Membership.objects.filter(pk=m.pk).exists()
        event = AuditEvent.objects.get(action="territoires.membership_removed")
        assert event.details["personne"] == agent_a.email

    def test_referent_cannot_remove_referent_or_dpo(self, referent_a, dpo_ac, territory):
        other = MembershipFactory(collectivite=territory.a, role="referent")
        for m in (other, Membership.objects.get(user=dpo_ac, collectivite=territory.a)):
            with pytest.raises(PermissionDenied):
                services.membership_remove(actor=referent_a, membership=m)
        assert Membership.objects.filter(collectivite=territory.a).count() == 3

    def test_operator_removes_anyone(self, operateur, referent_a, territory):
        m = Membership.objects.get(user=referent_a)
        services.membership_remove(actor=operateur, membership=m)
        assert not Membership.objects.filter(pk=m.pk).exists()

    def test_agent_cannot_remove(self, agent_a, elu_a, territory):
        with pytest.raises(PermissionDenied):
            services.membership_remove(actor=agent_a,
                                       membership=Membership.objects.get(user=elu_a))
