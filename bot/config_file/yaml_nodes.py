"""The configuration's YAML as nodes with line numbers, and how to find a key's line.

Validation errors name a location such as ``('specialties', 'cardiology', 'channel')``; these
helpers follow it through the YAML nodes to the line an admin should look at.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[int | str, ...]


class Loader(yaml.SafeLoader):
    """YAML as people expect it: ``12:30`` is text, not the number 750 (a YAML 1.1 quirk)."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if not tag.endswith((":int", ":float"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def line_of(node: Node) -> int:
    """The line, counted from 1, where ``node`` starts."""
    return int(node.start_mark.line) + 1


def child(node: Node, key: int | str) -> tuple[Node, Node] | None:
    """(node that names the child, child node): the key in a mapping, the item in a list."""
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(key):
                return key_node, value
    elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        item = node.value[key]
        return item, item
    return None


def locate(root: Node, loc: Loc) -> tuple[Node, Node, list[int | str], bool]:
    """Follow ``loc`` through the YAML: (naming node, node, path found, whether loc ended in it)."""
    label, node, path = root, root, list[int | str]()
    for i, part in enumerate(loc):
        found = child(node, part)
        if found is None:
            if i == len(loc) - 1:
                return label, node, path, False
            continue  # a name pydantic adds for itself, such as "[key]" or a union member
        label, node = found
        path.append(part)
    return label, node, path, True


def dotted(path: list[int | str]) -> str:
    """A key path as an admin reads it, e.g. ``specialties.cardiology.rota[0]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
