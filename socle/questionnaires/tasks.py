"""Background work of self-assessment: the daily reminder run (also ``manage.py
questionnaires_reminders``, for cron). Idempotent: one reminder per response and stage."""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminders() -> int:
    from .services import reminders_send

    return reminders_send()
