"""``python -m benchmarks [word ...]``: run every ``benchmarks/bench_*.py`` (or those whose name
contains one of the words), print one table, write var/bench/results.json. Exit code 1 when a
benchmark failed (the others still run)."""

from __future__ import annotations

import datetime
import importlib
import json
import os
import pkgutil
import platform
import sys
import time
import traceback
from pathlib import Path

import benchmarks

RESULTS = Path(__file__).resolve().parent.parent / "var" / "bench" / "results.json"
KEYS = ("name", "value", "unit", "baseline", "note")


def discover(words: list[str]) -> list[str]:
    names = sorted(
        info.name for info in pkgutil.iter_modules(benchmarks.__path__)
        if info.name.startswith("bench_")
    )
    return [n for n in names if not words or any(w in n for w in words)]


def _check(module: str, rows: list[dict]) -> list[dict]:
    for row in rows:
        missing = [k for k in KEYS if k not in row]
        if missing:
            raise ValueError(f"{module}: result {row.get('name')!r} lacks {missing}")
    return [{"module": module, **row} for row in rows]


def _number(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.1f}".replace(",", " ") if isinstance(value, float | int) else str(value)


def print_table(rows: list[dict]) -> None:
    table = [("benchmark", "valeur", "référence", "unité", "note")] + [
        (r["name"], _number(r["value"]), _number(r["baseline"]), r["unit"], r["note"])
        for r in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(4)]
    for index, line in enumerate(table):
        numbers = zip(line[1:4], widths[1:], strict=True)
        cells = [line[0].ljust(widths[0])] + [c.rjust(w) for c, w in numbers]
        print("  ".join([*cells, line[4]]))
        if index == 0:
            print("  ".join("-" * w for w in widths) + "  ----")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
    }


def main(words: list[str]) -> int:
    started = time.monotonic()
    rows, failures = [], []
    for name in discover(words):
        print(f"== {name}", flush=True)
        module_started = time.monotonic()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            rows += _check(name, module.run())
        except Exception:  # one failing benchmark must not hide the others' figures
            failures.append({"module": name, "error": traceback.format_exc()})
            print(traceback.format_exc(), file=sys.stderr)
        print(f"   {time.monotonic() - module_started:.0f} s", flush=True)
    print()
    print_table(rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "duration_s": round(time.monotonic() - started, 1),
        "results": rows,
        "failures": failures,
    }
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nRésultats : {RESULTS}")
    if failures:
        print(f"{len(failures)} benchmark(s) en échec : "
              f"{', '.join(f['module'] for f in failures)}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
