"""Measure the red flags of the example trust on the corpora: recall and false alarms.

``python -m tests.corpus.measure_red_flags`` prints the table the README shows, and every
question the matcher got wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.config_file import default_config_path, load_config
from handlers.rules.red_flags import RedFlags
from tests.corpus import red_flags_dev, red_flags_outsider

Case = tuple[str, bool, str]
CORPORA: dict[str, list[Case]] = {
    "written without reading the matcher": red_flags_outsider.CASES,
    "written beside the matcher": red_flags_dev.CASES,
}


@dataclass
class Measure:
    """What the matcher made of one corpus."""

    flagged: list[Case] = field(default_factory=list)  # has a red flag, and was found
    missed: list[Case] = field(default_factory=list)  # has a red flag, and was not
    alarms: list[Case] = field(default_factory=list)  # has none, and one was found
    quiet: list[Case] = field(default_factory=list)  # has none, and none was found

    @property
    def recall(self) -> float:
        """The share of questions with a red flag that were found."""
        return len(self.flagged) / (len(self.flagged) + len(self.missed))

    @property
    def false_alarms(self) -> float:
        """The share of questions without a red flag that were flagged."""
        return len(self.alarms) / (len(self.alarms) + len(self.quiet))


def measure(cases: list[Case], flags: RedFlags | None = None) -> Measure:
    """Run the example trust's red flags over ``cases``."""
    flags = flags or RedFlags(load_config(default_config_path()))
    result = Measure()
    for case in cases:
        text, expected, _ = case
        found = bool(flags.find(text))
        if expected:
            (result.flagged if found else result.missed).append(case)
        else:
            (result.alarms if found else result.quiet).append(case)
    return result


def table(results: dict[str, Measure]) -> str:
    """The README's table: one row per corpus."""
    lines = [
        "| corpus | red flags found | false alarms |",
        "| --- | --- | --- |",
    ]
    for name, m in results.items():
        found, flagged = len(m.flagged), len(m.flagged) + len(m.missed)
        alarms, clean = len(m.alarms), len(m.alarms) + len(m.quiet)
        lines.append(
            f"| {name} | {m.recall:.1%} ({found} of {flagged}) "
            f"| {m.false_alarms:.1%} ({alarms} of {clean}) |"
        )
    return "\n".join(lines)


def main() -> None:
    """Print the table, then what each corpus missed and where it raised a false alarm."""
    flags = RedFlags(load_config(default_config_path()))
    results = {name: measure(cases, flags) for name, cases in CORPORA.items()}
    print(table(results))
    for name, m in results.items():
        print(f"\n{name}: missed")
        for text, _, specialty in m.missed:
            print(f"  [{specialty}] {text}")
        print(f"{name}: false alarms")
        for text, _, specialty in m.alarms:
            print(f"  [{specialty}] {text} -> {[f.phrase for f in flags.find(text)]}")


if __name__ == "__main__":
    main()
