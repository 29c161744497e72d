"""The audit log: who saw figures, exported data, moved a case or changed the configuration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from handlers.core import Helpline
from handlers.messages import Person
from storage.models.cases import AuditEntry
from storage.uow import UnitOfWork

ACTIONS = ("viewed_figures", "exported", "rerouted", "config_changed")


@dataclass(frozen=True)
class AuditLine:
    """One audit entry as an operator reads it."""

    at: datetime
    actor: str
    action: str
    subject: str
    detail: dict[str, object]


def record(
    uow: UnitOfWork,
    *,
    actor: Person | None,
    action: str,
    at: datetime,
    subject: str | None = None,
    **detail: object,
) -> None:
    """Append an entry in the caller's transaction, so it is kept exactly when the act is."""
    uow.audit.add(
        AuditEntry(
            at=at,
            actor_platform=actor.platform if actor else None,
            actor_user=actor.user_id if actor else None,
            action=action,
            subject=subject,
            detail=dict(detail),
        )
    )


def record_alone(
    helpline: Helpline,
    *,
    actor: Person | None,
    action: str,
    subject: str | None = None,
    **detail: object,
) -> None:
    """Append an entry in its own transaction (for acts that change nothing else)."""
    with helpline.uow() as uow:
        record(uow, actor=actor, action=action, at=helpline.clock.now(), subject=subject, **detail)
        uow.commit()


def note_configuration(helpline: Helpline, *, digest: str, path: str) -> bool:
    """Record a configuration change when the file's digest differs from the last one seen."""
    with helpline.uow() as uow:
        last = uow.audit.last("config_changed")
        if last is not None and last.detail.get("sha256") == digest:
            return False
        record(
            uow,
            actor=None,
            action="config_changed",
            at=helpline.clock.now(),
            subject=path,
            sha256=digest,
        )
        uow.commit()
    return True


def entries(helpline: Helpline, *, since: datetime, action: str | None = None) -> list[AuditLine]:
    """Audit entries from ``since`` on, oldest first."""
    with helpline.uow() as uow:
        rows = uow.audit.since(since, action=action)
        return [
            AuditLine(
                at=row.at,
                actor=f"{row.actor_platform}:{row.actor_user}" if row.actor_user else "system",
                action=row.action,
                subject=row.subject or "",
                detail=dict(row.detail),
            )
            for row in rows
        ]
