"""Meeting reminders for a year on the London clock, bank holidays, agendas, answers updating the
reminder in place, cancelled and moved occurrences, downtime, and double fires."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import MONTHLY, TU, WE, WEEKLY, rrule

from handlers.cases.interactions import Interaction, handle_action
from handlers.config import HelplineConfig
from handlers.config.engagement import Meeting
from handlers.core import Helpline
from handlers.engagement.sweep import run_schedules, upcoming_posts
from handlers.meetings.agenda import add_agenda_item
from handlers.meetings.changes import cancel_occurrence, move_occurrence, upcoming
from handlers.text import bold
from tests.fakes import FakeClock
from tests.integration.schedule_support import Driver, Sent, incoming

LONDON = ZoneInfo("Europe/London")
LEAD = ("slack", "U0LEAD")
LEADS = {("slack", "U0LEAD"), ("teams", "29:1leadJonesA1b2C3"), ("console", "lead-jones")}
SCL = "senior-clinical-leaders"
CHANNELS = {
    ("slack", "C0LEADERS"),
    ("teams", "19:leaders0a1b2c3d@thread.tacv2"),
    ("console", "leaders"),
}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON).astimezone(UTC)


def wall(at: datetime) -> str:
    return at.astimezone(LONDON).strftime("%a %d %b %Y %H:%M")


def with_meetings(helpline: Helpline, **meetings: dict[str, Any]) -> Helpline:
    """The helpline with other meetings configured (the same database and clock)."""
    config: HelplineConfig = helpline.config.model_copy(
        update={"meetings": {k: Meeting.model_validate(v) for k, v in meetings.items()}}
    )
    return Helpline(
        config=config, uow=helpline.uow, clock=helpline.clock, platforms=helpline.platforms
    )


def reminders(driver: Driver, platform: str | None = "slack") -> list[Sent]:
    return driver.of_kind("meeting_reminder", platform)


async def test_a_year_of_reminders_keeps_the_local_time_across_both_clock_changes(
    helpline: Helpline, clock: FakeClock
) -> None:
    scl = helpline.config.meetings[SCL].model_dump()
    huddle = {
        "name": "Weekly huddle",
        "recurrence": "FREQ=WEEKLY;BYDAY=WE",
        "start": "10:00",
        "channel": {"slack": "C0HUDDLE"},
        "remind_before": ["1h"],
    }
    driver = Driver(with_meetings(helpline, **{SCL: scl, "huddle": huddle}), clock)
    end = utc(2027, 11, 10, 12)
    await driver.run_until(end, step=timedelta(days=2))

    second_tuesdays = rrule(
        MONTHLY, byweekday=TU(2), dtstart=datetime(2026, 11, 1), until=end.replace(tzinfo=None)
    )
    expected = sorted(
        at
        for day in second_tuesdays
        for at in (
            london(*(day - timedelta(days=7)).timetuple()[:3], 12, 30),
            london(*(day - timedelta(days=1)).timetuple()[:3], 12, 30),
            london(*day.timetuple()[:3], 11, 30),
        )
        if utc(2026, 11, 9, 10) <= at <= end
    )
    scl_times = [s.at for s in reminders(driver) if s.message.place.channel == "C0LEADERS"]
    assert scl_times == expected
    assert len(scl_times) == 38  # 13 meetings; the first one's week-ahead reminder was past
    assert {wall(t)[-5:] for t in scl_times} == {"12:30", "11:30"}
    assert {t.hour for t in scl_times} == {10, 11, 12}  # UTC moves in summer, the wall does not
    for platform in ("teams", "console"):
        assert [s.at for s in reminders(driver, platform)] == scl_times

    huddles = [s for s in reminders(driver) if s.message.place.channel == "C0HUDDLE"]
    wednesdays = rrule(WEEKLY, byweekday=WE, dtstart=datetime(2026, 11, 10), count=53)
    assert [s.at for s in huddles] == [london(*d.timetuple()[:3], 9) for d in wednesdays]
    assert {wall(s.at)[:3] + wall(s.at)[-6:] for s in huddles} == {"Wed 09:00"}
    assert "Weekly huddle" in huddles[0].message.title


@pytest.mark.parametrize("policy", ["keep", "skip", "move"])
async def test_a_bank_holiday_is_flagged_a_week_ahead_and_kept_skipped_or_moved(
    helpline: Helpline, clock: FakeClock, policy: str
) -> None:
    board = {
        "name": "Board",
        "recurrence": "FREQ=WEEKLY;BYDAY=MO",
        "start": "12:30",
        "channel": {"slack": "C0BOARD"},
        "remind_before": ["1d", "1h"],
        "bank_holiday": policy,
    }
    clock.set(london(2027, 4, 19, 13))
    driver = Driver(with_meetings(helpline, board=board), clock)
    listed = upcoming_posts(driver.helpline, now=clock.now(), until=london(2027, 5, 5))
    flagged = [wall(p.due_at) for p in listed if p.offset == "bank-holiday"]
    assert flagged == ["Mon 26 Apr 2027 12:30"]
    await driver.run_until(london(2027, 5, 5, 12))

    flags = [s for s in driver.sent if "falls on a bank holiday" in s.message.text]
    assert {(s.platform, s.message.place.channel) for s in flags} == LEADS
    assert {s.at for s in flags} == {london(2027, 4, 26, 12, 30)}  # a week before 3 May
    assert "Mon 3 May 2027, 12:30 (May Day)" in flags[0].message.text
    times = [wall(s.at) for s in reminders(driver)]
    # A day before a Monday is a Sunday: that reminder goes when work starts on the Monday.
    week_before = ["Mon 26 Apr 2027 09:00", "Mon 26 Apr 2027 11:30"]
    if policy == "keep":
        assert "goes ahead" in flags[0].message.text
        # No working day comes before the holiday meeting: its day-before reminder stays Sunday.
        assert times == [*week_before, "Sun 02 May 2027 12:30", "Mon 03 May 2027 11:30"]
        assert "May Day is a bank holiday" in reminders(driver)[-1].message.text
    elif policy == "skip":
        assert "will not be held" in flags[0].message.text
        assert times == week_before
    else:
        assert "moved to Tue 4 May 2027, 12:30" in flags[0].message.text
        # The day before is the bank holiday itself: the reminder goes as work starts on Tuesday.
        assert times == [*week_before, "Tue 04 May 2027 09:00", "Tue 04 May 2027 11:30"]
        assert "Moved from Mon 3 May 2027, 12:30" in reminders(driver)[-1].message.text


async def test_agenda_items_until_the_cutoff_and_the_final_agenda_a_day_before(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    member = incoming(clock, "slack", "U0DRX", "C0LEADERS")
    first = add_agenda_item(helpline, member, "Winter discharge delays")
    assert first.status == "done" and "Tue 10 Nov 2026" in first.detail
    clock.set(london(2026, 11, 20, 10))
    stranger = add_agenda_item(helpline, incoming(clock, "slack", "U0GP1"), "Parking")
    assert stranger.status == "refused"
    second = add_agenda_item(
        helpline,
        incoming(clock, "teams", "29:1x", "19:leaders0a1b2c3d@thread.tacv2"),
        "Advice and guidance templates",
    )
    assert second.status == "done" and "Tue 8 Dec 2026" in second.detail

    await driver.run_until(london(2026, 12, 2, 9))
    week = reminders(driver)[-1]
    assert week.at == london(2026, 12, 1, 12, 30)
    assert (
        f"{bold('Agenda so far')}\n1. Advice and guidance templates (<@teams:29:1x>)"
        in week.message.text
    )
    third = add_agenda_item(helpline, incoming(clock, *LEAD), "Cancer pathway changes")
    assert third.status == "done"
    await driver.deliver()
    updated = driver.updates_of("slack", week.message_id)[-1]
    assert "2. Cancer pathway changes" in updated.text

    await driver.run_until(london(2026, 12, 7, 12, 30))
    day = reminders(driver)[-1]
    assert day.at == london(2026, 12, 7, 12, 30)
    assert f"{bold('Final agenda')}\n1. Advice and guidance templates" in day.message.text
    assert "2. Cancer pathway changes" in day.message.text
    late = add_agenda_item(helpline, incoming(clock, *LEAD), "Too late", day=date(2026, 12, 8))
    assert late.status == "refused" and "closed at Mon 7 Dec 2026, 12:30" in late.detail
    rolled = add_agenda_item(helpline, incoming(clock, *LEAD), "Next time")
    assert rolled.status == "done" and "Tue 12 Jan 2027" in rolled.detail


async def test_answers_update_every_posted_reminder_in_place(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    await driver.run_until(london(2026, 12, 1, 12, 30))
    posted = {s.platform: s for s in reminders(driver, None) if s.at == clock.now()}
    assert set(posted) == {"slack", "teams", "console"}
    buttons = [a for a in posted["slack"].message.actions if a.id == "rsvp"]
    assert [a.label for a in buttons] == ["Attending", "Apologies"]

    attend = incoming(clock, "slack", "U0DRA", "C0LEADERS")
    assert handle_action(helpline, attend, Interaction("rsvp", buttons[0].value)).status == "done"
    assert (
        handle_action(helpline, attend, Interaction("rsvp", buttons[0].value)).status == "duplicate"
    )
    # Somebody who is not invited (a GP who can see the channel) is told so; nothing changes.
    gate = incoming(clock, "slack", "U0GPSMITH", "C0LEADERS")
    crasher = handle_action(helpline, gate, Interaction("rsvp", buttons[0].value))
    assert (crasher.status, crasher.detail) == (
        "refused",
        "Only those invited to Senior Clinical Leaders Meeting answer for it.",
    )
    sorry = incoming(clock, "teams", "29:1patelA1b2C3", "19:leaders0a1b2c3d@thread.tacv2")
    assert handle_action(helpline, sorry, Interaction("rsvp", buttons[1].value)).status == "done"
    await driver.deliver()
    for platform, sent in posted.items():
        latest = driver.updates_of(platform, sent.message_id)[-1].text
        assert f"{bold('Attending')} (1): <@slack:U0DRA>" in latest
        assert f"{bold('Apologies')} (1): <@teams:29:1patelA1b2C3>" in latest
    assert len(driver.updates_of("slack", posted["slack"].message_id)) == 2

    changed = incoming(clock, "slack", "U0DRA", "C0LEADERS")
    handle_action(
        helpline, changed, Interaction("rsvp", buttons[0].value.split(":")[0], "apologies")
    )
    await driver.run_until(london(2026, 12, 7, 12, 30))
    day_before = reminders(driver)[-1].message.text
    assert f"{bold('Attending')} (0): -" in day_before
    assert f"{bold('Apologies')} (2)" in day_before


async def test_a_lead_cancels_one_meeting_and_moves_another(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    gp = incoming(clock, "slack", "U0GP1")
    assert cancel_occurrence(helpline, gp, SCL, date(2026, 12, 8)).status == "refused"
    clock.set(london(2026, 11, 20, 10))
    cancelled = cancel_occurrence(
        helpline, incoming(clock, *LEAD), SCL, date(2026, 12, 8), reason="Too close to Christmas."
    )
    assert cancelled.status == "done"
    await driver.deliver()
    notices = driver.of_kind("meeting_change")
    assert {(s.platform, s.message.place.channel) for s in notices} == CHANNELS
    assert "cancelled by <@slack:U0LEAD>. Too close to Christmas." in notices[0].message.text

    await driver.run_until(london(2026, 12, 10, 10))
    assert all("Tue 8 Dec" not in s.message.text for s in reminders(driver))
    moved = move_occurrence(
        helpline,
        incoming(clock, *LEAD),
        SCL,
        date(2027, 1, 12),
        to_day=date(2027, 1, 13),
        to_time=time(14),
    )
    assert moved.status == "done"
    await driver.run_until(london(2027, 1, 14, 10))
    assert [wall(s.at) for s in reminders(driver)] == [
        "Wed 06 Jan 2027 14:00",
        "Tue 12 Jan 2027 14:00",
        "Wed 13 Jan 2027 13:00",
    ]
    assert f"{bold('Wed 13 Jan 2027, 14:00 to 15:00')}" in reminders(driver)[-1].message.text


async def test_a_move_onto_a_bank_holiday_or_weekend_warns_and_waits_for_force(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    lead = incoming(clock, *LEAD)
    christmas = move_occurrence(helpline, lead, SCL, date(2026, 12, 8), to_day=date(2026, 12, 25))
    assert christmas.status == "needs_force"
    assert christmas.detail == (
        "Friday 25 December 2026 is Christmas Day, a bank holiday in England. "
        "Senior Clinical Leaders Meeting stays on Tue 8 Dec 2026, 12:30."
    )
    saturday = move_occurrence(
        helpline, incoming(clock, *LEAD), SCL, date(2026, 12, 8), to_day=date(2026, 12, 12)
    )
    assert saturday.status == "needs_force"
    assert saturday.detail.startswith("Saturday 12 December 2026 is not a working day.")
    await driver.deliver()
    assert driver.of_kind("meeting_change") == []
    ahead = upcoming(helpline, now=clock.now(), until=london(2026, 12, 31))
    assert any(line.startswith("Tue 8 Dec 2026, 12:30") and "scheduled" in line for line in ahead)

    forced = move_occurrence(
        helpline,
        incoming(clock, *LEAD),
        SCL,
        date(2026, 12, 8),
        to_day=date(2026, 12, 25),
        force=True,
    )
    assert forced.status == "done"
    assert forced.detail == (
        "Senior Clinical Leaders Meeting moved to Fri 25 Dec 2026, 12:30 (Friday 25 December "
        "2026 is Christmas Day, a bank holiday in England)."
    )
    await driver.deliver()
    assert {(s.platform, s.message.place.channel) for s in driver.of_kind("meeting_change")} == (
        CHANNELS
    )


async def test_after_downtime_late_reminders_go_within_the_grace_period_and_stale_are_skipped(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    await driver.run_until(london(2026, 12, 1, 10))
    clock.set(london(2026, 12, 1, 13, 10))  # 40 minutes after the week-ahead reminder was due
    await driver.sweep()
    assert [s.at for s in reminders(driver)][-1] == london(2026, 12, 1, 13, 10)

    clock.set(london(2026, 12, 8, 12))  # down since: the day-before reminder is a day late
    report = await driver.sweep()
    assert [p.offset for p in report.skipped] == ["1d"]
    assert [s.at for s in reminders(driver)][-1] == london(2026, 12, 8, 12)  # the hour-before
    missed = [s for s in driver.sent if s.message.title == "Missed scheduled posts"]
    assert {(s.platform, s.message.place.channel) for s in missed} == LEADS
    assert "Senior Clinical Leaders Meeting on Tue 8 Dec 2026, 12:30: reminder 1 day before" in (
        missed[0].message.text
    )
    assert (await driver.sweep()).skipped == []
    assert len([s for s in driver.sent if s.message.title == "Missed scheduled posts"]) == 3


async def test_a_restart_and_a_double_fire_never_repeat_a_reminder(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    await driver.run_until(london(2026, 12, 7, 12))
    restarted = Helpline(
        config=helpline.config, uow=helpline.uow, clock=clock, platforms=helpline.platforms
    )
    driver.helpline = restarted
    clock.set(london(2026, 12, 7, 12, 30))
    workers = [
        threading.Thread(target=run_schedules, args=(restarted,), kwargs={"now": clock.now()})
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    await driver.sweep()
    await driver.run_until(london(2027, 1, 13))
    sent = reminders(driver, None)
    keys = [(s.platform, s.message.title, s.message.fields[0].value) for s in sent]
    # 10 Nov: a day and an hour before; 8 Dec and 12 Jan: a week, a day and an hour before.
    assert len(keys) == len(set(keys)) == 3 * (2 + 3 + 3)


async def test_a_changed_configuration_replaces_untouched_meetings_and_a_removed_one_stops(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    await driver.sweep()
    member = incoming(clock, "slack", "U0DRX", "C0LEADERS")
    assert add_agenda_item(helpline, member, "Keep this meeting", day=date(2026, 12, 8)).status == (
        "done"
    )
    wednesdays = {
        **helpline.config.meetings[SCL].model_dump(),
        "recurrence": "FREQ=MONTHLY;BYDAY=2WE",
    }
    driver.helpline = with_meetings(helpline, **{SCL: wednesdays})
    await driver.sweep()
    ahead = upcoming(driver.helpline, now=clock.now(), until=london(2027, 1, 31))
    assert [line.split("   ")[0] for line in ahead] == [
        "Wed 11 Nov 2026, 12:30",
        "Tue 8 Dec 2026, 12:30",  # it has an agenda item: kept
        "Wed 9 Dec 2026, 12:30",
        "Wed 13 Jan 2027, 12:30",
    ]
    driver.helpline = with_meetings(helpline)
    await driver.run_until(london(2027, 1, 31))
    assert reminders(driver) == []


@pytest.mark.parametrize("value", ["²:attending", "99999999999999999999:attending", "٣:apologies"])
def test_a_forged_rsvp_value_is_an_unknown_meeting(
    helpline: Helpline, clock: FakeClock, value: str
) -> None:
    lead = incoming(clock, "slack", "U0LEAD", "C0LEADERS")
    result = handle_action(helpline, lead, Interaction("rsvp", value))
    assert (result.status, result.detail) == ("not_found", "That meeting is not known.")
