"""`python -m bench workers`: how long three `helpline run` workers on PostgreSQL take for
2,000 GP questions, each answered and claimed as soon as its team post appears, every event
delivered twice to two different workers at the same moment (6,000 events, 12,000 requests).

The exchange is tests/e2e/exchange.py's, which tests/e2e/test_workers.py runs for a fixed time
to check that every event is handled once; here the count is fixed and the time is measured.
``BENCH_WORKERS_QUESTIONS`` changes the count; ``SOAK_SERVER_URL`` is the PostgreSQL server on
loopback (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres), where the database
helpline_bench_workers is created and dropped.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

WORKERS = 3
DATABASE = "helpline_bench_workers"


def main() -> None:
    """Run the exchange and print its figures."""
    asyncio.run(_main())


async def _main() -> None:
    import aiohttp

    from tests.e2e.exchange import IN_FLIGHT, Load, exchange
    from tests.e2e.fake_slack import FakeSlack
    from tests.e2e.workers import (
        database_engine,
        migrate,
        own_database,
        percentile,
        running_workers,
    )

    questions = int(os.environ.get("BENCH_WORKERS_QUESTIONS", "2000"))
    server = os.environ.get(
        "SOAK_SERVER_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    fake = FakeSlack()
    await fake.start()
    try:
        with tempfile.TemporaryDirectory() as tmp, own_database(DATABASE, server=server) as url:
            logs = Path(tmp)
            await asyncio.to_thread(migrate, url, cwd=logs)
            engine = database_engine(url)
            try:
                async with (
                    running_workers(url, fake.url, logs, count=WORKERS) as pool,
                    aiohttp.ClientSession(
                        connector=aiohttp.TCPConnector(limit=2 * IN_FLIGHT),
                        timeout=aiohttp.ClientTimeout(total=30),
                    ) as http,
                ):
                    started = time.monotonic()
                    load = Load(most=questions, at_least=questions)
                    result = await exchange(pool.started, http, engine, load)
                    took = time.monotonic() - started
            finally:
                engine.dispose()
    finally:
        await fake.stop()
    asked, latencies = len(result.asked), result.sender.latencies
    ok = result.statuses == Counter({200: 6 * asked}) and not result.outbox.get("dead")
    print(
        f"{WORKERS} workers, {asked} questions ({3 * asked} events, each sent twice): "
        f"every request acked after {result.acked_after:.1f} s, outbox empty after "
        f"{took:.1f} s ({3 * asked / took:.0f} events/s); ack p50 / p99 "
        f"{percentile(latencies, 0.5) * 1000:.0f} / {percentile(latencies, 0.99) * 1000:.0f} ms; "
        f"{len(fake.calls)} Web API calls; {'all acknowledged' if ok else 'FAILURES'}: "
        f"{dict(result.statuses)}"
    )
