"""The console's commands: act as any configured person and use the helpline as they would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TextIO

from bot.platforms.commands import CONSOLE, args, find, may_use
from bot.platforms.console.commands import HANDLERS
from bot.platforms.console.help import PLAIN_WORDS
from bot.platforms.console.people import describe
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.messages import OutgoingMessage, Person, Place
from handlers.rules.screening import refusal, stopped

PLATFORM = "console"
# Questions, replies and requests for information are screened (and answered) by their use cases.
_SCREENED_BY_USE_CASE = ("ask", "reply", "info")


@dataclass
class ConsoleSession:
    """One terminal user acting as configured people."""

    helpline: Helpline
    out: TextIO
    person: str = "gp-smith"
    current: str | None = None
    _event: int = field(default=0)
    _tips: set[str] = field(default_factory=set)
    last_gp: str = "gp-smith"

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
        return describe(self.helpline.config, name)

    def handle(self, line: str) -> bool:
        """Carry out one command line; False when the user asked to quit."""
        line = line.strip()
        if not line:
            return True
        word, _, rest = line.partition(" ")
        slashed = word.startswith("/")
        command = find(word.lstrip("/"))
        offered = command is not None and command.offered_on(CONSOLE)
        typed = command is not None and offered and (slashed or command.name in PLAIN_WORDS)
        # Every command but those is screened here, before anything reads it.
        by_use_case = command is not None and command.name in _SCREENED_BY_USE_CASE
        if (typed or slashed) and not by_use_case and (found := stopped(line=line)) is not None:
            self.say(refusal(found))
        elif typed and command is not None:
            return HANDLERS[command.name](self, command.parse(rest.strip())) is not False
        elif slashed and command is not None:
            self.say(f"{word} is not a console command: use {command.elsewhere[CONSOLE]}.")
        elif slashed:
            self.say(f"Unknown command {word}. Type `help` for the list.")
        else:
            self._plain(line)
        return True

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
        to_gp = message.kind == "relay" and message.place.channel == self.helpline_channel()
        if to_gp and "answer" not in self._tips:
            self._tips.add("answer")
            return (
                f"Tip: become the GP again (`as {self.last_gp}`) to `reply` with a follow-up, "
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

    def is_clinician(self) -> bool:
        """Whether the person acted as answers questions (a clinician or an engagement lead)."""
        return may_use(self.helpline, Person(PLATFORM, self.person), "clinician")

    def _plain(self, text: str) -> None:
        if self.is_clinician():
            self.say(
                "Clinicians answer in a case's thread: `reply GPH-000001 your answer` (or `help`)."
            )
            return
        HANDLERS["ask"](self, args.ask(text))

    def home_channel(self) -> str:
        """Where this person works: their specialty's channel, or the helpline channel."""
        config = self.helpline.config
        for key in config.clinician_specialties(PLATFORM, self.person):
            if channel := config.specialties[key].channel.get(PLATFORM):
                return channel
        return self.helpline_channel()

    def helpline_channel(self) -> str:
        """The console's helpline channel."""
        return self.helpline.config.helpline.get(PLATFORM) or "helpline"

    def case_of(self, reference: str | None) -> str | None:
        """The case a command acts on: the one it names (now the current one), or the current."""
        if reference is not None:
            self.current = reference
        return self.current
