"""The console's commands: act as any configured person and use the helpline as they would."""

from __future__ import annotations

import shlex
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from bot.platforms.console import engagement
from handlers.cases import actions, answers, queries, thread_replies
from handlers.cases.intake import Incoming
from handlers.cases.receive import receive_question
from handlers.config.vocabulary import URGENCIES
from handlers.core import Helpline
from handlers.figures import stats
from handlers.figures.periods import PeriodError
from handlers.messages import OutgoingMessage, Person, Place
from handlers.rules.screening import refusal, stopped

PLATFORM = "console"
_SCREENED_BY_USE_CASE = ("ask", "reply", "info")

HELP = f"""\
Commands (you act as one person at a time):
  as NAME                     become NAME: a GP (any new name), or a configured clinician or lead
  who                         list the configured people and channels
  <text>                      as a GP: ask a question in the helpline channel
  ask [urgent] [specialty=KEY] [category=CATEGORY] [practice=ODS] TEXT
                              categories: referral, discharge, pathway, medication, results,
                              other
  reply [GPH-n] TEXT          answer or follow up in the case's thread
  /claim [GPH-n]              claim a question (clinicians)
  /reroute [GPH-n] KEY        move it to another specialty
  /info [GPH-n] TEXT          ask the GP for more information (pauses the clock)
  /resolve [GPH-n]            mark it resolved (GP or clinician)
  /rate [GPH-n] 1-5 [OUTCOME] rate the answer; outcomes: referral_avoided, referral_made,
                              admission_avoided, advice_only
  /outcome [GPH-n] OUTCOME    record the outcome
  /open                       your open questions (GP), your team's queue (clinician)
  /stats [PERIOD]             figures (leads): the last 30 days, or 2026-Q4, 2026-H1, 2026-11
{engagement.HELP}
  help, quit
Without GPH-n, commands act on the case you last saw."""


@dataclass
class ConsoleSession:
    """One terminal user acting as configured people."""

    helpline: Helpline
    out: TextIO
    person: str = "gp-smith"
    current: str | None = None
    _event: int = field(default=0)
    _tips: set[str] = field(default_factory=set)
    _last_gp: str = "gp-smith"

    def prompt(self) -> str:
        """The prompt: who you are, and the case commands act on."""
        on = f" [{self.current}]" if self.current else ""
        return f"{self.person}{on}> "

    def introduce(self) -> str:
        """What the first screen says."""
        specialties = ", ".join(s.name for s in self.helpline.config.specialties.values())
        return (
            "GP Helpline (local console). Specialties: " + specialties + ".\n"
            f"You are {self.describe(self.person)}. Type a question to ask it, `who` to see "
            "the people you can act as, or `help`."
        )

    def describe(self, name: str) -> str:
        """Who ``name`` is in this helpline."""
        config = self.helpline.config
        roles = []
        if config.is_engagement_lead(PLATFORM, name):
            roles.append("an engagement lead")
        led = config.led_specialties(PLATFORM, name)
        if led:
            roles.append("lead for " + ", ".join(config.specialties[k].name for k in led))
        on_rota = [k for k in config.clinician_specialties(PLATFORM, name) if k not in led]
        if on_rota:
            roles.append("a clinician in " + ", ".join(config.specialties[k].name for k in on_rota))
        return f"{name} ({'; '.join(roles) if roles else 'a GP'})"

    def handle(self, line: str) -> bool:
        """Carry out one command line; False when the user asked to quit."""
        line = line.strip()
        if not line:
            return True
        word, _, rest = line.partition(" ")
        command = word.lower().lstrip("/")
        if command in ("quit", "exit"):
            return False
        handler = self._commands().get(command)
        typed = handler is not None and (
            word.startswith("/") or command in ("help", "as", "who", "ask", "reply")
        )
        # Questions, replies and requests for information are screened (and answered) by their
        # use cases; every other command is screened here, before anything reads it.
        checked_here = (typed or word.startswith("/")) and command not in _SCREENED_BY_USE_CASE
        if checked_here and (found := stopped(line=line)) is not None:
            self.say(refusal(found))
        elif typed and handler is not None:
            handler(rest.strip())
        elif word.startswith("/"):
            self.say(f"Unknown command {word}. Type `help` for the list.")
        else:
            self._plain(line)
        return True

    def _commands(self) -> dict[str, Callable[[str], None]]:
        """Each command word and what it does with the rest of the line."""
        return {
            "help": lambda _: self.say(HELP),
            "as": self._as,
            "who": lambda _: self.say(self._who()),
            "ask": self._ask,
            "reply": self._reply,
            "claim": lambda r: self._case_action(r, "claim"),
            "resolve": lambda r: self._case_action(r, "resolve"),
            "reroute": lambda r: self._case_action(r, "reroute"),
            "info": lambda r: self._case_action(r, "info"),
            "rate": lambda r: self._case_action(r, "rate"),
            "outcome": lambda r: self._case_action(r, "outcome"),
            "open": lambda _: self._open(),
            "stats": self._stats,
            "share": lambda r: engagement.share(self, r),
            "approve": lambda r: engagement.approve(self, r),
            "attending": lambda r: engagement.rsvp(self, r, "attending"),
            "apologies": lambda r: engagement.rsvp(self, r, "apologies"),
            "digest": lambda r: engagement.digest_command(self, r),
            "agenda": lambda r: engagement.agenda_command(self, r),
            "schedule": lambda r: engagement.schedule(self, r),
        }

    def tip_for(self, message: OutgoingMessage) -> str | None:
        """A one-time hint for someone trying the console: who to become next, and how."""
        config = self.helpline.config
        if message.kind == "question" and "question" not in self._tips:
            self._tips.add("question")
            key = config.specialty_at(PLATFORM, message.place.channel)
            people = [p.user_id for p in message.mentions] or [
                who
                for entry in (config.specialties[key].rota if key else [])
                if (who := entry.who.get(PLATFORM))
            ]
            if people:
                return (
                    f"Tip: type `as {people[0]}` to act as the clinician, then `/claim` and "
                    f"`reply {message.case_reference} <your answer>`."
                )
        to_gp = message.kind == "relay" and message.place.channel == self._helpline_channel()
        if to_gp and "answer" not in self._tips:
            self._tips.add("answer")
            return (
                f"Tip: become the GP again (`as {self._last_gp}`) to `reply` with a follow-up, "
                "`/resolve` the question and `/rate` the answer."
            )
        return None

    def say(self, text: str) -> None:
        """Print a line from the console itself (not a helpline message)."""
        self.out.write(text + "\n")
        self.out.flush()

    def incoming(self, place: Place, *, message_id: bool = True) -> Incoming:
        self._event += 1
        event_id = f"console-{uuid.uuid4().hex}"
        return Incoming(
            event_id=event_id,
            person=Person(PLATFORM, self.person),
            place=place,
            at=self.helpline.clock.now(),
            message_id=f"in-{event_id[8:20]}" if message_id else None,
        )

    def _is_clinician(self) -> bool:
        config = self.helpline.config
        return bool(
            config.clinician_specialties(PLATFORM, self.person)
        ) or config.is_engagement_lead(PLATFORM, self.person)

    def _as(self, rest: str) -> None:
        name = rest.strip()
        if not name or " " in name:
            self.say("Usage: as NAME (for example `as dr-patel` or `as gp-smith`).")
            return
        self.person = name
        self.say(f"You are now {self.describe(name)}.")

    def _who(self) -> str:
        config = self.helpline.config
        lines = ["People configured for the console:"]
        people: dict[str, None] = {}
        for name in config.roles.engagement_leads.on(PLATFORM):
            people[name] = None
        for spec in config.specialties.values():
            for lead in [*spec.leads.on(PLATFORM), *spec.members.on(PLATFORM)]:
                people[lead] = None
            for entry in spec.rota:
                if who := entry.who.get(PLATFORM):
                    people[who] = None
        lines += [f"  {self.describe(name)}" for name in people]
        lines.append("Any other name is a GP, e.g. `as gp-smith`.")
        return "\n".join(lines)

    def _plain(self, text: str) -> None:
        if self._is_clinician():
            self.say(
                "Clinicians answer in a case's thread: `reply GPH-000001 your answer` (or `help`)."
            )
            return
        self._ask(text)

    def _ask(self, rest: str) -> None:
        options: dict[str, str] = {}
        words = rest.split(" ")
        while words and (words[0] in URGENCIES or "=" in words[0]):
            word = words.pop(0)
            key, _, value = word.partition("=")
            options.update({"urgency": key} if not value else {key: value})
        unknown = set(options) - {"urgency", "specialty", "category", "practice"}
        if unknown:
            self.say(f"Unknown option {sorted(unknown)[0]}=; see `help`.")
            return
        place = Place(PLATFORM, self._helpline_channel())
        result = receive_question(self.helpline, self.incoming(place), " ".join(words), **options)
        if result.reference:
            self.current = result.reference
            self._last_gp = self.person

    def home_channel(self) -> str:
        """Where this person works: their specialty's channel, or the helpline channel."""
        config = self.helpline.config
        for key in config.clinician_specialties(PLATFORM, self.person):
            if channel := config.specialties[key].channel.get(PLATFORM):
                return channel
        return self._helpline_channel()

    def _helpline_channel(self) -> str:
        return self.helpline.config.helpline.get(PLATFORM) or "helpline"

    def split_ref(self, rest: str) -> tuple[str | None, str]:
        first, _, remainder = rest.partition(" ")
        if first.upper().startswith("GPH-"):
            self.current = first.upper()
            return self.current, remainder.strip()
        return self.current, rest.strip()

    def _reply(self, rest: str) -> None:
        reference, text = self.split_ref(rest)
        if reference is None:
            self.say("Which case? `reply GPH-000001 your message`.")
            return
        me = Person(PLATFORM, self.person)
        thread = queries.case_thread(self.helpline, reference, me)
        if thread is None:
            self.say(f"You have no thread for {reference} on the console.")
            return
        incoming = self.incoming(thread)
        result = answers.record_reply(self.helpline, incoming, text)
        thread_replies.tell_dropped(self.helpline, incoming, result)

    def _case_action(self, rest: str, action: str) -> None:
        reference, argument = self.split_ref(rest)
        if reference is None:
            self.say(f"Which case? `/{action} GPH-000001 ...`.")
            return
        place = queries.case_thread(self.helpline, reference, Person(PLATFORM, self.person))
        incoming = self.incoming(
            place or Place(PLATFORM, self._helpline_channel()), message_id=False
        )
        h = self.helpline
        if action == "claim":
            actions.claim(h, incoming, reference)
        elif action == "resolve":
            actions.resolve_case(h, incoming, reference)
        elif action == "reroute":
            if not argument:
                self.say("Reroute to which specialty? " + ", ".join(h.config.specialties))
                return
            actions.reroute(h, incoming, reference, argument)
        elif action == "info":
            actions.request_info(h, incoming, reference, argument)
        elif action == "rate":
            self._rate(incoming, reference, argument)
        elif action == "outcome":
            actions.rate(h, incoming, reference, outcome=argument or None)

    def _rate(self, incoming: Incoming, reference: str, argument: str) -> None:
        parts = shlex.split(argument)
        if not parts or not parts[0].isdecimal():
            self.say("Usage: /rate GPH-000001 1-5 [outcome]")
            return
        outcome = parts[1] if len(parts) > 1 else None
        actions.rate(self.helpline, incoming, reference, rating=int(parts[0]), outcome=outcome)

    def _open(self) -> None:
        me = Person(PLATFORM, self.person)
        config = self.helpline.config
        if self._is_clinician():
            lines = []
            for key in config.clinician_specialties(PLATFORM, self.person):
                queue = queries.team_queue(self.helpline, key)
                lines.append(f"{config.specialties[key].name}: {len(queue)} open")
                lines += [f"  {c.summary}" for c in queue]
            mine = queries.claimed_by(self.helpline, me)
            lines.append(f"Claimed by you: {len(mine)}")
            lines += [f"  {c.summary}" for c in mine]
            self.say("\n".join(lines))
            return
        questions = queries.open_questions_of_gp(self.helpline, me)
        if not questions:
            self.say("You have no open questions.")
        for line in questions:
            self.say(f"  {line.summary}")

    def _stats(self, rest: str) -> None:
        try:
            report = stats.chat_figures(self.helpline, Person(PLATFORM, self.person), rest)
        except PeriodError as exc:
            self.say(f"{exc}. Usage: /stats [PERIOD]")
            return
        if report is None:
            self.say(stats.NOT_A_LEAD)
            return
        self.say(stats.figures_text(self.helpline, report))
