"""The Teams reference store on a migrated database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from storage.repositories.teams import TeamsRef, TeamsRefRepository
from storage.uow import UnitOfWorkFactory

AT = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)
EMEA = "https://smba.trafficmanager.net/emea/"
UK = "https://smba.trafficmanager.net/uk/"


def channel(service_url: str, bot_id: str | None = "28:bot") -> TeamsRef:
    return TeamsRef(
        "channel", "19:c@thread.tacv2", "19:c@thread.tacv2", service_url, "t1", bot_id=bot_id
    )


def test_references_are_upserted_and_keep_what_a_later_activity_lacks(engine: Engine) -> None:
    uow = UnitOfWorkFactory(engine)
    with uow() as unit:
        repo = TeamsRefRepository(unit.session)
        repo.remember(channel(EMEA), at=AT)
        repo.remember(channel(UK, bot_id=None), at=AT + timedelta(minutes=1))
        unit.commit()
    with uow() as unit:
        ref = TeamsRefRepository(unit.session).get("channel", "19:c@thread.tacv2")
    assert ref is not None
    assert (ref.service_url, ref.bot_id) == (UK, "28:bot")


def test_tenant_defaults_and_lookups_by_conversation(engine: Engine) -> None:
    uow = UnitOfWorkFactory(engine)
    with uow() as unit:
        repo = TeamsRefRepository(unit.session)
        repo.remember(TeamsRef("tenant", "t1", "19:a@thread.tacv2", EMEA, "t1"), at=AT)
        repo.remember(TeamsRef("tenant", "t2", "19:b@thread.tacv2", UK, "t2"), at=AT + timedelta(1))
        repo.remember(TeamsRef("personal", "29:1gp", "a:chat", EMEA, "t1", user_id="29:1gp"), at=AT)
        repo.remember_member("29:1gp", "Dr Sam Smith", tenant_id="t1", at=AT)
        repo.remember_member("29:1gp", "Dr Samantha Smith", tenant_id="t1", at=AT)
        unit.commit()
    with uow() as unit:
        repo = TeamsRefRepository(unit.session)
        assert repo.tenant_default("t1").service_url == EMEA  # type: ignore[union-attr]
        assert repo.tenant_default(None).scope_id == "t2"  # type: ignore[union-attr]
        assert repo.tenant_default("t3") is None
        assert repo.by_conversation("a:chat").user_id == "29:1gp"  # type: ignore[union-attr]
        assert repo.member_names(["29:1gp", "29:1nobody"]) == {"29:1gp": "Dr Samantha Smith"}
