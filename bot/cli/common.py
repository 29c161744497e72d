"""What the CLI's commands share: the error for input it cannot use, and the settings, read
only when a command runs (so `helpline --help` starts without pydantic-settings)."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from bot.settings import Settings


class InputError(click.ClickException):
    """A request the helpline refuses (a period, a place to write, a date, an unknown item):
    one line, exit status 2, nothing changed."""

    exit_code = 2


def load_settings() -> Settings:
    """The settings from the environment and `.env`."""
    from bot.settings import Settings

    return Settings()


class ChoiceOf(click.Choice[Any]):
    """A choice among the values a product module names (``"module:NAME"``), read when the
    option is first used or shown, so declaring it imports nothing."""

    def __init__(self, where: str) -> None:
        self._where = where
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[Any, ...]:  # type: ignore[override]
        module, name = self._where.split(":")
        return tuple(getattr(importlib.import_module(module), name))


@contextmanager
def lasting() -> Iterator[Callable[[], None]]:
    """A command's run, in which what lasts as long as the command (its imports, the
    configuration, the helpline) is made with the garbage collector paused: calling the yielded
    function once it is made puts it out of the collector's reach, whose passes then walk only
    what the command makes afterwards (a report spends about half a second of CPU less in the
    collector). When the run ends, everything is the collector's again.
    """

    def made() -> None:
        gc.freeze()
        gc.enable()

    gc.disable()
    try:
        yield made
    finally:
        gc.enable()
        gc.unfreeze()
