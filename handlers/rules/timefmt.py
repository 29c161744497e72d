"""Times as people read them: local to the helpline, never UTC."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local_text(at: datetime, tz: ZoneInfo) -> str:
    """``Wed 25 Nov 2026, 15:00`` in the helpline's time zone."""
    local = at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def working_duration_text(seconds: int | None) -> str:
    """``3 h 20 min`` of working time, or ``-`` when unknown."""
    if seconds is None:
        return "-"
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"
