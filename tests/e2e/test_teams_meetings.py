"""Meetings in Teams, over the Bot Framework: a lead adds, moves and cancels meetings in a
channel; reminders carry the agenda and take RSVPs in place."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from handlers.engagement.sweep import run_schedules, upcoming_posts
from handlers.meetings.changes import NOT_A_LEAD
from tests.e2e.fake_connector import (
    GP,
    LEAD,
    TeamsEnv,
    card_actions,
    personal_conversation,
    running_teams,
    thread_conversation,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

LEADERS = "19:leaders0a1b2c3d@thread.tacv2"
SUMMIT = "19:summit0a1b2c3d@thread.tacv2"  # a channel of its own for a lead's new meeting
LEAD_CHAT, GP_CHAT = personal_conversation(LEAD)["id"], personal_conversation(GP)["id"]


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


async def in_channel(
    env: TeamsEnv, user: dict[str, Any], text: str, *, channel: str = LEADERS, **kwargs: Any
) -> Any:
    """``user`` posts ``text`` in ``channel``; returns the activity sent."""
    env.clock.advance(seconds=1)
    activity = env.teams.channel_message(channel, user, text, **kwargs)
    assert (await env.post(activity)).status == 201
    return activity


def schedule_list(env: TeamsEnv) -> list[str]:
    """What `helpline schedule list` shows for the next 60 days."""
    now = env.clock.now()
    posts = upcoming_posts(env.runtime.helpline, now=now, until=now + timedelta(days=60))
    return [post.label for post in posts]


async def test_a_lead_adds_moves_and_cancels_meetings_in_a_channel(env: TeamsEnv) -> None:
    added = await in_channel(env, LEAD, "meeting add Discharge summit | 2026-12-02 | 14:00")
    await env.post(added)  # Teams delivers it again: still one meeting
    await in_channel(env, GP, "meeting add Party | 2026-12-03 | 16:00")
    await in_channel(env, LEAD, "meeting move senior-clinical-leaders 2026-12-08 2026-12-09 13:00")
    await in_channel(env, LEAD, "meeting cancel senior-clinical-leaders 2027-01-12 Clinics")
    await in_channel(env, LEAD, "meeting add only a name")
    await in_channel(env, LEAD, "meetings")
    await env.deliver()

    created, moved, cancelled, usage, listed = (c.text for c in env.connector.posts(LEAD_CHAT))
    assert created == "Meeting 'discharge-summit' created."
    assert moved == "Senior Clinical Leaders Meeting moved to Wed 9 Dec 2026, 13:00."
    assert cancelled == "Senior Clinical Leaders Meeting on 2027-01-12 cancelled."
    assert usage.startswith("Usage: `meeting add NAME | YYYY-MM-DD | HH:MM [| RRULE]`")
    assert "Wed 2 Dec 2026, 14:00" in listed and "discharge-summit" in listed
    assert "Wed 9 Dec 2026, 13:00" in listed and "party" not in listed
    assert "discharge-summit-2" not in listed
    [refused] = env.connector.posts(GP_CHAT)
    assert refused.text == NOT_A_LEAD

    # The channel is told of the move and the cancellation, in threads of their own.
    notices = [call.text for call in env.connector.new_threads(LEADERS)]
    assert len(notices) == 2
    assert "has moved to **Wed 9 Dec 2026, 13:00 to 14:00**" in notices[0]
    assert "Tue 12 Jan 2027, 12:30 is cancelled by <at>Alex Jones</at>. Clinics" in notices[1]

    planned = schedule_list(env)
    assert "Discharge summit on Wed 2 Dec 2026, 14:00: reminder 1 day before" in planned
    assert "Senior Clinical Leaders Meeting on Wed 9 Dec 2026, 13:00: reminder 1 hour before" in (
        planned
    )
    assert not any("8 Dec 2026" in label for label in planned)


async def test_reminders_take_answers_in_place_and_agenda_items_from_the_channel(
    env: TeamsEnv,
) -> None:
    summit = "meeting add Discharge summit | 2026-12-02 | 14:00"
    await in_channel(env, LEAD, summit, channel=SUMMIT)
    await in_channel(env, GP, "agenda add Discharge letters", channel=SUMMIT, mention=False)
    week_before = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    env.clock.set(week_before)
    run_schedules(env.runtime.helpline, now=week_before)
    await env.deliver()
    [reminder] = env.connector.new_threads(SUMMIT)
    assert "Reminder (1 week before) · Discharge summit" in reminder.text
    assert "1. Discharge letters (<at>Dr Sam Smith</at>)" in reminder.text
    assert "by posting `agenda add <text>` in this channel" in reminder.text
    assert "/helpline" not in reminder.text
    [attending, _] = card_actions(reminder.card)
    assert attending["title"] == "Attending"
    env.connector.calls.clear()

    root = reminder.reply["activityId"]
    click = env.teams.execute(thread_conversation(SUMMIT, root), GP, attending["data"], root)
    first = await (await env.post(click)).json()
    again = await (await env.post(click)).json()
    assert (first["value"], again["value"]) == ("Done: attending.", "Done already.")
    await in_channel(env, LEAD, "agenda add Winter pressures", channel=SUMMIT)
    await env.deliver()

    updates = env.connector.updates()
    assert [u.activity for u in updates] == [root, root]  # the reminder itself, twice
    assert "**Attending** (1): <at>Dr Sam Smith</at>" in updates[0].text
    assert "2. Winter pressures (<at>Alex Jones</at>)" in updates[1].text
    assert "**Attending** (1): <at>Dr Sam Smith</at>" in updates[1].text
    assert "Item 2 added to Discharge summit" in env.connector.posts(LEAD_CHAT)[0].text


async def test_a_move_onto_christmas_day_warns_and_moves_only_with_force(env: TeamsEnv) -> None:
    await in_channel(env, LEAD, "meeting move senior-clinical-leaders 2026-12-08 2026-12-25")
    await in_channel(env, LEAD, "meetings")
    await in_channel(env, LEAD, "meeting move senior-clinical-leaders 2026-12-08 2026-12-25 force")
    await env.deliver()

    warned, listed, forced = (c.text for c in env.connector.posts(LEAD_CHAT))
    assert warned == (
        "Friday 25 December 2026 is Christmas Day, a bank holiday in England. Senior Clinical "
        "Leaders Meeting stays on Tue 8 Dec 2026, 12:30. Add `force` at the end of the command "
        "to move it there anyway."
    )
    assert "Tue 8 Dec 2026, 12:30" in listed and "Fri 25 Dec" not in listed
    assert forced.startswith("Senior Clinical Leaders Meeting moved to Fri 25 Dec 2026, 12:30")
    # Only the forced move is announced in the meeting's channel.
    [notice] = [call.text for call in env.connector.new_threads(LEADERS)]
    assert "Fri 25 Dec 2026, 12:30" in notice


async def test_a_rule_below_daily_is_refused_and_the_helpline_keeps_answering(
    env: TeamsEnv,
) -> None:
    command = "meeting add Huddle | 2027-01-05 | 10:00 | FREQ=SECONDLY"
    _, health = await asyncio.gather(in_channel(env, LEAD, command), env.client.get("/healthz"))
    await in_channel(env, LEAD, "meetings")
    await env.deliver()

    assert health.status == 200
    refusal, listed = (c.text for c in env.connector.posts(LEAD_CHAT))
    assert refusal.startswith("'FREQ=SECONDLY' repeats more often than daily;")
    assert "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY" in refusal
    assert "Huddle" not in listed


async def test_a_date_too_far_ahead_is_answered_privately_and_changes_nothing(
    env: TeamsEnv, caplog: pytest.LogCaptureFixture
) -> None:
    before = schedule_list(env)
    await in_channel(env, LEAD, "meeting move senior-clinical-leaders 2026-12-08 9999-12-31")
    await in_channel(env, LEAD, "meeting move senior-clinical-leaders 9999-12-31 2026-12-09")
    await in_channel(env, LEAD, "meeting cancel senior-clinical-leaders 9999-12-31")
    await env.deliver()

    far = "9999-12-31 is too far ahead: choose a date up to 2036-12-31."
    assert [c.text for c in env.connector.posts(LEAD_CHAT)] == [far, far, far]
    assert env.connector.new_threads(LEADERS) == []  # the channel is told of no change
    assert schedule_list(env) == before
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
