"""Print (or write to docs/roles.md) the role matrix from socle.permissions.MATRIX, so the
documentation can never drift from the code (a test compares them)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from socle import permissions


def render_matrix() -> str:
    roles = permissions.RANKED
    lines = [
        "# Roles and what they allow",
        "",
        "Generated from `socle/permissions.py` by `manage.py roles_matrix --write`; a test fails",
        "when this page and the code disagree. Roles are ranked: when a person holds several, the",
        "highest applies. Operators hold their role for the whole instance; every other role is",
        "held in one collectivité through a membership.",
        "",
        "| Role | Code | Scope |",
        "| --- | --- | --- |",
    ]
    for role in roles:
        lines.append(f"| {role.label} | `{role.value}` | {permissions.ROLE_DESCRIPTIONS[role]} |")
    lines += [
        "",
        "| Action | " + " | ".join(f"`{r.value}`" for r in roles) + " |",
        "| --- | " + " | ".join("---" for _ in roles) + " |",
    ]
    for action, (label, allowed) in permissions.MATRIX.items():
        marks = " | ".join("oui" if r in allowed else "—" for r in roles)
        lines.append(f"| {label} (`{action}`) | {marks} |")
    lines += ["", "## Who may invite whom", ""]
    for role, invitable in permissions.INVITABLE_ROLES.items():
        names = ", ".join(f"`{r.value}`" for r in permissions.RANKED if r in invitable)
        lines.append(f"- `{role.value}`: {names}")
    lines += [
        "",
        "A référent invites only into their own collectivité. Operators' second factor is",
        "mandatory (`SOCLE_SECOND_FACTOR_REQUIRED_ROLES`, default `operateur`); it is optional for",
        "the other roles.",
        "",
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the role matrix as Markdown; --write updates docs/roles.md."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true")

    def handle(self, *args, write, **options):
        text = render_matrix()
        if write:
            path = Path(settings.BASE_DIR) / "docs" / "roles.md"
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"Écrit : {path}")
        else:
            self.stdout.write(text)
