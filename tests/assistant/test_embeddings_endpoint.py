"""Dense search through an OpenAI-compatible /v1/embeddings endpoint (a real local HTTP server)."""

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from socle.assistant.models import Collection, IndexJob
from socle.assistant.search import Index, embeddings, store
from socle.assistant.services import documents_import, index_run

DIM = 64


def _vector(text: str) -> list[float]:
    """A bag of hashed words: texts sharing words get close vectors."""
    vector = np.zeros(DIM)
    for word in text.lower().replace(":", " ").split():
        vector[int(hashlib.sha256(word.encode()).hexdigest(), 16) % DIM] += 1
    return vector.tolist()


class Handler(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Handler.requests.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                 "body": body})
        if body.get("model") == "panne":
            self.send_response(503)
            self.end_headers()
            return
        data = [{"index": i, "embedding": _vector(text)} for i, text in enumerate(body["input"])]
        payload = json.dumps({"object": "list", "data": data}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint(settings, tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.requests = []
    settings.SOCLE_EMBEDDINGS_BASE_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.SOCLE_EMBEDDINGS_MODEL = "e5-test"
    settings.SOCLE_EMBEDDINGS_API_KEY = "cle-secrete"
    settings.SOCLE_ASSISTANT_INDEX_DIR = tmp_path / "index"
    store.forget()
    yield server
    store.forget()
    server.shutdown()
    server.server_close()


def test_index_uses_the_configured_endpoint(endpoint):
    index = Index.build([(1, "budget primitif voté"), (2, "piscine ouverte en juin")])
    assert index.vectors.shape == (2, DIM)
    assert index.rank("piscine juin", mode="dense")[0].id == 2
    first = Handler.requests[0]
    assert first["path"] == "/v1/embeddings" and first["auth"] == "Bearer cle-secrete"
    assert first["body"]["model"] == "e5-test"
    assert first["body"]["input"][0].startswith("passage: ")
    assert Handler.requests[-1]["body"]["input"] == ["query: piscine juin"]


def test_indexing_job_records_the_model_and_a_failure(endpoint, settings, db):
    collection = Collection.objects.create(name="Notes")
    report = documents_import(actor=None, collection=collection, enqueue=False,
                              files=[("eau.md", b"# Eau\n\nLe prix de l'eau.")])
    job = index_run(job=report.job)
    assert job.status == IndexJob.Status.DONE
    assert collection.documents.get().chunks.get().embedding_model == embeddings.model_name()
    settings.SOCLE_EMBEDDINGS_MODEL = "panne"
    report = documents_import(actor=None, collection=collection, enqueue=False,
                              files=[("voirie.md", b"# Voirie\n\nLes travaux.")])
    failed = index_run(job=report.job)
    assert failed.status == IndexJob.Status.FAILED
    assert "Le service d'embeddings n'a pas répondu" in failed.error
