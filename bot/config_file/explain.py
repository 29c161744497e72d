"""Every mistake in an admin's words: pydantic's and YAML's errors explained, with the line."""

from __future__ import annotations

import difflib
import re
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.config_file.yaml_nodes import Loc, child, dotted, line_of, locate
from handlers.config import HelplineConfig


def explain(root: Node, error: ErrorDetails) -> tuple[int, str, str]:
    """(line, key path, message) for one pydantic error."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    label, node, path, whole = locate(root, loc)
    if kind == "extra_forbidden" and not whole:
        path = [*path, loc[-1]]
    elif kind in ("value_error", "assertion_error") and isinstance(node, MappingNode):
        # A check on a whole section usually names the key at fault: point there.
        message = _message(error, loc)
        for word in [message.split(" ", 1)[0], *re.findall(r"'([^']+)'", message)]:
            if found := child(node, word):
                label, node = found
                path = [*path, word]
                break
    named = kind in ("missing", "extra_forbidden") or not isinstance(node, ScalarNode)
    return line_of(label if named else node), dotted(path), _message(error, loc)


def _message(error: ErrorDetails, loc: Loc) -> str:
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


def _unknown_key(key: str, parent: Loc) -> str:
    model = _model_at(parent)
    if model is None:
        return f"unknown key '{key}'"
    known = list(model.model_fields)
    close = difflib.get_close_matches(key, known, n=1)
    if close:
        return f"unknown key '{key}'; did you mean '{close[0]}'?"
    return f"unknown key '{key}'; the keys allowed here are {', '.join(known)}"


def _model_at(loc: Loc) -> type[BaseModel] | None:
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


def not_a_mapping(root: Node) -> str:
    """What to write instead of a file that is a list or a single value."""
    kind = "a list" if isinstance(root, SequenceNode) else f"the text {root.value!r}"
    return f"the file must be a set of keys such as 'helpline:' and 'specialties:', not {kind}"


def yaml_message(exc: yaml.MarkedYAMLError) -> str:
    """A YAML syntax error, with a hint at the usual cause."""
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
