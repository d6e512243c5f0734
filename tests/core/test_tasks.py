"""E-mail through the real task engines: the database backend with its ``db_worker``, and RQ
with ``rqworker`` processes (when REDIS_URL is set; CI requires it)."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from socle.core.tasks import enqueue_email, send_email
from tests.core.conftest import WORKER_TIMEOUT, run_db_worker

SUBJECT = "Invitation à rejoindre Socle"
BODY = "Bonjour,\n\nVous êtes invitée à rejoindre l'espace de la commune d'Alboussière.\n"


@pytest.fixture
def on_database(transactional_db, db_backend):
    """Real commits (so on_commit callbacks run) and the database task backend."""


def test_mail_is_enqueued_on_commit_and_sent_by_the_db_worker(on_database):
    with transaction.atomic():
        enqueue_email(subject=SUBJECT, body=BODY, to="anne.agente@exemple.test")
        assert not DBTaskResult.objects.exists(), "enqueued before the transaction committed"

    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.READY
    assert mail.outbox == []

    run_db_worker()

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.subject, sent.body, sent.to) == (SUBJECT, BODY, ["anne.agente@exemple.test"])
    result = send_email.get_result(str(row.id))
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1


def test_html_alternative_is_sent(on_database):
    enqueue_email(subject=SUBJECT, body=BODY, to=["a@exemple.test", "b@exemple.test"],
                  html="<p>Bonjour,</p>")
    run_db_worker()
    sent = mail.outbox[0]
    assert sent.to == ["a@exemple.test", "b@exemple.test"]
    assert sent.alternatives[0].content == "<p>Bonjour,</p>"
    assert sent.alternatives[0].mimetype == "text/html"


def test_rolled_back_transaction_sends_nothing(on_database):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_email(subject=SUBJECT, body=BODY, to="anne.agente@exemple.test")
        raise RuntimeError("the write failed")

    run_db_worker()
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []


def test_failing_task_is_recorded_failed(on_database):
    # A subject carrying a header injection is refused by Django's mail API.
    result = send_email.enqueue(
        subject="Objet\nBcc: cible@exemple.test", body=BODY, to=["anne.agente@exemple.test"]
    )
    run_db_worker()

    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[-1].exception_class_path == "django.core.mail.message.BadHeaderError"
    assert mail.outbox == []


def test_enqueue_email_needs_a_recipient(on_database):
    with pytest.raises(ValueError):
        enqueue_email(subject=SUBJECT, body=BODY, to=[])


def _read_mail_files(mail_dir: Path) -> list[email.message.EmailMessage]:
    """The file backend appends each message followed by a line of 79 dashes."""
    messages = []
    for path in sorted(mail_dir.iterdir()):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(
                    email.message_from_bytes(chunk, policy=email.policy.default)
                )
    return messages


@pytest.mark.rq
def test_rq_workers_send_mail_and_record_failures(rq_workers):
    ok = send_email.enqueue(subject=SUBJECT, body=BODY, to=["anne.agente@exemple.test"],
                            html="<p>Bonjour</p>")
    bad = send_email.enqueue(subject="Objet\nBcc: cible@exemple.test", body=BODY,
                             to=["anne.agente@exemple.test"])
    assert send_email.get_result(ok.id).status == TaskResultStatus.READY

    worker = rq_workers.start(burst=True)
    try:
        worker.wait(timeout=WORKER_TIMEOUT)
    finally:
        output = rq_workers.stop(worker)
    assert worker.returncode == 0, output

    (message,) = _read_mail_files(rq_workers.mail_dir)
    assert message["Subject"] == SUBJECT
    assert message["To"] == "anne.agente@exemple.test"
    assert message.get_body(("plain",)).get_content() == BODY
    assert message.get_body(("html",)).get_content().strip() == "<p>Bonjour</p>"

    done = send_email.get_result(ok.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == 1
    failed = send_email.get_result(bad.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[-1].exception_class_path.endswith("BadHeaderError")
