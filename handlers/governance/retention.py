"""Retention: question and answer texts go a set time after resolution; figures stay."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.cases import inbox
from handlers.cases.lifecycle import record_event
from handlers.core import Helpline

log = logging.getLogger(__name__)

# Files queued with a message (a lead's report) that could not be sent within this long go;
# so do files offered to someone (a Teams file consent card) and not accepted in that time.
FILES_KEPT_FOR = timedelta(days=7)


@dataclass(frozen=True)
class PurgeResult:
    """Which cases' texts were (or, on a dry run, would be) deleted, and the cutoff used."""

    cutoff: datetime
    references: list[str]
    dry_run: bool


def purge_texts(helpline: Helpline, *, now: datetime, dry_run: bool = False) -> PurgeResult:
    """Delete the texts of cases resolved longer ago than the retention period."""
    cutoff = now - helpline.config.retention.texts_kept_for
    with helpline.uow() as uow:
        cases = uow.retention.expired(cutoff)
        references = [case.reference or "" for case in cases]
        if not dry_run and cases:
            uow.retention.blank([case.id for case in cases])
            for case in cases:
                record_event(uow, case, "texts_purged", now, cutoff=cutoff.isoformat())
            uow.commit()
    if not dry_run:
        purge_files(helpline, now=now)
        given_up = inbox.purge_given_up(helpline, received_before=cutoff)
        if given_up:
            log.warning("deleted %s questions that could not become cases", given_up)
    if references and not dry_run:
        log.info("deleted the texts of %s resolved cases", len(references))
    return PurgeResult(cutoff, references, dry_run)


def purge_files(helpline: Helpline, *, now: datetime) -> int:
    """Delete queued files whose message was given up, or that waited too long, and expired
    file offers; how many."""
    with helpline.uow() as uow:
        deleted = uow.files.delete_stale(created_before=now - FILES_KEPT_FOR)
        deleted += uow.file_offers.delete_expired(now=now)
        uow.commit()
    if deleted:
        log.info("deleted %s files that were not delivered or whose offer expired", deleted)
    return deleted
