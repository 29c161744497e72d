"""Teams conversation ids: channels have threads (``<channel>;messageid=<root>``), chats do not."""

from __future__ import annotations

THREAD_MARK = ";messageid="


def is_channel(conversation_id: str) -> bool:
    """Whether a conversation id is a team channel (which has threads) rather than a chat."""
    base = conversation_id.split(";", 1)[0]
    return base.endswith("@thread.tacv2") or base.endswith("@thread.skype")


def is_person(conversation_id: str) -> bool:
    """Whether an id names a person (as the configuration does) rather than a conversation."""
    return conversation_id.startswith(("29:", "8:orgid:"))


def thread_conversation(channel: str, root: str) -> str:
    """The conversation id of a channel thread."""
    return f"{channel}{THREAD_MARK}{root}"


def root_of(conversation_id: str) -> str | None:
    """The thread root id in ``<channel>;messageid=<root>``, if there is one."""
    _, mark, root = conversation_id.partition(THREAD_MARK)
    return (root or None) if mark else None
