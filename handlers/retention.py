"""Retention: question and answer texts go a set time after resolution; figures stay."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from handlers.core import Helpline
from handlers.lifecycle import record_event

log = logging.getLogger(__name__)


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
    if references and not dry_run:
        log.info("deleted the texts of %s resolved cases", len(references))
    return PurgeResult(cutoff, references, dry_run)
