"""A progress bar for the commands that take more than a moment (`report`, `export`, `purge`),
drawn on standard error by rich only when it is a terminal: piped or redirected, a command
prints exactly what it printed before, and rich is not imported."""

from __future__ import annotations

import sys
from typing import Any


class Steps:
    """A bar of ``total`` steps (None: a bar that pulses until the work is done) headed
    ``words``; each ``step`` moves it on and says what is being done now."""

    def __init__(self, words: str, total: int | None) -> None:
        self._words = words
        self._total = total
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Steps:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}" if self._total else ""),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,  # gone when done: the command's own lines stay
            )
            self._bar.start()
            self._task = self._bar.add_task(self._words, total=self._total)
        return self

    def now(self, doing: str) -> None:
        """Say what is being done now, without moving the bar."""
        if self._bar is not None:
            self._bar.update(self._task, description=f"{self._words}: {doing}")

    def step(self, done: str = "") -> None:
        """One step done (``done``: what)."""
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=f"{self._words}: {done}".rstrip())

    def __exit__(self, *_: object) -> None:
        if self._bar is not None:
            self._bar.stop()
