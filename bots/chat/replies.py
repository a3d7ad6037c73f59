"""A reply to one of the bot's cards, read through the card's buttons: a comment on its paragraph.

Telegram (a reply to the message) and Slack (a reply in the card's thread) both find the
paragraph the person answers from the intents the card's buttons carry; nothing is remembered
between messages.
"""

from collections.abc import Iterable

from core.intents import CastVote, Intent, ShowComments, StartComment, SubmitComment


def comment_on_card(intents: Iterable[Intent], body: str, key: str) -> SubmitComment | None:
    """The reply as a comment on the paragraph any of the card's paragraph buttons names."""
    for intent in intents:
        if isinstance(intent, CastVote | StartComment | ShowComments):
            return SubmitComment(
                consultation_id=intent.consultation_id,
                paragraph_id=intent.paragraph_id,
                body=body,
                idempotency_key=key,
            )
    return None
