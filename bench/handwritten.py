"""The figures of `helpline stats` computed by hand-written SQL, as a yardstick for the bench.

PostgreSQL: one statement with GROUPING SETS and percentile_cont. SQLite has neither, so the
counts are grouped by specialty and local month and added up, and each percentile comes from
window functions (ROW_NUMBER and COUNT over each group) that return only the rows at the ranks
needed. ``ordered_pass=True`` instead reads each duration column in order through the raw
driver: the same algorithm as the code under test, without SQLAlchemy, as a lower bound.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

OUTCOMES = ("referral_avoided", "referral_made", "admission_avoided", "advice_only")
DURATIONS = (
    "first_response_working_seconds",
    "first_response_wall_seconds",
    "resolution_working_seconds",
    "resolution_wall_seconds",
)


def _counts(dialect: str, as_of: str) -> str:
    """The count columns: received .. rerouted, five ratings, the outcomes."""

    def flag(condition: str) -> str:
        if dialect == "postgresql":
            return f"count(*) FILTER (WHERE {condition})"
        return f"sum({condition})"

    return ", ".join(
        [
            "count(*)",
            "count(answered_at)",
            "count(resolved_at)",
            flag("within_target"),
            flag("NOT within_target"),
            flag(f"resolved_at IS NULL AND answered_at IS NULL AND target_at < {as_of}"),
            "coalesce(sum(reroute_count), 0)",
            flag("reroute_count > 0"),
            *(flag(f"rating = {n}") for n in range(1, 6)),
            *(flag(f"outcome = '{key}'") for key in OUTCOMES),
        ]
    )


_PG = """
WITH selected AS (
  SELECT specialty, to_char(created_at AT TIME ZONE %(tz)s, 'YYYY-MM') AS month,
         answered_at, resolved_at, within_target, target_at, reroute_count, rating,
         outcome, {durations}
  FROM cases WHERE created_at >= %(since)s AND created_at < %(until)s)
SELECT grouping(specialty, month), specialty, month, {counts},
  percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY first_response_working_seconds),
  percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY first_response_wall_seconds),
  percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY resolution_working_seconds),
  percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY resolution_wall_seconds)
FROM selected GROUP BY GROUPING SETS ((), (specialty), (month))
"""

_SQLITE_SELECTED = """
WITH selected AS (
  SELECT specialty, strftime('%Y-%m', created_at, {shift}) AS month, answered_at,
         resolved_at, within_target, target_at, reroute_count, rating, outcome, {durations}
  FROM cases WHERE created_at >= :since AND created_at < :until)
"""

_SQLITE_RANKS = """
, ranked AS (
  SELECT {group} AS g, {x} AS x, ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY {x}) - 1 AS i,
         COUNT(*) OVER (PARTITION BY {group}) AS n
  FROM selected WHERE {x} IS NOT NULL)
SELECT g, n, i, x FROM ranked
WHERE i IN (CAST((n - 1) * 0.5 AS INTEGER), CAST((n - 1) * 0.5 AS INTEGER) + 1,
            CAST((n - 1) * 0.9 AS INTEGER), CAST((n - 1) * 0.9 AS INTEGER) + 1)
"""


def _text(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _shift(since: datetime, until: datetime, tz: ZoneInfo) -> str:
    """A SQLite modifier from UTC to local time: the zone's offset, interval by interval."""
    cases, at = [], since.replace(minute=0, second=0, microsecond=0)
    start, offset = at, at.astimezone(tz).utcoffset()
    while at < until:
        at += timedelta(hours=1)
        now = at.astimezone(tz).utcoffset()
        if now != offset or at >= until:
            minutes = int(offset.total_seconds() // 60) if offset else 0
            if minutes:
                cases.append(
                    f"WHEN created_at >= '{_text(start)}' AND created_at < '{_text(at)}' "
                    f"THEN '{minutes:+d} minutes'"
                )
            start, offset = at, now
    return f"CASE {' '.join(cases)} ELSE '+0 minutes' END" if cases else "'+0 minutes'"


def _cont(values: dict[int, float], n: int, fraction: float) -> float:
    position = (n - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, n - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def _sqlite(
    engine: Engine, since: datetime, until: datetime, as_of: datetime, tz: ZoneInfo, ordered: bool
) -> dict[str, Any]:
    selected = _SQLITE_SELECTED.format(
        shift=_shift(since, until, tz), durations=", ".join(DURATIONS)
    )
    params = {"since": _text(since), "until": _text(until), "as_of": _text(as_of)}
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        counts = selected + f"SELECT specialty, month, {_counts('sqlite', ':as_of')} FROM selected "
        cursor.execute(counts + "GROUP BY month, specialty", params)
        groups: dict[tuple[str, Any], list[int]] = defaultdict(lambda: [0] * 17)
        for specialty, month, *values in cursor.fetchall():
            for key in (("all", None), ("specialty", specialty), ("month", month)):
                tally = groups[key]
                for index, value in enumerate(values):
                    tally[index] += value or 0
        percentiles: dict[tuple[str, str, Any], tuple[float, float]] = {}
        for column in DURATIONS:
            if ordered:
                percentiles.update(_ordered(cursor, selected, params, column))
                continue
            for kind, group in (("all", "'all'"), ("specialty", "specialty"), ("month", "month")):
                cursor.execute(selected + _SQLITE_RANKS.format(group=group, x=column), params)
                ranks: dict[Any, tuple[int, dict[int, float]]] = {}
                for g, n, i, x in cursor.fetchall():
                    ranks.setdefault(g, (n, {}))[1][i] = x
                for g, (n, values) in ranks.items():
                    key = (column, kind, None if kind == "all" else g)
                    percentiles[key] = (_cont(values, n, 0.5), _cont(values, n, 0.9))
    finally:
        raw.close()
    total = groups["all", None]
    first = percentiles.get((DURATIONS[0], "all", None), (None, None))
    return _summary(total, first, groups)


def _ordered(
    cursor: Any, selected: str, params: dict[str, str], column: str
) -> dict[tuple[str, str, Any], tuple[float, float]]:
    cursor.execute(
        selected + f"SELECT specialty, month, {column} FROM selected "
        f"WHERE {column} IS NOT NULL ORDER BY {column}",
        params,
    )
    lists: dict[tuple[str, Any], list[int]] = defaultdict(list)
    for specialty, month, x in cursor:
        lists["all", None].append(x)
        lists["specialty", specialty].append(x)
        lists["month", month].append(x)
    found = {}
    for (kind, g), values in lists.items():
        indexed = dict(enumerate(values))
        n = len(values)
        found[column, kind, g] = (_cont(indexed, n, 0.5), _cont(indexed, n, 0.9))
    return found


def _summary(
    total: list[int], first: tuple[float | None, float | None], groups: dict[Any, Any]
) -> dict[str, Any]:
    return {
        "received": total[0],
        "answered": total[1],
        "breaches": total[4] + total[5],
        "median": None if first[0] is None else round(first[0], 1),
        "p90": None if first[1] is None else round(first[1], 1),
        "specialties": sum(1 for kind, _ in groups if kind == "specialty"),
        "months": sum(1 for kind, _ in groups if kind == "month"),
    }


def _postgres(
    engine: Engine, since: datetime, until: datetime, as_of: datetime, tz: ZoneInfo
) -> dict[str, Any]:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        sql = _PG.format(counts=_counts("postgresql", "%(as_of)s"), durations=", ".join(DURATIONS))
        cursor.execute(sql, {"since": since, "until": until, "as_of": as_of, "tz": tz.key})
        rows = cursor.fetchall()
    finally:
        raw.close()
    groups: dict[tuple[str, Any], list[int]] = {}
    first: tuple[float | None, float | None] = (None, None)
    for grouping, specialty, month, *values in rows:
        kind = {3: "all", 1: "specialty", 2: "month"}[grouping]
        groups[kind, specialty if kind == "specialty" else month] = values[:17]
        if kind == "all" and values[17]:
            first = (values[17][0], values[17][1])
    total = next(v for (kind, _), v in groups.items() if kind == "all")
    return _summary(total, first, groups)


def handwritten_figures(
    engine: Engine,
    *,
    since: datetime,
    until: datetime,
    as_of: datetime,
    tz: ZoneInfo,
    ordered_pass: bool = False,
) -> dict[str, Any]:
    """Every figure by hand-written SQL; returns a summary to check against the code under test."""
    if engine.dialect.name == "postgresql":
        return _postgres(engine, since, until, as_of, tz)
    return _sqlite(engine, since, until, as_of, tz, ordered_pass)
