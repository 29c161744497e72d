"""Figures and rows over cases, read through the unit of work. Reads only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from storage.repositories.figure_groups import Figures
from storage.repositories.figure_rows import CaseRow, FigureQuery, case_rows
from storage.repositories.figures import compute_figures


class FigureRepository:
    """The helpline's figures, computed by the database."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def compute(self, query: FigureQuery, *, tz: ZoneInfo, outcomes: Sequence[str]) -> Figures:
        """Every figure of the cases ``query`` selects, with ``outcomes`` counted by key."""
        return compute_figures(self.session, query, tz=tz, outcomes=outcomes)

    def case_rows(self, query: FigureQuery) -> Iterator[CaseRow]:
        """The cases ``query`` selects, oldest first, streamed."""
        return case_rows(self.session, query)
