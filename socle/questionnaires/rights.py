"""Who may do what in self-assessment: short names over the "questionnaires.*" actions of
``socle.permissions.MATRIX`` (and ``territoire.launch_campaign``), for views, templates, services.

- ``launch``: operators launch campaigns and see everything (read-only on members' answers);
- ``answer``: référent, agent and DPO of a target collectivité answer and edit the action plan;
- ``validate``: référent or DPO validates a submitted response, or sends it back;
- ``read``: every member of the collectivité (élus included) reads responses, results and plan.
"""

from __future__ import annotations

from socle import permissions

RULES = ("read", "answer", "validate", "plan")


def _action(what: str) -> str:
    return "territoire.launch_campaign" if what == "launch" else f"questionnaires.{what}"


def can(user, what: str, collectivite=None) -> bool:
    return permissions.can(user, _action(what), collectivite)


def require(user, what: str, collectivite=None) -> None:
    permissions.require(user, _action(what), collectivite)


def abilities(user, collectivite) -> dict[str, bool]:
    return {what: can(user, what, collectivite) for what in ("launch", *RULES)}
