"""Measure keyword routing and category inference on the labelled GP questions.

``python -m tests.corpus.measure_routing`` prints the figures the README shows, for the example
configuration and both corpora; ``--config FILE`` measures another configuration, ``--corpus dev``
or ``--corpus heldout`` one corpus, ``--confusions`` lists every question routed wrong.
"""

from __future__ import annotations

import argparse
import importlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.config_file import default_config_path, load_config
from handlers.rules.categories import infer_category
from handlers.rules.routing import Router

Case = tuple[str, str, str]  # question, specialty key or "triage", category
TRIAGE = "triage"
CORPORA = {
    "dev": "tests.corpus.routing_dev",
    "heldout": "tests.corpus.routing_heldout",
}


@dataclass
class Measure:
    """What became of one corpus's questions."""

    total: int = 0
    right: int = 0
    routable: int = 0
    to_triage: int = 0  # routable questions sent to triage
    wrong_team: int = 0  # questions sent to a team that is not theirs
    other: int = 0  # questions whose inferred category is "other"
    category_right: int = 0
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of questions routed where their label says (triage included)."""
        return self.right / self.total

    @property
    def triage_share(self) -> float:
        """Share of the questions a team should have had that went to triage instead."""
        return self.to_triage / self.routable

    @property
    def other_share(self) -> float:
        """Share of questions whose inferred category is "other"."""
        return self.other / self.total

    @property
    def category_accuracy(self) -> float:
        """Share of questions whose inferred category matches the label."""
        return self.category_right / self.total


def load_cases(name: str) -> list[Case]:
    """The labelled questions of corpus ``name`` (dev or heldout)."""
    cases: list[Case] = importlib.import_module(CORPORA[name]).CASES
    return cases


def measure(router: Router, cases: Sequence[Case]) -> Measure:
    """Route and categorise every question and count the outcomes."""
    result = Measure()
    for question, expected, category in cases:
        decision = router.route(question)
        got = decision.specialty or TRIAGE
        result.total += 1
        if expected != TRIAGE:
            result.routable += 1
        if got == expected:
            result.right += 1
        else:
            result.confusions[(expected, got)] += 1
            result.misses.append((question, expected, got, decision.reason))
            if got == TRIAGE:
                result.to_triage += 1
            else:
                result.wrong_team += 1
        inferred = infer_category(question)
        result.other += inferred == "other"
        result.category_right += inferred == category
    return result


def report(name: str, result: Measure, *, confusions: bool) -> str:
    """The figures of one corpus as lines of text."""
    lines = [
        f"{name}: {result.total} questions, {result.routable} for a team",
        f"  routed right:          {result.accuracy:.1%} ({result.right} of {result.total})",
        f"  routable to triage:    {result.triage_share:.1%} "
        f"({result.to_triage} of {result.routable})",
        f"  sent to a wrong team:  {result.wrong_team}",
        f"  category 'other':      {result.other_share:.1%} ({result.other} of {result.total})",
        f"  category as labelled:  {result.category_accuracy:.1%}",
    ]
    if confusions:
        lines.append("  confusions (labelled -> routed):")
        lines += [f"    {a} -> {b}: {n}" for (a, b), n in result.confusions.most_common()]
        lines.append("  misses:")
        lines += [f"    [{a} -> {b}] {q}\n        {why}" for q, a, b, why in result.misses]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Print the figures for the chosen configuration and corpora."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=default_config_path())
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    parser.add_argument("--confusions", action="store_true")
    args = parser.parse_args(argv)
    router = Router(load_config(args.config))
    for name in args.corpus or sorted(CORPORA):
        print(report(name, measure(router, load_cases(name)), confusions=args.confusions))


if __name__ == "__main__":
    main()
