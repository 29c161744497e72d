"""`report [PERIOD]` in Teams: the board's report as a message per chart, the board pack and the
workbook as files.

Teams refuses a bot message over about 28 KB, pictures included, so each chart travels alone,
as a palette PNG (about half the size of the full-colour one, and it looks the same); a chart
still too large is offered as a file instead. Files reach a lead only through a file consent
card in their personal chat with the bot: asked there, the board pack and the workbook (and any
such chart) are offered at once and kept until accepted, declined or expired; asked in a channel,
the lead is told privately to ask in the personal chat. Every message is queued in one transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.platforms.report_files import ReportBytes, build_files, content_type, report_title
from bot.platforms.teams.activities import to_activity
from bot.platforms.teams.cards import render
from bot.platforms.teams.files import (
    MAX_ACTIVITY_BYTES,
    Offered,
    offer_message,
    size_label,
    wire_size,
)
from handlers.config import HelplineConfig
from handlers.core import Helpline
from handlers.delivery.file_offers import FileOffer, queue_offers
from handlers.figures.periods import Period
from handlers.governance.retention import FILES_KEPT_FOR
from handlers.messages import FileRef, OutgoingMessage, Person, Place
from handlers.text import bold

File = tuple[str, bytes]


def chart_message(
    place: Place, chart: File, *, number: int, of: int, key: str, visible_to: Person | None
) -> OutgoingMessage:
    """One chart as a message of its own, the picture inline."""
    name, content = chart
    file = FileRef(name, content_type(name), key, content)
    text = f"Chart {number} of {of}: {name}"
    return OutgoingMessage(place, text, files=(file,), visible_to=visible_to, kind="report")


def fits(message: OutgoingMessage, *, config: HelplineConfig) -> bool:
    """Whether Teams would take ``message`` as rendered (its pictures inline)."""
    activity = to_activity(render(message, lambda _, user_id: user_id, config=config))
    return wire_size(activity) <= MAX_ACTIVITY_BYTES


def header_text(
    period: Period,
    *,
    inline: int,
    files: Sequence[str],
    personal: bool,
    days: int,
    tz: ZoneInfo,
) -> str:
    """What the report's first message says is coming, and how to get the files."""
    charts = f"{inline} chart{'' if inline == 1 else 's'} below"
    names = ", ".join(files[:-1]) + (" and " if len(files) > 1 else "") + files[-1]
    title = report_title(period, tz)
    if not personal:
        return (
            f"{title}: {charts}. Teams lets a bot send files only in a personal "
            f"chat: send {bold(f'report {period.label}')} in this chat to be offered {names}."
        )
    one = len(files) == 1
    return (
        f"{title}: {charts}, and {names} as {'a file' if one else 'files'}. "
        f"Teams asks before a bot saves a file to your OneDrive: choose {bold('Allow')} on "
        f"{'the file card' if one else 'each file card'} (within {days} days)."
    )


@dataclass(frozen=True)
class Plan:
    """A report's messages for Teams: the first one, a message per chart that fits, the files
    to offer (none outside a personal chat)."""

    header: OutgoingMessage
    charts: list[OutgoingMessage]
    offers: list[File]


def plan_report(
    built: ReportBytes,
    *,
    place: Place,
    period: Period,
    key: str,
    config: HelplineConfig,
    visible_to: Person | None = None,
) -> Plan:
    """Which charts go inline (compacted) and which files are offered, and the words for it."""
    offers = [
        (period_name(name, period), content) for name, content in (built.pack, built.workbook)
    ]
    charts, too_large = _inline_charts(built, place, key, config, visible_to)
    offers += [(period_name(name, period), content) for name, content in too_large]
    names = [offers[0][0], offers[1][0]]
    names += [f"{name} (too large to show here)" for name, _ in offers[2:]]
    text = header_text(
        period,
        inline=len(charts),
        files=names,
        personal=place.direct,
        days=FILES_KEPT_FOR.days,
        tz=config.tz,
    )
    header = OutgoingMessage(
        place, text, visible_to=visible_to, kind="report", extra={"period": period.label}
    )
    return Plan(header, charts, offers if place.direct else [])


def _inline_charts(
    built: ReportBytes,
    place: Place,
    key: str,
    config: HelplineConfig,
    visible_to: Person | None,
) -> tuple[list[OutgoingMessage], list[File]]:
    """The charts small enough (once compacted) to show in a message, and those that are not."""
    from bot.reports.charts import compact_png  # matplotlib and Pillow load only when asked

    charts: list[OutgoingMessage] = []
    too_large: list[File] = []
    for number, (name, content) in enumerate(built.charts, start=1):
        message = chart_message(
            place,
            (name, compact_png(content)),
            number=number,
            of=len(built.charts),
            key=f"{key}:chart:{number}",
            visible_to=visible_to,
        )
        if fits(message, config=config):
            charts.append(message)
        else:
            too_large.append((name, content))
    return charts, too_large


def queue_teams_report(
    helpline: Helpline,
    person: Person,
    *,
    place: Place,
    period: Period,
    key: str,
    visible_to: Person | None = None,
) -> bool | None:
    """Build ``period``'s report as ``person`` may see it and queue it to ``place``.

    ``place`` is a personal chat (``direct``) or where ``visible_to`` asked. None when
    ``person`` may not see figures; False when this request was queued already.
    """
    built = build_files(helpline, person, period=period)
    if built is None:
        return None
    base = "teams:report:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    plan = plan_report(
        built, place=place, period=period, key=base, config=helpline.config, visible_to=visible_to
    )
    offers = []
    for number, file in enumerate(plan.offers):
        offer = _offer(person, place, file, key=f"{base}:offer:{number}", period=period)
        offered = Offered(
            offer.token, offer.name, offer.size, describe(offer.name, offer.size, period)
        )
        offers.append((offer, offer_message(place, offered)))
    return queue_offers(helpline, plan.header, key=base, charts=plan.charts, offers=offers)


def period_name(name: str, period: Period) -> str:
    """A file's name with its period, as it will sit among others in the lead's OneDrive."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}-{period.label}{dot}{suffix}" if dot else f"{name}-{period.label}"


def describe(name: str, size: int, period: Period) -> str:
    """The line on a file's consent card: what it is and how big."""
    what = {"application/pdf": "board pack", "image/png": "chart"}.get(
        content_type(name), "workbook"
    )
    return f"Responsiveness report {period.label}: the {what} ({size_label(size)})."


def _offer(person: Person, place: Place, file: File, *, key: str, period: Period) -> FileOffer:
    """A stored offer of ``file`` to ``person``, in their personal chat ``place``."""
    name, content = file
    return FileOffer(
        token=secrets.token_urlsafe(24),  # unguessable: the consent card carries it
        key=key,
        platform=person.platform,
        requester=person.user_id,
        conversation_id=place.channel,
        name=name,
        content_type=content_type(name),
        size=len(content),
        period=period.label,
        content=content,
        status="offered",
    )
