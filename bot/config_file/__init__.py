"""The helpline configuration file: read, validate and explain every mistake by file and line.

A trust admin edits this file by hand, so each problem names the line, the key path and what to
write instead, in words rather than validator jargon.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode

from bot.config_file.cross_checks import cross_references, duplicates
from bot.config_file.explain import explain, not_a_mapping, yaml_message
from bot.config_file.yaml_nodes import Loader, line_of
from handlers.config import HelplineConfig


@dataclass(frozen=True)
class Problem:
    """One mistake in a configuration file."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ConfigError(Exception):
    """A configuration file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def load_config(path: str | Path) -> HelplineConfig:
    """The validated configuration in ``path``; raises ConfigError listing every problem."""
    config, problems = _read(Path(path))
    if problems or config is None:
        raise ConfigError(problems)
    return config


def check_config(path: str | Path) -> list[Problem]:
    """Every problem in the configuration file at ``path``; empty when it is usable."""
    return _read(Path(path))[1]


def default_config_path() -> Path:
    """The example configuration shipped in ``config/`` at the project root."""
    return Path(__file__).resolve().parents[2] / "config" / "helpline.example.yaml"


def _read(path: Path) -> tuple[HelplineConfig | None, list[Problem]]:
    file = str(path)
    text = _read_text(path)
    if isinstance(text, Problem):
        return None, [text]
    parsed = _parse(file, text)
    if isinstance(parsed, Problem):
        return None, [parsed]
    root, data, problems = parsed
    config = _validate(file, root, data, problems)
    problems += [Problem(file, *found) for found in cross_references(root, data)]
    unique = list(dict.fromkeys(problems))
    unique.sort(key=lambda p: p.line or 0)
    return (config if not unique else None), unique


def _read_text(path: Path) -> str | Problem:
    """The file's text, or why it cannot be read."""
    file = str(path)
    try:
        return path.read_text(encoding="utf-8-sig")  # Windows editors add a BOM
    except FileNotFoundError:
        return Problem(file, None, "", "no such file")
    except IsADirectoryError:
        return Problem(file, None, "", "this is a folder, not a configuration file")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return Problem(file, line, "", "the file is not UTF-8 text; save it as UTF-8")
    except OSError as exc:
        return Problem(file, None, "", f"cannot be read: {exc.strerror or exc}")


def _parse(file: str, text: str) -> tuple[MappingNode, object, list[Problem]] | Problem:
    """The YAML's root node, its data and the keys given twice; or why it is not usable YAML."""
    try:
        root = yaml.compose(text, Loader=Loader)  # nodes keep their line numbers
        if root is None:
            return Problem(file, 1, "", "the file is empty")
        if not isinstance(root, MappingNode):
            return Problem(file, line_of(root), "", not_a_mapping(root))
        problems = [Problem(file, *found) for found in duplicates(root, (), set())]
        loader = Loader("")
        try:
            data = loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return Problem(file, mark.line + 1 if mark else None, "", yaml_message(exc))
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        char = exc.character
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        message = f"the character {shown} is not allowed in a YAML file; remove it"
        return Problem(file, line, "", message)
    return root, data, problems


def _validate(
    file: str, root: MappingNode, data: object, problems: list[Problem]
) -> HelplineConfig | None:
    """The configuration in ``data``, or None with its problems added to ``problems``."""
    try:
        return HelplineConfig.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            line, where, message = explain(root, error)
            problems.append(Problem(file, line, where, message))
        return None
