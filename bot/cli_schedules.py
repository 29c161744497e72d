"""The schedules commands of `helpline`."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add the schedules commands to ``main``."""
