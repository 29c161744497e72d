"""Measure the privacy guard on the corpora: recall per kind and false alarms on clean messages.

``python -m tests.corpus.measure`` prints the table the README shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from handlers.rules.privacy import screen
from tests.corpus import privacy_generated, privacy_outsider

Case = tuple[str, frozenset[str]]
KINDS = privacy_outsider.KINDS
CORPORA: dict[str, Callable[[], list[Case]]] = {
    "written without reading the guard": privacy_outsider.cases,
    "generated beside the guard": privacy_generated.cases,
}
# The floors the guard must reach on every corpus, kind by kind, and the most false alarms.
TARGETS = {
    "nhs_number": 1.0,
    "date_of_birth": 0.98,
    "postcode": 0.98,
    "phone_number": 0.98,
    "email": 0.98,
    "patient_name": 0.90,
    "hospital_number": 0.90,
    "address": 0.90,
}
MAX_FALSE_ALARMS = 0.01


@dataclass
class Measure:
    """Recall counts per kind and false alarms for one corpus."""

    found: dict[str, int] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)
    clean: int = 0
    alarms: list[tuple[str, list[str]]] = field(default_factory=list)
    misses: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)

    def recall(self, kind: str) -> float:
        """The share of messages holding the kind in which the guard found it."""
        return self.found.get(kind, 0) / self.expected[kind]

    @property
    def false_alarm_rate(self) -> float:
        """The share of clean messages the guard stopped."""
        return len(self.alarms) / self.clean


def measure(cases: Sequence[Case]) -> Measure:
    """Screen every case and count what was found, missed and wrongly stopped."""
    result = Measure()
    for text, kinds in cases:
        got = sorted(finding.kind for finding in screen(text))
        if not kinds:
            result.clean += 1
            if got:
                result.alarms.append((text, got))
        for kind in kinds:
            result.expected[kind] = result.expected.get(kind, 0) + 1
            if kind in got:
                result.found[kind] = result.found.get(kind, 0) + 1
            else:
                result.misses.setdefault(kind, []).append((text, got))
    return result


def table(measures: dict[str, Measure]) -> str:
    """The README's table: one column a corpus, a row a kind, then the false alarms."""
    names = list(measures)
    lines = [
        "| kind | " + " | ".join(names) + " | target |",
        "| --- | " + " | ".join("---" for _ in names) + " | --- |",
    ]
    for kind in KINDS:
        cells = [
            f"{m.recall(kind):.1%} ({m.found.get(kind, 0):,} of {m.expected[kind]:,})"
            for m in measures.values()
        ]
        lines.append(
            f"| {kind.replace('_', ' ')} | " + " | ".join(cells) + f" | {TARGETS[kind]:.0%} |"
        )
    cells = [
        f"{m.false_alarm_rate:.2%} ({len(m.alarms):,} of {m.clean:,} clean)"
        for m in measures.values()
    ]
    lines.append("| false alarms | " + " | ".join(cells) + f" | at most {MAX_FALSE_ALARMS:.0%} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table({name: measure(build()) for name, build in CORPORA.items()}))
