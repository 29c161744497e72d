"""In-memory tables for the fake unit of work: committed rows, and one unit's working copy.

The committed state is rows of plain values by table, as a database holds them. A unit copies
that state when it starts, loads real ORM objects from it as its queries ask, and writes back
only at ``publish`` (its commit): a unit that ends without committing leaves nothing behind.
What a unit writes back follows SQLAlchemy's own change tracking, so a value changed in place
without being assigned (a JSON dict edited) is lost here just as it is on a real database.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import JSON, UniqueConstraint, inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import configure_mappers
from sqlalchemy.orm.attributes import set_committed_value

from storage.models.cases import Base, UTCDateTime

M = TypeVar("M", bound=Base)
Row = dict[str, Any]
Key = tuple[Any, ...]


class FakeDatabase:
    """The committed rows of every table, by model and primary key."""

    def __init__(self) -> None:
        self.rows: dict[type[Base], dict[Key, Row]] = {}
        self.commits = 0
        self.lock = threading.Lock()

    def snapshot(self) -> dict[type[Base], dict[Key, Row]]:
        """The committed state now; rows are replaced on publish, never changed, so a shallow
        copy of each table keeps it."""
        with self.lock:
            return {model: dict(rows) for model, rows in self.rows.items()}

    def table(self, model: type[Base]) -> list[Row]:
        """The committed rows of ``model``, by primary key (for tests' own checks)."""
        with self.lock:
            rows = self.rows.get(model, {})
            return [copy.deepcopy(rows[key]) for key in sorted(rows)]


class Tables:
    """One unit's view of the database: the snapshot it started from, and its own objects."""

    def __init__(self, database: FakeDatabase) -> None:
        configure_mappers()
        self.database = database
        self._snapshot = database.snapshot()
        self._objects: dict[type[Base], dict[Key, Base]] = {}
        self._deleted: dict[type[Base], set[Key]] = {}

    def all(self, model: type[M], where: Callable[[M], bool] | None = None) -> list[M]:
        """The unit's objects of ``model`` (what it loaded and what it added), by primary key."""
        objects = self._loaded(model)
        found = [objects[key] for key in sorted(objects)]
        return [o for o in found if where is None or where(o)]  # type: ignore[misc]

    def get(self, model: type[M], *key: Any) -> M | None:
        """The object with primary key ``key``, as ``Session.get`` finds it."""
        return self._loaded(model).get(tuple(key))  # type: ignore[return-value]

    def add(self, obj: Base, *, flush: bool = False) -> None:
        """Add ``obj`` with its defaults filled in and an id given; ``flush`` checks the table's
        constraints now, as a flush does (otherwise the commit does)."""
        model = type(obj)
        objects = self._loaded(model)
        _fill_defaults(obj)
        if _pk_columns(model) == ["id"] and obj.id is None:  # type: ignore[attr-defined]
            # SQLite gives the next id after the highest one stored or being stored.
            stored = [*self.database.snapshot().get(model, {}), *objects]
            obj.id = max([0, *(key[0] for key in stored)]) + 1  # type: ignore[attr-defined]
        if flush:
            _check_not_null(obj)
            others = [_values(o) for o in objects.values() if o is not obj]
            _check_unique(model, others, _values(obj))
        objects[_key(obj)] = obj

    def insert(self, model: type[M], values: Row) -> M:
        """A row written straight to the table (not through the ORM), loaded back as an object."""
        obj = _load(model, values)
        self.add(obj, flush=True)
        return obj

    def update(self, model: type[M], where: Callable[[M], bool], **values: Any) -> int:
        """An UPDATE statement: the matching rows get ``values``; returns how many matched."""
        rows = self.all(model, where)
        for obj in rows:
            for key, value in values.items():
                setattr(obj, key, copy.deepcopy(value))
        return len(rows)

    def delete(self, model: type[M], where: Callable[[M], bool]) -> int:
        """A DELETE statement: the matching rows go when the unit commits; how many matched."""
        objects = self._loaded(model)
        gone = [key for key, obj in objects.items() if where(obj)]  # type: ignore[arg-type]
        for key in gone:
            del objects[key]
        self._deleted.setdefault(model, set()).update(gone)
        return len(gone)

    def publish(self) -> None:
        """Write the unit's new and changed rows to the database, or none if one breaks a rule."""
        with self.database.lock:
            changes = {model: self._changes(model) for model in self._objects}
            self._objects.update({model: self._objects.get(model, {}) for model in self._deleted})
            for model, rows in changes.items():
                stored = self.database.rows.get(model, {})
                began = self._snapshot.get(model, {})
                if any(key in stored and key not in began for key in rows):
                    raise _conflict(model, "another unit stored the same primary key")
                _check_table(model, {**stored, **rows}.values())
            for model, rows in changes.items():
                self.database.rows.setdefault(model, {}).update(rows)
            for model, keys in self._deleted.items():
                for key in keys:
                    self.database.rows.get(model, {}).pop(key, None)
            self.database.commits += 1
        for model, rows in changes.items():
            for key in rows:
                _mark_clean(self._objects[model][key])
        self._snapshot = self.database.snapshot()
        self._deleted = {}

    def _changes(self, model: type[Base]) -> dict[Key, Row]:
        """The rows of ``model`` this unit adds or changes, as they are to be stored."""
        began = self._snapshot.get(model, {})
        stored = self.database.rows.get(model, {})
        rows = {}
        for key, obj in self._objects[model].items():
            if key not in began:
                _check_not_null(obj)
                rows[key] = _stored(model, _values(obj))
            elif inspect(obj).modified and (changed := _changed(obj)):
                # Only the columns this unit set: a concurrent unit's other changes stay.
                rows[key] = _stored(model, {**stored.get(key, began[key]), **changed})
        return rows

    def _loaded(self, model: type[Base]) -> dict[Key, Base]:
        if model not in self._objects:
            rows = self._snapshot.get(model, {})
            self._objects[model] = {key: _load(model, row) for key, row in rows.items()}
        return self._objects[model]


def _fill_defaults(obj: Base) -> None:
    """Column defaults for what was never given: an explicit None is stored as NULL."""
    given = inspect(obj).dict
    for column in type(obj).__table__.columns:
        default = column.default
        if column.key not in given and default is not None:
            value = default.arg(None) if default.is_callable else default.arg  # type: ignore[attr-defined]
            setattr(obj, column.key, value)


def _pk_columns(model: type[Base]) -> list[str]:
    return [c.key for c in model.__table__.primary_key.columns]


def _key(obj: Base) -> Key:
    return tuple(getattr(obj, name) for name in _pk_columns(type(obj)))


def _values(obj: Base) -> Row:
    return {c.key: getattr(obj, c.key) for c in type(obj).__table__.columns}


def _load(model: type[M], row: Row) -> M:
    """An object as a query returns it: its values loaded, nothing yet changed."""
    obj: M = model.__mapper__.class_manager.new_instance()
    for key, value in row.items():
        set_committed_value(obj, key, _copy(value))
    return obj


def _stored(model: type[Base], row: Row) -> Row:
    """``row`` as the database gives it back: datetimes in UTC, JSON through its text."""
    stored = {}
    for column in model.__table__.columns:
        value = row.get(column.key)
        if isinstance(column.type, UTCDateTime) and isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
            value = value.astimezone(UTC)
        elif isinstance(column.type, JSON) and value is not None:
            value = json.loads(json.dumps(value))
        stored[column.key] = _copy(value)
    return stored


def _copy(value: Any) -> Any:
    """A copy of a stored value that no unit can change in place (JSON is dicts and lists)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _changed(obj: Base) -> Row:
    state = inspect(obj)
    return {
        c.key: getattr(obj, c.key)
        for c in type(obj).__table__.columns
        if state.attrs[c.key].history.has_changes()
    }


def _mark_clean(obj: Base) -> None:
    for column in type(obj).__table__.columns:
        set_committed_value(obj, column.key, getattr(obj, column.key))


def _unique_sets(model: type[Base]) -> list[list[str]]:
    table = model.__table__
    sets = [_pk_columns(model)]
    sets += [
        [c.key for c in con.columns]
        for con in table.constraints
        if isinstance(con, UniqueConstraint)
    ]
    return sets


def _check_unique(model: type[Base], rows: Iterable[Row], row: Row) -> None:
    _check_table(model, [*rows, row])


def _check_table(model: type[Base], rows: Iterable[Row]) -> None:
    rows = list(rows)
    for names in _unique_sets(model):
        seen: set[tuple[Any, ...]] = set()
        for row in rows:
            value = tuple(row[n] for n in names)
            if None in value:
                continue  # NULLs never clash
            if value in seen:
                raise _conflict(model, f"duplicate {', '.join(names)}")
            seen.add(value)


def _check_not_null(obj: Base) -> None:
    for column in type(obj).__table__.columns:
        if not column.nullable and getattr(obj, column.key) is None:
            raise _conflict(type(obj), f"NOT NULL constraint failed: {column.key}")


def _conflict(model: type[Base], what: str) -> IntegrityError:
    table = model.__table__.name
    return IntegrityError(f"fake {table}", {}, Exception(f"{table}: {what}"))
