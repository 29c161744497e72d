"""The shared table of chat commands: every platform dispatches each command it offers, and
prints exactly those in its help."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import cast

import pytest

from bot.platforms.commands import COMMANDS, CONSOLE, PLATFORMS, SLACK, TEAMS, args, find, offered
from bot.platforms.console import commands as console_commands
from bot.platforms.console.help import help_text as console_help
from bot.platforms.console.session import ConsoleSession
from bot.platforms.slack import commands as slack_commands
from bot.platforms.slack.edge import Edge
from bot.platforms.slack.invocation import Handler, Invocation
from bot.platforms.teams import chat
from bot.platforms.teams.commands import Said
from handlers.cases.intake import Incoming
from handlers.config import HelplineConfig
from handlers.core import Helpline
from handlers.messages import Person, Place
from handlers.text import spans

# Arguments in each command's shape, where it needs some.
SAMPLES = {
    "stats": "2026-Q4",
    "report": "2026-H2",
    "digest": "list",
    "agenda": "add Winter pressures",
    "meeting": "cancel scl 2027-01-12",
    "as": "dr-patel",
    "reply": "GPH-000001 Thanks",
    "rate": "GPH-000001 5",
    "attending": "3",
    "apologies": "3",
}
HANDLERS = {
    SLACK: slack_commands.HANDLERS,
    TEAMS: chat.HANDLERS,
    CONSOLE: console_commands.HANDLERS,
}


def test_every_word_names_one_command_and_every_gap_says_what_instead() -> None:
    words = [word for c in COMMANDS for word in (c.name, *c.aliases)]
    assert len(words) == len(set(words))
    for command in COMMANDS:
        assert set(command.elsewhere) <= set(PLATFORMS)
        assert all(command.elsewhere.values())
        assert any(command.offered_on(p) for p in PLATFORMS)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platform_has_a_handler_for_exactly_the_commands_it_offers(platform: str) -> None:
    assert set(HANDLERS[platform]) == {c.name for c in offered(platform)}


def test_slack_dispatches_every_command_it_offers(monkeypatch: pytest.MonkeyPatch) -> None:
    for command in offered(SLACK):
        seen: list[object] = []
        handler = slack_commands.HANDLERS[command.name]
        fake = Handler(lambda _invocation, asked, seen=seen: seen.append(asked) or "ok")
        monkeypatch.setitem(slack_commands.HANDLERS, command.name, fake)
        invocation = Invocation(
            cast(Edge, None), Person("slack", "U0GP"), "C0", SAMPLES.get(command.name, ""), "t", NOW
        )
        assert slack_commands.run(command, invocation) == "ok"
        assert seen == [command.parse(SAMPLES.get(command.name, ""))]
        monkeypatch.setitem(slack_commands.HANDLERS, command.name, handler)


def test_teams_dispatches_every_command_it_offers_in_its_shape() -> None:
    for command in offered(TEAMS):
        typed = f"{command.name} {SAMPLES.get(command.name, '')}".strip()
        assert chat.recognise(typed) == (command.name, SAMPLES.get(command.name, ""))
    for command in COMMANDS:
        if not command.offered_on(TEAMS):  # "who is on call?" is a question in Teams
            assert chat.recognise(f"{command.name} {SAMPLES.get(command.name, '')}") is None


def test_the_console_dispatches_every_command_it_offers(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    session = ConsoleSession(cast(Helpline, None), out)
    for command in offered(CONSOLE):
        seen: list[object] = []
        fake = lambda _session, asked, seen=seen: seen.append(asked)  # noqa: E731
        monkeypatch.setitem(console_commands.HANDLERS, command.name, fake)
        assert session.handle(f"/{command.name} {SAMPLES.get(command.name, '')}")
        assert seen == [command.parse(SAMPLES.get(command.name, ""))], command.name
    for command in COMMANDS:
        if not command.offered_on(CONSOLE):
            session.handle(f"/{command.name}")
            assert command.elsewhere[CONSOLE] in out.getvalue()


def test_slack_help_lists_exactly_the_slack_commands() -> None:
    listed = re.findall(r"^`/helpline ([^ `]+)", slack_commands.help_text(), re.MULTILINE)
    assert listed == [c.name for c in offered(SLACK)]


def test_console_help_lists_exactly_the_console_commands() -> None:
    starts = [line.split()[0] for line in console_help().splitlines() if line[:3].strip()]
    listed = [word.strip(",/") for word in starts if word not in ("<text>", "Commands")]
    listed = [word for word in listed if find(word) is not None]
    assert listed == [c.name for c in offered(CONSOLE)]


@pytest.mark.parametrize(
    ("user", "roles"),
    [
        ("29:1leadJonesA1b2C3", {"anyone", "lead", "engagement lead", "clinician"}),
        ("29:1cardLeadA1b2C3", {"anyone", "lead", "clinician"}),
        ("29:1someGpA1b2C3", {"anyone"}),
    ],
)
def test_teams_help_lists_the_teams_commands_the_person_may_use(
    config: HelplineConfig, user: str, roles: set[str]
) -> None:
    helpline = cast(Helpline, SimpleNamespace(config=config))
    place = Place("teams", "a:personal", direct=True)
    said = Said(helpline, Incoming("e1", Person("teams", user), place, NOW), place, "e1")
    text = chat.help_message(said).text
    listed = [span.text.split()[0] for span in spans(text) if span.kind == "bold"]
    assert listed == [c.name for c in offered(TEAMS) if c.role in roles]


NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("add Winter pressures", args.AgendaAdd("Winter pressures")),
        ("ADD  Winter pressures ", args.AgendaAdd("Winter pressures")),
        ("Winter pressures", args.AgendaAdd("Winter pressures")),  # the console's short form
        ("add", None),
        ("", None),
    ],
)
def test_agenda_add_is_read_once_for_every_platform(typed: str, read: object) -> None:
    command = find("agenda")
    assert command is not None
    assert command.parse(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("add", args.DigestForm()),
        ("list", args.DigestList()),
        ("Preview", args.DigestPreview()),
        ("edit 3", args.DigestEdit(3)),
        ("withdraw 12", args.DigestWithdraw(12)),
        ("edit ²", args.DigestUsage("edit")),
        ("frobnicate", args.DigestUsage("frobnicate")),
    ],
)
def test_digest_commands_are_read_once_for_every_platform(typed: str, read: object) -> None:
    assert args.digest(typed) == read


def test_ask_reads_the_console_options_and_keeps_the_question_as_typed() -> None:
    asked = args.ask("urgent specialty=cardiology New AF, start a DOAC?")
    assert asked.options == {"urgency": "urgent", "specialty": "cardiology"}
    assert asked.question == "New AF, start a DOAC?"
    assert asked.typed == "urgent specialty=cardiology New AF, start a DOAC?"
    assert args.ask("eGFR=48 is it safe?").unknown == "eGFR"


def test_a_rating_reads_its_case_number_and_outcome() -> None:
    assert args.rate("gph-000001 5 referral_avoided") == args.Rate(
        "GPH-000001", 5, "referral_avoided"
    )
    assert args.rate("five") == args.Rate(None, None, None)
    assert args.rate('5 "unclosed') == args.Rate(None, None, None)
