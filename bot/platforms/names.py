"""How people are told the name of a platform: the one copy every edge renders from."""

from __future__ import annotations

# In sentences ("Microsoft Teams may be down").
NAMES = {"slack": "Slack", "teams": "Microsoft Teams", "console": "the console"}
# Beside a person's name, for someone on another platform ("Dr Tom Okafor (Slack)").
LABELS = {"slack": "Slack", "teams": "Teams", "console": "console"}


def display_name(platform: str) -> str:
    """A platform's name in a sentence."""
    return NAMES.get(platform, platform)


def label(platform: str) -> str:
    """A platform's short name beside a person's name."""
    return LABELS.get(platform, platform)
