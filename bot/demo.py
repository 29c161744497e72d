"""`helpline demo`: a scripted fortnight of a trust's helpline, through the real core."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.bootstrap import Runtime, build
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


@dataclass(frozen=True)
class Step:
    """One thing that happens: day of the fortnight (0 = Monday), local time, who, what."""

    day: int
    time: str
    who: str
    what: str  # ask, claim, answer, follow, info, resolve, rate, reroute, close
    case: str = ""
    text: str = ""
    options: tuple[tuple[str, str], ...] = ()


def _ask(day: int, time: str, who: str, case: str, text: str, **options: str) -> Step:
    return Step(day, time, who, "ask", case, text, tuple(options.items()))


SCRIPT: tuple[Step, ...] = (
    _ask(
        0,
        "09:12",
        "gp-smith",
        "af",
        "New atrial fibrillation, CHA2DS2-VASc 3, no bleeding history. Start a DOAC now or "
        "wait for the cardiology clinic?",
        practice="A81001",
    ),
    Step(0, "09:40", "dr-patel", "claim", "af"),
    Step(
        0,
        "10:05",
        "dr-patel",
        "answer",
        "af",
        "Start a DOAC now (apixaban 5 mg bd unless dose-reduction criteria apply) and refer "
        "routinely to the AF clinic; no need to wait.",
    ),
    Step(0, "10:40", "gp-smith", "follow", "af", "Thanks. eGFR is 48: still 5 mg bd?"),
    Step(
        0, "11:15", "dr-patel", "answer", "af", "Yes: 5 mg bd. Recheck renal function in 6 months."
    ),
    Step(0, "11:30", "gp-smith", "resolve", "af"),
    Step(0, "11:31", "gp-smith", "rate", "af", "5", (("outcome", "referral_avoided"),)),
    _ask(
        0,
        "13:30",
        "gp-okafor",
        "bronch",
        "Urgent: 5-month-old baby with bronchiolitis, feeding at 60% of normal. Admit or "
        "manage at home?",
        urgency="urgent",
        practice="B82005",
    ),
    Step(
        0,
        "13:52",
        "dr-osei",
        "answer",
        "bronch",
        "Below 75% of normal feeds she should be seen today: please send her to the "
        "paediatric assessment unit; we will expect her.",
    ),
    Step(0, "14:05", "dr-osei", "resolve", "bronch"),
    Step(0, "14:20", "gp-okafor", "rate", "bronch", "4", (("outcome", "referral_made"),)),
    _ask(
        1,
        "08:55",
        "gp-chen",
        "nhs",
        "Discharge letter for NHS 943 476 5870 says stop bisoprolol: is that right?",
    ),
    _ask(
        1,
        "09:02",
        "gp-chen",
        "disch",
        "A discharge letter from the cardiology ward says stop bisoprolol after an admission "
        "with heart failure. Is that intended?",
        practice="C84001",
    ),
    Step(
        1,
        "11:20",
        "dr-okafor",
        "answer",
        "disch",
        "No: it was held for low blood pressure on the ward. Restart at 1.25 mg and titrate.",
    ),
    _ask(
        1,
        "10:15",
        "gp-wright",
        "psa",
        "Psoriasis for years, now swollen fingers (dactylitis) and morning stiffness. Which "
        "team should see him?",
        specialty="dermatology",
    ),
    Step(1, "14:30", "dr-price", "reroute", "psa", "rheumatology"),
    Step(
        2,
        "09:45",
        "dr-kowalski",
        "answer",
        "psa",
        "Likely psoriatic arthritis: refer to the early inflammatory arthritis clinic; "
        "start naproxen meanwhile if no contraindication.",
    ),
    Step(2, "10:30", "gp-wright", "resolve", "psa"),
    Step(2, "10:31", "gp-wright", "rate", "psa", "5", (("outcome", "referral_made"),)),
    _ask(
        2,
        "11:00",
        "gp-hughes",
        "oxygen",
        "COPD with SpO2 88% on air when stable. What are the criteria for a home oxygen "
        "assessment?",
        practice="D81002",
    ),
    Step(2, "13:10", "dr-rahman", "info", "oxygen", "Is she a current smoker?"),
    Step(3, "09:20", "gp-hughes", "follow", "oxygen", "Ex-smoker, stopped two years ago."),
    Step(
        3,
        "10:00",
        "dr-evans",
        "answer",
        "oxygen",
        "Then refer for home oxygen assessment: two readings of 88% or less when stable qualify.",
    ),
    Step(3, "10:30", "gp-hughes", "rate", "oxygen", "4", (("outcome", "advice_only"),)),
    _ask(
        3,
        "15:40",
        "gp-ali",
        "fit",
        "FIT 15 in a 52-year-old with change in bowel habit for 8 weeks: 2WW lower GI or "
        "routine gastroenterology?",
        practice="E82010",
    ),
    Step(
        4,
        "09:30",
        "dr-carter",
        "answer",
        "fit",
        "FIT of 10 or more with those symptoms meets the suspected colorectal cancer pathway: "
        "refer on the 2WW lower GI form.",
    ),
    Step(4, "09:45", "gp-ali", "resolve", "fit"),
    Step(4, "09:46", "gp-ali", "rate", "fit", "5", (("outcome", "referral_made"),)),
    _ask(
        4,
        "11:10",
        "gp-evans",
        "glp",
        "HbA1c 86 on metformin and gliclazide, BMI 38. Start a GLP-1 or refer to the diabetes "
        "clinic?",
        practice="F81003",
    ),
    Step(
        9,
        "14:00",
        "dr-mensah",
        "answer",
        "glp",
        "Start semaglutide per the local pathway; refer if HbA1c is still above 75 after 6 months.",
    ),
    _ask(
        7,
        "09:05",
        "gp-kaur",
        "letter",
        "Who do I ask about an outpatient letter that has not arrived after six weeks?",
    ),
    Step(
        7,
        "10:30",
        "dr-marsh",
        "answer",
        "letter",
        "The outpatient bookings team can resend it: their number is on the trust intranet.",
    ),
    Step(7, "10:40", "gp-kaur", "resolve", "letter"),
    _ask(
        8,
        "10:00",
        "gp-murphy",
        "chest",
        "Urgent: chest pain at rest yesterday, now pain-free, ECG shows new T-wave inversion. "
        "Same-day assessment?",
        urgency="urgent",
        practice="G81004",
    ),
    Step(
        8,
        "10:25",
        "dr-okafor",
        "answer",
        "chest",
        "Yes: send to the emergency department today for troponin; this is possible ACS.",
    ),
    Step(8, "10:40", "gp-murphy", "rate", "chest", "5", (("outcome", "admission_avoided"),)),
    _ask(
        8,
        "11:30",
        "gp-taylor",
        "egfr",
        "eGFR fell from 58 to 41 in three months after starting ramipril. Refer to renal?",
        practice="H81005",
    ),
    Step(
        8,
        "15:30",
        "dr-adeyemi",
        "answer",
        "egfr",
        "A fall over 25% after an ACE inhibitor: stop ramipril, recheck in 2 weeks, refer if "
        "it does not recover.",
    ),
    _ask(
        9,
        "09:30",
        "gp-nowak",
        "psa-blood",
        "PSA 6.2 in a 64-year-old with no urinary symptoms: 2WW urology?",
        practice="J81006",
    ),
    Step(
        9,
        "11:00",
        "mr-ahmed",
        "answer",
        "psa-blood",
        "Yes, above the age-specific threshold: refer on the suspected prostate cancer pathway.",
    ),
    Step(9, "11:30", "gp-nowak", "resolve", "psa-blood"),
    _ask(
        10,
        "14:15",
        "gp-brown",
        "seizure",
        "First unprovoked seizure last week, now well. Driving advice and first seizure "
        "clinic referral?",
        practice="K81007",
    ),
    _ask(
        11,
        "09:10",
        "gp-patel-r",
        "eczema",
        "Eczema flares in a 30-year-old despite potent steroids: when to refer to dermatology?",
        practice="L81008",
    ),
    Step(
        11,
        "12:00",
        "dr-price",
        "answer",
        "eczema",
        "Refer if two courses of potent steroid fail within 3 months; consider patch testing.",
    ),
    Step(11, "16:30", "-", "close"),
)


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
