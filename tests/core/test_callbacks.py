"""Button payloads: compact, round-tripping, and strict about anything forged."""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, get_args

import pytest

from core import callbacks
from core.amendment_intents import (
    CancelWording,
    ConfirmWording,
    DecideAmendment,
    ShowAmendments,
    SuggestWording,
    VoteOnAmendment,
)
from core.callbacks import MAX_PAYLOAD_BYTES, decode, encode
from core.errors import InvalidPayload
from core.intents import (
    ButtonIntent,
    CancelComment,
    CastVote,
    ConfirmDraft,
    ConfirmForget,
    DeleteComment,
    DiscardDraft,
    FreeText,
    Intent,
    Join,
    Leave,
    ListConsultations,
    ModerateComment,
    OpenCommentMenu,
    ReportComment,
    Resume,
    SetMuted,
    ShowComments,
    ShowHelp,
    ShowOverview,
    ShowParagraph,
    ShowProgress,
    ShowReading,
    ShowReviewQueue,
    ShowStatistics,
    SkipReason,
    StartComment,
    SubmitComment,
    VoteOnComment,
)
from core.model import Choice, CommentVote, ReadingFilter
from core.moderation import CommentMenu, ModerationAction, ReportReason

BIG = 2**31 - 1
BUTTON_INTENTS: list[Intent] = [
    ListConsultations(),
    Join(payload="x" * 60),
    Resume(),
    Resume(consultation_id=BIG),
    ShowParagraph(consultation_id=BIG, paragraph_id=BIG),
    CastVote(consultation_id=BIG, paragraph_id=BIG, choice=Choice.AGREE),
    CastVote(consultation_id=1, paragraph_id=2, choice=Choice.DISAGREE),
    StartComment(consultation_id=BIG, paragraph_id=BIG, reply_to=BIG),
    StartComment(consultation_id=1, paragraph_id=2),
    ShowComments(consultation_id=BIG, paragraph_id=BIG, page=999),
    VoteOnComment(consultation_id=BIG, comment_id=BIG, vote=CommentVote.UP),
    VoteOnComment(consultation_id=1, comment_id=2, vote=CommentVote.DOWN),
    VoteOnComment(consultation_id=BIG, comment_id=BIG, vote=CommentVote.NONE),
    ShowProgress(consultation_id=3),
    ShowStatistics(),
    ShowReading(consultation_id=None, kind=ReadingFilter.DECIDED, page=999_999),
    SetMuted(muted=True, consultation_id=4),
    SetMuted(muted=False),
    CancelComment(consultation_id=5),
    SkipReason(consultation_id=5, paragraph_id=9),
    Leave(),
    ShowHelp(),
    ShowOverview(),
    ConfirmDraft(consultation_id=BIG),
    DiscardDraft(consultation_id=7),
    ConfirmForget(participant_id=BIG),
    ReportComment(consultation_id=BIG, comment_id=BIG, reason=ReportReason.OFF_TOPIC),
    DeleteComment(consultation_id=BIG, comment_id=BIG),
    ShowReviewQueue(slug="a" * 48),
    ModerateComment(consultation_id=BIG, comment_id=BIG, action=ModerationAction.HIDE_AND_BLOCK),
    OpenCommentMenu(consultation_id=BIG, comment_id=BIG, menu=CommentMenu.REPORT),
    SuggestWording(consultation_id=BIG, paragraph_id=BIG),
    ConfirmWording(consultation_id=BIG, amendment_id=BIG),
    CancelWording(consultation_id=BIG, amendment_id=BIG),
    CancelWording(consultation_id=BIG),
    ShowAmendments(consultation_id=BIG, paragraph_id=BIG),
    VoteOnAmendment(consultation_id=BIG, amendment_id=BIG, choice=Choice.DISAGREE),
    DecideAmendment(consultation_id=BIG, amendment_id=BIG, accept=True),
]


def test_every_button_intent_declares_one_code_of_its_own() -> None:
    codes = [intent.button_code for intent in get_args(ButtonIntent)]
    assert all(re.fullmatch("[a-z]+", code) for code in codes)
    assert len(set(codes)) == len(codes)


def test_only_button_intents_declare_a_code() -> None:
    coded = {intent for intent in get_args(Intent) if hasattr(intent, "button_code")}
    assert coded == set(get_args(ButtonIntent))


def test_the_round_trip_list_has_every_button_intent() -> None:
    assert {type(intent) for intent in BUTTON_INTENTS} == set(get_args(ButtonIntent))


@pytest.mark.parametrize("choice", list(Choice))
def test_every_choice_has_its_letter_on_the_wire(choice: Choice) -> None:
    intent = CastVote(consultation_id=1, paragraph_id=2, choice=choice)
    assert decode(encode(intent)) == intent


@pytest.mark.parametrize("vote", list(CommentVote))
def test_every_comment_vote_has_its_letter_on_the_wire(vote: CommentVote) -> None:
    intent = VoteOnComment(consultation_id=1, comment_id=2, vote=vote)
    assert decode(encode(intent)) == intent


@pytest.mark.parametrize("intent", BUTTON_INTENTS, ids=lambda i: type(i).__name__)
def test_every_button_intent_survives_the_round_trip_within_64_bytes(intent: Intent) -> None:
    payload = encode(intent)
    assert len(payload.encode()) <= MAX_PAYLOAD_BYTES
    assert decode(payload) == intent


@pytest.mark.parametrize(
    ("payload", "vote"),
    [
        # Written by the release before comment votes carried a target value (taken from its
        # encoder): cards already in people's chats hold these, and they meant "vote up/down".
        ("1:k:3:41:u", CommentVote.UP),
        ("1:k:3:41:d", CommentVote.DOWN),
    ],
)
def test_comment_vote_buttons_of_the_previous_release_set_their_vote(
    payload: str, vote: CommentVote
) -> None:
    assert decode(payload) == VoteOnComment(consultation_id=3, comment_id=41, vote=vote)
    assert encode(decode(payload)) == payload


def test_a_payload_that_would_pass_64_bytes_is_never_produced() -> None:
    with pytest.raises(ValueError, match="longer than 64 bytes"):
        encode(Join(payload="x" * 61))


def test_intents_that_carry_text_cannot_be_buttons() -> None:
    with pytest.raises(ValueError, match="cannot be a button"):
        encode(FreeText(body="hello"))
    with pytest.raises(ValueError, match="cannot be a button"):
        encode(SubmitComment(consultation_id=1, paragraph_id=1, body="x"))


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "1",
        "2:v:1:2:a",
        "1:v:1:2:z",
        "1:v:1:2",
        "1:v:1:2:a:extra",
        "1:v",
        "1:v:1",
        "1:p",
        "1:k",
        "1:c:1",
        "1:m",
        "1:p:1:2:",
        "1:y:",
        "1:w:",
        "1:v:-1:2:a",
        "1:v:0:2:a",
        "1:v: 1:2:a",
        "1:v:+1:2:a",
        "1:v:١:2:a",
        "1:v:1_0:2:a",
        f"1:v:{2**63}:2:a",
        f"1:v:{2**31}:2:a",
        f"1:p:1:{2**31}",
        f"1:k:1:{2**31}:u",
        "1:h:x",
        "1:zz",
        "1:j:not a token",
        "1:j:" + "x" * 65,
        "1:k:1:2:maybe",
        "1:m::yes",
        "x" * 65,
    ],
)
def test_forged_or_malformed_payloads_are_refused(payload: str) -> None:
    with pytest.raises(InvalidPayload, match="not valid"):
        decode(payload)


def test_a_button_intent_with_a_field_the_codec_cannot_pack_is_refused_at_import() -> None:
    @dataclass(frozen=True, slots=True, kw_only=True)
    class RemindAt:
        button_code: ClassVar[str] = "t"
        consultation_id: int
        when: datetime

    with pytest.raises(TypeError, match=r"RemindAt: no button packing for the fields \['when'\]"):
        callbacks._layout(RemindAt)  # type: ignore[arg-type]
