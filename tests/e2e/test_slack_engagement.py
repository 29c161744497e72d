"""`/helpline digest`, `/helpline agenda` and `/helpline meetings` over real HTTP."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.e2e.fake_slack import Running

pytestmark = pytest.mark.e2e

GP, LEAD = "U0GPSMITH", "U0LEAD"


async def test_leads_collect_the_digest_and_members_add_agenda_items(running: Running) -> None:
    slack = running.slack

    async def say(text: str, user: str, channel: str, trigger: str) -> str:
        answer = await slack.command(text, user=user, channel=channel, trigger=trigger)
        assert answer.status == 200
        return str(answer.json()["text"])

    added = await say("digest add AF clinic moves | Tuesdays from January.", LEAD, "D0LEAD", "t1")
    refused = await say("digest add Hello | from a GP", GP, "C0GENERAL", "t2")
    listed = await say("digest list", LEAD, "D0LEAD", "t3")
    preview = await say("digest preview", LEAD, "D0LEAD", "t4")
    usage = await say("digest add no bar here", LEAD, "D0LEAD", "t5")
    agenda = await say("agenda add Helpline response times", LEAD, "C0LEADERS", "t6")
    elsewhere = await say("agenda add Parking", GP, "C0GENERAL", "t7")
    meetings = await say("meetings", GP, "C0GENERAL", "t8")
    help_text = await say("help", GP, "C0GENERAL", "t9")

    assert "added to the next GP Update" in added
    assert "added" not in refused
    assert "AF clinic moves" in listed
    assert "AF clinic moves" in preview and "Tuesdays from January." in preview
    assert "*News from the trust*" in preview  # rendered as Slack mrkdwn
    assert usage.startswith("Usage: `/helpline digest add TITLE | BODY`")
    assert "added to Senior Clinical Leaders Meeting" in agenda
    assert "added" not in elsewhere
    assert "Tue 10 Nov 2026, 12:30" in meetings and "1 agenda item" in meetings
    assert meetings.startswith("*Meetings*\n• ")
    assert "/helpline agenda add TEXT" in help_text


async def test_a_lead_creates_moves_and_cancels_meetings(running: Running) -> None:
    slack = running.slack

    async def say(text: str, user: str = LEAD, trigger: str = "") -> str:
        answer = await slack.command(text, user=user, channel="C0LEADERS", trigger=trigger or text)
        assert answer.status == 200
        return str(answer.json()["text"])

    created = await say("meeting add Discharge summit | 2026-12-02 | 14:00")
    by_gp = await say("meeting add Party | 2026-12-03 | 16:00", user=GP)
    moved = await say("meeting move senior-clinical-leaders 2026-12-08 2026-12-09 13:00")
    cancelled = await say("meeting cancel senior-clinical-leaders 2027-01-12 Clinics")
    wrong = await say("meeting add only a name")
    listed = await say("meetings", trigger="list")

    assert created == "Meeting 'discharge-summit' created."
    assert "created" not in by_gp and "party" not in listed
    assert "Wed 9 Dec 2026" in moved
    assert "cancel" in cancelled.lower()
    assert wrong.startswith("Usage: `/helpline meeting add")
    assert "Wed 2 Dec 2026, 14:00" in listed
    assert "Wed 9 Dec 2026, 13:00" in listed


async def test_a_move_onto_christmas_day_warns_and_moves_only_with_force(running: Running) -> None:
    slack = running.slack

    async def say(text: str, trigger: str) -> str:
        answer = await slack.command(text, user=LEAD, channel="C0LEADERS", trigger=trigger)
        assert answer.status == 200
        return str(answer.json()["text"])

    warned = await say("meeting move senior-clinical-leaders 2026-12-08 2026-12-25", "m1")
    listed = await say("meetings", "m2")
    forced = await say("meeting move senior-clinical-leaders 2026-12-08 2026-12-25 force", "m3")
    usage = await say("meeting", "m4")

    assert warned == (
        "Friday 25 December 2026 is Christmas Day, a bank holiday in England. Senior Clinical "
        "Leaders Meeting stays on Tue 8 Dec 2026, 12:30. Add `force` at the end of the command "
        "to move it there anyway."
    )
    assert "Tue 8 Dec 2026, 12:30" in listed and "Fri 25 Dec" not in listed
    assert "moved to Fri 25 Dec 2026, 12:30 (Friday 25 December 2026 is Christmas Day" in forced
    assert "[HH:MM] [force]`" in usage


async def test_a_rule_below_daily_is_refused_and_the_helpline_keeps_answering(
    running: Running,
) -> None:
    slack = running.slack
    health = slack.url.replace("/slack/events", "/healthz")

    async def healthz() -> int:
        async with slack.http.get(health) as response:
            return response.status

    command = "meeting add Huddle | 2027-01-05 | 10:00 | FREQ=SECONDLY"
    answer, status = await asyncio.gather(
        slack.command(command, user=LEAD, channel="C0LEADERS", trigger="t1"), healthz()
    )
    hourly = await slack.command(
        "meeting add Huddle | 2027-01-05 | 10:00 | FREQ=DAILY;BYHOUR=9,15",
        user=LEAD,
        channel="C0LEADERS",
        trigger="t2",
    )
    listed = await slack.command("meetings", user=LEAD, channel="C0LEADERS", trigger="t3")

    assert status == 200 and answer.status == 200
    refusal = str(answer.json()["text"])
    assert refusal.startswith("'FREQ=SECONDLY' repeats more often than daily;")
    assert "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY" in refusal
    assert "repeats more than once a day" in str(hourly.json()["text"])
    assert "Huddle" not in str(listed.json()["text"])


async def test_a_date_or_an_item_no_one_could_mean_gets_a_clear_private_answer(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    async def say(text: str, trigger: str) -> str:
        answer = await running.slack.command(text, user=LEAD, channel="C0LEADERS", trigger=trigger)
        assert answer.status == 200 and answer.json()["response_type"] == "ephemeral"
        return str(answer.json()["text"])

    await say("digest add AF clinic moves | Tuesdays from January.", "t0")
    before = await say("meetings", "t1")
    far = "9999-12-31 is too far ahead: choose a date up to 2036-12-31."
    huge = "99999999999999999999"

    assert await say("meeting move senior-clinical-leaders 2026-12-08 9999-12-31", "t2") == far
    assert await say("meeting move senior-clinical-leaders 9999-12-31 2026-12-09", "t3") == far
    assert await say("meeting cancel senior-clinical-leaders 9999-12-31", "t4") == far
    assert await say(f"digest edit {huge}", "t5") == f"There is no unpublished item {huge}."
    assert await say(f"digest withdraw {huge}", "t6") == f"There is no unpublished item {huge}."
    assert (await say("digest edit ²", "t7")).startswith("Usage: `/helpline digest add`")

    assert await say("meetings", "t8") == before  # nothing moved or cancelled
    assert "AF clinic moves" in await say("digest list", "t9")
    assert running.fake.of("views.open") == []  # no item form opened
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
