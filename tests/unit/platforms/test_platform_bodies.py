"""How deep a request body may nest, measured without recursion."""

from __future__ import annotations

import json
from typing import Any

from bot.platforms import MAX_DEPTH, storable, too_deep


def lists(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def test_bodies_within_the_bound_pass_and_one_level_more_does_not() -> None:
    assert not too_deep(lists(MAX_DEPTH))
    assert too_deep(lists(MAX_DEPTH + 1))
    assert not too_deep({"type": "message", "from": {"id": "u"}, "value": [1, {"a": []}]})
    assert not too_deep("text") and not too_deep(None)


def test_objects_and_lists_count_alike_and_the_deepest_branch_counts() -> None:
    value: Any = {"leaf": 1}
    for n in range(MAX_DEPTH):
        value = {"k": value} if n % 2 else [value]
    assert too_deep({"shallow": 1, "deep": value})
    assert not too_deep(value, limit=MAX_DEPTH + 1)


def test_a_body_far_past_the_recursion_limit_is_measured_safely() -> None:
    deep = lists(100_000)
    assert too_deep(deep)
    assert storable(json.loads(json.dumps(lists(MAX_DEPTH))))
