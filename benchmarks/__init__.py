"""Benchmarks and evaluations run by ``make bench`` (``python -m benchmarks``).

Each ``benchmarks/bench_*.py`` module exposes ``run() -> list[dict]``; every dict has the keys
``name``, ``value``, ``unit``, ``baseline`` and ``note``, the baseline being measured in the same
run (see benchmarks/README.md). ``harness.py`` holds the shared pieces (throwaway instance,
gunicorn, bounded HTTP load).
"""
