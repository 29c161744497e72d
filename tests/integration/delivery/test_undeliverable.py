"""A question its team never saw: the leads hear at once, and an operator can send it again."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import main
from bot.config_file import load_config
from handlers.cases import intake
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.delivery.undeliverable import alert_undeliverable, given_up, retry_case
from handlers.messages import Delivered, OutgoingMessage, Person, Place
from handlers.ports import DeliveryError
from handlers.text import operator_command
from storage.db import make_engine, upgrade
from storage.models.cases import OutboxMessage
from storage.uow import UnitOfWorkFactory
from tests.fakes import FakeClock, FakeMessenger
from tests.paths import FIXTURES

QUESTION = "Palpitations and atrial fibrillation: start a DOAC before clinic?"
GP = Person("slack", "U0GPSMITH")
REFUSAL = "slack 200 not_in_channel"


class RefusingTeams(FakeMessenger):
    """Slack with the app removed from the teams' channels: every team post is refused."""

    def __init__(self) -> None:
        super().__init__("slack")
        self.refusing = True

    async def send(self, message: OutgoingMessage) -> Delivered:
        if self.refusing and message.kind == "question":
            raise DeliveryError(REFUSAL, permanent=True)
        return await super().send(message)


def ask(helpline: Helpline, at: datetime) -> None:
    incoming = Incoming("Ev1", GP, Place("slack", "C0HELPLINE"), at, "1794218400.000001")
    assert intake.ask_question(helpline, incoming, QUESTION).status == "created"


async def deliver(helpline: Helpline, outlets: dict[str, FakeMessenger], now: datetime) -> None:
    while await deliver_due(helpline.uow, outlets, now=now):
        pass


async def test_the_leads_hear_at_once_of_a_question_its_team_never_saw_and_it_can_go_again(
    helpline: Helpline, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    slack = RefusingTeams()
    outlets = {"slack": slack, "teams": FakeMessenger("teams"), "console": FakeMessenger()}
    ask(helpline, clock.now())
    await deliver(helpline, outlets, clock.now())
    assert slack.of_kind("question") == [] and len(slack.of_kind("ack")) == 1

    with caplog.at_level(logging.ERROR, logger="handlers.delivery.undeliverable"):
        told = alert_undeliverable(helpline, now=clock.now())
    # The engagement leads on every platform the helpline runs; Cardiology's lead on the
    # team's platform (their ids elsewhere may be the same person).
    assert told == 4
    assert "GPH-000001 could not be posted to its team" in caplog.text
    assert "atrial" not in caplog.text.lower()
    clock.advance(minutes=1)
    assert alert_undeliverable(helpline, now=clock.now()) == 0  # once, not every minute
    await deliver(helpline, outlets, clock.now())
    warned = {m.place.channel: m for m in slack.of_kind("warning")}
    assert set(warned) == {"U0LEAD", "U0CARDLEAD"}
    text = warned["U0CARDLEAD"].text
    assert "GPH-000001 could not be posted to Cardiology" in text
    assert REFUSAL in text and operator_command("outbox --retry GPH-000001") in text
    assert "atrial" not in text.lower()  # the question itself is never forwarded
    assert [m.place.channel for m in outlets["teams"].of_kind("warning")] == ["29:1leadJonesA1b2C3"]
    [line] = given_up(helpline, now=clock.now())
    assert (line.reference, line.kind, line.reason) == ("GPH-000001", "question", REFUSAL)

    # The app is added back to the channel; the operator sends the question again.
    slack.refusing = False
    assert retry_case(helpline, "GPH-000001", now=clock.now()) == 1
    await deliver(helpline, outlets, clock.now())
    [post] = slack.of_kind("question")
    assert post.place.channel == "C0CARDIO" and post.case_reference == "GPH-000001"
    assert given_up(helpline, now=clock.now()) == []
    assert alert_undeliverable(helpline, now=clock.now()) == 0
    assert retry_case(helpline, "GPH-999999", now=clock.now()) is None


def test_an_operator_lists_and_resends_given_up_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("HELPLINE_CONFIG", str(FIXTURES / "helpline.test.yaml"))
    engine = make_engine(url)
    upgrade(engine)
    config = load_config(FIXTURES / "helpline.test.yaml")
    helpline = Helpline(config=config, uow=UnitOfWorkFactory(engine), platforms=("slack",))
    now = datetime.now(UTC)
    ask(helpline, now)
    with helpline.uow() as uow:  # Slack refused the team post for good
        rows = uow.session.query(OutboxMessage).all()
        [team_post] = [row for row in rows if row.payload["ref_role"] == "team_post"]
        team_post.status, team_post.last_error = "dead", REFUSAL
        uow.commit()
    engine.dispose()

    runner = CliRunner()
    shown = runner.invoke(main, ["outbox"])
    assert shown.exit_code == 0
    assert "GPH-000001" in shown.output and REFUSAL in shown.output
    assert "given up in the last 7 days: 1" in shown.output
    resent = runner.invoke(main, ["outbox", "--retry", "GPH-000001"])
    assert "GPH-000001: 1 messages will be sent again" in resent.output
    assert "given up in the last 7 days: 0" in runner.invoke(main, ["outbox"]).output
    missing = runner.invoke(main, ["outbox", "--retry", "GPH-999999"])
    assert missing.exit_code != 0 and "there is no question GPH-999999" in missing.output
