"""Figures over cases, computed by the database: counts, shares and percentiles per group.

A figure covers the cases *asked* in a period (``created_at`` in ``[since, until)``), in the state
they are in at ``as_of``. Groups are the whole selection, each specialty, and each local month.
PostgreSQL computes everything in one statement (``GROUPING SETS`` and ``percentile_cont``);
SQLite counts by specialty and month in one statement, adds the groups up, and takes each
percentile from one ordered pass over one column.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Float, Subquery, case, func, select, tuple_
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.orm import Session

from storage.models.cases import Case
from storage.repositories.figure_groups import Figures, GroupFigures, Percentiles, percentile
from storage.repositories.figure_rows import CaseRow, FigureQuery, case_rows, where_selected

__all__ = [
    "DURATIONS",
    "CaseRow",
    "FigureQuery",
    "Figures",
    "GroupFigures",
    "Percentiles",
    "case_rows",
    "compute_figures",
    "month_bounds",
    "percentile",
]

# Duration figures: name -> column of stored seconds.
DURATIONS: dict[str, Any] = {
    "first_response_working": Case.first_response_working_seconds,
    "first_response_wall": Case.first_response_wall_seconds,
    "answer_working": Case.answer_working_seconds,
    "answer_wall": Case.answer_wall_seconds,
    "resolution_working": Case.resolution_working_seconds,
    "resolution_wall": Case.resolution_wall_seconds,
}
_FRACTIONS = (0.5, 0.9)


def month_bounds(since: datetime, until: datetime, *, tz: ZoneInfo) -> list[tuple[str, datetime]]:
    """The local months ``[since, until)`` touches, as (``YYYY-MM``, UTC start) pairs."""
    local = since.astimezone(tz)
    year, month = local.year, local.month
    bounds: list[tuple[str, datetime]] = []
    while True:
        start = datetime.combine(date(year, month, 1), time(0), tzinfo=tz).astimezone(UTC)
        if start >= until and bounds:
            return bounds
        bounds.append((f"{year:04d}-{month:02d}", start))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _bucket(column: Any, starts: Sequence[datetime], offset: int = 0) -> ColumnElement[int]:
    """The index of the month a timestamp falls in, by a balanced tree of comparisons."""
    if len(starts) == 1:  # a CASE, not a bare parameter, whose type PostgreSQL cannot infer
        return case((column.is_not(None), offset), else_=offset)
    mid = len(starts) // 2
    return case(
        (column < starts[mid], _bucket(column, starts[:mid], offset)),
        else_=_bucket(column, starts[mid:], offset + mid),
    )


def _scan_whole_table(session: Session, query: FigureQuery) -> bool:
    """On SQLite, whether the period covers enough of the history to read the table through."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    first, last = session.execute(
        select(func.min(Case.created_at), func.max(Case.created_at))
    ).one()
    if first is None or last is None or last <= first:
        return False
    covered = min(last, query.until) - max(first, query.since)
    return covered / (last - first) > _SCAN_SHARE


_SCAN_SHARE = 0.25  # measured: below this share of the rows the created_at index is faster


def _selection(query: FigureQuery, bucket: ColumnElement[int], *, scan: bool) -> Subquery:
    """The selected cases with only the columns figures read, and their month's index."""
    columns = [
        Case.specialty,
        Case.first_response_at,
        Case.answered_at,
        Case.awaiting_gp_since,
        Case.resolved_at,
        Case.within_target,
        Case.target_at,
        Case.reroute_count,
        Case.rating,
        Case.outcome,
        *DURATIONS.values(),
    ]
    stmt = where_selected(select(*columns, bucket.label("bucket")), query, scan=scan)
    return stmt.subquery("selected")


def _count_columns(c: Any, query: FigureQuery, outcomes: Sequence[str]) -> list[ColumnElement[Any]]:
    def flag(condition: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    # Past the target unanswered; a clock paused for the GP counts if it stopped after the target.
    unanswered_late = (
        c.resolved_at.is_(None)
        & c.answered_at.is_(None)
        & (c.target_at < query.as_of)
        & (c.awaiting_gp_since.is_(None) | (c.target_at < c.awaiting_gp_since))
    )
    return [
        func.count(),
        func.count(c.answered_at),
        func.count(c.first_response_at),
        func.count(c.resolved_at),
        flag(c.within_target.is_(True)),
        flag(c.within_target.is_(False)),
        flag(unanswered_late),
        func.coalesce(func.sum(c.reroute_count), 0),
        flag(c.reroute_count > 0),
        *(flag(c.rating == n) for n in range(1, 6)),
        *(flag(c.outcome == key) for key in outcomes),
    ]


_COUNTS = 9  # received .. rerouted, before the five ratings and the outcomes


def _group(
    tally: Sequence[Any], outcomes: Sequence[str], durations: dict[str, Percentiles]
) -> GroupFigures:
    values = [int(v or 0) for v in tally]
    counts, ratings, found = values[:_COUNTS], values[_COUNTS : _COUNTS + 5], values[_COUNTS + 5 :]
    received, answered, responded, resolved, within, late, open_late, reroutes, rerouted = counts
    return GroupFigures(
        received=received,
        answered=answered,
        responded=responded,
        resolved=resolved,
        within_target=within,
        answered_late=late,
        open_past_target=open_late,
        reroutes=reroutes,
        rerouted=rerouted,
        ratings={n: ratings[n - 1] for n in range(1, 6)},
        outcomes=dict(zip(outcomes, found, strict=True)),
        durations=durations,
    )


def compute_figures(
    session: Session, query: FigureQuery, *, tz: ZoneInfo, outcomes: Sequence[str]
) -> Figures:
    """Every figure of the cases ``query`` selects, with ``outcomes`` counted by key."""
    months = month_bounds(query.since, query.until, tz=tz)
    bucket = _bucket(Case.created_at, [start for _, start in months])
    selected = _selection(query, bucket, scan=_scan_whole_table(session, query))
    labels = [label for label, _ in months]
    if session.get_bind().dialect.name == "postgresql":
        return _grouping_sets(session, query, selected, labels, outcomes)
    return _by_passes(session, query, selected, labels, outcomes)


def _grouping_sets(
    session: Session,
    query: FigureQuery,
    selected: Subquery,
    labels: list[str],
    outcomes: Sequence[str],
) -> Figures:
    c = selected.c
    stmt = select(
        func.grouping(c.specialty, c.bucket),
        c.specialty,
        c.bucket,
        *_count_columns(c, query, outcomes),
        *(
            func.percentile_cont(array(_FRACTIONS)).within_group(c[column.key]).cast(ARRAY(Float))
            for column in DURATIONS.values()
        ),
    ).group_by(func.grouping_sets(tuple_(), tuple_(c.specialty), tuple_(c.bucket)))
    width = _COUNTS + 5 + len(outcomes)
    total = _group([0] * width, outcomes, {})
    by_specialty: dict[str | None, GroupFigures] = {}
    by_month: dict[str, GroupFigures] = {}
    for grouping, specialty, index, *values in session.execute(stmt):
        durations = {
            name: Percentiles(*found) if found else Percentiles()
            for name, found in zip(DURATIONS, values[width:], strict=True)
        }
        group = _group(values[:width], outcomes, durations)
        if grouping == 3:  # both columns rolled up: the whole selection
            total = group
        elif grouping == 1:  # the month rolled up: one specialty
            by_specialty[specialty] = group
        else:
            by_month[labels[index]] = group
    return Figures(total, by_specialty, by_month)


def _by_passes(
    session: Session,
    query: FigureQuery,
    selected: Subquery,
    labels: list[str],
    outcomes: Sequence[str],
) -> Figures:
    c = selected.c
    # Bucket first: grouping by specialty first makes SQLite walk the specialty index.
    stmt = select(c.specialty, c.bucket, *_count_columns(c, query, outcomes)).group_by(
        c.bucket, c.specialty
    )
    width = _COUNTS + 5 + len(outcomes)
    total = [0] * width
    specialties: dict[str | None, list[int]] = defaultdict(lambda: [0] * width)
    months: dict[str, list[int]] = defaultdict(lambda: [0] * width)
    for specialty, index, *values in session.connection().execute(stmt):
        for tally in (total, specialties[specialty], months[labels[index]]):
            for i, value in enumerate(values):
                tally[i] += int(value or 0)
    durations = _ordered_passes(session, selected, labels)

    def build(key: object, tally: list[int]) -> GroupFigures:
        found = {name: per_group.get(key, Percentiles()) for name, per_group in durations.items()}
        return _group(tally, outcomes, found)

    return Figures(
        build(_TOTAL, total),
        {key: build(("specialty", key), t) for key, t in specialties.items()},
        {key: build(("month", key), t) for key, t in months.items()},
    )


_TOTAL = ("total", None)


def _ordered_passes(
    session: Session, selected: Subquery, labels: list[str]
) -> dict[str, dict[object, Percentiles]]:
    """Per duration, one pass over its column in order, split into every group as it goes."""
    c = selected.c
    found: dict[str, dict[object, Percentiles]] = {}
    for name, column in DURATIONS.items():
        value = c[column.key]
        stmt = select(c.specialty, c.bucket, value).where(value.is_not(None)).order_by(value)
        everything: list[int] = []
        by_specialty: dict[str | None, list[int]] = defaultdict(list)
        by_month: list[list[int]] = [[] for _ in labels]
        # Streamed through Core rows: ORM rows, or a list of them first, cost more than the sort.
        for specialty, index, seconds in session.connection().execute(stmt):
            everything.append(seconds)
            by_specialty[specialty].append(seconds)
            by_month[index].append(seconds)
        groups: dict[object, list[int]] = {_TOTAL: everything}
        groups.update((("specialty", key), values) for key, values in by_specialty.items())
        groups.update((("month", labels[i]), values) for i, values in enumerate(by_month))
        found[name] = {
            key: Percentiles(*(percentile(values, f) for f in _FRACTIONS))
            for key, values in groups.items()
        }
    return found
