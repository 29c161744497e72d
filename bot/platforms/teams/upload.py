"""Putting an accepted file into the person's OneDrive, once, for the Teams messenger.

The upload URL Teams gave with the acceptance takes the whole file in one PUT (``Content-Range:
bytes 0-{n-1}/{n}``). The upload is recorded as soon as it succeeds, and the bytes dropped, so a
retry of the outbox message (the file card after it failed to post) never uploads twice.
Throttling, server errors and timeouts are retried by the outbox; other refusals are final.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

import aiohttp

from bot.platforms.teams.adapter import is_loopback
from bot.platforms.teams.errors import delivery_error
from handlers.delivery.file_offers import Upload, pending_upload, record_upload
from handlers.ports import Clock, DeliveryError
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

UPLOAD_TIMEOUT = 120  # seconds for the whole PUT: a year's workbook is a few megabytes


def allowed_upload_url(url: str) -> bool:
    """Whether the bot may PUT a file to ``url``: HTTPS, or plain HTTP on loopback (tests)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return bool(parts.hostname)
    return parts.scheme == "http" and is_loopback(parts.hostname)


class FileUploads:
    """Uploads accepted files to the URLs Teams gave for them, each once."""

    def __init__(self, uow: Callable[[], UnitOfWork], clock: Clock) -> None:
        self.uow = uow
        self.clock = clock

    async def upload(self, token: str) -> Upload:
        """Upload the accepted file of offer ``token`` (unless it is uploaded already)."""
        pending = await asyncio.to_thread(pending_upload, self.uow, token)
        if pending is None or pending.upload is None:
            raise DeliveryError("the accepted file is no longer stored", permanent=True)
        if pending.status == "uploaded":
            return pending.upload
        if pending.status != "accepted" or pending.content is None:
            raise DeliveryError(f"an offer {pending.status} cannot be uploaded", permanent=True)
        await self._put(pending.upload.upload_url, pending.content)
        await asyncio.to_thread(record_upload, self.uow, self.clock, token)
        return pending.upload

    async def _put(self, url: str, content: bytes) -> None:
        if not allowed_upload_url(url):
            raise DeliveryError("refused to upload to a URL that is not HTTPS", permanent=True)
        size = len(content)
        headers = {"Content-Length": str(size), "Content-Range": f"bytes 0-{size - 1}/{size}"}
        timeout = aiohttp.ClientTimeout(total=UPLOAD_TIMEOUT)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.put(url, data=content, headers=headers) as response,
            ):
                if response.status not in (200, 201):  # 202 would mean bytes are missing
                    detail = f"file upload refused ({response.reason})"
                    retry_after = response.headers.get("Retry-After")
                    raise delivery_error(response.status, retry_after, detail)
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise DeliveryError(f"file upload failed: {type(exc).__name__}") from exc
