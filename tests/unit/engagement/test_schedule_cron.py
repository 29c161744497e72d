"""Cron expressions on the London wall clock: standard meaning, clock changes, no double runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from handlers.config.engagement import Digest
from handlers.engagement.cron import CronSchedule

LONDON = ZoneInfo("Europe/London")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(at: datetime) -> str:
    return at.astimezone(LONDON).strftime("%a %d %b %Y %H:%M %Z")


def test_the_quarterly_digest_runs_at_nine_local_in_winter_and_summer() -> None:
    quarterly = CronSchedule.parse("0 9 1 1,4,7,10 *")
    runs = quarterly.runs_between(utc(2026, 11, 9), utc(2027, 11, 9), LONDON)
    assert [local(r) for r in runs] == [
        "Fri 01 Jan 2027 09:00 GMT",
        "Thu 01 Apr 2027 09:00 BST",
        "Thu 01 Jul 2027 09:00 BST",
        "Fri 01 Oct 2027 09:00 BST",
    ]
    assert runs[1] == utc(2027, 4, 1, 8)  # an hour earlier in UTC, the same on the wall


def test_previous_run_gives_the_start_of_the_period() -> None:
    quarterly = CronSchedule.parse("0 9 1 1,4,7,10 *")
    assert quarterly.previous_before(utc(2027, 1, 1, 9), LONDON) == utc(2026, 10, 1, 8)
    assert quarterly.next_after(utc(2027, 1, 1, 9), LONDON) == utc(2027, 4, 1, 8)


def test_day_of_week_zero_and_seven_are_sunday_and_one_is_monday() -> None:
    # APScheduler 3's from_crontab reads 0 as Monday; standard cron, and the helpline, do not.
    after = utc(2026, 11, 9, 12)  # a Monday afternoon
    for expression, weekday in (("0 9 * * 0", "Sun"), ("0 9 * * 7", "Sun"), ("0 9 * * 1", "Mon")):
        assert local(CronSchedule.parse(expression).next_after(after, LONDON))[:3] == weekday
    assert local(CronSchedule.parse("0 9 * * mon-fri").next_after(after, LONDON))[:3] == "Tue"


def test_day_of_month_or_day_of_week_when_both_are_given() -> None:
    friday_or_13th = CronSchedule.parse("0 9 13 * 5")
    runs = friday_or_13th.runs_between(utc(2026, 11, 9), utc(2026, 11, 21), LONDON)
    assert [local(r)[:6] for r in runs] == ["Fri 13", "Fri 20"]
    the_13th = CronSchedule.parse("0 9 13 * *")
    runs = the_13th.runs_between(utc(2026, 11, 9), utc(2026, 12, 31), LONDON)
    assert [local(r)[:6] for r in runs] == ["Fri 13", "Sun 13"]


def test_a_time_in_the_repeated_autumn_hour_runs_once() -> None:
    nightly = CronSchedule.parse("30 1 * * *")
    runs = nightly.runs_between(utc(2026, 10, 24), utc(2026, 10, 27), LONDON)
    assert [local(r) for r in runs] == [
        "Sat 24 Oct 2026 01:30 BST",
        "Sun 25 Oct 2026 01:30 BST",  # the first 01:30; the second reading (GMT) is not a run
        "Mon 26 Oct 2026 01:30 GMT",
    ]


def test_a_time_skipped_in_spring_runs_once_an_hour_later() -> None:
    nightly = CronSchedule.parse("30 1 * * *")
    runs = nightly.runs_between(utc(2026, 3, 28), utc(2026, 3, 31), LONDON)
    assert [local(r) for r in runs] == [
        "Sat 28 Mar 2026 01:30 GMT",
        "Sun 29 Mar 2026 02:30 BST",
        "Mon 30 Mar 2026 01:30 BST",
    ]


def test_steps_ranges_and_names() -> None:
    schedule = CronSchedule.parse("*/15 9-10 * jan-mar mon-fri")
    runs = schedule.runs_between(utc(2027, 1, 4), utc(2027, 1, 5), LONDON)
    assert len(runs) == 8
    assert local(runs[0]) == "Mon 04 Jan 2027 09:00 GMT"
    assert local(runs[-1]) == "Mon 04 Jan 2027 10:45 GMT"
    assert CronSchedule.parse("0 9 * * *").next_after(utc(2027, 1, 4, 9), LONDON) - utc(
        2027, 1, 4, 9
    ) == timedelta(days=1)


@pytest.mark.parametrize(
    "expression", ["61 9 * * *", "0 24 * * *", "0 9 0 * *", "0 9 * 13 *", "0 9 * * 8", "0 9 * *"]
)
def test_impossible_fields_are_refused(expression: str) -> None:
    with pytest.raises(ValueError):
        CronSchedule.parse(expression)


def test_a_date_that_never_comes_is_refused_when_asked_for_a_run() -> None:
    with pytest.raises(ValueError, match="never runs"):
        CronSchedule.parse("0 9 30 2 *").next_after(utc(2026, 1, 1), LONDON)


def test_the_digest_configuration_refuses_a_bad_schedule() -> None:
    with pytest.raises(ValidationError, match="outside 0-23"):
        Digest.model_validate({"schedule": "0 25 1 1,4,7,10 *"})
    assert Digest.model_validate({"preview_before": "2 working days"}).preview_before.amount == 2
