"""One normal form of a text for every privacy rule, whatever the keyboard or the paste.

People type identifiers with whatever their device gives them: full-width digits from a phone,
no-break and thin spaces from Word, en dashes and minus signs, zero-width spaces and soft hyphens
from a web page, HTML entities and inline tags from Teams. The rules are written once against the
result: ASCII digits, one space character, one newline, one hyphen, straight quotes, no invisible
characters and no markup.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Removed outright: they sit inside a token and must not split it ("943\u200b476 5870").
_INVISIBLE = dict.fromkeys(
    map(
        ord, "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064"
    ),
    None,
)
_INVISIBLE |= dict.fromkeys(range(0x202A, 0x202F), None)  # bidirectional embeddings
_INVISIBLE |= dict.fromkeys(range(0x2066, 0x206A), None)  # bidirectional isolates
_INVISIBLE[0xFEFF] = None

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u02d7\u2796"
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'"}
_QUOTES |= {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"'}
_LINE_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"

_TABLE: dict[int, str | None] = dict(_INVISIBLE)
_TABLE |= {ord(ch): "-" for ch in _DASHES}
_TABLE |= {ord(k): v for k, v in _QUOTES.items()}
_TABLE |= {ord(ch): "\n" for ch in _LINE_BREAKS}
_TABLE[ord("\t")] = " "
_TABLE[ord("\\")] = "/"  # "06\\07\\1962": a date typed with the wrong slash

# HTML tags by name only, so Slack's "<mailto:a@b.org|a@b.org>" and "eGFR <30" stay as they are.
# Inline tags join what they wrap ("<b>943</b> 476"); any other tag ends a word. What a removed
# tag held inside it (an href, a title) is kept at the end of the text, so it is screened too.
_INLINE = "a|abbr|b|bdi|bdo|code|em|font|i|mark|q|s|samp|small|span|strike|strong|sub|sup|u"
_BLOCK = (
    "address|article|aside|at|blockquote|br|caption|dd|div|dl|dt|figcaption|figure|footer|h[1-6]"
    "|header|hr|img|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)
_TAG = re.compile(
    rf"<(?P<close>/?)(?:(?P<inline>{_INLINE})|(?:{_BLOCK}))(?P<inside>(?:\s[^<>]{{0,500}})?)/?>"
    r"|<!--.{0,500}?-->",
    re.IGNORECASE | re.DOTALL,
)
_ASCII_TO_MAP = re.compile(r"[\t\r\\\x0b\x0c]")
_SPACE = re.compile(r"[^\S\n]")  # every other kind of space, after line breaks became "\n"


def normalise(text: str) -> str:
    """Return the text in the one form every rule reads (see the module docstring)."""
    if "<" in text:
        text = _strip_tags(text)
    if "&" in text:
        text = html.unescape(text)
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_TABLE)
        return _SPACE.sub(" ", text)
    if _ASCII_TO_MAP.search(text):
        text = text.translate(_TABLE)
    return text


def _strip_tags(text: str) -> str:
    """Remove HTML tags, keeping what their attributes held at the end (see _TAG)."""
    held: list[str] = []

    def replace(m: re.Match[str]) -> str:
        if m["inside"]:
            held.append(m["inside"])
        return "" if m["inline"] else "\n"

    stripped = _TAG.sub(replace, text)
    return "\n".join([stripped, *held]) if held else stripped
