"""`python -m bench stats`: the figures over a million cases, against hand-written SQL.

Generates five years of history (1,000,000 cases, 40 specialties), loads it in bulk into SQLite
and PostgreSQL (BENCH_DATABASE_URL, default the local helpline_bench database, which is wiped),
and times `helpline stats` (handlers.figures.stats.figures and its JSON) for a six-month period
and for the whole history against one hand-written SQL query per database that computes the same
figures, alternating the two, best of several runs. Then times the board's report (XLSX, charts,
HTML) for a half-year of one trust's traffic, about 600 cases, in process (the whole command:
`python -m bench report`). Target: within 1.5x of the hand-written query. BENCH_CASES changes
the history's size.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, make_url, text

from bench.handwritten import handwritten_figures
from bench.history import TZ, generate, load_postgres, load_sqlite, specialty_keys, utc
from bot.reports import build_report
from bot.reports.formats import figures_json
from handlers.config import HelplineConfig
from handlers.core import Helpline
from handlers.figures.periods import parse_period
from handlers.figures.stats import figures
from handlers.messages import Person
from storage.db import make_engine, upgrade
from storage.uow import UnitOfWorkFactory

PG_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/helpline_bench"
)
CASES = int(os.environ.get("BENCH_CASES", "1000000"))
FIRST, LAST = date(2021, 11, 1), date(2026, 10, 31)
NOW = datetime(2026, 11, 9, 10, tzinfo=UTC)
LEAD = Person("console", "lead")
TARGET_RATIO, REPORT_SECONDS = 1.5, 5.0


class FixedClock:
    """The bench's 'now', just after the history ends."""

    def now(self) -> datetime:
        return NOW


def bench_config(specialties: int) -> HelplineConfig:
    """A helpline with ``specialties`` specialties, an engagement lead and the usual targets."""
    return HelplineConfig.model_validate(
        {
            "helpline": {"console": "helpline"},
            "triage": {"console": "triage"},
            "roles": {"engagement_leads": {"console": ["lead"]}},
            "specialties": {
                key: {"name": f"Specialty {key[-2:]}", "channel": {"console": key}}
                for key in specialty_keys(specialties)
            },
        }
    )


def _best(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def _compare(
    helpline: Helpline, engine: Engine, name: str, since: datetime, until: datetime
) -> None:
    def ours() -> dict[str, Any]:
        report = figures(helpline, LEAD, since=since, until=until)
        assert report is not None
        return figures_json(helpline, report)

    def theirs(ordered_pass: bool = False) -> dict[str, Any]:
        return handwritten_figures(
            engine, since=since, until=until, as_of=NOW, tz=TZ, ordered_pass=ordered_pass
        )

    runs = 3 if (until - since).days < 400 else 2
    ours_best = theirs_best = raw_best = float("inf")
    found: dict[str, Any] = {}
    hand: dict[str, Any] = {}
    for _ in range(runs):  # alternate, so both see the same caches and load
        seconds, found = _best(1, ours)
        ours_best = min(ours_best, seconds)
        seconds, hand = _best(1, theirs)
        theirs_best = min(theirs_best, seconds)
        if engine.dialect.name == "sqlite":
            seconds, raw = _best(1, lambda: theirs(ordered_pass=True))
            raw_best = min(raw_best, seconds)
            assert raw == hand, f"the two hand-written ways disagree: {raw} {hand}"
    total = found["total"]
    same = (
        total["received"] == hand["received"]
        and total["answered"] == hand["answered"]
        and total["breaches"] == hand["breaches"]
        and total["first_response"]["working_seconds"]["median"] == hand["median"]
        and total["first_response"]["working_seconds"]["p90"] == hand["p90"]
        and len(found["by_specialty"]) == hand["specialties"]
        and len(found["by_month"]) == hand["months"]
    )
    ratio = ours_best / theirs_best
    verdict = "ok" if ratio <= TARGET_RATIO else "SLOWER THAN TARGET"
    raw = "" if raw_best == float("inf") else f"  (raw driver, same passes: {raw_best:.2f} s)"
    print(
        f"  {name:<15} {total['received']:>9,} cases  stats {ours_best:6.2f} s  "
        f"hand-written SQL {theirs_best:6.2f} s  ratio {ratio:4.2f} ({verdict})"
        f"{'' if same else '  FIGURES DIFFER'}{raw}",
        flush=True,
    )


def _run(backend: str, engine: Engine, load: Callable[[], None]) -> None:
    started = time.perf_counter()
    upgrade(engine)
    load()
    print(f"{backend}: loaded {CASES:,} cases in {time.perf_counter() - started:.1f} s", flush=True)
    helpline = Helpline(config=bench_config(40), uow=UnitOfWorkFactory(engine), clock=FixedClock())
    half = parse_period("2026-H1", today=NOW.date(), tz=TZ)
    _compare(helpline, engine, "6 months", half.since, half.until)
    _compare(helpline, engine, "whole history", utc(FIRST), utc(date(2026, 11, 1)))


def _postgres_engine() -> Engine | None:
    url = make_url(PG_URL)
    try:
        admin = make_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            )
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{url.database}"'))
        admin.dispose()
        engine = make_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        return engine
    except Exception as exc:  # no PostgreSQL here: say so and carry on with SQLite
        print(f"postgresql: skipped ({type(exc).__name__}: {exc})")
        return None


def _report(folder: Path) -> None:
    path = folder / "trust.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    trust = generate(600, first=date(2026, 1, 1), last=date(2026, 6, 30), specialties=12)
    load_sqlite(str(path), trust)
    helpline = Helpline(config=bench_config(12), uow=UnitOfWorkFactory(engine), clock=FixedClock())
    period = parse_period("2026-H1", today=NOW.date(), tz=TZ)
    seconds, files = _best(
        3, lambda: build_report(helpline, LEAD, period=period, out=folder / "report")
    )
    verdict = "ok" if seconds < REPORT_SECONDS else "SLOWER THAN TARGET"
    print(
        f"report: {len(trust)} cases, {len(files.all)} files (PDF, XLSX, 4 PNG, HTML) in "
        f"{seconds:.2f} s ({verdict}: under {REPORT_SECONDS:.0f} s)"
    )
    engine.dispose()


def main() -> None:
    """Generate, load, time, print."""
    started = time.perf_counter()
    history = generate(CASES, first=FIRST, last=LAST, specialties=40)
    print(f"generated {len(history):,} cases in {time.perf_counter() - started:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        _run("sqlite", engine, lambda: load_sqlite(str(path), history))
        engine.dispose()
        pg = _postgres_engine()
        if pg is not None:
            dsn = make_url(PG_URL).set(drivername="postgresql").render_as_string(False)
            _run("postgresql", pg, lambda: load_postgres(dsn, history))
            pg.dispose()
        _report(Path(folder))
