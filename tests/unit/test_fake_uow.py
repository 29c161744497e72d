"""The fake unit of work keeps the real one's promises: commit once, discard the rest."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from storage.models.cases import Case, MessageRef, OutboxMessage
from storage.repositories import cases, digest, outbox, records, warnings
from tests.fakes import FakeUnitOfWorkFactory
from tests.fakes import repositories as fake
from tests.fakes import stores as fake_stores

AT = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)


def a_case(**values: object) -> Case:
    fields: dict[str, object] = {
        "status": "new",
        "specialty": "cardiology",
        "category": "other",
        "urgency": "routine",
        "question": "Palpitations?",
        "gp_platform": "console",
        "gp_user": "gp-smith",
        "gp_channel": "helpline",
        "created_at": AT,
        "target_working_seconds": 57600,
        "target_at": AT,
        "last_activity_at": AT,
    }
    return Case(**{**fields, **values})


def an_outbox_row(key: str) -> OutboxMessage:
    return OutboxMessage(
        key=key,
        platform="console",
        ordering_key="console:helpline",
        payload={"message": {}},
        status="pending",
        attempts=0,
        created_at=AT,
        next_attempt_at=AT,
    )


@pytest.mark.parametrize(
    ("fake_class", "real_class"),
    [
        (fake.FakeCaseRepository, cases.CaseRepository),
        (fake.FakeEventLog, outbox.EventLog),
        (fake.FakeOutboxRepository, outbox.OutboxRepository),
        (fake.FakeRetentionRepository, records.RetentionRepository),
        (fake.FakeAuditRepository, records.AuditRepository),
        (fake_stores.FakeWarningRepository, warnings.WarningRepository),
        (fake_stores.FakeDigestRepository, digest.DigestRepository),
    ],
)
def test_every_repository_method_is_there_with_the_same_signature(
    fake_class: type, real_class: type
) -> None:
    def methods(cls: type) -> dict[str, str]:
        return {
            name: str(inspect.signature(member))
            for name, member in vars(cls).items()
            if callable(member) and not name.startswith("_")
        }

    assert methods(fake_class) == methods(real_class)


def test_a_unit_left_without_commit_leaves_nothing() -> None:
    uow = FakeUnitOfWorkFactory()
    with uow() as unit:
        unit.cases.add(a_case())
        assert unit.events.claim("console", "ev-1", AT)
    assert not unit.committed
    with uow() as unit:
        assert unit.cases.get(1) is None
        assert unit.events.claim("console", "ev-1", AT)  # never recorded


def test_changes_reach_other_units_only_when_committed() -> None:
    uow = FakeUnitOfWorkFactory()
    with uow() as first:
        case = first.cases.add(a_case())
        first.commit()
    with uow() as writer, uow() as reader:
        writer.cases.get_or_raise(case.id).status = "claimed"
        assert reader.cases.get_or_raise(case.id).status == "new"
        writer.commit()
    assert writer.committed
    with uow() as later:
        assert later.cases.get_or_raise(case.id).status == "claimed"


def test_ids_and_references_are_given_as_the_database_gives_them() -> None:
    uow = FakeUnitOfWorkFactory()
    with uow() as unit:
        assert unit.cases.add(a_case()).reference == "GPH-000001"
        assert unit.cases.add(a_case()).reference == "GPH-000002"
    with uow() as unit:  # SQLite reuses the ids of rows that were never committed
        assert unit.cases.add(a_case()).reference == "GPH-000001"


def test_a_duplicate_outbox_key_is_skipped_and_a_duplicate_ref_fails_the_commit() -> None:
    uow = FakeUnitOfWorkFactory()
    with uow() as unit:
        assert unit.outbox.add(an_outbox_row("k"))
        assert not unit.outbox.add(an_outbox_row("k"))
        case = unit.cases.add(a_case())
        for _ in range(2):
            ref = MessageRef(
                case_id=case.id, role="gp_root", platform="console", channel="c", message_id="m"
            )
            unit.cases.add_ref(ref)
        with pytest.raises(IntegrityError):
            unit.commit()
    assert uow.database.table(OutboxMessage) == []


def test_a_missing_required_value_fails_like_the_database() -> None:
    with FakeUnitOfWorkFactory()() as unit, pytest.raises(IntegrityError, match="status"):
        unit.cases.add(a_case(status=None))


def test_a_json_value_changed_in_place_is_lost_as_on_a_database() -> None:
    uow = FakeUnitOfWorkFactory()
    with uow() as unit:
        unit.outbox.add(an_outbox_row("k"))
        unit.commit()
    with uow() as unit:
        row = unit.outbox.get(1)
        assert row is not None
        row.payload["ref_role"] = "team_post"  # not assigned: SQLAlchemy does not see it
        row.attempts = 1
        unit.commit()
    assert uow.database.table(OutboxMessage)[0]["payload"] == {"message": {}}
    assert uow.database.table(OutboxMessage)[0]["attempts"] == 1
