"""`python -m bench text`: screening and routing a long GP question, the work every question
gets before it is a case.

A 2,000-character question is screened by the privacy guard (handlers.rules.privacy.screen) and
routed across the example trust's specialties (handlers.rules.routing.Router); each is timed best of
many runs and as a median. Target: routing under 2 ms. Then 1,000 of the outsider's labelled GP
questions (tests/corpus/routing_dev.py, repeated) are routed one after another, best of 7.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from bot.config_file import default_config_path, load_config
from handlers.rules.privacy import screen
from handlers.rules.routing import Router
from tests.corpus.routing_dev import CASES

RUNS = 200
TARGET_ROUTING_MS = 2.0
QUESTION = (
    "Dear colleague, 67 year old man with intermittent palpitations and near syncope. ECG "
    "sinus rhythm, BNP 80, U&E and LFTs normal. On ramipril for hypertension. Advice please. "
) * 12


def main() -> None:
    """Time the guard and the router on a 2,000-character question and print the figures."""
    text = QUESTION[:2000]
    config = load_config(default_config_path())
    router = Router(config)
    for name, work in (
        ("privacy guard", lambda: screen(text)),
        ("routing", lambda: router.route(text)),
    ):
        best, median = _timed(work)
        print(f"{name}, {len(text)} characters: best {best:.3f} ms, median {median:.3f} ms")
        if name == "routing":
            specialties = len(config.specialties)
            verdict = "within" if best < TARGET_ROUTING_MS else "OVER"
            print(
                f"  across {specialties} specialties; {verdict} the {TARGET_ROUTING_MS} ms target"
            )
    questions = [CASES[i % len(CASES)][0] for i in range(1000)]
    times = []
    for _ in range(7):
        started = time.perf_counter()
        for question in questions:
            router.route(question)
        times.append((time.perf_counter() - started) * 1000)
    best, median = min(times), statistics.median(times)
    print(f"routing 1,000 GP questions: best {best:.1f} ms, median {median:.1f} ms")


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """Best and median of ``RUNS`` runs of ``work``, in milliseconds."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times)
