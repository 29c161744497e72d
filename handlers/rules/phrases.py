"""Configured phrases found in a question's words: one trie-shaped regex over every phrase.

A phrase matches case-insensitively as whole words, in the plural too, with any whitespace or
hyphen between its words; where two phrases overlap, the longer one matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from handlers.rules.routing_context import Negator

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
            atoms = spelt.setdefault(normal_phrase(phrase), phrase_atoms(phrase))
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


def normal_phrase(phrase: str) -> str:
    """A phrase's identity for weights: lower case, single spaces, hyphens read as spaces."""
    return " ".join(_HYPHEN.sub(" ", phrase).lower().split())
