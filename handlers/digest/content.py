"""What the GP Update says: editorial items, the helpline's quarter, and GP feedback.

Two kinds of content: what people wrote (items, shared answers) is reviewed by a lead and frozen
when approved; what the helpline counts (most asked topics, figures) is aggregate and computed
afresh at publication over the whole period.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers.core import Helpline
from handlers.engagement.rules import period_text
from handlers.messages import Field
from handlers.rules.privacy import screen
from handlers.text import bold, bullet, link, literal
from storage.repositories.digest import QuarterFigures, TopicRow
from storage.uow import UnitOfWork

MAX_SHARED_CHARS = 600
TOP_PHRASES = 3
_QUOTED = re.compile(r"'([^']+)'")


@dataclass(frozen=True)
class Topic:
    """How often a specialty was asked about in the period, and about what."""

    specialty: str
    questions: int
    phrases: tuple[tuple[str, int], ...]
    category: str


@dataclass(frozen=True)
class Composed:
    """A digest ready to post."""

    title: str
    text: str
    fields: tuple[Field, ...]


def reviewed_content(uow: UnitOfWork) -> dict[str, Any]:
    """The items and shared answers the next edition carries, screened; JSON for the snapshot."""
    items = [
        {
            "id": item.id,
            "kind": item.kind,
            "title": item.title,
            "body": item.body,
            "link": item.link,
            "specialty": item.specialty,
        }
        for item in uow.digest.pending_items()
    ]
    shared: list[dict[str, Any]] = []
    left_out = 0
    for share, case in uow.digest.pending_shares():
        answers = uow.digest.answer_texts(case.id)
        if not case.question or not answers:
            left_out += 1  # the texts are gone (retention) or there is no answer to share
            continue
        answer = "\n".join(answers)
        # Re-screened: the guard may have learnt a pattern since the texts were accepted.
        if screen(case.question) or screen(answer):
            left_out += 1
            continue
        shared.append(
            {
                "case_id": case.id,
                "specialty": case.specialty,
                "question": _clip(case.question),
                "answer": _clip(answer),
                "shared_at": share.shared_at.isoformat(),
                "shared_by": [share.shared_by_platform, share.shared_by_user],
            }
        )
    return {"items": items, "shared": shared, "left_out": left_out}


def for_viewer(reviewed: dict[str, Any], platform: str, user_id: str) -> tuple[dict[str, Any], int]:
    """What someone who is not a lead sees of reviewed content before publication.

    The items' titles, and of the shared answers only those this person shared; also how many
    answers were held back.
    """
    items = [{**item, "body": "", "link": None} for item in reviewed["items"]]
    mine = [s for s in reviewed["shared"] if s.get("shared_by") == [platform, user_id]]
    return {**reviewed, "items": items, "shared": mine}, len(reviewed["shared"]) - len(mine)


def helpline_section(
    helpline: Helpline, uow: UnitOfWork, *, since: datetime, until: datetime
) -> dict[str, Any]:
    """The period's most asked topics and figures (aggregates only: no question text)."""
    figures = uow.digest.quarter_figures(since=since, until=until)
    rows = uow.digest.topic_rows(since=since, until=until)
    return {"topics": topics(helpline, rows), "figures": figures}


def topics(helpline: Helpline, rows: list[TopicRow]) -> list[Topic]:
    """Questions per specialty with their most matched routing phrases, busiest first."""
    counts: Counter[str] = Counter()
    phrases: dict[str, Counter[str]] = {}
    categories: dict[str, Counter[str]] = {}
    for row in rows:
        counts[row.specialty] += 1
        phrases.setdefault(row.specialty, Counter()).update(_phrases(helpline, row))
        categories.setdefault(row.specialty, Counter())[row.category] += 1
    return [
        Topic(
            specialty=key,
            questions=n,
            phrases=tuple(phrases[key].most_common(TOP_PHRASES)),
            category=categories[key].most_common(1)[0][0],
        )
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _phrases(helpline: Helpline, row: TopicRow) -> set[str]:
    """The configured phrases that placed a question with its specialty, once each, spelt as
    the configuration spells them (AF, QTc)."""
    spec = helpline.config.specialties.get(row.specialty)
    spelling = {p.lower(): p for p in [*spec.keywords, *spec.synonyms]} if spec else {}
    if row.question:
        _, matched = helpline.router.score(row.question)
        return {spelling.get(p.lower(), p) for p in matched.get(row.specialty, ())}
    # The text is gone (retention): fall back to the reason intake recorded when routing it.
    routing = row.routing or {}
    if routing.get("specialty") != row.specialty or routing.get("chosen"):
        return set()
    quoted = {p.lower() for p in _QUOTED.findall(str(routing.get("reason", "")))}
    return {spelling[p] for p in quoted if p in spelling}


def compose(
    helpline: Helpline,
    *,
    period: tuple[datetime, datetime],
    reviewed: dict[str, Any],
    live: dict[str, Any],
) -> Composed:
    """The digest as posted to GPs."""
    config = helpline.config
    since, until = period
    sections: list[str] = []
    news = [i for i in reviewed["items"] if i["kind"] != "feedback"]
    feedback = [i for i in reviewed["items"] if i["kind"] == "feedback"]
    if news:
        sections.append(
            bold("News from the trust") + "\n" + "\n".join(_item(helpline, i) for i in news)
        )
    sections.append(_from_the_helpline(helpline, live["topics"], reviewed["shared"]))
    figures: QuarterFigures = live["figures"]
    sections.append(bold("The quarter in figures") + "\n" + _figures_line(figures))
    if feedback:
        sections.append(
            bold("What changed because of your feedback")
            + "\n"
            + "\n".join(_item(helpline, i) for i in feedback)
        )
    # The figures are said once, in the text every platform and the terminal show alike.
    return Composed(
        title=f"GP Update · {period_text(since, until, config.tz)}",
        text="\n\n".join(sections),
        fields=(),
    )


def _item(helpline: Helpline, item: dict[str, Any]) -> str:
    spec = helpline.config.specialties.get(item["specialty"] or "")
    head = bullet(bold(item["title"]) + (f" ({spec.name})" if spec else ""))
    lines = [head, literal(item["body"])] if item["body"] else [head]
    if item.get("link"):
        lines.append(link(item["link"], ""))
    return "\n".join(lines)


def _from_the_helpline(helpline: Helpline, found: list[Topic], shared: list[dict[str, Any]]) -> str:
    config = helpline.config
    lines = [bold("From the helpline")]
    if not found:
        lines.append("No questions this quarter.")
    else:
        lines.append("Most asked, by specialty:")
        for topic in found:
            name = (
                config.specialties[topic.specialty].name
                if topic.specialty in config.specialties
                else topic.specialty
            )
            about = ", ".join(f"{phrase} ({n})" for phrase, n in topic.phrases)
            noun = "question" if topic.questions == 1 else "questions"
            line = bullet(f"{bold(name)}: {topic.questions} {noun}")
            if topic.category != "other":
                line += f" (mostly {topic.category})"
            lines.append(line + (f"; about {about}" if about else ""))
    if shared:
        lines.append("\n" + bold("Answers worth sharing"))
        for entry in shared:
            spec = config.specialties.get(entry["specialty"] or "")
            lines.append(bullet(bold(spec.name if spec else "Triage")))
            lines.append(f"Q: {literal(entry['question'])}")
            lines.append(f"A: {literal(entry['answer'])}")
    return "\n".join(lines)


def _figures_line(figures: QuarterFigures) -> str:
    noun = "question" if figures.questions == 1 else "questions"
    return (
        f"{figures.questions} {noun} · {_share(figures)} of answered questions answered "
        f"within target · {figures.referrals_avoided} "
        f"referral{'' if figures.referrals_avoided == 1 else 's'} avoided"
    )


def _share(figures: QuarterFigures) -> str:
    if not figures.answered:
        return "-"
    return f"{100 * figures.within_target / figures.answered:.0f}%"


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_SHARED_CHARS else text[: MAX_SHARED_CHARS - 1] + "…"
