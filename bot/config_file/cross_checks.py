"""Checks that span the configuration file: keys given twice, channels two places share,
rota entries nobody can be reached at, and weights of phrases a specialty does not have.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.config_file.yaml_nodes import dotted, line_of, locate
from handlers.config.specialties import Specialty
from handlers.config.vocabulary import PLATFORMS

_MERGE_TAG = "tag:yaml.org,2002:merge"


def duplicates(
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
            key, line = key_node.value, line_of(key_node)
            if key in seen:
                where = dotted([*path, key])
                yield (
                    line,
                    where,
                    f"key '{key}' is given twice (first on line {seen[key]}); keep one",
                )
            else:
                seen[key] = line
            yield from duplicates(value, (*path, key), visited)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from duplicates(item, (*path, i), visited)


def cross_references(root: Node, data: object) -> Iterator[tuple[int | None, str, str]]:
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
    label, node, path, _ = locate(root, loc)
    return line_of(node if isinstance(node, ScalarNode) else label), dotted(path)


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
