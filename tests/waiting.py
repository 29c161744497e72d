"""Waiting on a condition with a generous bound: the CI machine can be several times slower
than a developer's and busy, so a bound only catches what never happens."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

PATIENCE = 60.0  # seconds


async def until(condition: Callable[[], object], *, within: float = PATIENCE) -> bool:
    """Poll ``condition`` every 20 ms until it is true; False only after ``within`` seconds."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True
