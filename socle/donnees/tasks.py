"""Background task of the donnees app: the deadline reminders, for a scheduler that enqueues
tasks (the ``donnees_reminders`` command does the same from cron or a systemd timer)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminders() -> int:
    from .reminders import reminders_send

    return reminders_send()
