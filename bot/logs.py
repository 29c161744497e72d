"""Logging: readable in development, JSON lines in production. Never message text or tokens."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

# The loggers Bolt is given (its framework logger) and makes (one named after the app, for
# listeners): at DEBUG they log request and response bodies, so message text.
BOLT_LOGGER = "bot.platforms.slack.app.bolt"
BOLT_APP_NAME = "gp-helpline"


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return json.dumps(data)


def configure_logging(level: str = "INFO", fmt: str = "text", stream: object = None) -> None:
    """Send the helpline's logs to stderr in the chosen format."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # These log request bodies (message text) or tokens at DEBUG; they never go below WARNING.
    for noisy in (
        "apscheduler",
        "aiohttp.access",
        "alembic",
        "slack_sdk",
        "slack_bolt",
        BOLT_LOGGER,
        BOLT_APP_NAME,
        "botbuilder",
        "botframework",
        "msrest",
        "msal",
        "urllib3",
        "sqlalchemy.engine",
        "asyncio",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
