"""Closing quiet cases: answered questions with no activity for the configured quiet period."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from handlers.cases.lifecycle import resolve
from handlers.core import Helpline

log = logging.getLogger(__name__)


def close_quiet_cases(helpline: Helpline, *, now: datetime) -> list[str]:
    """Resolve answered cases quiet for the configured working time; returns their references.

    Unanswered questions are never closed this way: they stay open until someone answers.
    """
    quiet = helpline.config.closing.quiet_period.seconds(helpline.calendar.day_seconds)
    # Working time never exceeds wall time, so this cutoff keeps every candidate.
    cutoff = now - timedelta(seconds=quiet)
    closed = []
    with helpline.uow() as uow:
        for case in uow.cases.quiet_since(cutoff):
            if helpline.calendar.between(case.last_activity_at, now) < quiet:
                continue
            resolve(helpline, uow, case, by=None, role="auto", at=now)
            closed.append(case.reference or "")
        uow.commit()
    if closed:
        log.info("closed %s quiet cases: %s", len(closed), ", ".join(closed))
    return closed
