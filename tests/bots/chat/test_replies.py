"""A reply to a card becomes a comment on the paragraph its buttons name."""

from bots.chat.replies import comment_on_card
from core.intents import CastVote, Intent, Resume, ShowComments, SubmitComment
from core.model import Choice


def test_a_reply_to_a_card_comments_on_the_paragraph_its_buttons_name() -> None:
    buttons: list[Intent] = [
        Resume(),
        CastVote(consultation_id=1, paragraph_id=7, choice=Choice.AGREE),
    ]

    assert comment_on_card(buttons, "Who pays?", "k1") == SubmitComment(
        consultation_id=1, paragraph_id=7, body="Who pays?", idempotency_key="k1"
    )
    assert comment_on_card([ShowComments(consultation_id=2, paragraph_id=3)], "x", "k2") == (
        SubmitComment(consultation_id=2, paragraph_id=3, body="x", idempotency_key="k2")
    )


def test_a_reply_to_a_message_without_paragraph_buttons_is_no_comment() -> None:
    assert comment_on_card([Resume()], "hello", "k3") is None
    assert comment_on_card([], "hello", "k4") is None
