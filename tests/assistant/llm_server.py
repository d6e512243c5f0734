"""A real HTTP server on 127.0.0.1 speaking the OpenAI protocol (the test double at the network
edge): the gateway's own client code runs against it.

    server = LlmServer().start()
    server.respond = lambda payload: "Réponse [1]"   # text of choices[0].message.content
    server.fail = 503            # answer an HTTP error
    server.fail = "timeout"      # never answer in time (sleeps longer than the client waits)
    server.fail = "garbage"      # answer 200 with a body that is not JSON
    server.usage = False         # omit "usage" (the gateway then estimates the tokens)
    server.received               # every JSON body received, in order
    server.headers                # the headers of each request
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _default_respond(payload: dict) -> str:
    return "Réponse de test."


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict):
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def _failed(self) -> bool:
        owner = self.server.owner
        if owner.fail is None:
            return False
        if owner.fail == "timeout":
            time.sleep(owner.timeout_sleep)
            with contextlib.suppress(OSError):
                self._json(200, {"choices": []})
        elif owner.fail == "garbage":
            self._send(200, b"<html>pas du json", "text/html")
        else:
            self._json(int(owner.fail), {"error": {"message": "simulated"}})
        return True

    def do_GET(self):
        owner = self.server.owner
        owner.headers.append(dict(self.headers))
        if self.path.rstrip("/").endswith("/v1/models"):
            if not self._failed():
                self._json(200, {"object": "list", "data": [
                    {"id": owner.model, "object": "model", "owned_by": "test"}]})
            return
        self._json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            payload = json.loads(raw.decode("utf-8"))
        except ValueError:
            self._json(400, {"error": {"message": "invalid JSON"}})
            return
        owner.received.append(payload)
        owner.headers.append(dict(self.headers))
        if self._failed():
            return
        if self.path.endswith("/v1/chat/completions"):
            text = owner.respond(payload)
            prompt = sum(len(m.get("content", "")) for m in payload.get("messages", []))
            body = {
                "id": f"chatcmpl-{len(owner.received)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": payload.get("model", owner.model),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": text}}],
            }
            if owner.usage:
                body["usage"] = {"prompt_tokens": max(1, prompt // 4),
                                 "completion_tokens": max(1, len(text or "") // 4),
                                 "total_tokens": max(1, prompt // 4) + max(1, len(text or "") // 4)}
            self._json(200, body)
        elif self.path.endswith("/v1/embeddings"):
            inputs = payload.get("input", [])
            inputs = [inputs] if isinstance(inputs, str) else inputs
            data = [{"object": "embedding", "index": i, "embedding": owner.embed(text)}
                    for i, text in enumerate(inputs)]
            self._json(200, {"object": "list", "data": data, "model": payload.get("model"),
                             "usage": {"prompt_tokens": sum(len(t) // 4 for t in inputs),
                                       "total_tokens": sum(len(t) // 4 for t in inputs)}})
        else:
            self._json(404, {"error": {"message": "not found"}})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LlmServer


def _default_embed(text: str, dimensions: int = 16) -> list[float]:
    """A deterministic vector from the letters (enough for a protocol test)."""
    vector = [0.0] * dimensions
    for i, char in enumerate(text.lower()):
        vector[(ord(char) + i) % dimensions] += 1.0
    norm = sum(v * v for v in vector) ** 0.5 or 1.0
    return [v / norm for v in vector]


class LlmServer:
    def __init__(self, model: str = "modele-local-test"):
        self.model = model
        self.received: list[dict] = []
        self.headers: list[dict] = []
        self.respond = _default_respond
        self.embed = _default_embed
        self.fail: int | str | None = None
        self.usage = True
        self.timeout_sleep = 2.0
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def chat_requests(self) -> list[dict]:
        return [p for p in self.received if "messages" in p]

    def start(self) -> LlmServer:
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
