"""Exceptions as the code under test meets them: raised by Python or a library, not made up."""

from __future__ import annotations

from collections.abc import Callable


def raised(call: Callable[[], object]) -> Exception:
    """The exception ``call`` raises."""
    try:
        call()
    except Exception as exc:
        return exc
    raise AssertionError(f"{call!r} raised nothing")
