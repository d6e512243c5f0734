"""Shared by the assistant tests: ``llm_server``, a real OpenAI-compatible HTTP server on
127.0.0.1, with the settings pointing the gateway at it."""

from __future__ import annotations

import pytest

from socle.assistant.models import Collection
from socle.assistant.search import store
from socle.assistant.services import documents_import, index_run
from tests.assistant.llm_server import LlmServer


@pytest.fixture(autouse=True)
def _index_dir(settings, tmp_path):
    """Every assistant test keeps its search index in its own folder, never in var/."""
    settings.SOCLE_ASSISTANT_INDEX_DIR = tmp_path / "index"
    store.forget()
    yield
    store.forget()


def make_collection(name, collectivite, files):
    """A collection imported and indexed through the assistant's own services."""
    collection = Collection.objects.create(name=name, collectivite=collectivite)
    report = documents_import(actor=None, collection=collection, files=files, enqueue=False)
    index_run(job=report.job)
    return collection


@pytest.fixture
def llm_server(settings):
    server = LlmServer().start()
    settings.SOCLE_LLM_BASE_URL = server.base_url
    settings.SOCLE_LLM_MODEL = server.model
    settings.SOCLE_LLM_API_KEY = "cle-de-test"
    settings.SOCLE_LLM_TIMEOUT = 5.0
    # The gateway accepts the operator's configured host even when private (post_json with
    # allow_private); the allowance below serves any other client going through fetch().
    settings.SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS = "127.0.0.1/32"
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def no_llm(settings):
    """The default deployment: no model configured, extractive answers only."""
    settings.SOCLE_LLM_BASE_URL = ""
    settings.SOCLE_LLM_MODEL = ""
    settings.SOCLE_LLM_API_KEY = ""
