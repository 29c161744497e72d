"""The README and docs name the tree as it is: every module or folder they cite exists, and the
architecture walk-through mentions every package of the product."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
CITED = re.compile(r"(?<![\w/.-])((?:bot|handlers|storage|schedules)/[\w/]*?(?:\.py|/))")
PACKAGES = ("handlers", "bot", "storage", "schedules")


def cited_paths() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in CITED.finditer(text):
            found.append((doc.name, match.group(1)))
    return found


@pytest.mark.parametrize(("doc", "path"), sorted(set(cited_paths())))
def test_every_path_the_docs_cite_exists(doc: str, path: str) -> None:
    assert (ROOT / path).exists(), f"{doc} cites {path}, which is not in the tree"


def test_the_docs_cite_modules_at_all() -> None:
    assert len(cited_paths()) > 40


def test_the_walk_through_names_every_package() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for top in PACKAGES:
        for init in sorted((ROOT / top).rglob("__init__.py")):
            package = init.parent.relative_to(ROOT)
            if "migrations" in package.parts:
                continue
            name = package.name
            assert f"{name}/" in text or f"{package}/" in text, f"{package} is not described"
