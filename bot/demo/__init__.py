"""`helpline demo`: a scripted fortnight of a trust's helpline, through the real core."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.bootstrap import Runtime, build
from bot.demo.script import SCRIPT, Step
from bot.platforms.console.messenger import ConsoleMessenger
from bot.settings import Settings
from handlers.cases import actions, answers, queries
from handlers.cases.closing import close_quiet_cases
from handlers.cases.intake import Incoming
from handlers.cases.receive import receive_question
from handlers.figures import stats
from handlers.messages import Person, Place

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 11, 9, tzinfo=LONDON)  # Monday 9 November 2026
P = "console"


def run_demo(*, database_url: str, out: TextIO) -> None:
    """Replay the script on a fresh database and print the transcript and the figures."""
    asyncio.run(_run(database_url, out))


class _ScriptClock:
    def __init__(self) -> None:
        self.at = START.astimezone(UTC)

    def now(self) -> datetime:
        return self.at


async def _run(database_url: str, out: TextIO) -> None:
    clock = _ScriptClock()
    settings = Settings(database_url=database_url)
    runtime = build(settings, platforms=(P,), clock=clock, migrate=True)
    messenger = ConsoleMessenger(out, runtime.helpline.config, compact=True)
    runtime.add_messenger(messenger)
    out.write("GP Helpline demo: a fortnight at the trust, 9 to 20 November 2026.\n\n")
    cases: dict[str, str] = {}
    ids = itertools.count(1)
    for step in sorted(SCRIPT, key=lambda s: (s.day, s.time)):
        hour, minute = (int(x) for x in step.time.split(":"))
        local = (START + timedelta(days=step.day)).replace(hour=hour, minute=minute)
        clock.at = local.astimezone(UTC)
        out.write(f"\n=== {local:%a %d %b %H:%M} · {_describe(step)}\n")
        _play(runtime, step, cases, next(ids))
        while await runtime.deliver():
            pass
    _summary(runtime, out)
    runtime.engine.dispose()


def _describe(step: Step) -> str:
    verbs = {
        "ask": "asks a question",
        "claim": "claims it",
        "answer": "answers",
        "follow": "follows up",
        "info": "asks the GP for information",
        "resolve": "resolves it",
        "rate": "rates the answer",
        "reroute": f"reroutes it to {step.text}",
        "close": "the helpline closes quiet cases",
    }
    return f"{step.who} {verbs[step.what]}" if step.who != "-" else verbs[step.what]


def _play(runtime: Runtime, step: Step, cases: dict[str, str], n: int) -> None:
    helpline = runtime.helpline
    now = helpline.clock.now()
    person = Person(P, step.who)
    if step.what == "ask":
        incoming = Incoming(f"demo-{n}", person, Place(P, "helpline"), now, f"q{n}")
        result = receive_question(helpline, incoming, step.text, **dict(step.options))
        if result.reference:
            cases[step.case] = result.reference
        return
    if step.what == "close":
        close_quiet_cases(helpline, now=now)
        return
    reference = cases[step.case]
    thread = queries.case_thread(helpline, reference, person) or Place(P, "helpline")
    incoming = Incoming(f"demo-{n}", person, thread, now, f"r{n}")
    if step.what in ("answer", "follow"):
        answers.record_reply(helpline, incoming, step.text)
    elif step.what == "claim":
        actions.claim(helpline, incoming, reference)
    elif step.what == "info":
        actions.request_info(helpline, incoming, reference, step.text)
    elif step.what == "resolve":
        actions.resolve_case(helpline, incoming, reference)
    elif step.what == "reroute":
        actions.reroute(helpline, incoming, reference, step.text)
    elif step.what == "rate":
        outcome = dict(step.options).get("outcome")
        actions.rate(helpline, incoming, reference, rating=int(step.text), outcome=outcome)


def _summary(runtime: Runtime, out: TextIO) -> None:
    helpline = runtime.helpline
    lead = Person(P, "lead-jones")
    report = stats.figures(helpline, lead, since=START.astimezone(UTC), until=helpline.clock.now())
    out.write("\n=== Figures for the fortnight, as the engagement lead sees them\n")
    if report is not None:
        out.write(stats.figures_text(helpline, report) + "\n")
