"""The figures of one group of cases, and the percentile the database and SQLite both use."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Percentiles:
    """Median and 90th percentile of a duration in seconds (linear interpolation)."""

    median: float | None = None
    p90: float | None = None


@dataclass(frozen=True)
class GroupFigures:
    """Every figure for one group of cases."""

    received: int = 0
    answered: int = 0  # with an answer (a request for information is a response, not one)
    responded: int = 0  # with a first response of any kind
    resolved: int = 0
    within_target: int = 0
    answered_late: int = 0
    open_past_target: int = 0
    reroutes: int = 0
    rerouted: int = 0
    ratings: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 6), 0))
    outcomes: dict[str, int] = field(default_factory=dict)
    durations: dict[str, Percentiles] = field(default_factory=dict)

    @property
    def open(self) -> int:
        """Cases not resolved at ``as_of``."""
        return self.received - self.resolved

    @property
    def breached(self) -> int:
        """Answered after the target, plus still open, not answered and past the target."""
        return self.answered_late + self.open_past_target

    @property
    def rated(self) -> int:
        """Cases with a rating."""
        return sum(self.ratings.values())

    @property
    def mean_rating(self) -> float | None:
        """The mean rating, 1 to 5."""
        rated = self.rated
        return sum(k * n for k, n in self.ratings.items()) / rated if rated else None

    @property
    def median_rating(self) -> float | None:
        """The median rating, interpolated like the duration percentiles."""
        values = [k for k in sorted(self.ratings) for _ in range(self.ratings[k])]
        return percentile(values, 0.5)

    @property
    def share_within_target(self) -> float | None:
        """Answered within target as a share of answered; None when nothing was answered."""
        return self.within_target / self.answered if self.answered else None

    def duration(self, name: str) -> Percentiles:
        """The percentiles of one of ``DURATIONS``."""
        return self.durations.get(name, Percentiles())


@dataclass(frozen=True)
class Figures:
    """The figures of a selection: all of it, by specialty (None is triage) and by month."""

    total: GroupFigures
    by_specialty: dict[str | None, GroupFigures]
    by_month: dict[str, GroupFigures]


def percentile(sorted_values: Sequence[float], fraction: float) -> float | None:
    """``percentile_cont``: the value at ``fraction`` of a sorted list, interpolating linearly."""
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    value = sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)
    return float(value)
