"""Every table the helpline has: importing this module registers them all on ``Base.metadata``."""

from storage import (
    escalation_models,
    file_models,
    file_offers,
    held_models,
    inbox_models,
    models,
    schedule_models,
    teams_models,
)

__all__ = [
    "escalation_models",
    "file_models",
    "file_offers",
    "held_models",
    "inbox_models",
    "models",
    "schedule_models",
    "teams_models",
]
