"""A synthetic but realistic case history for benchmarks, loaded in bulk into SQLite or PostgreSQL.

Cases arrive in working hours on working days (England), spread over specialties by a skewed
popularity; response times are log-normal around a share of the target, so a few breach; most
cases are resolved, about half are rated. numpy (installed with matplotlib) keeps generating a
million rows to a few seconds.
"""

from __future__ import annotations

import io
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import numpy as np

TZ = ZoneInfo("Europe/London")
OUTCOMES = ("referral_avoided", "referral_made", "admission_avoided", "advice_only")
CATEGORIES = ("referral", "pathway", "discharge", "other")
DAY = 8 * 3600  # one working day, 09:00-17:00
COLUMNS = (
    "id", "reference", "status", "specialty", "category", "urgency", "practice", "question",
    "gp_platform", "gp_user", "gp_channel", "team_platform", "team_channel", "created_at",
    "target_working_seconds", "target_at", "first_response_at", "first_response_working_seconds",
    "first_response_wall_seconds", "answered_at", "answer_working_seconds", "answer_wall_seconds",
    "within_target", "resolved_at", "resolution_working_seconds",
    "resolution_wall_seconds", "resolved_by", "paused_working_seconds", "last_activity_at",
    "reroute_count", "rating", "outcome", "rated_at",
)  # fmt: skip


def specialty_keys(count: int) -> list[str]:
    """``count`` specialty keys."""
    return [f"specialty-{i:02d}" for i in range(count)]


@dataclass
class History:
    """Column arrays of a generated history (times as numpy datetime64[us] in UTC)."""

    columns: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.columns["id"])


def _working_days(first: date, last: date) -> list[date]:
    england = holidays.country_holidays("GB", subdiv="ENG")
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and day not in england:
            days.append(day)
        day += timedelta(days=1)
    return days


def generate(count: int, *, first: date, last: date, specialties: int, seed: int = 5) -> History:
    """``count`` cases asked between local dates ``first`` and ``last``."""
    rng = np.random.default_rng(seed)
    days = _working_days(first, last)
    # 09:00 local of each working day, in UTC microseconds.
    opens = np.array([int(datetime.combine(d, time(9), tzinfo=TZ).timestamp() * 1e6) for d in days])
    day_index = np.sort(rng.integers(0, len(days), count))
    created = opens[day_index] + (rng.random(count) * DAY * 1e6).astype(np.int64)
    keys = np.array(specialty_keys(specialties), dtype=object)
    popularity = 1 / np.arange(1, specialties + 1) ** 0.8
    specialty = keys[rng.choice(specialties, count, p=popularity / popularity.sum())]
    specialty[rng.random(count) < 0.005] = None  # still in triage
    urgent = rng.random(count) < 0.15
    short_urgent = np.isin(specialty, keys[: specialties // 4])
    target = np.where(urgent, np.where(short_urgent, 2 * 3600, 4 * 3600), 2 * DAY)
    # Working time runs 8 h of every 24 h on weekdays: wall time is about 3.4 times working time.
    wall = 3.4
    age_days = (created.max() - created) / 86_400e6
    answered = rng.random(count) < np.where(age_days < 3, 0.6, 0.985)
    first_working = (target * 0.35 * rng.lognormal(0, 0.8, count)).astype(np.int64)
    first_wall = (first_working * wall * rng.uniform(0.7, 1.3, count)).astype(np.int64)
    resolved = answered & (rng.random(count) < np.where(age_days < 10, 0.5, 0.97))
    resolution_working = first_working + (DAY * rng.lognormal(0, 0.9, count)).astype(np.int64)
    resolution_wall = (resolution_working * wall).astype(np.int64)
    rated = resolved & (rng.random(count) < 0.55)
    rating = rng.choice(np.arange(1, 6), count, p=[0.02, 0.04, 0.1, 0.34, 0.5])
    outcome = np.array(OUTCOMES, dtype=object)[rng.choice(4, count, p=[0.35, 0.2, 0.1, 0.35])]
    has_outcome = resolved & (rng.random(count) < 0.6)
    ids = np.arange(1, count + 1)

    def at(offset: np.ndarray, mask: np.ndarray) -> np.ndarray:
        stamps = (created + offset * 1_000_000).astype("datetime64[us]")
        return np.where(mask, stamps, np.datetime64("NaT"))

    resolved_at = at(resolution_wall, resolved)
    first_at = at(first_wall, answered)
    columns = {
        "id": ids,
        "reference": np.array([f"GPH-{i:06d}" for i in ids.tolist()], dtype=object),
        "status": np.where(resolved, "resolved", np.where(answered, "answered", "new")),
        "specialty": specialty,
        "category": np.array(CATEGORIES, dtype=object)[
            rng.choice(4, count, p=[0.45, 0.3, 0.15, 0.1])
        ],
        "urgency": np.where(urgent, "urgent", "routine"),
        "practice": np.array([f"A{81000 + i}" for i in rng.integers(0, 600, count)], dtype=object),
        "question": np.where(age_days < 180, "Advice please about a patient in their 60s.", None),
        "gp_platform": np.full(count, "slack", dtype=object),
        "gp_user": np.array([f"U0GP{i:04d}" for i in rng.integers(0, 3000, count)], dtype=object),
        "gp_channel": np.full(count, "C0HELPLINE", dtype=object),
        "team_platform": np.full(count, "slack", dtype=object),
        "team_channel": np.where(specialty == None, "C0TRIAGE", "C0TEAM"),  # noqa: E711
        "created_at": created.astype("datetime64[us]"),
        "target_working_seconds": target,
        "target_at": at((target * wall).astype(np.int64), np.ones(count, bool)),
        "first_response_at": first_at,
        "first_response_working_seconds": np.where(answered, first_working, -1),
        "first_response_wall_seconds": np.where(answered, first_wall, -1),
        # No request for information in this history: the first response is the answer.
        "answered_at": first_at,
        "answer_working_seconds": np.where(answered, first_working, -1),
        "answer_wall_seconds": np.where(answered, first_wall, -1),
        "within_target": np.where(answered, (first_working <= target).astype(int), -1),
        "resolved_at": resolved_at,
        "resolution_working_seconds": np.where(resolved, resolution_working, -1),
        "resolution_wall_seconds": np.where(resolved, resolution_wall, -1),
        "resolved_by": np.where(resolved, "clinician", None),
        "paused_working_seconds": np.zeros(count, dtype=np.int64),
        "reroute_count": rng.choice(3, count, p=[0.955, 0.04, 0.005]),
        "rating": np.where(rated, rating, -1),
        "outcome": np.where(has_outcome, outcome, None),
        "rated_at": np.where(rated, resolved_at, np.datetime64("NaT")),
    }
    columns["last_activity_at"] = np.where(
        resolved, resolved_at, np.where(answered, first_at, columns["created_at"])
    )
    return History(columns)


def _texts(values: np.ndarray) -> list[str | None]:
    """A column as text the databases read: None for missing, ISO text for times."""
    if values.dtype.kind == "M":
        text = np.datetime_as_string(values, unit="us")
        return [None if t == "NaT" else t.replace("T", " ") for t in text.tolist()]
    if values.dtype.kind in "iu":
        return [None if v == -1 else v for v in values.tolist()]
    return values.tolist()  # type: ignore[no-any-return]


def load_sqlite(path: str, history: History, *, batch: int = 50_000) -> None:
    """Insert ``history`` into the (migrated, empty) SQLite database at ``path``.

    The indexes are dropped for the load and built again after it: several times faster.
    """
    columns = [_texts(history.columns[name]) for name in COLUMNS]
    sql = f"INSERT INTO cases ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA synchronous=OFF")
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' "
            "AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        rows = list(zip(*columns, strict=True))
        for start in range(0, len(rows), batch):
            conn.executemany(sql, rows[start : start + batch])
        for _, ddl in indexes:
            conn.execute(ddl)
        conn.execute("ANALYZE")


def load_postgres(dsn: str, history: History) -> None:
    """COPY ``history`` into the (migrated, empty) PostgreSQL database at ``dsn``."""
    import psycopg

    columns = [_texts(history.columns[name]) for name in COLUMNS]
    zone = {name for name in COLUMNS if history.columns[name].dtype.kind == "M"}
    for index, name in enumerate(COLUMNS):
        if name in zone:
            columns[index] = [None if v is None else f"{v}+00" for v in columns[index]]
        if name == "within_target":
            columns[index] = [None if v is None else ("t" if v else "f") for v in columns[index]]
    buffer = io.StringIO()
    for row in zip(*columns, strict=True):
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    with psycopg.connect(dsn) as conn:
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases' "
            "AND indexname LIKE 'ix_%'"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')  # built again after the load: much faster
        with conn.cursor() as cur, cur.copy(f"COPY cases ({', '.join(COLUMNS)}) FROM STDIN") as cp:
            cp.write(buffer.getvalue())
        for _, ddl in indexes:
            conn.execute(ddl)
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))"
        )
        conn.commit()
        conn.execute("ANALYZE cases")


def utc(day: date) -> datetime:
    """Local midnight at the start of ``day``, in UTC."""
    return datetime.combine(day, time(0), tzinfo=TZ).astimezone(UTC)
