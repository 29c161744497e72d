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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from handlers.config import HelplineConfig
from handlers.rules.phrases import PhraseOwner, PhraseScanner, clean_text, normal_phrase
from handlers.rules.routing_context import Negator, Speller, ages


@dataclass(frozen=True)
class RoutingDecision:
    """Where a question goes and why."""

    specialty: str | None
    scores: Mapping[str, float]
    matched: Mapping[str, tuple[str, ...]]
    reason: str


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
            weights = {normal_phrase(p): w for p, w in spec.weights.items()}
            # A GP who names the team ("refer to renal?", "gastro?") has told us where it goes.
            for phrase in [spec.name, key.replace("-", " "), *spec.aliases]:
                weight = weights.get(normal_phrase(phrase), routing.name_weight)
                entries.append((phrase, PhraseOwner(key, phrase.strip(), weight)))
                if len(phrase.split()) == 1:
                    one_word.append((key, phrase.strip()))
            for phrase in [*spec.keywords, *spec.synonyms]:
                weight = weights.get(normal_phrase(phrase), 1.0)
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


def _quoted(phrases: Iterable[str]) -> str:
    return ", ".join(f"'{p}'" for p in phrases)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
