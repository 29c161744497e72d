"""Tables for the schedule area."""

from __future__ import annotations

from storage.models import Base

__all__ = ["Base"]
