"""The one error the CLI gives for input it cannot use."""

from __future__ import annotations

import click


class InputError(click.ClickException):
    """A request the helpline refuses (a period, a place to write, a date, an unknown item):
    one line, exit status 2, nothing changed."""

    exit_code = 2
