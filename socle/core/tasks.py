"""Background tasks shared by every app: sending e-mail.

Tasks go through the ``django.tasks`` API (``django-tasks``): the database backend and its worker in
the embedded mode, RQ workers on Redis at scale (see ``TASKS`` in settings). A task receives only
JSON values, so it runs the same in-process, in ``db_worker`` or in an ``rqworker`` elsewhere.

Services never call ``send_email.enqueue`` in the middle of a write: they call ``enqueue_email``,
which enqueues once the surrounding transaction has committed, so no mail leaves for a change that
was rolled back.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task


@task()
def send_email(subject: str, body: str, to: list[str], html: str | None = None) -> int:
    """Send one e-mail (plain text, with an HTML alternative when given) through Django's mail
    API; return the number of messages sent. A refused message (header injection, SMTP error)
    raises, so the task result is recorded as failed with its traceback."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send(fail_silently=False)


def enqueue_email(
    *,
    subject: str,
    body: str,
    to: str | Iterable[str],
    html: str | None = None,
    using: str | None = None,
) -> None:
    """Enqueue ``send_email`` when the current transaction commits (at once outside one).

    ``robust``: the data is already committed when the callback runs, so a queue that cannot be
    reached is logged (with its traceback) rather than turned into an error page."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        raise ValueError("An e-mail needs at least one recipient.")
    transaction.on_commit(
        lambda: send_email.enqueue(subject=subject, body=body, to=recipients, html=html),
        using=using,
        robust=True,
    )
