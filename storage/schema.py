"""Every table the helpline has: importing this module registers them all on ``Base.metadata``."""

from storage.models import cases as models
from storage.models import escalation as escalation_models
from storage.models import file_offers
from storage.models import files as file_models
from storage.models import held as held_models
from storage.models import inbox as inbox_models
from storage.models import schedules as schedule_models
from storage.models import teams as teams_models

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
