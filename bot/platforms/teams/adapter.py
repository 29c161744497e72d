"""The Bot Framework adapter for Teams: single-tenant authentication, or none on loopback only.

Connector clients made here do not retry (the outbox does, with the connector's Retry-After) and
time out after ``CONNECTOR_TIMEOUT`` seconds. The async connector runs its blocking requests
calls in a thread; the one blocking call it makes on the event loop, fetching the bot's token
from Entra ID, is made beforehand in a thread, with one credentials object (and so one token
cache) per audience instead of a new one for every message.
"""

from __future__ import annotations

import asyncio
import ipaddress
from typing import Any

import click
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
)
from botbuilder.schema import Activity
from botframework.connector.auth import (
    AuthenticateRequestResult,
    ClaimsIdentity,
    ConnectorFactory,
    ServiceClientCredentialsFactory,
)
from urllib3.util.retry import Retry

from bot.settings import Settings

CONNECTOR_TIMEOUT = 20
# No status is in status_forcelist, so a 429 or 503 comes back as a response with its headers.
NO_RETRY = Retry(total=0, status_forcelist=None)
_LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


class TeamsSetupError(click.ClickException):
    """Teams cannot start with these settings; the message says what to change (exit 2)."""

    exit_code = 2


class SdkConfiguration:
    """The attributes ``ConfigurationBotFrameworkAuthentication`` reads."""

    def __init__(self, app_id: str, password: str, tenant_id: str | None) -> None:
        self.APP_ID = app_id
        self.APP_PASSWORD = password
        self.APP_TENANTID = tenant_id
        # An empty app id turns authentication off; the SDK then wants the default app type.
        self.APP_TYPE = "SingleTenant" if app_id else "MultiTenant"


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is a loopback address (or a loopback name)."""
    if not host:
        return False
    if host.strip("[]").lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def sdk_configuration(settings: Settings, *, host: str | None) -> SdkConfiguration:
    """The SDK settings for ``settings``, or a clear refusal when they are unsafe or incomplete."""
    app_id = (settings.teams_app_id or "").strip()
    if settings.teams_auth_disabled:
        if app_id:
            raise TeamsSetupError(
                "TEAMS_AUTH_DISABLED=true and TEAMS_APP_ID are both set: unset one. "
                "TEAMS_AUTH_DISABLED is for local testing without Azure credentials."
            )
        if not is_loopback(host):
            raise TeamsSetupError(
                f"TEAMS_AUTH_DISABLED=true is refused on {host or 'an unknown address'}: "
                "unauthenticated Teams requests are only accepted when the server binds to "
                "loopback (--host 127.0.0.1). Set TEAMS_APP_ID, TEAMS_APP_PASSWORD and "
                "TEAMS_APP_TENANT_ID for anything else."
            )
        return SdkConfiguration("", "", None)
    password = settings.teams_app_password.get_secret_value() if settings.teams_app_password else ""
    missing = [
        name
        for name, value in (
            ("TEAMS_APP_ID", app_id),
            ("TEAMS_APP_PASSWORD", password),
            ("TEAMS_APP_TENANT_ID", settings.teams_app_tenant_id),
        )
        if not value
    ]
    if missing:
        raise TeamsSetupError(
            f"Teams needs {', '.join(missing)} (a single-tenant Azure Bot; see docs/teams.md), "
            "or TEAMS_AUTH_DISABLED=true for local testing on 127.0.0.1."
        )
    return SdkConfiguration(app_id, password, settings.teams_app_tenant_id)


def make_adapter(
    configuration: SdkConfiguration, *, timeout: float = CONNECTOR_TIMEOUT
) -> CloudAdapter:
    """A ``CloudAdapter`` whose connector clients leave retries to the outbox and give up on a
    call after ``timeout`` seconds."""
    credentials = CachedCredentialsFactory(
        ConfigurationServiceClientCredentialFactory(configuration)
    )
    return CloudAdapter(
        _OutboxFriendlyAuthentication(
            configuration, credentials_factory=credentials, timeout=timeout
        )
    )


def tune_connector(client: Any, *, timeout: float = CONNECTOR_TIMEOUT) -> Any:
    """No SDK retries, a bounded timeout: a failure comes back at once to the outbox."""
    client.config.retry_policy.policy = NO_RETRY
    client.config.connection.timeout = timeout
    # The client's requests session exists already, with the default retries mounted; msrest
    # hands every request's session to this callback, its hook for session settings.
    client.config.session_configuration_callback = _without_retries
    return client


def _without_retries(session: Any, global_config: Any, local_config: Any, **kwargs: Any) -> Any:
    for adapter in session.adapters.values():
        adapter.max_retries = NO_RETRY
    return kwargs


class CachedCredentialsFactory(ServiceClientCredentialsFactory):  # type: ignore[misc]
    """The SDK's credentials factory, making one credentials object per app id and audience."""

    def __init__(self, inner: ServiceClientCredentialsFactory) -> None:
        self._inner = inner
        self._made: dict[tuple[str, str, str, bool], Any] = {}

    async def is_valid_app_id(self, app_id: str) -> bool:
        return bool(await self._inner.is_valid_app_id(app_id))

    async def is_authentication_disabled(self) -> bool:
        return bool(await self._inner.is_authentication_disabled())

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> Any:
        key = (app_id or "", oauth_scope or "", login_endpoint or "", validate_authority)
        if key not in self._made:
            self._made[key] = await self._inner.create_credentials(
                app_id, oauth_scope, login_endpoint, validate_authority
            )
        return self._made[key]


class TunedConnectorFactory(ConnectorFactory):  # type: ignore[misc]
    """Makes connector clients that leave retries to the outbox and hold a fresh token."""

    def __init__(
        self,
        inner: ConnectorFactory,
        *,
        warm_token: bool = True,
        timeout: float = CONNECTOR_TIMEOUT,
    ) -> None:
        self._inner = inner
        self._warm_token = warm_token
        self._timeout = timeout

    async def create(self, service_url: str, audience: str | None = None) -> Any:
        client = tune_connector(
            await self._inner.create(service_url, audience), timeout=self._timeout
        )
        credentials = client.config.credentials
        if self._warm_token and getattr(credentials, "microsoft_app_id", None):
            # msal answers from its cache until the token nears expiry; a refresh is a network
            # call, made here in a thread rather than inside the request on the event loop.
            await asyncio.to_thread(credentials.get_access_token)
        return client


class _OutboxFriendlyAuthentication(ConfigurationBotFrameworkAuthentication):  # type: ignore[misc]
    def __init__(
        self, configuration: SdkConfiguration, *, credentials_factory: Any, timeout: float
    ) -> None:
        super().__init__(configuration, credentials_factory=credentials_factory)
        self._timeout = timeout

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        inner = super().create_connector_factory(claims_identity)
        return TunedConnectorFactory(inner, timeout=self._timeout)

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        result = await super().authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            # Turns send nothing themselves (replies go through the outbox): no token needed.
            result.connector_factory = TunedConnectorFactory(
                result.connector_factory, warm_token=False
            )
        return result
