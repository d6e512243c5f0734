"""Pieces shared by the benchmarks that measure the real stack: a throwaway instance (its own
SOCLE_VAR_DIR and, on PostgreSQL, its own database, both removed afterwards), gunicorn started the
way ``run_platform`` starts it, and a bounded concurrent HTTP load with keep-alive clients.

Everything stops by itself: a fixed number of requests, timeouts on every socket and subprocess,
and ``finally`` blocks that stop gunicorn and drop the database even on Ctrl-C.
"""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SOCKET_TIMEOUT = 30
# Variables of the caller's environment that must not leak into a throwaway instance.
ISOLATED_VARS = ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "SOCLE_VAR_DIR", "EMAIL_URL")


@dataclass
class Instance:
    """One throwaway Socle: ``manage(...)`` runs a management command in its environment."""

    label: str
    env: dict[str, str]
    var_dir: Path

    def manage(self, *args: str, timeout: float = 900) -> str:
        completed = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} a échoué ({self.label}) :\n{completed.stderr[-3000:]}"
            )
        return completed.stdout


def _postgres_admin(server_url: str):
    import psycopg

    parts = urlsplit(server_url)
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    return psycopg.connect(admin_url, autocommit=True, connect_timeout=10)


@contextmanager
def throwaway_instance(label: str, postgres_url: str | None = None) -> Iterator[Instance]:
    """A fresh instance on SQLite (in a temporary var dir) or, given a PostgreSQL URL, on a new
    database of that server; everything is removed on exit."""
    var_dir = Path(tempfile.mkdtemp(prefix=f"socle-bench-{label}-"))
    env = {k: v for k, v in os.environ.items() if k not in ISOLATED_VARS}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        SOCLE_HTTPS="0",
        SOCLE_VAR_DIR=str(var_dir),
        EMAIL_URL="consolemail://",
    )
    database = None
    try:
        if postgres_url:
            database = f"socle_bench_{secrets.token_hex(4)}"
            with _postgres_admin(postgres_url) as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
            parts = urlsplit(postgres_url)
            env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
        yield Instance(label=label, env=env, var_dir=var_dir)
    finally:
        if database:
            with _postgres_admin(postgres_url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _wait_ready(port: int, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn s'est arrêté :\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn ne répond pas après {timeout} s :\n{log.read_text()[-3000:]}")


@contextmanager
def gunicorn(instance: Instance, *, workers: int = 3, threads: int = 4) -> Iterator[int]:
    """gunicorn with the arguments ``run_platform`` uses, on a free port; yields the port."""
    port = free_port()
    log_path = instance.var_dir / "gunicorn.log"
    command = [
        sys.executable, "-m", "gunicorn", "socle.wsgi:application",
        "--bind", f"{HOST}:{port}",
        "--workers", str(workers),
        "--threads", str(threads),
        "--access-logfile", "-",
        "--graceful-timeout", "10",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=BASE_DIR, env=instance.env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_ready(port, process, log_path)
            yield port
        except RuntimeError as exc:
            tail = log_path.read_text(errors="replace")[-4000:]
            raise RuntimeError(f"{exc}\n--- fin du journal de gunicorn ---\n{tail}") from exc
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0

    def percentile(self, pct: int) -> float:
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[pct - 1]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        return self.percentile(95)

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.elapsed_s if self.elapsed_s else 0.0

    def merge(self, other: LoadResult) -> LoadResult:
        self.latencies_ms += other.latencies_ms
        self.errors += other.errors
        self.elapsed_s += other.elapsed_s
        return self


def _get(connection: http.client.HTTPConnection, path: str, headers: dict) -> tuple[int, bytes]:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def _client(port: int, path: str, headers: dict, tickets: Iterator[int], lock: threading.Lock,
            result: LoadResult, must_contain: bytes | None) -> None:
    """One keep-alive client: takes request tickets until none are left."""
    connection = http.client.HTTPConnection(HOST, port, timeout=SOCKET_TIMEOUT)
    try:
        while True:
            with lock:
                if next(tickets, None) is None:
                    return
            started = time.perf_counter()
            try:
                status, body = _get(connection, path, headers)
            except (http.client.HTTPException, ConnectionError):
                # The server closed an idle keep-alive connection: reconnect once.
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=SOCKET_TIMEOUT)
                started = time.perf_counter()
                status, body = _get(connection, path, headers)
            elapsed_ms = (time.perf_counter() - started) * 1000
            with lock:
                result.latencies_ms.append(elapsed_ms)
                if status != 200 or (must_contain is not None and must_contain not in body):
                    result.errors.append(f"{path} → HTTP {status}")
    except OSError as exc:
        with lock:
            result.errors.append(f"{path} → {type(exc).__name__}: {exc}")
    finally:
        connection.close()


def load(port: int, path: str, *, requests: int, clients: int, cookie: str | None = None,
         must_contain: bytes | None = None) -> LoadResult:
    """``requests`` GETs of ``path`` spread over ``clients`` concurrent keep-alive connections.
    Raises when any answer is not a 200 (holding ``must_contain``): a benchmark of error pages
    would measure nothing."""
    headers = {"Cookie": cookie} if cookie else {}
    tickets = iter(range(requests))
    lock = threading.Lock()
    result = LoadResult()
    threads = [
        threading.Thread(
            target=_client,
            args=(port, path, headers, tickets, lock, result, must_contain),
            daemon=True,
        )
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SOCKET_TIMEOUT * requests)
    result.elapsed_s = time.perf_counter() - started
    if result.errors:
        raise RuntimeError(f"{len(result.errors)} réponses en erreur, dont : {result.errors[:3]}")
    return result
