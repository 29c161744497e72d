"""What a Teams message says: ``activity.text`` can carry HTML (``<p>``, ``<b>``, ``<br>``,
entities such as ``&nbsp;``, ``&amp;`` and ``&#57;``), and it is read as the words a person
sees before anything screens, routes or stores it.

Without this, ``<b>943</b> 476 5870`` would reach the privacy guard as markup rather than as the
NHS number everyone reads. The standard library's HTML parser does the work: tags are dropped
(block tags become line breaks, as they look), character references are decoded, and text that
only looks like a tag because of a bare ``<`` stays as typed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags that start a new line where Teams shows them.
_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "blockquote", "pre", "h1", "h2", "h3", "hr"})
# Tags whose content is not words a person reads.
_HIDDEN = frozenset({"script", "style", "template"})
_SPACES = re.compile(r"[^\S\n]+")
_LINES = re.compile(r" *\n[\n ]*")


class _Words(HTMLParser):
    """Collects the text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """The words of ``text`` as shown: tags removed, entities decoded, spaces tidied."""
    if "<" not in text and "&" not in text:
        words = text
    else:
        parser = _Words()
        parser.feed(text)
        parser.close()
        words = "".join(parser.parts)
    words = _SPACES.sub(" ", words.replace("\u00a0", " "))
    return _LINES.sub("\n", words).strip()
