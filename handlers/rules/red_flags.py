"""Red flags: phrases that make a question urgent and point the GP to the trust's urgent route.

Each specialty's ``red_flags`` match as the router's keywords do: whole words, either case, the
last word singular or plural, any whitespace or hyphen between words. Every specialty's flags are
looked for in every question, wherever it is routed.

A phrase is ignored where the GP negates it in the same clause: a negation ("no", "not", "nor",
"never", "without", "denies", "negative for", "absence of", "free of", "doesn't", ...) at most
five words before it, or "ruled out", "excluded", "absent", "denied" or "negative" straight
after it ("cauda equina has been ruled out"). A clause ends at ``. , ; ! ? ( )``, a new line, a
dash between spaces, and at "and", "but", "however", "although", "though", "except", "apart
from", "whereas", "now" and "then", so "no fever, sudden painless loss of vision" still counts.
Words that only sound negative never negate: "cannot rule out", "can't exclude", "not ruled
out", "not excluded", "not sure", "no better", "no improvement", "without relief", "don't want
to miss". When in doubt a phrase counts: a false alarm costs the GP one signpost, a missed
emergency costs far more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.config import HelplineConfig
from handlers.rules.phrases import PhraseOwner, PhraseScanner, clean_text

BEFORE_WORDS = 5
AFTER_WORDS = 3

_BOUNDARY = re.compile(
    r"[.,;!?()\[\]\n]|\s[-\u2013\u2014]+\s"
    r"|\b(?:and|but|however|although|though|except|apart\s+from|aside\s+from|whereas|now|then)\b",
    re.IGNORECASE,
)
_APOS = "['\u2019]"
# Removed from the context before negations are looked for: they raise the concern, not lower it.
_NOT_NEGATIONS = re.compile(
    rf"\b(?:can{_APOS}?t|cannot|can\s+not|could\s*n{_APOS}?o?t|unable\s+to|not\s+able\s+to)"
    r"\s+(?:(?:yet|completely|fully|safely|definitely)\s+)?(?:rule\s+out|exclude)\b"
    r"|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:ruled\s+out|excluded)\b"
    r"|\bnot\s+(?:sure|certain|clear|convinced|improving|settling|settled|resolved|resolving|"
    r"responding|better|only)\b"
    r"|\bno\s+(?:better|improvement|change|relief|response|resolution)\b"
    r"|\bwithout\s+(?:any\s+)?(?:improvement|relief|resolution|response)\b"
    rf"|(?:n{_APOS}t|\bnot)\s+(?:(?:want|wish)\s+to\s+)?(?:miss|know|known)\b",
    re.IGNORECASE,
)
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|nor|never|none|nil|neither|without|denie[sd]|deny|denying"
    rf"|(?:does|did|do|has|have|had|is|was|are|were)n{_APOS}t"
    r"|negative\s+for|absence\s+of|absent|free\s+of|ruled\s+out|excluded)\b",
    re.IGNORECASE,
)
# Only straight after the phrase: "thunderclap headache with a negative CT" still counts.
_NEGATION_AFTER = re.compile(
    r"^\W*(?:(?:is|was|are|were|has|have|had|been|now|already|since|all|both)\s+)*"
    r"(?:ruled\s+out|excluded|absent|denied|negative)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w'\u2019]+")


@dataclass(frozen=True)
class RedFlag:
    """A configured red-flag phrase, as the trust wrote it, and the specialty it belongs to."""

    phrase: str
    specialty: str


class RedFlags:
    """Finds the configured red flags a question mentions without negating them."""

    def __init__(self, config: HelplineConfig) -> None:
        # One scan for every flag, built as the router builds its own.
        self._scanner = PhraseScanner(
            (phrase, PhraseOwner(key, phrase.strip()))
            for key, spec in config.specialties.items()
            for phrase in spec.red_flags
        )

    def find(self, text: str) -> tuple[RedFlag, ...]:
        """The red flags ``text`` raises, in the order they first appear, each phrase once.

        Where two phrases overlap the longer one counts, as in routing: "chest pain at rest" is
        not also "pain at rest". A phrase listed twice is reported as first listed.
        """
        text = clean_text(text)
        found: dict[str, RedFlag] = {}
        for match, owners in self._scanner.scan(text):
            flag = RedFlag(owners[0].phrase, owners[0].key)
            if flag.phrase.lower() not in found and not negated(text, *match.span()):
                found[flag.phrase.lower()] = flag
        return tuple(found.values())


# A negation window is a few words, so only this much text either side needs reading.
_CONTEXT_CHARS = 300


def negated(text: str, start: int, end: int) -> bool:
    """Whether the words at ``text[start:end]`` are negated within their clause."""
    before = text[max(0, start - _CONTEXT_CHARS) : start]
    cut = max((m.end() for m in _BOUNDARY.finditer(before)), default=0)
    before = _NOT_NEGATIONS.sub(" _ ", before[cut:])
    window = " ".join(_WORD.findall(before)[-BEFORE_WORDS:])
    if _NEGATION_BEFORE.search(window):
        return True
    after = text[end : end + _CONTEXT_CHARS]
    if (stop := _BOUNDARY.search(after)) is not None:
        after = after[: stop.start()]
    after = _NOT_NEGATIONS.sub(" _ ", after)
    window = " ".join(_WORD.findall(after)[:AFTER_WORDS])
    return bool(_NEGATION_AFTER.match(window))


def flag_text(flags: tuple[str, ...] | list[str]) -> str:
    """``Red flag: x`` or ``Red flags: x, y`` for the team post and the GP's signpost."""
    label = "Red flag" if len(flags) == 1 else "Red flags"
    return f"{label}: {', '.join(flags)}"
