"""`python -m bench report`: the whole `helpline report --period 2026-H1` command, as a user runs
it (a new process, imports included), median of 3.

A trust's half-year (600 cases, 12 specialties) on SQLite, and on PostgreSQL when it is there
(BENCH_DATABASE_URL, default the local helpline_bench database, which is wiped). A national
half-year (300,000 cases, 40 specialties) takes minutes to build and run, so it is opt-in:
BENCH_REPORT_NATIONAL=1. Targets: under 2 s for the trust, under 20 s for the nation.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import make_url

from bench.bench_stats import PG_URL, _postgres_engine, bench_config
from bench.history import History, generate, load_postgres, load_sqlite
from storage.db import make_engine, upgrade

NATIONAL = os.environ.get("BENCH_REPORT_NATIONAL") == "1"
RUNS = 3
SIZES = {"trust": (600, 12, 2.0), "national": (300_000, 40, 20.0)}  # cases, specialties, target


def _command(folder: Path, url: str, specialties: int) -> float:
    """Seconds for one `helpline report` on the database at ``url``."""
    config = folder / f"helpline-{specialties}.yaml"
    config.write_text(json.dumps(bench_config(specialties).model_dump(mode="json")))
    env = {**os.environ, "DATABASE_URL": url, "HELPLINE_CONFIG": str(config)}
    command = [sys.executable, "-m", "bot", "report", "--period", "2026-H1"]
    started = time.perf_counter()
    subprocess.run(
        [*command, "--out", str(folder / "report")], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - started


def _time(name: str, backend: str, folder: Path, url: str, history: History) -> None:
    _, specialties, target = SIZES[name]
    times = [_command(folder, url, specialties) for _ in range(RUNS)]
    median = statistics.median(times)
    verdict = "ok" if median < target else "SLOWER THAN TARGET"
    print(
        f"  {name} half-year, {len(history):,} cases, {backend}: median {median:.2f} s of "
        f"{', '.join(f'{t:.2f}' for t in times)} s ({verdict}: under {target:.0f} s)",
        flush=True,
    )


def _sqlite(folder: Path, history: History) -> str:
    path = folder / f"report-{len(history)}.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    load_sqlite(str(path), history)
    return f"sqlite:///{path}"


def _postgres(history: History) -> str | None:
    engine = _postgres_engine()
    if engine is None:
        return None
    upgrade(engine)
    engine.dispose()
    load_postgres(make_url(PG_URL).set(drivername="postgresql").render_as_string(False), history)
    return PG_URL


def _bench(name: str, folder: Path) -> None:
    cases, specialties, _ = SIZES[name]
    started = time.perf_counter()
    history = generate(
        cases, first=date(2026, 1, 1), last=date(2026, 6, 30), specialties=specialties
    )
    loads: list[tuple[str, Callable[[], str | None]]] = [
        ("SQLite", lambda: _sqlite(folder, history)),
        ("PostgreSQL", lambda: _postgres(history)),
    ]
    for backend, load in loads:
        url = load()
        if url is not None:
            print(f"  ({backend}: {cases:,} cases built in {time.perf_counter() - started:.1f} s)")
            _time(name, backend, folder, url, history)
        started = time.perf_counter()


def main() -> None:
    """Build the databases, time the command, print."""
    with tempfile.TemporaryDirectory() as folder:
        _bench("trust", Path(folder))
        if NATIONAL:
            _bench("national", Path(folder))
        else:
            print(
                "  national half-year (300,000 cases): "
                "BENCH_REPORT_NATIONAL=1 python -m bench report"
            )
