"""Settings from the environment and `.env`; every one is documented in `.env.example`."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """The runtime's settings."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_ignore_empty=True)

    database_url: str = Field(default=f"sqlite:///{ROOT / 'var' / 'helpline.sqlite3'}")
    helpline_config: Path = ROOT / "config" / "helpline.example.yaml"
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    teams_app_id: str | None = None
    teams_app_password: SecretStr | None = None
    teams_app_tenant_id: str | None = None
    teams_auth_disabled: bool = False
    log_format: str = "text"
    log_level: str = "INFO"

    def credentialed_platforms(self) -> list[str]:
        """The platforms whose credentials are set."""
        platforms = []
        if self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token):
            platforms.append("slack")
        if self.teams_app_id or self.teams_auth_disabled:
            platforms.append("teams")
        return platforms
