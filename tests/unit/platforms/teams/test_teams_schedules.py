"""Which Teams messages are the engagement rhythm's commands, and which are still questions."""

from __future__ import annotations

import pytest

from bot.platforms.teams.chat import recognise


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("digest add", ("digest", "add")),
        ("Digest EDIT 3", ("digest", "EDIT 3")),
        ("digest preview", ("digest", "preview")),
        ("meeting", ("meeting", "")),
        ("meeting cancel scl 2027-01-12", ("meeting", "cancel scl 2027-01-12")),
        ("meetings", ("meetings", "")),
        ("agenda add Winter pressures", ("agenda", "add Winter pressures")),
        ("Digest of the discharge letter: is it enough?", None),
        ("Meeting notes from clinic: AF follow-up?", None),
        ("meetings tomorrow?", None),
        ("agenda for the MDT?", None),
    ],
)
def test_teams_takes_only_these_words_as_commands(
    text: str, command: tuple[str, str] | None
) -> None:
    assert recognise(text) == command
