"""A known year of helpline traffic, played through the real core, with what each case should
have stored worked out by hand (09:00-17:00 Mon-Fri, England bank holidays, Europe/London).

2026: British Summer Time from Sun 29 March (01:00 UTC) to Sun 25 October; Good Friday 3 April
and Easter Monday 6 April are bank holidays.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime

from handlers.cases import actions, answers, intake
from handlers.cases.closing import close_quiet_cases
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.messages import Person, Place
from tests.fakes import FakeClock, FakeMessenger

GP = Person("console", "gp-smith")
HELPLINE = Place("console", "helpline")
CLINICIANS = {
    "cardiology": Person("console", "dr-patel"),
    "respiratory": Person("console", "dr-rahman"),
    "dermatology": Person("console", "dr-price"),
}
H = 3600
# Question texts must never reach a figure, an export or a report.
QUESTION = "Breathless on exertion since the new tablets: is it the medication?"
QUIET = "An administrative matter for the clinic."


@dataclass(frozen=True)
class Expected:
    """What one case should have stored, worked out by hand."""

    reference: str
    specialty: str | None
    month: str  # local month asked
    category: str
    practice: str | None
    first_working: int | None = None
    first_wall: int | None = None
    within: bool | None = None
    resolution_working: int | None = None
    resolution_wall: int | None = None
    reroutes: int = 0
    rating: int | None = None
    outcome: str | None = None
    open_past_target: bool = False
    answer: tuple[int, int] | None = None  # working, wall: when not the first response

    @property
    def answer_working(self) -> int | None:
        return self.answer[0] if self.answer else self.first_working

    @property
    def answer_wall(self) -> int | None:
        return self.answer[1] if self.answer else self.first_wall


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class Story:
    """Plays events through the core at given UTC instants."""

    def __init__(self, helpline: Helpline, clock: FakeClock) -> None:
        self.helpline, self.clock = helpline, clock
        self.console = FakeMessenger("console")
        self.roots: dict[str, str] = {}
        self._ids = itertools.count(1)

    async def _deliver(self) -> None:
        while await deliver_due(self.helpline.uow, {"console": self.console}, now=self.clock.now()):
            pass

    def _incoming(self, person: Person, place: Place, when: str) -> Incoming:
        self.clock.set(utc(when))
        n = next(self._ids)
        return Incoming(f"ev-{n}", person, place, self.clock.now(), f"m-{n}")

    async def ask(self, when: str, text: str, **form: str | None) -> str:
        incoming = self._incoming(GP, HELPLINE, when)
        result = intake.ask_question(self.helpline, incoming, text, **form)
        assert result.status == "created" and result.reference
        self.roots[result.reference] = incoming.message_id or ""
        await self._deliver()
        return result.reference

    def _team_thread(self, reference: str) -> Place:
        post = [
            p
            for p in self.console.posted
            if p.message.case_reference == reference and p.message.kind == "question"
        ][-1]  # the newest post: a rerouted case has one per team
        return Place("console", post.message.place.channel, post.message_id)

    async def answer(self, when: str, reference: str, specialty: str) -> None:
        place = self._team_thread(reference)
        incoming = self._incoming(CLINICIANS[specialty], place, when)
        assert answers.record_reply(self.helpline, incoming, "Advice.").status == "relayed"
        await self._deliver()

    async def gp_replies(self, when: str, reference: str) -> None:
        place = HELPLINE.in_thread(self.roots[reference])
        incoming = self._incoming(GP, place, when)
        assert answers.record_reply(self.helpline, incoming, "Here it is.").status == "relayed"
        await self._deliver()

    async def ask_back(self, when: str, reference: str, specialty: str) -> None:
        incoming = self._incoming(CLINICIANS[specialty], HELPLINE, when)
        result = actions.request_info(self.helpline, incoming, reference, "Latest bloods?")
        assert result.status == "done"

    async def reroute(self, when: str, reference: str, by: str, to: str) -> None:
        incoming = self._incoming(CLINICIANS[by], HELPLINE, when)
        assert actions.reroute(self.helpline, incoming, reference, to).status == "done"
        await self._deliver()

    async def resolve(self, when: str, reference: str, by: Person = GP) -> None:
        incoming = self._incoming(by, HELPLINE, when)
        assert actions.resolve_case(self.helpline, incoming, reference).status == "done"

    async def rate(self, when: str, reference: str, rating: int, outcome: str) -> None:
        incoming = self._incoming(GP, HELPLINE, when)
        result = actions.rate(self.helpline, incoming, reference, rating=rating, outcome=outcome)
        assert result.status == "done"

    def close_quiet(self, when: str) -> list[str]:
        self.clock.set(utc(when))
        return close_quiet_cases(self.helpline, now=self.clock.now())


async def play_2026(helpline: Helpline, clock: FakeClock) -> list[Expected]:
    """Play the year; returns what each case asked in 2026 should show."""
    s = Story(helpline, clock)
    cardio, resp, derm = "cardiology", "respiratory", "dermatology"
    await s.ask("2025-12-15 10:00", "Before the year.", specialty=cardio)

    # C8 Mon 2 Mar 09:00 GMT; answered 11:20 (2 h 20); closed after 5 quiet working days,
    # Mon 9 Mar 11:20: 5 days + 2 h 20 of working time, 7 days 2 h 20 of wall time.
    c8 = await s.ask(
        "2026-03-02 09:00", QUESTION, specialty=cardio, category="pathway", practice="B82002"
    )
    await s.answer("2026-03-02 11:20", c8, cardio)
    # C7 Mon 9 Mar 10:00: nothing routes it; the GP closes it at 12:00 without an answer.
    c7 = await s.ask("2026-03-09 10:00", QUIET)
    assert s.close_quiet("2026-03-09 11:20") == [c8]
    await s.resolve("2026-03-09 12:00", c7)
    await s.rate("2026-03-09 12:00", c8, 4, "admission_avoided")
    # C10 Mon 16 Mar urgent (2 working hours) answered at exactly 2 h: within target.
    c10 = await s.ask(
        "2026-03-16 09:00", QUESTION, specialty=cardio, urgency="urgent", practice="A81001"
    )
    await s.answer("2026-03-16 11:00", c10, cardio)
    # C1 Thu 26 Mar 16:00 GMT; answered Mon 30 Mar 10:00 BST (09:00 UTC) across the spring
    # change: 1 + 8 + 1 = 10 h working; wall 89 h (the local clock shows 90).
    c1 = await s.ask(
        "2026-03-26 16:00", QUESTION, specialty=cardio, category="referral", practice="A81001"
    )
    # C4 Fri 27 Mar 15:00 GMT; answered Thu 2 Apr 10:00 BST: 2 + 8 + 8 + 8 + 1 = 27 h, late.
    c4 = await s.ask(
        "2026-03-27 15:00", QUESTION, specialty=resp, category="discharge", practice="A81001"
    )
    await s.answer("2026-03-30 09:00", c1, cardio)
    await s.resolve("2026-03-30 11:00", c1)  # 12 h working, 91 h wall
    await s.rate("2026-03-30 11:05", c1, 5, "referral_avoided")
    # C5 Tue 31 Mar 09:30 BST to respiratory, rerouted to cardiology at 11:00, answered Wed
    # 09:30 BST: 7.5 + 0.5 = 8 h working, 24 h wall.
    c5 = await s.ask("2026-03-31 08:30", QUESTION, specialty=resp, category="other")
    await s.reroute("2026-03-31 10:00", c5, resp, cardio)
    # C6 Wed 1 Apr 00:30 BST is 31 Mar 23:30 UTC: an April question. Urgent, never answered.
    c6 = await s.ask(
        "2026-03-31 23:30", QUESTION, specialty=derm, urgency="urgent", practice="C83003"
    )
    await s.answer("2026-04-01 08:30", c5, cardio)
    # C2 Wed 1 Apr 16:30 BST urgent, answered Thu 09:45 BST: 30 + 45 min; wall 17 h 15.
    c2 = await s.ask(
        "2026-04-01 15:30",
        QUESTION,
        specialty=cardio,
        urgency="urgent",
        category="pathway",
        practice="A81001",
    )
    await s.answer("2026-04-02 08:45", c2, cardio)
    await s.answer("2026-04-02 09:00", c4, resp)
    await s.resolve("2026-04-02 10:00", c4)  # 28 h working, 139 h wall
    await s.rate("2026-04-02 10:00", c4, 2, "referral_made")
    # C3 Thu 2 Apr 14:00 BST dermatology (3 working days). Easter: Good Friday and Easter
    # Monday do not count. Asked back Tue 7 Apr 10:00 BST: 3 + 1 = 4 h, wall 116 h. The GP
    # replies Wed 11:00 (paused 7 + 2 = 9 h); answered again Wed 15:00 (4 h); resolved Thu 9 Apr
    # 10:00: 3 + 8 + 8 + 1 = 20 h less 9 h paused = 11 h working; wall 164 h. The question back
    # is the first response, not the answer: time to answer 4 + 4 = 8 h working, 145 h wall.
    c3 = await s.ask(
        "2026-04-02 13:00", QUESTION, specialty=derm, category="referral", practice="B82002"
    )
    await s.ask_back("2026-04-07 09:00", c3, derm)
    await s.gp_replies("2026-04-08 10:00", c3)
    await s.answer("2026-04-08 14:00", c3, derm)
    await s.resolve("2026-04-09 09:00", c3, by=CLINICIANS[derm])
    await s.rate("2026-04-09 10:00", c3, 3, "advice_only")
    # C11 Fri 23 Oct 16:00 BST, answered Mon 26 Oct 10:00 GMT across the autumn change:
    # 1 + 1 = 2 h working; wall 67 h (the local clock shows 66). Resolved 12:00: 4 h, 69 h.
    c11 = await s.ask(
        "2026-10-23 15:00", QUESTION, specialty=resp, category="discharge", practice="A81001"
    )
    await s.answer("2026-10-26 10:00", c11, resp)
    await s.resolve("2026-10-26 12:00", c11)
    await s.rate("2026-10-26 12:05", c11, 4, "referral_avoided")
    await s.ask("2027-01-05 10:00", "After the year.", specialty=cardio)
    clock.set(utc("2027-01-20 10:00"))

    return [
        Expected(c8, cardio, "2026-03", "pathway", "B82002", 8400, 8400, True,
                 42 * H + 20 * 60, 7 * 24 * H + 8400, rating=4, outcome="admission_avoided"),
        Expected(c7, None, "2026-03", "other", None, resolution_working=2 * H,
                 resolution_wall=2 * H),
        Expected(c10, cardio, "2026-03", "other", "A81001", 2 * H, 2 * H, True),
        Expected(c1, cardio, "2026-03", "referral", "A81001", 10 * H, 89 * H, True, 12 * H,
                 91 * H, rating=5, outcome="referral_avoided"),
        Expected(c4, resp, "2026-03", "discharge", "A81001", 27 * H, 138 * H, False, 28 * H,
                 139 * H, rating=2, outcome="referral_made"),
        Expected(c5, cardio, "2026-03", "other", None, 8 * H, 24 * H, True, reroutes=1),
        Expected(c6, derm, "2026-04", "other", "C83003", open_past_target=True),
        Expected(c2, cardio, "2026-04", "pathway", "A81001", 4500, 62100, True),
        Expected(c3, derm, "2026-04", "referral", "B82002", 4 * H, 116 * H, True, 11 * H,
                 164 * H, rating=3, outcome="advice_only", answer=(8 * H, 145 * H)),
        Expected(c11, resp, "2026-10", "discharge", "A81001", 2 * H, 67 * H, True, 4 * H,
                 69 * H, rating=4, outcome="referral_avoided"),
    ]  # fmt: skip
