"""Screens rendered as Telegram HTML: escaped, within limits, buttons where they belong.

Every rendered text is parsed with the fake Bot API's strict HTML parser, so an unescaped `&`
or `<` fails here as it would fail on Telegram.
"""

from datetime import UTC, datetime
from itertools import chain

import pytest
from telegram import ForceReply, InlineKeyboardMarkup

from bots.telegram.layout import MESSAGE_LIMIT, Outgoing, split_text, visible_length
from bots.telegram.rendering import render
from core.callbacks import decode
from core.intents import CastVote, Join, ShowComments, StartComment, VoteOnComment
from core.model import Choice, CommentVote
from core.screens import (
    Button,
    ChannelPost,
    CommentItem,
    CommentList,
    CommentPrompt,
    InvitationCreated,
    ParagraphCard,
    Question,
    Screen,
    StatisticsReport,
    Tally,
)
from core.statistics import LatestComment, ParagraphTally, compile_statistics
from tests.fakes.telegram_wire import parse_html

BOT = "townhall_test_bot"
HOSTILE = "Fish & chips <b>bold</b> _*[x](y) `code` </i> &amp;"
WHEN = datetime(2027, 2, 1, 12, tzinfo=UTC)


def card(text: str = "Governments open their budgets.", **changes: object) -> ParagraphCard:
    fields: dict[str, object] = {
        "consultation_id": 1,
        "consultation_title": "Strategy",
        "paragraph_id": 7,
        "label": "P22",
        "position": 12,
        "total": 30,
        "section": "Strategic Goal 4: Deepen participation",
        "text": text,
        "choice": None,
        "comment_count": 3,
        "tally": None,
        "accepting": True,
        "buttons": (
            (
                Button(label="Agree", intent=vote(Choice.AGREE)),
                Button(label="Disagree", intent=vote(Choice.DISAGREE)),
            ),
            (
                Button(label="Comment", intent=StartComment(consultation_id=1, paragraph_id=7)),
                Button(
                    label="Comments (3)", intent=ShowComments(consultation_id=1, paragraph_id=7)
                ),
            ),
        ),
    }
    fields.update(changes)
    return ParagraphCard(**fields)  # type: ignore[arg-type]


def vote(choice: Choice) -> CastVote:
    return CastVote(consultation_id=1, paragraph_id=7, choice=choice)


def comment(body: str, comment_id: int = 5, depth: int = 0) -> CommentItem:
    return CommentItem(
        comment_id=comment_id,
        author="Ana <admin> & co",
        body=body,
        created_at=WHEN,
        up=2,
        down=1,
        depth=depth,
        parent_id=None,
        buttons=(
            Button(
                label="👍 2",
                intent=VoteOnComment(
                    consultation_id=1, comment_id=comment_id, vote=CommentVote.UP
                ),
            ),
            Button(
                label="Reply",
                intent=StartComment(consultation_id=1, paragraph_id=7, reply_to=comment_id),
            ),
        ),
    )


def shown(message: Outgoing) -> str:
    """The text Telegram would display; fails like Telegram on malformed HTML."""
    return parse_html(message.text)[0]


def rendered(screen: Screen) -> list[Outgoing]:
    messages = render(screen, BOT)
    for message in messages:
        assert visible_length(message.text) <= MESSAGE_LIMIT
        shown(message)
    return messages


def test_a_card_shows_section_place_text_vote_comments_and_tally() -> None:
    tally = Tally(agree=447, disagree=16, agreement_pct=97)
    [message] = rendered(card(choice=Choice.AGREE, tally=tally))

    assert shown(message).splitlines() == [
        "Strategic Goal 4: Deepen participation",
        "P22 · 12 of 30",
        "",
        "Governments open their budgets.",
        "",
        "✅ You agree — tap to change · 💬 3 comments · 📊 97% agree (447 agree, 16 disagree)",
    ]
    assert isinstance(message.markup, InlineKeyboardMarkup)
    labels = [[button.text for button in row] for row in message.markup.inline_keyboard]
    assert labels == [["Agree", "Disagree"], ["Comment", "Comments (3)"]]
    data = message.markup.inline_keyboard[0][0].callback_data
    assert isinstance(data, str)
    assert decode(data) == vote(Choice.AGREE)


def test_the_same_card_drawn_for_another_person_shares_its_built_buttons() -> None:
    [first] = rendered(card(choice=Choice.AGREE))
    [again] = rendered(card(choice=Choice.AGREE))

    assert isinstance(first.markup, InlineKeyboardMarkup)
    assert isinstance(again.markup, InlineKeyboardMarkup)
    assert again.markup == first.markup
    pairs = zip(
        chain.from_iterable(first.markup.inline_keyboard),
        chain.from_iterable(again.markup.inline_keyboard),
        strict=True,
    )
    assert all(built is shared for built, shared in pairs)  # PTB builds each button once


def test_document_text_is_escaped_and_shown_as_written() -> None:
    [message] = rendered(card(text=HOSTILE, section="<script> & heading"))

    assert HOSTILE in shown(message)
    assert "<script> & heading" in shown(message)


def test_an_oversized_paragraph_is_split_at_sentences_with_buttons_on_the_last_part() -> None:
    sentences = [f"Sentence number {n} says a little & more <b>." for n in range(200)]
    messages = rendered(card(text=" ".join(sentences)))

    assert len(messages) >= 3
    assert [m.markup is not None for m in messages] == [False] * (len(messages) - 1) + [True]
    for message in messages[1:]:
        assert shown(message).startswith("Sentence number")
    for message in messages[:-1]:
        assert shown(message).endswith("<b>.")
    assert "You agree" not in shown(messages[-1])
    assert "Do you agree?" in shown(messages[-1])
    joined = " ".join(shown(m) for m in messages)
    assert all(sentence in joined for sentence in sentences)


def test_a_text_without_sentence_ends_is_split_at_whitespace_then_hard() -> None:
    assert split_text("aaa bbb ccc", 7) == ["aaa bbb", "ccc"]
    assert split_text("x" * 10, 4) == ["xxxx", "xxxx", "xx"]
    assert split_text("One. Two. Three.", 9) == ["One. Two.", "Three."]
    assert split_text("😀" * 3, 4) == ["😀😀", "😀"]  # UTF-16: an emoji counts two


def test_a_paragraph_of_one_huge_word_is_cut_hard_into_parts_that_fit() -> None:
    messages = rendered(card(text="&" * 9000))

    assert len(messages) == 3
    assert sum(shown(m).count("&") for m in messages) == 9000


def test_a_comment_prompt_opens_the_reply_box() -> None:
    prompt = CommentPrompt(
        consultation_id=1,
        paragraph_id=7,
        label="P22",
        text="Send your reply on P22 as your next message.",
        replying_to=comment(HOSTILE),
        buttons=(),
    )
    [message] = rendered(prompt)

    assert isinstance(message.markup, ForceReply)
    assert message.markup.input_field_placeholder == "Your reply"
    assert HOSTILE in shown(message)


def test_a_question_placeholder_is_cut_to_64_characters() -> None:
    [message] = rendered(Question(text="Title? & more", placeholder="x" * 100))

    assert isinstance(message.markup, ForceReply)
    assert message.markup.input_field_placeholder == "x" * 64


def test_a_comment_list_is_a_header_one_message_per_comment_and_the_navigation() -> None:
    items = (comment("First & best", 5), comment("A <reply>", 6, depth=1))
    screen = CommentList(
        consultation_id=1,
        paragraph_id=7,
        label="P22",
        comments=items,
        page=1,
        page_count=2,
        total=7,
        buttons=(
            (
                Button(
                    label="More ▶", intent=ShowComments(consultation_id=1, paragraph_id=7, page=2)
                ),
            ),
        ),
    )
    header, first, second, navigation = rendered(screen)

    assert shown(header) == "💬 Comments on P22 (7) · page 1 of 2"
    assert shown(first).splitlines() == [
        "Ana <admin> & co · 1 Feb 2027, 12:00 UTC · 👍 2 · 👎 1",
        "",
        "First & best",
    ]
    assert shown(second).startswith("↳ Ana")
    assert first.keyboard is not None
    assert [b.text for b in first.keyboard.inline_keyboard[0]] == ["👍 2", "Reply"]
    assert navigation.keyboard is not None
    assert header.markup is None


def test_an_invitation_is_a_deep_link() -> None:
    screen = InvitationCreated(consultation_id=1, slug="s", title="A & B", token="tok_123", uses=5)
    [message] = rendered(screen)

    assert "https://t.me/townhall_test_bot?start=tok_123" in shown(message)
    assert "5 uses" in shown(message)


def test_a_channel_post_has_vote_buttons_and_a_discuss_privately_link() -> None:
    shared = card(buttons=((Button(label="Agree", intent=vote(Choice.AGREE)),),))
    [message] = rendered(ChannelPost(card=shared, join_payload="strategy"))

    assert message.keyboard is not None
    rows = message.keyboard.inline_keyboard
    assert rows[-1][0].text == "💬 Discuss privately"
    assert rows[-1][0].url == "https://t.me/townhall_test_bot?start=strategy"
    assert "You agree" not in shown(message)
    assert "Do you agree?" not in shown(message)


def test_statistics_are_compact_with_the_level_of_agreement_as_a_percentage() -> None:
    tallies = [
        ParagraphTally(
            paragraph_id=1, number=1, position=1, section=None, agree=447, disagree=16, comments=4
        ),
        ParagraphTally(
            paragraph_id=2, number=2, position=2, section=None, agree=5, disagree=5, comments=0
        ),
    ]
    latest = [
        LatestComment(comment_id=1, paragraph_number=1, author_name="A", body="&", created_at=WHEN)
    ]
    statistics = compile_statistics(tallies, contributors=30, latest_comments=latest)
    screen = StatisticsReport(
        consultation_id=1, title="<T>", deadline="closed", statistics=statistics
    )
    [message] = rendered(screen)

    text = shown(message)
    assert "Level of agreement: 96%" in text
    assert "Most voted: P1 (463 votes), P2 (10 votes)" in text
    assert "Most commented: P1 (4 comments)" in text
    assert "Most controversial: P2 (50% agree), P1 (97% agree)" in text


@pytest.mark.parametrize("payload", ["strategy", "tok-_9"])
def test_a_join_button_keeps_its_payload(payload: str) -> None:
    screen = card(buttons=((Button(label="Join", intent=Join(payload=payload)),),))
    [message] = rendered(screen)

    assert message.keyboard is not None
    data = message.keyboard.inline_keyboard[0][0].callback_data
    assert isinstance(data, str)
    assert decode(data) == Join(payload=payload)
