"""Rendered messages as Bot Framework activities: a card, or markdown text with mentions."""

from __future__ import annotations

from botbuilder.schema import Activity, ActivityTypes, Attachment, ChannelAccount, Mention

from bot.platforms.teams.cards import CARD_CONTENT_TYPE, Rendered


def to_activity(rendered: Rendered) -> Activity:
    """A Bot Framework message activity for a rendered message."""
    images = [
        Attachment(content_type=i["contentType"], content_url=i["contentUrl"], name=i["name"])
        for i in rendered.images
    ]
    if rendered.card is not None:
        return Activity(
            type=ActivityTypes.message,
            summary=rendered.summary,
            attachments=[
                Attachment(content_type=CARD_CONTENT_TYPE, content=rendered.card),
                *images,
            ],
        )
    entities = [
        Mention(mentioned=ChannelAccount(id=uid, name=text[4:-5]), text=text, type="mention")
        for uid, text in rendered.mentions.items()
    ]
    return Activity(
        type=ActivityTypes.message,
        text=rendered.text,
        text_format="markdown",
        summary=rendered.summary,
        entities=entities or None,
        attachments=images or None,
    )
