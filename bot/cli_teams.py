"""The teams commands of `helpline`."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add the teams commands to ``main``."""
