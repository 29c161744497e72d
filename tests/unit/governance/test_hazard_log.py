"""The hazard log names only tests that exist, and every hazard names at least one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.paths import ROOT

LOG = ROOT / "docs" / "safety" / "hazard-log.md"
_NAMED = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")
_HAZARDS = (
    "identifier is stored or forwarded",
    "identifier is logged",
    "wrongly blocked",
    "question is lost",
    "answer is lost or sent to the wrong GP",
    "misrouted",
    "Nobody is on call",
    "urgent question is treated as routine",
    "escalation is not sent",
    "never copied into the patient record",
    "platform outage",
    "emergency waits in the helpline's queue",
)


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    }


def test_every_test_the_hazard_log_names_exists() -> None:
    named = _NAMED.findall(LOG.read_text(encoding="utf-8"))
    assert len(named) >= 20
    missing = [
        f"{path}::{name}"
        for path, name in named
        if not (ROOT / path).exists() or name not in _tests_in(ROOT / path)
    ]
    assert missing == []


def test_every_hazard_has_the_dcb0129_fields_and_a_test() -> None:
    sections = LOG.read_text(encoding="utf-8").split("\n## ")[1:]
    titles = " ".join(section.splitlines()[0] for section in sections)
    for hazard in _HAZARDS:
        assert hazard in titles, hazard
    for section in sections:
        for field in ("**Cause:**", "**Effect:**", "**Harm:**", "**Controls:**", "**Tests:**"):
            assert field in section, (section.splitlines()[0], field)
        assert "**Residual risk:**" in section
        assert _NAMED.search(section), section.splitlines()[0]
