"""Teams start-up settings: single-tenant credentials, or no authentication on loopback only."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from botbuilder.integration.aiohttp import ConfigurationServiceClientCredentialFactory
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import ConnectorFactory, MicrosoftAppCredentials
from requests import Session

from bot.bootstrap import build
from bot.platforms.teams.adapter import (
    CONNECTOR_TIMEOUT,
    CachedCredentialsFactory,
    SdkConfiguration,
    TeamsSetupError,
    TunedConnectorFactory,
    is_loopback,
    sdk_configuration,
    tune_connector,
)
from bot.platforms.teams.app import attach
from bot.server import make_app
from bot.settings import Settings
from tests.paths import FIXTURES

APP_ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
TEST_CONFIG = FIXTURES / "helpline.test.yaml"


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.5", "helpline.example.nhs.uk", "", None])
def test_other_addresses_are_not_loopback(host: str | None) -> None:
    assert not is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "10.0.0.5", None])
def test_disabled_authentication_is_refused_off_loopback(host: str | None) -> None:
    with pytest.raises(TeamsSetupError, match="only accepted when the server binds to loopback"):
        sdk_configuration(settings(teams_auth_disabled=True), host=host)


def test_disabled_authentication_on_loopback_gives_the_sdk_an_empty_app_id() -> None:
    configuration = sdk_configuration(settings(teams_auth_disabled=True), host="127.0.0.1")
    assert (configuration.APP_ID, configuration.APP_TYPE) == ("", "MultiTenant")


def test_disabled_authentication_and_an_app_id_together_are_refused() -> None:
    both = settings(teams_auth_disabled=True, teams_app_id=APP_ID)
    with pytest.raises(TeamsSetupError, match="unset one"):
        sdk_configuration(both, host="127.0.0.1")


def test_single_tenant_needs_all_three_settings() -> None:
    with pytest.raises(TeamsSetupError, match="TEAMS_APP_PASSWORD, TEAMS_APP_TENANT_ID"):
        sdk_configuration(settings(teams_app_id=APP_ID), host="0.0.0.0")
    full = settings(teams_app_id=APP_ID, teams_app_password="pw", teams_app_tenant_id="tenant")
    configuration = sdk_configuration(full, host="0.0.0.0")
    assert (configuration.APP_ID, configuration.APP_PASSWORD) == (APP_ID, "pw")
    assert (configuration.APP_TYPE, configuration.APP_TENANTID) == ("SingleTenant", "tenant")


async def test_attach_refuses_to_serve_unauthenticated_teams_publicly(tmp_path: Path) -> None:
    runtime = build(
        settings(
            database_url=f"sqlite:///{tmp_path / 'h.sqlite3'}",
            helpline_config=TEST_CONFIG,
            teams_auth_disabled=True,
        ),
        platforms=("teams",),
    )
    app = make_app(runtime)
    with pytest.raises(TeamsSetupError):
        await attach(runtime, app, host="0.0.0.0")
    assert "teams" not in runtime.messengers
    assert all(r.resource.canonical != "/api/messages" for r in app.router.routes())
    runtime.engine.dispose()


def test_connector_clients_leave_retries_to_the_outbox() -> None:
    client = tune_connector(ConnectorClient(MicrosoftAppCredentials.empty(), "http://127.0.0.1:9/"))
    assert client.config.retry_policy.retries == 0
    assert client.config.connection.timeout == CONNECTOR_TIMEOUT
    session = Session()
    client.config.session_configuration_callback(session, client.config, {})
    assert {a.max_retries.total for a in session.adapters.values()} == {0}
    assert all(not a.max_retries.status_forcelist for a in session.adapters.values())


async def test_one_credentials_object_per_audience_so_tokens_are_cached() -> None:
    sdk = ConfigurationServiceClientCredentialFactory(SdkConfiguration(APP_ID, "pw", "tenant"))
    factory = CachedCredentialsFactory(sdk)
    scope, login = "https://api.botframework.com", "https://login.microsoftonline.com/tenant"
    first = await factory.create_credentials(APP_ID, scope, login, True)
    again = await factory.create_credentials(APP_ID, scope, login, True)
    other = await factory.create_credentials(APP_ID, "https://other.example", login, True)
    assert first is again and first is not other
    assert await factory.is_valid_app_id(APP_ID) and not await factory.is_authentication_disabled()


class TokenRecorder(MicrosoftAppCredentials):  # type: ignore[misc]
    """Credentials that note the thread each token request runs on (no network)."""

    def __init__(self) -> None:
        super().__init__(APP_ID, "pw")
        self.threads: list[str] = []

    def get_access_token(self, force_refresh: bool = False) -> str:
        self.threads.append(threading.current_thread().name)
        return "token"


class OneClient(ConnectorFactory):  # type: ignore[misc]
    def __init__(self, credentials: Any) -> None:
        self.credentials = credentials

    async def create(self, service_url: str, audience: str | None = None) -> Any:
        return ConnectorClient(self.credentials, service_url)


async def test_the_token_is_fetched_off_the_event_loop_before_a_send() -> None:
    credentials = TokenRecorder()
    client = await TunedConnectorFactory(OneClient(credentials)).create("http://127.0.0.1:9/")
    assert credentials.threads and credentials.threads[0] != threading.current_thread().name
    assert client.config.retry_policy.retries == 0
    inbound = TokenRecorder()
    await TunedConnectorFactory(OneClient(inbound), warm_token=False).create("http://127.0.0.1:9/")
    assert inbound.threads == []  # a turn sends nothing itself: no token is fetched for it
