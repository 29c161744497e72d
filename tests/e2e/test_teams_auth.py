"""With TEAMS_APP_ID set, the Bot Framework SDK checks every request's token: no token, a
malformed token or one Microsoft did not issue is refused before the helpline sees anything."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import jwt
import pytest
from sqlalchemy import func, select

from storage.models import Case
from tests.e2e.fake_connector import (
    GP,
    HELPLINE,
    TENANT,
    TeamsEnv,
    running_teams,
    settings_for,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

APP_ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    database = tmp_path / "helpline.sqlite3"
    settings = settings_for(
        database,
        teams_auth_disabled=False,
        teams_app_id=APP_ID,
        teams_app_password="not-a-real-secret",
        teams_app_tenant_id=TENANT,
    )
    async with running_teams(database, clock, settings=settings) as running:
        yield running


def cases(env: TeamsEnv) -> int:
    with env.runtime.helpline.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Case)) or 0)


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer not-a-token",
        "Bearer "
        + jwt.encode(
            {"iss": "https://attacker.example", "aud": APP_ID, "serviceurl": "http://x"},
            "a-signing-key-that-is-long-enough-for-hs256",
            algorithm="HS256",
        ),
    ],
    ids=["no token", "malformed token", "foreign issuer"],
)
async def test_requests_without_a_valid_token_are_refused(
    env: TeamsEnv, authorization: str | None
) -> None:
    activity = env.teams.channel_message(HELPLINE, GP, "Atrial fibrillation: start a DOAC?")
    headers = {"Authorization": authorization} if authorization else {}
    response = await env.post(activity, headers=headers)
    assert response.status == 401
    assert cases(env) == 0
    await env.deliver()
    assert env.connector.calls == []


async def test_requests_that_are_not_activities_get_a_clear_4xx(env: TeamsEnv) -> None:
    client = env.client
    not_json = await client.post(
        "/api/messages", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert not_json.status == 400
    form = await client.post("/api/messages", data="a=b")
    assert form.status == 415
    no_type = await client.post("/api/messages", json={"text": "hello"})
    assert no_type.status == 400
