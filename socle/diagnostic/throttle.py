"""Politeness and sharing across workers, both kept in Django's cache (Redis at scale, files in
the embedded mode), so every worker process on every machine sees the same counters and facts.

- :func:`acquire`: at most ``per_second`` requests a second to one destination address (a
  fixed one-second window counted with ``cache.incr`` on Redis; counted in memory when the
  cache is files or memory, i.e. one worker process, the embedded mode). The wait is bounded:
  past ``max_wait`` the request goes anyway, so the limiter slows a scan down but never makes a
  check fail.
- :func:`shared`: a value computed once for every worker (the facts of a shared mail host:
  banner, STARTTLS, country), kept ``ttl`` seconds. One worker takes a short lease and probes;
  the others wait for its answer (bounded) instead of probing the same host again.

Any cache failure falls back to "no limit" / "compute here": the cache is an optimisation.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)

PREFIX = "diagnostic:"
POLL = 0.05  # seconds between two looks at a value another worker is computing

_memo: dict[str, tuple[float, Any]] = {}  # this process: key -> (expires at, value)
_memo_guard = threading.Lock()
_key_locks: dict[str, threading.Lock] = {}


def fingerprint(*parts: Any) -> str:
    """A short stable hash of JSON-able parts (the network a config reaches: resolver, ports)."""
    raw = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def acquire(destination: str, *, per_second: float, max_wait: float = 10.0) -> float:
    """Wait for a slot to send one request to ``destination`` (an IP address); return the
    seconds waited. ``per_second`` <= 0 turns the limit off."""
    if per_second <= 0 or not destination:
        return 0.0
    limit = max(1, int(per_second))
    started = time.monotonic()
    while True:
        now = time.time()
        key = f"{PREFIX}rate:{destination}:{int(now)}"
        try:
            count = _count(key)
        except Exception:  # a broken cache must not stop the scan
            logger.warning("diagnostic rate limiter: cache unavailable", exc_info=True)
            return time.monotonic() - started
        waited = time.monotonic() - started
        if count <= limit or waited >= max_wait:
            return waited
        time.sleep(min(int(now) + 1 - now + 0.001, max_wait - waited))


_counts: dict[str, int] = {}
_counts_window = [0]


def _process_local() -> bool:
    """True when the cache is not shared between machines (files, memory): the embedded mode,
    where one worker process scans, counts in memory instead (exact, and no file per count)."""
    return not type(cache).__module__.startswith("django.core.cache.backends.redis")


def _count(key: str) -> int:
    """Add one to the counter ``key`` (a one-second window) and return it."""
    if not _process_local():
        cache.add(key, 0, timeout=5)
        return cache.incr(key)
    window = int(time.time())
    with _memo_guard:
        if _counts_window[0] != window:  # older windows are over: forget them
            _counts.clear()
            _counts_window[0] = window
        _counts[key] = _counts.get(key, 0) + 1
        return _counts[key]


def _lock_for(key: str) -> threading.Lock:
    with _memo_guard:
        return _key_locks.setdefault(key, threading.Lock())


def _remember(key: str, value: Any, ttl: float) -> None:
    with _memo_guard:
        if len(_memo) > 10_000:
            _memo.clear()
        _memo[key] = (time.monotonic() + ttl, value)


def shared(
    key: str,
    compute: Callable[[], Any],
    *,
    ttl: float | Callable[[Any], float],
    wait: float,
) -> Any:
    """The value of ``key`` for every worker, computed by ``compute`` at most once per ``ttl``
    seconds (as long as the cache keeps it); ``ttl`` may depend on the value (a failed probe is
    kept less long). ``compute`` must return a picklable, non-None value."""
    key = f"{PREFIX}shared:{key}"
    with _memo_guard:
        memo = _memo.get(key)
    if memo and memo[0] > time.monotonic():
        return memo[1]
    with _lock_for(key):  # threads of this process: one asks the cache / computes
        with _memo_guard:
            memo = _memo.get(key)
        if memo and memo[0] > time.monotonic():
            return memo[1]
        try:
            value = cache.get(key)
            leased = value is None and cache.add(f"{key}:lease", 1, timeout=max(1, int(wait)))
        except Exception:  # compute here when the cache is down
            logger.warning("diagnostic shared cache unavailable", exc_info=True)
            return compute()
        if value is None and not leased:  # another worker is probing: wait for its answer
            deadline = time.monotonic() + wait
            while value is None and time.monotonic() < deadline:
                time.sleep(POLL)
                value = cache.get(key)
        if value is None:
            value = compute()
            seconds = ttl(value) if callable(ttl) else ttl
            cache.set(key, value, timeout=int(seconds))
            if leased:
                cache.delete(f"{key}:lease")
        else:
            seconds = ttl(value) if callable(ttl) else ttl
        _remember(key, value, min(seconds, 300))
        return value


def forget_local() -> None:
    """Drop this process's copies (tests: the next call reads the shared cache again)."""
    with _memo_guard:
        _memo.clear()
