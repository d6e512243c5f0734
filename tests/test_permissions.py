"""The role matrix as the people of the demo see it: each persona's rights on A, B and C."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from socle import permissions
from socle.core.management.commands.roles_matrix import render_matrix
from socle.permissions import Role
from socle.territoires.models import Collectivite, Membership


@pytest.mark.parametrize(
    ("persona", "on", "action", "expected"),
    [
        ("operateur", "b", "collectivite.edit_profile", True),
        ("operateur", "b", "journal.view", True),
        ("referent_a", "a", "collectivite.edit_profile", True),
        ("referent_a", "b", "collectivite.view", False),
        ("agent_a", "a", "collectivite.view", True),
        ("agent_a", "a", "collectivite.edit_profile", False),
        ("agent_a", "a", "journal.view", True),
        ("agent_a", "a", "journal.export", False),
        ("agent_a", "a", "journal.view_ip", False),
        ("dpo_ac", "a", "journal.view_ip", True),
        ("referent_a", "a", "journal.view_ip", False),
        ("elu_a", "a", "membership.invite", False),
        ("elu_a", "a", "collectivite.view", True),
        ("agent_b", "a", "collectivite.view", False),
        ("dpo_ac", "a", "journal.view", True),
        ("dpo_ac", "c", "journal.view", True),
        ("dpo_ac", "b", "journal.view", False),
        ("dpo_ac", "a", "membership.remove", False),
    ],
)
def test_matrix_per_persona(request, territory, persona, on, action, expected):
    user = request.getfixturevalue(persona)
    assert permissions.can(user, action, getattr(territory, on)) is expected


def test_only_operators_see_the_whole_territory(operateur, referent_a, dpo_ac):
    assert permissions.can(operateur, "territoire.view")
    assert not permissions.can(referent_a, "territoire.view")
    assert not permissions.can(dpo_ac, "territoire.manage_members")


def test_require_raises_in_french(agent_b, territory):
    with pytest.raises(PermissionDenied, match="droits"):
        permissions.require(agent_b, "collectivite.view", territory.a)


def test_inactive_user_has_no_rights(agent_a, territory):
    agent_a.is_active = False
    assert permissions.role_in(agent_a, territory.a) is None
    assert not Collectivite.objects.visible_to(agent_a).exists()


def test_highest_role_wins_when_a_person_holds_several(dpo_ac, territory):
    Membership.objects.create(user=dpo_ac, collectivite=territory.b, role="agent")
    fresh = type(dpo_ac).objects.get(pk=dpo_ac.pk)
    assert permissions.highest_role(fresh) is Role.DPO
    assert permissions.role_in(fresh, territory.b) is Role.AGENT


def test_abilities_dict_serves_templates(referent_a, territory):
    abilities = permissions.abilities(referent_a, territory.a)
    assert abilities["collectivite_edit_profile"] is True
    assert abilities["territoire_view"] is False
    assert set(permissions.abilities(referent_a)) == {
        a.replace(".", "_") for a in permissions.MATRIX if a.startswith("territoire.")
    }


def test_invitable_roles(operateur, referent_a, agent_a, territory):
    assert permissions.invitable_roles(referent_a, territory.a) == [Role.AGENT, Role.ELU]
    assert Role.OPERATEUR not in permissions.invitable_roles(operateur, territory.a)
    assert permissions.invitable_roles(operateur, None)[0] is Role.OPERATEUR
    assert permissions.invitable_roles(agent_a, territory.a) == []


def test_second_factor_is_mandatory_for_operators_only(operateur, agent_a):
    assert permissions.second_factor_required(operateur)
    assert not permissions.second_factor_required(agent_a)


def test_visible_collectivites_per_persona(operateur, agent_b, dpo_ac, territory):
    assert set(Collectivite.objects.visible_to(dpo_ac)) == {territory.a, territory.c}
    assert list(Collectivite.objects.visible_to(agent_b)) == [territory.b]
    assert Collectivite.objects.visible_to(operateur).count() == 4


def test_docs_roles_page_matches_the_code():
    page = (Path(settings.BASE_DIR) / "docs" / "roles.md").read_text(encoding="utf-8")
    assert page == render_matrix(), "Run `manage.py roles_matrix --write` to update docs/roles.md."
