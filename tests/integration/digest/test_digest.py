"""The GP Update over a whole quarter: items, shared answers, preview, reminders, approval and
one publication to every GP channel on every platform."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from handlers.cases import actions
from handlers.cases.answers import record_reply
from handlers.cases.intake import ask_question
from handlers.cases.interactions import Interaction, handle_action
from handlers.core import Helpline
from handlers.digest import content as digest_content
from handlers.digest import editions as digest
from handlers.engagement.sweep import run_schedules
from handlers.messages import Person
from handlers.text import bold, bullet
from storage.models.cases import Case, OutboxMessage
from storage.repositories import digest as digest_store
from tests.fakes import FakeClock
from tests.integration.schedule_support import Driver, incoming

LEAD = ("slack", "U0LEAD")
LEADS = {("slack", "U0LEAD"), ("teams", "29:1leadJonesA1b2C3"), ("console", "lead-jones")}
GP_CHANNELS = {
    ("slack", "C0GPNEWS"),
    ("teams", "19:gpnews0a1b2c3d@thread.tacv2"),
    ("console", "gp-news"),
}
AF = "New atrial fibrillation with palpitations: should we anticoagulate before referral?"
CHEST = "Chest pain on exertion for two weeks, is the rapid access clinic the right route?"
ECZEMA = "Widespread eczema not settling on potent steroids, can we try anything else first?"
AF_ANSWER = "Start a DOAC now if CHA2DS2-VASc is 2 or more; refer only if rate control fails."


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def answered(
    driver: Driver, text: str, answer: str, *, gp: str, clinician: str, outcome: str | None = None
) -> str:
    """A GP asks on Slack, a clinician answers in the team thread; returns the reference."""
    helpline, clock = driver.helpline, driver.clock
    asked = incoming(clock, "slack", gp, "C0HELPLINE", message_id=f"ts-{gp}-{clock.now():%s}")
    reference = ask_question(helpline, asked, text).reference
    assert reference is not None
    await driver.deliver()
    post = next(s for s in driver.of_kind("question") if s.message.case_reference == reference)
    clock.advance(minutes=20)
    team, root = post.message.place.channel, post.message_id
    reply = incoming(clock, "slack", clinician, team, thread=root, message_id=f"re-{reference}")
    assert record_reply(helpline, reply, answer).status == "relayed"
    if outcome:
        actions.rate(helpline, incoming(clock, "slack", gp), reference, outcome=outcome)
    await driver.deliver()
    clock.advance(hours=1)
    return reference


def share(driver: Driver, reference: str, user: str = "U0PATEL") -> str:
    action = Interaction("share", reference)
    result = handle_action(
        driver.helpline, incoming(driver.clock, "slack", user, "C0CARDIO"), action
    )
    return result.status


def add_items(helpline: Helpline, clock: FakeClock) -> None:
    lead = incoming(clock, *LEAD)
    news = digest.add_item(
        helpline,
        lead,
        title="Ambulatory ECG now on e-RS",
        body="Book 24-hour ECG monitoring directly through e-RS from 1 December.",
        link="https://example.nhs.uk/ecg",
        specialty="cardiology",
    )
    assert news.status == "done"
    feedback = digest.add_item(
        helpline,
        incoming(clock, *LEAD),
        title="Dermatology photos accepted",
        body="You asked to attach photos to advice requests: the form now takes them.",
        kind="feedback",
    )
    assert feedback.status == "done"


async def quarter_of_questions(driver: Driver) -> dict[str, str]:
    """Four answered questions; two shared, one of them with an identifier in its old text."""
    refs = {
        "af": await answered(
            driver, AF, AF_ANSWER, gp="U0GP1", clinician="U0PATEL", outcome="referral_avoided"
        ),
        "chest": await answered(
            driver, CHEST, "Yes: refer to RACPC today.", gp="U0GP2", clinician="U0PATEL"
        ),
        "eczema": await answered(
            driver, ECZEMA, "Try a 4-week course of...", gp="U0GP3", clinician="U0PRICE"
        ),
        "old": await answered(
            driver,
            "Palpitations on exertion, what next?",
            "Holter first.",
            gp="U0GP4",
            clinician="U0PATEL",
        ),
    }
    # A text stored before the privacy guard learnt a pattern: sharing must not leak it.
    with driver.helpline.uow() as uow:
        case = uow.cases.by_reference(refs["old"])
        assert case is not None
        case.question = "Palpitations, NHS number 943 476 5870, what next?"
        uow.commit()
    assert share(driver, refs["af"]) == "done"
    assert share(driver, refs["old"]) == "done"
    return refs


def approve_button(driver: Driver) -> Interaction:
    preview = driver.of_kind("digest_preview", "slack")[-1].message
    button = next(a for a in preview.actions if a.id == "digest_approve")
    return Interaction("digest_approve", button.value)


async def test_a_quarter_from_items_to_one_publication_on_every_platform(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    add_items(helpline, clock)
    await quarter_of_questions(driver)

    await driver.run_until(utc(2026, 12, 30, 10))
    previews = driver.of_kind("digest_preview")
    assert {(s.platform, s.message.place.channel) for s in previews} == LEADS
    # Fri 1 Jan is a bank holiday, so it goes on Mon 4 Jan at 09:00; the preview three working
    # days before that, skipping New Year's Day, Christmas and Boxing Day (observed).
    assert {s.at for s in previews} == {utc(2026, 12, 29, 9)}
    text = previews[0].message.text
    when = (
        "Mon 4 Jan 2027, 09:00 (Friday 1 January 2027 is New Year's Day, a bank holiday in England)"
    )
    assert f"on {bold(when)}" in text
    assert "1 shared answer(s) left out" in text
    assert [s.at for s in driver.of_kind("digest_reminder", "slack")] == [utc(2026, 12, 30, 9)]

    result = handle_action(helpline, incoming(clock, *LEAD), approve_button(driver))
    assert result.status == "done"
    await driver.run_until(utc(2027, 1, 4, 12))

    published = driver.of_kind("digest")
    assert sorted((s.platform, s.message.place.channel) for s in published) == sorted(GP_CHANNELS)
    assert {s.at for s in published} == {utc(2027, 1, 4, 9)}
    assert len(driver.of_kind("digest_reminder", "slack")) == 1  # none after the approval
    post = published[0].message
    assert post.title == "GP Update · 1 Oct to 31 Dec 2026"
    for expected in (
        "Ambulatory ECG now on e-RS",
        "https://example.nhs.uk/ecg",
        f"{bold('Cardiology')}: 3 questions",
        "atrial fibrillation (1)",
        "palpitations (2)",
        f"{bold('Dermatology')}: 1 question",
        AF,
        AF_ANSWER,
        "4 questions · 100% of answered questions answered within target · 1 referral avoided",
        f"{bold('What changed because of your feedback')}\n"
        + bullet(bold("Dermatology photos accepted")),
    ):
        assert expected in post.text
    for never in (CHEST, ECZEMA, "943 476 5870", "Palpitations, NHS"):
        assert never not in post.text

    # Nothing goes twice, and the next edition is being prepared for 09:00 on 1 April (BST).
    await driver.run_until(utc(2027, 1, 6, 12))
    assert len(driver.of_kind("digest")) == 3
    with helpline.uow() as uow:
        following = uow.digest.open_edition()
        assert following is not None
        assert (following.quarter, following.publish_at) == ("2027-Q1", utc(2027, 4, 1, 8))
        assert uow.digest.pending_items() == []


async def test_before_approval_only_leads_and_the_sharer_see_a_shared_answer(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    add_items(helpline, clock)
    await quarter_of_questions(driver)

    def seen_by(platform: str, user: str) -> str:
        found = digest.preview(helpline, now=clock.now(), viewer=Person(platform, user))
        assert found is not None
        return found[1].text

    lead, sharer = seen_by(*LEAD), seen_by("slack", "U0PATEL")
    colleague, gp = seen_by("slack", "U0PRICE"), seen_by("slack", "U0GP9")
    body = "Book 24-hour ECG monitoring directly through e-RS"
    assert AF_ANSWER in lead and body in lead
    assert "shown to them only" not in lead
    assert AF_ANSWER in sharer and body not in sharer
    for other in (colleague, gp):
        assert "Ambulatory ECG now on e-RS" in other  # the titles
        assert AF_ANSWER not in other and body not in other
        assert "1 answer shared by other clinicians is shown to them only" in other


async def test_without_approval_reminders_go_each_working_day_and_publication_waits(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    add_items(helpline, clock)
    await driver.run_until(utc(2027, 1, 4, 10))
    reminders = driver.of_kind("digest_reminder", "slack")
    # Not on Fri 1 Jan (bank holiday) nor the weekend.
    assert [s.at for s in reminders] == [
        utc(2026, 12, 30, 9),
        utc(2026, 12, 31, 9),
        utc(2027, 1, 4, 9),
    ]
    assert "was due on Mon 4 Jan 2027, 09:00 (Friday 1 January" in reminders[-1].message.text
    assert driver.of_kind("digest") == []

    clock.set(utc(2027, 1, 4, 10, 5))
    assert handle_action(helpline, incoming(clock, *LEAD), approve_button(driver)).status == "done"
    await driver.run_until(utc(2027, 1, 4, 10, 6))
    assert {s.at for s in driver.of_kind("digest")} == {utc(2027, 1, 4, 10, 5)}
    assert len(driver.of_kind("digest")) == 3


async def test_a_change_after_approval_needs_a_new_approval(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    add_items(helpline, clock)
    await driver.run_until(utc(2026, 12, 29, 10))
    old_button = approve_button(driver)
    assert handle_action(helpline, incoming(clock, *LEAD), old_button).status == "done"

    with helpline.uow() as uow:
        item_id = uow.digest.pending_items()[0].id
    changed = digest.edit_item(helpline, incoming(clock, *LEAD), item_id, title="ECG by e-RS")
    assert changed.status == "done"
    await driver.run_until(utc(2026, 12, 29, 11))
    assert [s.message.title for s in driver.of_kind("digest_preview", "slack")] == [
        "Preview (revision 1) · GP Update · 1 Oct to 31 Dec 2026",
        "Preview (revision 2) · GP Update · 1 Oct to 31 Dec 2026",
    ]
    stale = handle_action(helpline, incoming(clock, *LEAD), old_button)
    assert stale.status == "refused" and "out of date" in stale.detail
    assert handle_action(helpline, incoming(clock, *LEAD), approve_button(driver)).status == "done"
    await driver.run_until(utc(2027, 1, 4, 9))
    published = driver.of_kind("digest", "slack")
    assert len(published) == 1 and "ECG by e-RS" in published[0].message.text


async def test_the_leads_are_told_the_moved_publication_day_when_they_approve(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    add_items(helpline, clock)
    await driver.run_until(utc(2026, 12, 29, 10))
    assert handle_action(helpline, incoming(clock, *LEAD), approve_button(driver)).status == "done"
    await driver.deliver()
    told = [s.message.text for s in driver.sent if "approved the GP Update" in s.message.text]
    assert told and "goes to the GP channels on Mon 4 Jan 2027, 09:00" in told[0]
    await driver.run_until(utc(2027, 1, 3, 23))
    assert driver.of_kind("digest") == []  # not on New Year's Day, nor the weekend


async def test_with_bank_holiday_keep_the_gp_update_goes_out_on_the_holiday(
    helpline: Helpline, clock: FakeClock
) -> None:
    config = helpline.config
    keep = config.model_copy(
        update={"digest": config.digest.model_copy(update={"bank_holiday": "keep"})}
    )
    kept = Helpline(config=keep, uow=helpline.uow, clock=clock, platforms=helpline.platforms)
    driver = Driver(kept, clock)
    add_items(kept, clock)
    await driver.run_until(utc(2026, 12, 29, 10))
    preview = driver.of_kind("digest_preview", "slack")[0].message.text
    assert f"on {bold('Fri 1 Jan 2027, 09:00')}" in preview
    assert handle_action(kept, incoming(clock, *LEAD), approve_button(driver)).status == "done"
    await driver.run_until(utc(2027, 1, 1, 10))
    assert {s.at for s in driver.of_kind("digest")} == {utc(2027, 1, 1, 9)}


async def test_only_leads_write_and_approve_and_only_the_team_shares(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    gp = incoming(clock, "slack", "U0GP9")
    assert digest.add_item(helpline, gp, title="x", body="y").status == "refused"
    lead = incoming(clock, *LEAD)
    bad = digest.add_item(helpline, lead, title="Call us", body="Ring 020 7946 0018 any time")
    assert bad.status == "invalid" and "phone number" in bad.detail
    reference = await answered(driver, ECZEMA, "Refer.", gp="U0GP1", clinician="U0PRICE")
    assert share(driver, reference, user="U0GP1") == "refused"
    assert share(driver, reference, user="U0PATEL") == "refused"  # cardiology, not dermatology
    assert share(driver, reference, user="U0PRICE") == "done"
    assert share(driver, reference, user="U0PRICE") == "no_change"
    approve = Interaction("digest_approve", "")
    assert handle_action(helpline, incoming(clock, "slack", "U0PRICE"), approve).status == "refused"


async def test_two_sweeps_at_once_and_a_restart_post_the_preview_once(
    helpline: Helpline, clock: FakeClock
) -> None:
    add_items(helpline, clock)
    run_schedules(helpline, now=clock.now())
    clock.set(utc(2026, 12, 29, 9, 0, 30))
    workers = [
        threading.Thread(target=run_schedules, args=(helpline,), kwargs={"now": clock.now()})
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    restarted = Helpline(
        config=helpline.config, uow=helpline.uow, clock=clock, platforms=helpline.platforms
    )
    run_schedules(restarted, now=clock.now())
    run_schedules(restarted, now=clock.now())
    with helpline.uow() as uow:
        keys = uow.session.scalars(
            select(OutboxMessage.key).where(OutboxMessage.key.like("digest:%"))
        )
        assert sorted(keys) == sorted(
            f"digest:2026-Q4:preview:1:{platform}:{user}" for platform, user in LEADS
        )


async def test_reminders_missed_while_down_are_skipped_and_the_leads_told(
    helpline: Helpline, clock: FakeClock
) -> None:
    driver = Driver(helpline, clock)
    add_items(helpline, clock)
    await driver.run_until(utc(2026, 12, 29, 10))
    clock.set(utc(2026, 12, 31, 15))  # down from Tue 10:00 to Thu 15:00
    report = await driver.sweep()
    assert [p.offset for p in report.skipped] == ["reminder:2026-12-31"]
    assert driver.of_kind("digest_reminder") == []
    missed = [s for s in driver.sent if s.message.title == "Missed scheduled posts"]
    assert {(s.platform, s.message.place.channel) for s in missed} == LEADS
    assert "GP Update 2026-Q4: reminder to approve" in missed[0].message.text
    assert (await driver.sweep()).skipped == []
    with helpline.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Case)) == 0


@pytest.mark.parametrize("hours_late", [0.5, 30])
async def test_a_preview_goes_however_late(
    helpline: Helpline, clock: FakeClock, hours_late: float
) -> None:
    driver = Driver(helpline, clock)
    add_items(helpline, clock)
    await driver.sweep()
    clock.set(utc(2026, 12, 29, 9) + timedelta(hours=hours_late))
    await driver.sweep()
    assert len(driver.of_kind("digest_preview")) == 3


def test_topics_keep_the_clinicians_spelling_of_a_phrase(helpline: Helpline) -> None:
    rows = [
        digest_store.TopicRow("cardiology", "referral", "new af, ecg normal: refer?", None),
        digest_store.TopicRow(
            "cardiology",
            "other",
            None,  # the text is gone: the routing reason says what matched
            {"specialty": "cardiology", "reason": "matched 'nt-probnp' and 'hfref'"},
        ),
    ]
    [topic] = digest_content.topics(helpline, rows)
    shown = dict(topic.phrases)  # the three most asked, each once here
    assert len(shown) == 3 and set(shown) <= {"AF", "ECG", "NT-proBNP", "HFrEF"}
    assert set(shown.values()) == {1}
