"""The backlog alert: messages waiting too long reach the engagement leads, once an hour."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from handlers.cases import intake
from handlers.cases.intake import Incoming
from handlers.config import HelplineConfig
from handlers.core import Helpline
from handlers.delivery.backlog import alert_backlog
from handlers.delivery.outbox import deliver_due
from handlers.messages import Person, Place
from handlers.ports import DeliveryError
from handlers.text import platform_name
from storage.models.cases import OutboxMessage
from tests.fakes import FakeClock, FakeMessenger

QUESTION = "Palpitations and atrial fibrillation: start a DOAC before clinic?"
GP = Person("slack", "U0GPSMITH")


def ask(helpline: Helpline, clock: FakeClock, n: int = 1) -> None:
    place = Place("slack", "C0HELPLINE")
    incoming = Incoming(f"Ev{n}", GP, place, clock.now(), f"1794218400.00000{n}")
    assert intake.ask_question(helpline, incoming, QUESTION).status == "created"


def messengers(*, slack_down: bool) -> dict[str, FakeMessenger]:
    found = {p: FakeMessenger(p) for p in ("slack", "teams", "console")}
    if slack_down:
        found["slack"].failures = [DeliveryError("slack 503", retry_after=60)] * 1000
    return found


def alerts(messenger: FakeMessenger) -> list[str]:
    return [
        p.message.place.channel
        for p in messenger.posted
        if p.message.title and "delayed" in p.message.title
    ]


def pending(helpline: Helpline) -> list[OutboxMessage]:
    with helpline.uow() as uow:
        rows = uow.session.query(OutboxMessage).filter_by(status="pending").all()
        uow.session.expunge_all()
        return list(rows)


async def test_no_alert_while_the_backlog_is_younger_than_the_threshold(
    helpline: Helpline, clock: FakeClock
) -> None:
    ask(helpline, clock)
    clock.advance(minutes=14, seconds=59)
    report = alert_backlog(helpline, now=clock.now())
    assert (report.pending, report.alerted) == (2, 0)
    assert len(pending(helpline)) == 2  # nothing queued


async def test_no_alert_when_nothing_waits(helpline: Helpline, clock: FakeClock) -> None:
    ask(helpline, clock)
    outlets = messengers(slack_down=False)
    await deliver_due(helpline.uow, outlets, now=clock.now())
    clock.advance(hours=2)
    assert alert_backlog(helpline, now=clock.now()).alerted == 0


async def test_an_old_backlog_alerts_each_lead_on_each_platform_once_an_hour(
    helpline: Helpline, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    ask(helpline, clock)
    outlets = messengers(slack_down=True)
    await deliver_due(helpline.uow, outlets, now=clock.now())
    clock.advance(minutes=16)

    with caplog.at_level(logging.ERROR, logger="handlers.delivery.backlog"):
        report = alert_backlog(helpline, now=clock.now())
    assert (report.pending, report.alerted) == (2, 3)  # U0LEAD, the Teams lead, lead-jones
    [record] = [r for r in caplog.records if r.name == "handlers.delivery.backlog"]
    assert record.levelno == logging.ERROR
    assert "2 messages waiting, the oldest for 16 minutes" in record.getMessage()
    assert "atrial" not in record.getMessage().lower()

    # Every minute the sweep runs again: the same hour queues nothing more.
    for _ in range(10):
        clock.advance(minutes=1)
        assert alert_backlog(helpline, now=clock.now()).alerted == 0

    # Slack is still down; the Teams and console leads hear at once, not behind the backlog.
    await deliver_due(helpline.uow, outlets, now=clock.now())
    assert alerts(outlets["teams"]) == ["29:1leadJonesA1b2C3"]
    assert alerts(outlets["console"]) == ["lead-jones"]
    assert alerts(outlets["slack"]) == []

    clock.advance(hours=1)
    assert alert_backlog(helpline, now=clock.now()).alerted == 3

    # Slack recovers: the backlog and the Slack lead's alerts go out, each once.
    outlets["slack"].failures.clear()
    clock.advance(minutes=10)
    while await deliver_due(helpline.uow, outlets, now=clock.now()):
        pass
    assert alerts(outlets["slack"]) == ["U0LEAD", "U0LEAD"]
    assert alerts(outlets["teams"]) == ["29:1leadJonesA1b2C3"] * 2
    assert pending(helpline) == []
    kinds = [p.message.kind for p in outlets["slack"].posted]
    assert kinds.count("question") == 1 and kinds.count("ack") == 1


async def test_leads_are_told_only_on_the_platforms_that_run(
    config: HelplineConfig, clock: FakeClock, helpline: Helpline
) -> None:
    slack_only = Helpline(config=config, uow=helpline.uow, clock=clock, platforms=("slack",))
    ask(slack_only, clock)
    clock.advance(minutes=30)
    report = alert_backlog(slack_only, now=clock.now())
    assert report.alerted == 1
    [alert] = [row for row in pending(slack_only) if row.key.startswith("backlog-alert:")]
    assert alert.platform == "slack"
    assert alert.payload["message"]["place"]["channel"] == "U0LEAD"


async def test_the_threshold_comes_from_the_configuration(
    config: HelplineConfig, clock: FakeClock, helpline: Helpline
) -> None:
    custom = config.model_copy(
        update={"operations": config.operations.model_copy(update={"backlog_alert_after": "1h"})}
    )
    assert custom.operations.backlog_alert_threshold == timedelta(hours=1)
    patient = Helpline(config=custom, uow=helpline.uow, clock=clock, platforms=helpline.platforms)
    ask(patient, clock)
    clock.advance(minutes=59)
    assert alert_backlog(patient, now=clock.now()).alerted == 0
    clock.advance(minutes=2)
    assert alert_backlog(patient, now=clock.now()).alerted == 3


def test_an_unreadable_threshold_is_refused(config: HelplineConfig) -> None:
    data = config.model_dump(mode="json")
    data["operations"] = {"backlog_alert_after": "soon"}
    with pytest.raises(ValueError, match="not an offset"):
        HelplineConfig.model_validate(data)


def ask_on_teams(helpline: Helpline, clock: FakeClock) -> None:
    gp, place = Person("teams", "29:1gpSmithA1b2C3"), Place("teams", "a:personal-gp-smith")
    incoming = Incoming("teams-1", gp, place, clock.now(), "1731146300001")
    assert intake.ask_question(helpline, incoming, QUESTION).status == "created"


async def test_a_teams_outage_reaches_the_lead_on_slack_at_once_and_names_teams(
    config: HelplineConfig, clock: FakeClock, helpline: Helpline, caplog: pytest.LogCaptureFixture
) -> None:
    both = Helpline(config=config, uow=helpline.uow, clock=clock, platforms=("slack", "teams"))
    ask_on_teams(both, clock)
    outlets = {p: FakeMessenger(p) for p in ("slack", "teams")}
    outlets["teams"].failures = [DeliveryError("teams 503", retry_after=60)] * 1000
    await deliver_due(both.uow, outlets, now=clock.now())
    clock.advance(minutes=16)

    with caplog.at_level(logging.ERROR, logger="handlers.delivery.backlog"):
        report = alert_backlog(both, now=clock.now())
    assert (report.alerted, report.delayed_on) == (2, ("teams",))
    assert "delayed on teams" in caplog.text
    assert "no engagement lead can be told" not in caplog.text  # the Slack lead can
    await deliver_due(both.uow, outlets, now=clock.now())
    [alert] = [p.message for p in outlets["slack"].posted]
    assert alert.place.channel == "U0LEAD"
    assert f"{platform_name('teams')} may be down" in alert.text


async def test_when_every_lead_is_on_the_platform_that_is_down_the_log_says_so(
    config: HelplineConfig, clock: FakeClock, helpline: Helpline, caplog: pytest.LogCaptureFixture
) -> None:
    teams_only = Helpline(config=config, uow=helpline.uow, clock=clock, platforms=("teams",))
    ask_on_teams(teams_only, clock)
    clock.advance(minutes=16)
    with caplog.at_level(logging.ERROR, logger="handlers.delivery.backlog"):
        report = alert_backlog(teams_only, now=clock.now())
    assert (report.alerted, report.delayed_on) == (1, ("teams",))
    assert "no engagement lead can be told before teams recovers" in caplog.text
    # Queued all the same: the lead hears once Teams is back.
    [alert] = [row for row in pending(teams_only) if row.key.startswith("backlog-alert:")]
    assert alert.payload["message"]["place"]["channel"] == "29:1leadJonesA1b2C3"
