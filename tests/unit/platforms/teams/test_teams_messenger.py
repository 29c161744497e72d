"""The Teams messenger against a hand-written adapter: what a failed connector call means for the
outbox, and where a direct message to a person by id goes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
import requests
from azure.core.exceptions import DeserializationError
from msrest.exceptions import ClientRequestError
from msrest.exceptions import ValidationError as ParameterError
from sqlalchemy import Engine

from bot.platforms.teams.messenger import TeamsMessenger
from handlers.config import HelplineConfig
from handlers.messages import OutgoingMessage, Place
from handlers.ports import DeliveryError
from storage.repositories.teams import TeamsRef, TeamsRefRepository
from storage.uow import UnitOfWorkFactory
from tests.failures import raised
from tests.fakes import FakeClock

SERVICE = "http://127.0.0.1:9/"
CHAT = "a:chat-with-dr-smith"
LEAD = "29:1leadJonesA1b2C3"
TEXT = "Mrs Jones, 943 476 5870: chest pain since Tuesday"
Callback = Callable[[Any], Awaitable[None]]
UNENCODABLE = raised(lambda: "19:\ud83d@thread.tacv2".encode())
# What requests raises for a service URL with an impossible port, before connecting.
INVALID_URL = raised(lambda: requests.Request("POST", "http://127.0.0.1:99999/v3").prepare())


@dataclass
class FakeAdapter:
    """Stands in for the ``CloudAdapter``: records each connector call, and raises ``error``
    (as the connector client would) or carries the call out."""

    error: Exception | None = None
    calls: list[tuple[str, str | None]] = field(default_factory=list)

    async def continue_conversation(self, reference: Any, callback: Callback, app_id: str) -> None:
        self.calls.append(("post", reference.conversation.id))
        await self._carry_out(callback, reference.conversation.id)

    async def create_conversation(
        self, app_id: str, callback: Callback, params: Any, channel: str, service_url: str
    ) -> None:
        self.calls.append(("create", None))
        await self._carry_out(callback, f"a:personal-{params.members[0].id}")

    async def _carry_out(self, callback: Callback, conversation: str) -> None:
        if self.error is not None:
            raise self.error

        async def send_activity(activity: Any) -> Any:
            return SimpleNamespace(id="1731146400001")

        activity = SimpleNamespace(conversation=SimpleNamespace(id=conversation), id=None)
        await callback(SimpleNamespace(activity=activity, send_activity=send_activity))


def messenger(
    engine: Engine, config: HelplineConfig, clock: FakeClock, adapter: FakeAdapter
) -> TeamsMessenger:
    uow = UnitOfWorkFactory(engine)
    with uow() as unit:
        repo = TeamsRefRepository(unit.session)
        repo.remember(TeamsRef("chat", CHAT, CHAT, SERVICE, "t1"), at=clock.now())
        repo.remember(TeamsRef("tenant", "t1", CHAT, SERVICE, "t1"), at=clock.now())
        unit.commit()
    return TeamsMessenger(
        adapter,  # type: ignore[arg-type]
        app_id="",
        tenant_id="t1",
        config=config,
        uow=uow,
        clock=clock,
    )


def request_error(inner: Exception) -> ClientRequestError:
    """What msrest raises when requests fails before any answer."""
    return ClientRequestError("Error occurred in request.", inner_exception=inner)


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (UNENCODABLE, True),  # a conversation id the HTTP client cannot encode
        (request_error(INVALID_URL), True),  # a service URL nobody can call
        (request_error(requests.exceptions.MissingSchema("no scheme")), True),
        (ParameterError("required", "conversation_id", None), True),
        (request_error(requests.exceptions.ConnectionError("refused")), False),
        (request_error(requests.exceptions.ReadTimeout("read timed out")), False),
        (DeserializationError("unreadable answer"), False),
        (ConnectionResetError(104, "reset"), False),
        (TimeoutError(), False),
    ],
)
async def test_a_failed_call_is_permanent_only_when_no_retry_can_fix_it(
    engine: Engine, config: HelplineConfig, clock: FakeClock, error: Exception, permanent: bool
) -> None:
    adapter = FakeAdapter(error)
    teams = messenger(engine, config, clock, adapter)
    with pytest.raises(DeliveryError) as failed:
        await teams.send(OutgoingMessage(Place("teams", CHAT), TEXT))
    assert failed.value.permanent is permanent
    assert "Jones" not in failed.value.reason and "5870" not in failed.value.reason
    assert adapter.calls == [("post", CHAT)]  # the SDK tried once; retrying is the outbox's


async def test_a_direct_message_to_a_person_goes_to_their_personal_chat(
    engine: Engine, config: HelplineConfig, clock: FakeClock
) -> None:
    adapter = FakeAdapter()
    teams = messenger(engine, config, clock, adapter)
    alert = OutgoingMessage(Place("teams", LEAD, direct=True), "Messages are waiting")

    first = await teams.send(alert)  # no chat with the lead yet: the bot opens one
    again = await teams.send(alert)  # then uses the one it opened

    chat = f"a:personal-{LEAD}"
    assert adapter.calls == [("create", None), ("post", chat), ("post", chat)]
    # Recorded as sent to the person: an update finds their chat the same way.
    assert first.channel == again.channel == LEAD
