"""Tables for the escalation area: each warning sent, once per case, routing and level."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.cases import Base

__all__ = ["Base", "CaseWarning"]


class CaseWarning(Base):
    """A warning sent about a case; the unique key makes a second send impossible.

    ``route`` is the case's reroute count when it was sent: a rerouted case has a new team and a
    new target, so the new team gets its own warnings.
    """

    __tablename__ = "case_warnings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    route: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))  # unclaimed, amber, red
    at: Mapped[datetime]
    working_seconds: Mapped[int] = mapped_column(Integer)
    target_working_seconds: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("case_id", "route", "level", name="uq_case_warnings_case_level"),
    )
