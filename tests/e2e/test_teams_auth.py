"""With TEAMS_APP_ID set, the Bot Framework SDK checks every request's token: no token, a
malformed token or one Microsoft did not issue is refused before the helpline sees anything."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import jwt
import pytest
from sqlalchemy import func, select

from storage.models.cases import Case
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


def nested(depth: int) -> str:
    """An activity whose text is a JSON value nested ``depth`` arrays deep."""
    return '{"type": "message", "text": ' + "[" * depth + "1" + "]" * depth + "}"


async def test_requests_that_are_not_activities_get_a_clear_4xx(env: TeamsEnv) -> None:
    client = env.client
    json_type = {"Content-Type": "application/json"}
    forged = {**json_type, "Authorization": "Bearer not-a-token"}

    async def status(body: str, headers: dict[str, str]) -> int:
        async with client.post("/api/messages", data=body, headers=headers) as response:
            return response.status

    form = await client.post("/api/messages", data="a=b")
    assert form.status == 415
    # Without a token nothing of the body is read, however it is made.
    for body in ("{not json", '{"text": "hello"}', nested(900), nested(5000)):
        assert await status(body, json_type) == 401
    assert await status("{not json", forged) == 400
    assert await status(nested(5000), forged) == 400
    assert await status('{"text": "hello"}', forged) == 401
    assert cases(env) == 0


@pytest.fixture
async def open_env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    """Teams with authentication off (local testing), so every body is read."""
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


@pytest.mark.parametrize("depth", [65, 900, 2000])
async def test_a_body_nested_too_deeply_gets_400_and_changes_nothing(
    open_env: TeamsEnv, depth: int, caplog: pytest.LogCaptureFixture
) -> None:
    activity = open_env.teams.channel_message(HELPLINE, GP, "Atrial fibrillation: DOAC?")
    activity["channelData"]["extra"] = "@@"
    body = json.dumps(activity).replace('"@@"', "[" * depth + '"\\u00e9"' + "]" * depth)
    response = await open_env.client.post(
        "/api/messages", data=body, headers={"Content-Type": "application/json"}
    )

    assert response.status == 400
    assert await response.json() == {"error": "the body is nested too deeply"}
    assert cases(open_env) == 0
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []  # no traceback


async def test_a_body_nested_within_the_bound_is_an_ordinary_activity(open_env: TeamsEnv) -> None:
    activity = open_env.teams.channel_message(HELPLINE, GP, "Atrial fibrillation: DOAC?")
    activity["channelData"]["extra"] = "@@"
    body = json.dumps(activity).replace('"@@"', "[" * 60 + "1" + "]" * 60)
    response = await open_env.client.post(
        "/api/messages", data=body, headers={"Content-Type": "application/json"}
    )

    assert response.status == 201
    await open_env.deliver()
    assert cases(open_env) == 1
