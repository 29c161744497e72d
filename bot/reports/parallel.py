"""The report's files drawn at once on a command line: each chart and the workbook in a process of
its own, forked after the figures are read and matplotlib is imported, while the board pack is
laid out in the first process and takes each chart as it is finished.

Only `helpline report` asks for this. A server builds its reports one part after another in a
worker thread (forking a process that runs an event loop and threads is not safe), and so does
every platform without ``fork``.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import TracebackType

Job = Callable[[], Path]
# The jobs of the report being written, read by the forked processes (a job is a closure over
# the helpline and the figures, which cannot be sent to another process any other way).
_JOBS: dict[str, Job] = {}


def _run(name: str) -> Path:
    return _JOBS[name]()


def can_fork() -> bool:
    """Whether this platform can fork worker processes and has more than one core for them."""
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


class Jobs:
    """Named jobs that each write one file: started at once in forked processes when
    ``parallel``, else each run when its file is first wanted."""

    def __init__(
        self,
        jobs: dict[str, Job],
        *,
        parallel: bool,
        done: Callable[[str], None] = lambda name: None,
    ) -> None:
        self._jobs = jobs
        self._done = done
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future[Path]] = {}
        self._results: dict[str, Path] = {}
        self._parallel = parallel and can_fork() and not _JOBS

    def __enter__(self) -> Jobs:
        if self._parallel:
            _JOBS.update(self._jobs)
            workers = min(len(self._jobs), os.cpu_count() or 1)
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            for name in self._jobs:  # in the order the board pack shows them
                self._futures[name] = self._pool.submit(_run, name)
        return self

    def result(self, name: str) -> Path:
        """The file job ``name`` wrote, waiting for it (or running it) if need be."""
        if name not in self._results:
            future = self._futures.get(name)
            self._results[name] = future.result() if future else self._jobs[name]()
            self._done(name)
        return self._results[name]

    def results(self) -> dict[str, Path]:
        """Every job's file, in the order given."""
        return {name: self.result(name) for name in self._jobs}

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=kind is not None)
            _JOBS.clear()
