"""Keyword routing: which specialty a GP's question belongs to, or the triage queue.

Each specialty's ``keywords`` and ``synonyms`` are phrases worth 1.0 each unless ``weights``
says otherwise; its name, key and ``aliases`` ("gastro", "neurologist") name the team and are
worth ``routing.name_weight``, and a word a letter or two from a one-word name or alias
("opthalmology") names it too. A phrase matches case-insensitively as whole words, in the plural
too, with any whitespace or hyphen between its words; each distinct phrase counts once per
question, and not where a negation just before it says it is absent ("no chest pain"). Matches
do not overlap: where two phrases could, the longer one counts, so "iron deficiency anaemia" is
not also "anaemia". Context rules (``routing.rules``: a child's age, "panic attacks") decide
first, whatever the phrases say. Otherwise the best specialty is chosen only when it is clear:
at least ``routing.min_score``, strictly ahead of the runner-up, and at least
``routing.min_share`` of all the score. Otherwise the question goes to triage, because a wrong
team costs more time than a person sorting it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from handlers.config import HelplineConfig
from handlers.rules.routing_context import Negator, Speller, ages

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014"
_SPLIT = re.compile(r"\s+")
_HYPHEN = re.compile(f"[{_DASHES}]+")
_CONSONANT_Y = re.compile(r"[^aeiou]y$")
# Slack markup that is not the GP's words: mentions, channel links, <!here>; a link keeps its label.
_SLACK_LINK = re.compile(r"<(?:https?|mailto):[^>|\s]*\|([^>]*)>")
_SLACK_TOKEN = re.compile(r"<(?:[@#!][^>\s]*|(?:https?|mailto):[^>\s]*)>")

# A phrase is compiled as a sequence of atoms: (trie key, regex). Letters match either case.
_Atom = tuple[str, str]
_GAP: _Atom = (" ", f"[\\s{_DASHES}]+")  # between words: any whitespace or hyphens
_JOIN: _Atom = ("-", f"[\\s{_DASHES}]*")  # inside "NT-proBNP" or "self-harm": may be left out
_APOSTROPHE: _Atom = ("'", "['\u2019]?")  # "crohn's", "crohns", "crohn’s"
_PLURAL: _Atom = ("+s", "(?:[eE]?[sS])?")  # "fracture(s)", "rash(es)"
_PLURAL_Y: _Atom = ("+ies", "(?:[yY]|[iI][eE][sS])")  # "biopsy", "biopsies"
# An abbreviation's plural is a lower-case s: "ECGs" and "UTIs", but "RAS" is not many "RA"s.
_PLURAL_ABBREVIATION: _Atom = ("+S", "s?")


@dataclass(frozen=True)
class RoutingDecision:
    """Where a question goes and why."""

    specialty: str | None
    scores: Mapping[str, float]
    matched: Mapping[str, tuple[str, ...]]
    reason: str


@dataclass(frozen=True)
class PhraseOwner:
    """Whose a configured phrase is: a specialty's key (or a rule's part, "0:when")."""

    key: str
    phrase: str
    weight: float = 1.0


@dataclass
class _Node:
    children: dict[str, tuple[_Atom, _Node]] = field(default_factory=dict)
    owners: list[PhraseOwner] = field(default_factory=list)  # non-empty where a phrase ends

    @cached_property
    def depth(self) -> int:
        """Atoms in the longest phrase below; read only once the trie is complete."""
        return 1 + max((child.depth for _, child in self.children.values()), default=0)


class PhraseScanner:
    """Finds configured phrases in a text with one scan of a trie-shaped regex; where two
    phrases overlap the longer one matches."""

    def __init__(self, entries: Iterable[tuple[str, PhraseOwner]]) -> None:
        root = _Node()
        # One spelling per phrase, so "2WW" in one team and "2ww" in another share a match.
        spelt: dict[str, tuple[_Atom, ...]] = {}
        for phrase, owner in entries:
            atoms = spelt.setdefault(_normal(phrase), phrase_atoms(phrase))
            node = root
            for atom in atoms:
                node = node.children.setdefault(atom[0], (atom, _Node()))[1]
            # "palpitation" and "palpitations" end at the same node: one phrase, counted once.
            if atoms and all(o.key != owner.key for o in node.owners):
                node.owners.append(owner)
        # One group per phrase end; lastindex names the phrase that matched.
        self._owners: list[tuple[PhraseOwner, ...]] = []
        # Phrases start at a word start; mid-word positions then fail at the first check.
        self._regex = re.compile(f"(?<!\\w){self._emit(root)}" if root.children else "(?!)")

    def scan(self, text: str) -> Iterator[tuple[re.Match[str], tuple[PhraseOwner, ...]]]:
        """Each phrase found in ``text``, in order, with its owners (first listed first)."""
        for match in self._regex.finditer(text):
            if match.lastindex is not None:
                yield match, self._owners[match.lastindex - 1]

    def find(self, text: str, negator: Negator) -> list[PhraseOwner]:
        """The owners of every phrase in ``text`` that is not negated, each phrase once."""
        found: list[PhraseOwner] = []
        seen: set[int] = set()
        for match, owners in self.scan(text):
            index = match.lastindex or 0  # scan yields only matches that name their phrase
            if index in seen or negator.negated(text, match.start()):
                continue
            seen.add(index)
            found.extend(owners)
        return found

    def _emit(self, node: _Node) -> str:
        """The regex for a trie node: longest continuations first, then the phrase end."""
        # A trie, not a flat alternation: each branch opens with a one-character test that the
        # regex engine rejects quickly, which makes a scan about 200 times faster.
        branches = []
        ordered = sorted(node.children.values(), key=lambda item: item[1].depth, reverse=True)
        for (_, regex), child in ordered:
            branches.append(regex + self._emit(child))
        if node.owners:
            self._owners.append(tuple(node.owners))
            branches.append("(?!\\w)()")
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


class Router:
    """Routes question text to a specialty using the configured phrases and rules."""

    def __init__(self, config: HelplineConfig) -> None:
        self._config = config
        routing = config.routing
        self._min_score = routing.min_score
        self._min_share = routing.min_share
        self._negator = Negator(routing.negation)
        self._rules = routing.rules
        entries: list[tuple[str, PhraseOwner]] = []
        one_word: list[tuple[str, str]] = []
        for key, spec in config.specialties.items():
            weights = {_normal(p): w for p, w in spec.weights.items()}
            # A GP who names the team ("refer to renal?", "gastro?") has told us where it goes.
            for phrase in [spec.name, key.replace("-", " "), *spec.aliases]:
                weight = weights.get(_normal(phrase), routing.name_weight)
                entries.append((phrase, PhraseOwner(key, phrase.strip(), weight)))
                if len(phrase.split()) == 1:
                    one_word.append((key, phrase.strip()))
            for phrase in [*spec.keywords, *spec.synonyms]:
                weight = weights.get(_normal(phrase), 1.0)
                entries.append((phrase, PhraseOwner(key, phrase.strip(), weight)))
        self._phrases = PhraseScanner(entries)
        self._speller = Speller(one_word, routing.misspelt_names)
        self._name_weight = routing.name_weight
        self._context = PhraseScanner(
            (phrase, PhraseOwner(f"{i}:{part}", phrase.strip(), 1.0))
            for i, rule in enumerate(routing.rules)
            for part, phrases in (
                ("when", rule.when_any),
                ("and", rule.and_any),
                ("unless", rule.unless_any),
            )
            for phrase in phrases
        )

    def route(self, text: str, *, specialty: str | None = None) -> RoutingDecision:
        """Choose the specialty for ``text``; an explicit ``specialty`` key always wins."""
        scores, matched = self.score(text)
        if specialty is not None:
            name = self._config.specialty_or_raise(specialty).name
            return RoutingDecision(specialty, scores, matched, f"chosen explicitly: {name}")
        if self._rules and (ruled := self._apply_rules(clean_text(text))) is not None:
            return RoutingDecision(ruled[0], scores, matched, ruled[1])
        chosen, reason = self._decide(scores, matched)
        return RoutingDecision(chosen, scores, matched, reason)

    def score(self, text: str) -> tuple[Mapping[str, float], Mapping[str, tuple[str, ...]]]:
        """Every specialty's score for ``text`` and the configured phrases it matched, in order."""
        text = clean_text(text)
        found = self._phrases.find(text, self._negator)
        named = {(o.key, o.phrase.lower()) for o in found}
        for key, name in self._speller.find(text):
            if (key, name.lower()) not in named:
                named.add((key, name.lower()))
                found.append(PhraseOwner(key, name, self._name_weight))
        scores: dict[str, float] = {}
        phrases: dict[str, list[str]] = {}
        for owner in found:
            scores[owner.key] = scores.get(owner.key, 0.0) + owner.weight
            phrases.setdefault(owner.key, []).append(owner.phrase)
        matched = {key: tuple(found) for key, found in phrases.items()}
        return MappingProxyType(scores), MappingProxyType(matched)

    def _apply_rules(self, text: str) -> tuple[str, str] | None:
        """The team and reason of the first context rule that applies to ``text``, if any."""
        found: dict[str, str] = {}
        for owner in self._context.find(text, self._negator):
            found.setdefault(owner.key, owner.phrase)
        years = ages(text)
        for i, rule in enumerate(self._rules):
            if f"{i}:unless" in found or (rule.and_any and f"{i}:and" not in found):
                continue
            young = [a for a in years if rule.age_under is not None and a < rule.age_under]
            adult = rule.age_under is not None and bool(years) and not young
            if young:
                why = f"an age of {young[0]}, under {rule.age_under}"
            elif f"{i}:when" in found and not adult:
                why = f"'{found[f'{i}:when']}'"
            else:
                continue
            if rule.and_any:
                why += f" with '{found[f'{i}:and']}'"
            name = self._config.specialties[rule.to].name
            return rule.to, f"context: {why} goes to {name}"
        return None

    def _decide(
        self, scores: Mapping[str, float], matched: Mapping[str, tuple[str, ...]]
    ) -> tuple[str | None, str]:
        if not scores:
            return None, "no specialty keywords matched"
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        best, top = ranked[0]
        tied = sorted(key for key, score in ranked if score == top)
        if len(tied) > 1:
            return None, f"tie between {_and(tied)}"
        if top < self._min_score:
            return None, (
                f"too weak: {best} scored {top:g} ({_quoted(matched[best])}), "
                f"below the minimum {self._min_score:g}"
            )
        share = top / sum(scores.values())
        if share < self._min_share:
            others = ", ".join(f"{key} {score:g}" for key, score in ranked[1:])
            return None, (
                f"not clear enough: {best} {top:g} against {others} "
                f"({share:.0%} of the score, needs {self._min_share:.0%})"
            )
        return best, f"matched {_quoted(matched[best])}"


def phrase_atoms(phrase: str) -> tuple[_Atom, ...]:
    """A configured phrase as regex atoms: letters of either case, gaps, and a plural ending."""
    words = [[p for p in _HYPHEN.split(w) if p] for w in _SPLIT.split(phrase.strip())]
    words = [pieces for pieces in words if pieces]
    atoms: list[_Atom] = []
    for i, pieces in enumerate(words):
        if i:
            atoms.append(_GAP)
        for j, piece in enumerate(pieces):
            if j:
                atoms.append(_JOIN)
            atoms.extend(_char(c) for c in piece)
    if atoms:
        _add_plural(words[-1][-1], atoms)
    return tuple(atoms)


def clean_text(text: str) -> str:
    """The GP's words: Slack markup reduced to plain text, Slack's three escapes undone."""
    if "<" in text:
        text = _SLACK_LINK.sub(r" \1 ", text)
        text = _SLACK_TOKEN.sub(" ", text)
    if "&" in text:
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return text


def _char(c: str) -> _Atom:
    if c in "'\u2019":
        return _APOSTROPHE
    lower, upper = c.lower(), c.upper()
    if len(lower) == 1 and len(upper) == 1 and lower != upper:
        return lower, f"[{lower}{upper}]"
    return c, re.escape(c)


def _add_plural(word: str, atoms: list[_Atom]) -> None:
    """Let the last word of a phrase match in the singular and the plural."""
    lower = word.lower()
    if not word[-1].isalpha() or lower.endswith(("'s", "\u2019s")):
        return
    if word.isupper() or sum(c.isupper() for c in word) > 1:
        atoms.append(_PLURAL_ABBREVIATION)
    elif _CONSONANT_Y.search(lower):
        atoms[-1] = _PLURAL_Y
    elif len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        atoms[-1] = _PLURAL  # "palpitations" also matches "palpitation"
    else:
        atoms.append(_PLURAL)


def _normal(phrase: str) -> str:
    """A phrase's identity for weights: lower case, single spaces, hyphens read as spaces."""
    return " ".join(_HYPHEN.sub(" ", phrase).lower().split())


def _quoted(phrases: Iterable[str]) -> str:
    return ", ".join(f"'{p}'" for p in phrases)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
