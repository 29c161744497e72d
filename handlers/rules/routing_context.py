"""What routing reads around its phrases: negations, a patient's age, misspelt team names.

Each is set in the configuration (``routing.negation``, ``routing.rules``,
``routing.misspelt_names``); this module holds only how the text is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from handlers.config.routing import MisspeltNames, Negation

# What ends a negation's reach: a sentence or clause break, or a word that turns it round.
_STOP = re.compile(r"[.;:!?,()\n]|(?<!\w)(?:but|however|although|though|whereas)(?!\w)", re.I)
_WORD = re.compile(r"\w+")
_LOOK_BACK = 160  # characters before a phrase that may hold its negation
# "6 year old", "6-year-old", "6 yrs old", "6yo", "6 y/o", "aged 6"; months, weeks, days old: 0.
_AGE = re.compile(
    r"(?<![\w.])(\d{1,3})\s*-?\s*(?:(?:years?|yrs?)\s*-?\s*old|yo|y\.o\.?|y/o"
    r"|(months?|mths?|mo|weeks?|wks?|days?)\s*-?\s*old)(?!\w)|(?<!\w)aged?\s+(\d{1,3})(?![\w.])",
    re.IGNORECASE,
)


def _alternation(phrases: Iterable[str]) -> re.Pattern[str] | None:
    parts = sorted({" ".join(p.lower().split()) for p in phrases if p.strip()}, key=len)
    if not parts:
        return None
    words = (r"\s+".join(re.escape(w) for w in p.split()) for p in reversed(parts))
    return re.compile(f"(?<!\\w)(?:{'|'.join(words)})(?!\\w)", re.IGNORECASE)


class Negator:
    """Whether a phrase found at a position is negated by the words before it."""

    def __init__(self, negation: Negation) -> None:
        self._triggers = _alternation(negation.words)
        self._exceptions = _alternation(negation.except_phrases)
        self._window = negation.window

    def negated(self, text: str, start: int) -> bool:
        """Whether the phrase starting at ``start`` in ``text`` follows a negation closely."""
        if self._triggers is None:
            return False
        tail = text[max(0, start - _LOOK_BACK) : start]
        stops = [m.end() for m in _STOP.finditer(tail)]
        if stops:
            tail = tail[stops[-1] :]
        if self._exceptions is not None:
            tail = self._exceptions.sub(" ", tail)
        ends = [m.end() for m in self._triggers.finditer(tail)]
        return bool(ends) and len(_WORD.findall(tail[ends[-1] :])) <= self._window


def ages(text: str) -> list[int]:
    """Every age in years the text gives a person ("6 year old", "aged 70"; "3 weeks old": 0)."""
    found = []
    for match in _AGE.finditer(text):
        years, infant, aged = match.groups()
        found.append(0 if infant else int(years or aged))
    return found


class Speller:
    """Finds words a letter or two from a team's one-word name or alias ("opthalmology")."""

    def __init__(self, names: Iterable[tuple[str, str]], spelling: MisspeltNames | None) -> None:
        """``names``: (team key, one-word name or alias) pairs."""
        self._spelling = spelling
        self._exact: set[str] = set()
        self._by_letter: dict[str, list[tuple[str, str, str]]] = {}
        for key, name in names:
            word = name.lower()
            self._exact.add(word)
            if spelling is not None and len(word) >= spelling.one_edit_from:
                self._by_letter.setdefault(word[0], []).append((word, key, name))
        self._cache: dict[str, tuple[str, str] | None] = {}
        shortest = spelling.one_edit_from if spelling is not None else 1
        self._words = re.compile(f"(?<!\\w)[^\\W\\d_]{{{shortest},}}(?!\\w)")

    def find(self, text: str) -> Iterator[tuple[str, str]]:
        """(team key, the name it resembles) for each misspelt name in ``text``."""
        if self._spelling is None or not self._by_letter:
            return
        cache = self._cache
        for word in self._words.findall(text):
            word = word.lower()
            if word not in cache:
                if len(cache) > 10_000:
                    cache.clear()
                cache[word] = self._nearest(word)
            if (hit := cache[word]) is not None:
                yield hit

    def _nearest(self, word: str) -> tuple[str, str] | None:
        assert self._spelling is not None
        if word in self._exact or word.removesuffix("s") in self._exact:
            return None  # spelt right: the phrases found it
        best: list[tuple[int, str, str]] = []
        for target, key, name in self._by_letter.get(word[0], ()):
            shorter = min(len(word), len(target))
            allowed = 2 if shorter >= self._spelling.two_edits_from else 1
            if shorter < self._spelling.one_edit_from or abs(len(word) - len(target)) > allowed:
                continue
            distance = _edits(word, target, allowed)
            if distance <= allowed:
                best.append((distance, key, name))
        if not best:
            return None
        best.sort()
        closest = [b for b in best if b[0] == best[0][0]]
        if len({key for _, key, _ in closest}) > 1:
            return None  # as near one team as another: say nothing
        return closest[0][1], closest[0][2]


def _edits(a: str, b: str, bound: int) -> int:
    """Letters missing, extra, changed or swapped between ``a`` and ``b`` (stops past bound)."""
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if before is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > bound:
            return bound + 1
        before, previous = previous, current
    return previous[-1]
