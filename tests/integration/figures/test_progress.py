"""The long commands show a progress bar on a terminal, and nothing of it when their output is
piped: run as a user runs them, a new process with standard error on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.paths import FIXTURES

BAR = "━"  # what rich draws a bar with
COMMANDS = {
    "report": ["report", "--period", "2026-H1", "--out", "{out}/board"],
    "export": ["export", "--period", "2026-H1", "--format", "xlsx", "--out", "{out}/cases.xlsx"],
    "purge": ["purge", "--dry-run"],
}


def _command(name: str, out: Path) -> list[str]:
    args = [arg.format(out=out) for arg in COMMANDS[name]]
    return [sys.executable, "-m", "bot", *args]


@pytest.fixture
def env(engine: Engine) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "HELPLINE_CONFIG": str(FIXTURES / "helpline.test.yaml"),
        "COLUMNS": "100",
    }


def _on_a_terminal(command: list[str], env: dict[str, str]) -> tuple[str, str]:
    """Standard output piped, standard error on a pseudo-terminal: both, as text."""
    terminal, far_end = pty.openpty()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=far_end)
    os.close(far_end)
    seen = b""
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the command closed the terminal: it has finished
            break
        if not chunk:
            break
        seen += chunk
    out, _ = process.communicate(timeout=300)
    os.close(terminal)
    assert process.returncode == 0, seen.decode(errors="replace")
    return out.decode(), seen.decode(errors="replace")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_terminal_sees_a_progress_bar(name: str, env: dict[str, str], tmp_path: Path) -> None:
    out, terminal = _on_a_terminal(_command(name, tmp_path), env)
    assert BAR in terminal
    assert name in terminal  # the bar says which command it is
    assert BAR not in out  # the command's own output stays clean


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_piped_output_has_no_progress_bar(name: str, env: dict[str, str], tmp_path: Path) -> None:
    done = subprocess.run(
        _command(name, tmp_path), env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    for stream in (done.stdout, done.stderr):
        assert BAR not in stream
        assert "\x1b[" not in stream  # no terminal control codes at all
    if name != "purge":
        assert done.stderr.count("\n") == 1  # only the line saying what was written
