"""The helpline configuration file: read, validate and explain every mistake by file and line.

A trust admin edits this file by hand, so each problem names the line, the key path and what to
write instead, in words rather than validator jargon.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from handlers.config import HelplineConfig
from handlers.config.specialties import Specialty
from handlers.config.vocabulary import PLATFORMS

_Loc = tuple[int | str, ...]
_MERGE_TAG = "tag:yaml.org,2002:merge"


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
    return Path(__file__).resolve().parent.parent / "config" / "helpline.example.yaml"


class _Loader(yaml.SafeLoader):
    """YAML as people expect it: ``12:30`` is text, not the number 750 (a YAML 1.1 quirk)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if not tag.endswith((":int", ":float"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _read(path: Path) -> tuple[HelplineConfig | None, list[Problem]]:
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # Windows editors add a BOM
    except FileNotFoundError:
        return None, [Problem(file, None, "", "no such file")]
    except IsADirectoryError:
        return None, [Problem(file, None, "", "this is a folder, not a configuration file")]
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return None, [Problem(file, line, "", "the file is not UTF-8 text; save it as UTF-8")]
    except OSError as exc:
        return None, [Problem(file, None, "", f"cannot be read: {exc.strerror or exc}")]
    try:
        root = yaml.compose(text, Loader=_Loader)  # nodes keep their line numbers
        if root is None:
            return None, [Problem(file, 1, "", "the file is empty")]
        if not isinstance(root, MappingNode):
            return None, [Problem(file, _line(root), "", _not_a_mapping(root))]
        problems = [Problem(file, *found) for found in _duplicates(root, (), set())]
        loader = _Loader("")
        try:
            data = loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [Problem(file, mark.line + 1 if mark else None, "", _yaml_message(exc))]
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        char = exc.character
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        message = f"the character {shown} is not allowed in a YAML file; remove it"
        return None, [Problem(file, line, "", message)]
    try:
        config: HelplineConfig | None = HelplineConfig.model_validate(data)
    except ValidationError as exc:
        config = None
        for error in exc.errors():
            line, where, message = _explain(root, error)
            problems.append(Problem(file, line, where, message))
    problems += [Problem(file, *found) for found in _cross_references(root, data)]
    unique = list(dict.fromkeys(problems))
    unique.sort(key=lambda p: p.line or 0)
    return (config if not unique else None), unique


# --- where: from a pydantic location to a YAML line -------------------------------------------


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _child(node: Node, key: int | str) -> tuple[Node, Node] | None:
    """(node that names the child, child node): the key in a mapping, the item in a list."""
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(key):
                return key_node, value
    elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        item = node.value[key]
        return item, item
    return None


def _locate(root: Node, loc: _Loc) -> tuple[Node, Node, list[int | str], bool]:
    """Follow ``loc`` through the YAML: (naming node, node, path found, whether loc ended in it)."""
    label, node, path = root, root, list[int | str]()
    for i, part in enumerate(loc):
        found = _child(node, part)
        if found is None:
            if i == len(loc) - 1:
                return label, node, path, False
            continue  # a name pydantic adds for itself, such as "[key]" or a union member
        label, node = found
        path.append(part)
    return label, node, path, True


def _dotted(path: list[int | str]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _explain(root: Node, error: ErrorDetails) -> tuple[int, str, str]:
    """(line, key path, message) for one pydantic error."""
    loc: _Loc = tuple(error["loc"])
    kind = error["type"]
    label, node, path, whole = _locate(root, loc)
    if kind == "extra_forbidden" and not whole:
        path = [*path, loc[-1]]
    elif kind in ("value_error", "assertion_error") and isinstance(node, MappingNode):
        # A check on a whole section usually names the key at fault: point there.
        message = _message(error, loc)
        for word in [message.split(" ", 1)[0], *re.findall(r"'([^']+)'", message)]:
            if found := _child(node, word):
                label, node = found
                path = [*path, word]
                break
    named = kind in ("missing", "extra_forbidden") or not isinstance(node, ScalarNode)
    return _line(label if named else node), _dotted(path), _message(error, loc)


# --- what: pydantic's error in an admin's words ----------------------------------------------


def _message(error: ErrorDetails, loc: _Loc) -> str:
    kind, value = error["type"], error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind == "extra_forbidden":
        return _unknown_key(str(loc[-1]), loc[:-1])
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    if kind == "literal_error":
        return f"{_describe(value)} is not allowed here; use one of {ctx.get('expected', '')}"
    if kind in ("time_type", "time_parsing"):
        return f"{_describe(value)} is not a time; write e.g. '09:00'"
    if kind in ("string_type", "string_sub_type"):
        return f"expected text, not {_describe(value)}"
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"expected a list such as [a, b], not {_describe(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if value is None:
            return "is empty; expected keys and values under it"
        return f"expected keys and values (key: value), not {_describe(value)}"
    if kind.startswith(("float_", "int_")) or kind in ("finite_number",):
        return f"expected a number, not {_describe(value)}"
    limits = {"greater_than": "more than", "greater_than_equal": "at least"}
    limits |= {"less_than": "less than", "less_than_equal": "at most"}
    if kind in limits:
        limit = next(iter(ctx.values()), "")
        limit = f"{limit:g}" if isinstance(limit, float) else limit
        return f"{_describe(value)} is out of range: it must be {limits[kind]} {limit}"
    return str(error["msg"]).removeprefix("Value error, ")


def _describe(value: object) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false: put text in quotes)"
    if isinstance(value, int | float):
        return f"the number {value:g}" if isinstance(value, float) else f"the number {value}"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of keys and values"
    return repr(value)


def _unknown_key(key: str, parent: _Loc) -> str:
    model = _model_at(parent)
    if model is None:
        return f"unknown key '{key}'"
    known = list(model.model_fields)
    close = difflib.get_close_matches(key, known, n=1)
    if close:
        return f"unknown key '{key}'; did you mean '{close[0]}'?"
    return f"unknown key '{key}'; the keys allowed here are {', '.join(known)}"


def _model_at(loc: _Loc) -> type[BaseModel] | None:
    """The configuration section (a pydantic model) found at ``loc``, if any."""
    current: Any = HelplineConfig
    for part in loc:
        current = _without_none(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif get_origin(current) in (dict, list):
            current = get_args(current)[-1]
    current = _without_none(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _without_none(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, type(int | None)):
        members = [a for a in get_args(annotation) if a is not type(None)]
        return members[0] if len(members) == 1 else annotation
    return annotation


def _not_a_mapping(root: Node) -> str:
    kind = "a list" if isinstance(root, SequenceNode) else f"the text {root.value!r}"
    return f"the file must be a set of keys such as 'helpline:' and 'specialties:', not {kind}"


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem or exc.context or "unreadable")
    if exc.problem and exc.context and exc.context.startswith("expected"):
        problem = f"{exc.context}, {exc.problem}"  # "expected a single document, but found..."
    hints = {
        "mapping values are not allowed": "check the indentation; put text with ': ' in quotes",
        "cannot start any token": "indent with spaces, not tabs",
        "could not find expected ':'": "every key needs a colon after it",
        "expected a single document": "the file must hold one document: remove the extra '---'",
        "found undefined alias": "an '*name' needs a matching '&name' earlier in the file",
        "could not determine a constructor": "remove the '!' tag",
    }
    hint = next((h for text, h in hints.items() if text in problem), "")
    return f"this is not valid YAML: {problem}" + (f" ({hint})" if hint else "")


# --- checks that span the file -------------------------------------------------------------


def _duplicates(
    node: Node, path: tuple[int | str, ...], visited: set[int]
) -> Iterator[tuple[int, str, str]]:
    """Keys given twice in one mapping, which YAML would otherwise silently let the last win."""
    if id(node) in visited:
        return  # an alias ("*name") of a node already checked, or a loop through one
    visited.add(id(node))
    if isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE_TAG:
                continue
            key, line = key_node.value, _line(key_node)
            if key in seen:
                where = _dotted([*path, key])
                yield (
                    line,
                    where,
                    f"key '{key}' is given twice (first on line {seen[key]}); keep one",
                )
            else:
                seen[key] = line
            yield from _duplicates(value, (*path, key), visited)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicates(item, (*path, i), visited)


def _cross_references(root: Node, data: object) -> Iterator[tuple[int | None, str, str]]:
    """Problems between sections: shared channels, rota entries nobody can be reached at."""
    if not isinstance(data, dict):
        return
    owners: dict[tuple[str, str], str] = {}
    for place in ("helpline", "triage"):
        ids = data.get(place)
        for platform in PLATFORMS:
            if isinstance(ids, dict) and isinstance(ids.get(platform), str) and ids[platform]:
                other = owners.setdefault((platform, ids[platform]), f"the {place} channel")
                if other != f"the {place} channel":
                    message = (
                        f"{ids[platform]!r} is already {other} on {platform}, where GPs would "
                        "see the questions triage is for; give triage its own channel"
                    )
                    yield *_at(root, place, platform), message
    if not isinstance(data.get("specialties"), dict):
        return
    for key, spec in data["specialties"].items():
        if not isinstance(spec, dict):
            continue
        yield from _shared_channel(root, key, spec, owners)
        yield from _unreachable_rota(root, ("specialties", key), spec)
        yield from _stray_weights(root, key, spec)
    if isinstance(data.get("triage"), dict):
        yield from _unreachable_rota(root, ("triage",), data["triage"])


def _at(root: Node, *loc: int | str) -> tuple[int | None, str]:
    label, node, path, _ = _locate(root, loc)
    return _line(node if isinstance(node, ScalarNode) else label), _dotted(path)


def _shared_channel(
    root: Node, key: str, spec: dict[Any, Any], owners: dict[tuple[str, str], str]
) -> Iterator[tuple[int | None, str, str]]:
    channel = spec.get("channel")
    if not isinstance(channel, dict):
        return
    for platform in PLATFORMS:
        place = channel.get(platform)
        if not isinstance(place, str) or not place:
            continue
        other = owners.setdefault((platform, place), f"the channel of {key}")
        if other != f"the channel of {key}":
            message = f"{place!r} is already {other} on {platform}; each specialty needs its own"
            yield *_at(root, "specialties", key, "channel", platform), message


def _unreachable_rota(
    root: Node, where: tuple[str, ...], spec: dict[Any, Any]
) -> Iterator[tuple[int | None, str, str]]:
    rota = spec.get("rota")
    if not isinstance(rota, list):
        return
    for i, entry in enumerate(rota):
        who = entry.get("who") if isinstance(entry, dict) else None
        if isinstance(who, dict) and not any(
            isinstance(who.get(p), str) and who[p] for p in PLATFORMS
        ):
            message = (
                "this rota entry has no slack, teams or console id, so nobody can be mentioned"
            )
            yield *_at(root, *where, "rota", i, "who"), message


def _stray_weights(
    root: Node, key: str, spec: dict[Any, Any]
) -> Iterator[tuple[int | None, str, str]]:
    weights = spec.get("weights")
    if not isinstance(weights, dict) or set(spec) - set(Specialty.model_fields):
        return  # with "keywrods" misspelt, every weight would look stray
    phrases = {
        _phrase(p)
        for field in ("keywords", "synonyms", "aliases")
        for p in spec.get(field) or []
        if isinstance(p, str)
    }
    for phrase in weights:
        if isinstance(phrase, str) and _phrase(phrase) not in phrases:
            message = (
                f"weight for '{phrase}', which is not one of this specialty's keywords, synonyms "
                "or aliases"
            )
            yield *_at(root, "specialties", key, "weights", phrase), message


def _phrase(text: str) -> str:
    return " ".join(re.sub(r"[-\u2010-\u2014]+", " ", text).lower().split())
