"""The fake Teams connector with faults: down for a while (429 with Retry-After, a 5xx, or no
answer at all, as its ``switch`` says), or refusing every call about one channel or chat for good
(the app removed from a team, a chat the bot is no longer part of)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from bot.platforms.teams.ids import THREAD_MARK
from tests.e2e.fake_connector import (
    Call,
    FakeConnector,
    TeamsEnv,
    error_answer,
    personal_conversation,
    running_teams,
)
from tests.e2e.outages import Switch
from tests.fakes import FakeClock


@dataclass
class FaultyConnector(FakeConnector):
    """The fake connector, which can be down for a while or refuse one place for good."""

    switch: Switch = field(default_factory=Switch)
    refused: dict[str, int] = field(default_factory=dict)

    def refuse(self, place: str, status: int) -> None:
        """Answer every call about the channel or chat ``place`` with ``status`` from now on."""
        self.refused[place] = status

    def succeeded(self) -> list[Call]:
        """Every call the connector carried out."""
        return [c for c in self.calls if c.answered < 300]

    def failed(self) -> list[Call]:
        """Every call it refused or failed."""
        return [c for c in self.calls if c.answered >= 300]

    def about(self, place: str) -> list[Call]:
        """Every call about the channel or chat ``place``, whatever its answer."""
        return [c for c in self.calls if place_of(c) == place]

    async def _fail(self, call: Call) -> web.Response | None:
        refusal = self.refused.get(place_of(call))
        if refusal is not None:
            call.answered = refusal
            return error_answer(refusal)
        outage = self.switch.outage
        if outage is not None:
            call.answered = outage.status
            if outage.hang:  # nothing is carried out; the client gives up first
                await self.switch.hang()
            return error_answer(outage.status, self.switch.headers())
        return await super()._fail(call)


def place_of(call: Call) -> str:
    """The channel or chat a call is about (for a new conversation: its channel, or the chat
    with its member)."""
    if call.conversation is not None:
        return call.conversation.split(THREAD_MARK, 1)[0]
    channel = (call.body.get("channelData") or {}).get("channel", {}).get("id")
    return str(channel or personal_conversation(call.body["members"][0])["id"])


@asynccontextmanager
async def faulty_teams(
    database: Path, clock: FakeClock, *, connector_timeout: float
) -> AsyncIterator[tuple[TeamsEnv, FaultyConnector]]:
    """A helpline serving Teams, talking to a faulty connector with a short client timeout."""
    connector = FaultyConnector()
    await connector.start()
    try:
        async with running_teams(
            database, clock, connector=connector, connector_timeout=connector_timeout
        ) as env:
            yield env, connector
    finally:
        connector.switch.recover()  # hung calls answer, so the server can stop
        await connector.close()
