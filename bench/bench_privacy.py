"""Privacy guard speed: a typical question, and the 3,000-character message of the issue's target.

Screening runs on every question before its Slack ack, so its cost is part of every ack. Target:
a 3,000-character message screened in under 5 ms.
"""

from __future__ import annotations

import statistics
import time

from handlers.rules.privacy import screen
from tests.corpus import privacy_generated, privacy_outsider

_TARGET_MS = 5.0


def _times(texts: list[str], rounds: int) -> list[float]:
    """Milliseconds for each screening of each text, over the given number of rounds."""
    out: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            screen(text)
            out.append((time.perf_counter() - start) * 1000)
    return out


def _long_messages(texts: list[str]) -> list[str]:
    """Messages of 3,000 characters made of consecutive corpus questions."""
    joined = "\n".join(texts)
    return [joined[i : i + 3000] for i in range(0, len(joined) - 3000, 3000)][:200]


def main() -> None:
    """Print p50 / p99 screening time for corpus questions and for 3,000-character messages."""
    texts = [text for text, _ in privacy_outsider.cases() + privacy_generated.cases()]
    short = sorted(_times(texts, 3))
    long = sorted(_times(_long_messages(texts), 5))
    for label, values in (("corpus question", short), ("3,000-character message", long)):
        p50 = statistics.median(values)
        p99 = values[int(len(values) * 0.99)]
        print(f"privacy guard, {label}: p50 {p50:.3f} ms, p99 {p99:.3f} ms ({len(values)} runs)")
    p99_long = long[int(len(long) * 0.99)]
    verdict = "met" if p99_long < _TARGET_MS else "MISSED"
    print(f"target: 3,000 characters under {_TARGET_MS:.0f} ms at p99: {verdict}")
