"""Button payloads on the wire: cards already in people's chats keep working after an upgrade.

The payloads below are frozen literals, written by the release of December 2026 (its
`encode`, run once over every button intent and each variant of its fields). Never edit one to
make a test pass: a payload that stops decoding is a button that stops working in someone's chat.
A new button intent or field variant adds lines; the existing lines stay.
"""

from typing import get_args

import pytest

from core.amendment_intents import (
    CancelWording,
    ConfirmWording,
    DecideAmendment,
    ShowAmendments,
    SuggestWording,
    VoteOnAmendment,
)
from core.callbacks import decode, encode
from core.intents import (
    ButtonIntent,
    CancelComment,
    CastVote,
    ConfirmDraft,
    ConfirmForget,
    DeleteComment,
    DiscardDraft,
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
    VoteOnComment,
)
from core.model import Choice, CommentVote, ReadingFilter
from core.moderation import CommentMenu, ModerationAction, ReportReason

BIG = 2**31 - 1
WIRE: list[tuple[str, Intent]] = [
    ("1:o", ListConsultations()),
    ("1:h", ShowHelp()),
    ("1:w", ShowOverview()),
    ("1:j:spring-2027", Join(payload="spring-2027")),
    ("1:j:Ab_9-xZ", Join(payload="Ab_9-xZ")),
    ("1:r:", Resume()),
    ("1:r:7", Resume(consultation_id=7)),
    ("1:p:3:12", ShowParagraph(consultation_id=3, paragraph_id=12)),
    (
        "1:p:2147483647:2147483647",
        ShowParagraph(consultation_id=BIG, paragraph_id=BIG),
    ),
    ("1:v:3:12:a", CastVote(consultation_id=3, paragraph_id=12, choice=Choice.AGREE)),
    ("1:v:3:12:d", CastVote(consultation_id=3, paragraph_id=12, choice=Choice.DISAGREE)),
    ("1:c:3:12:", StartComment(consultation_id=3, paragraph_id=12)),
    ("1:c:3:12:41", StartComment(consultation_id=3, paragraph_id=12, reply_to=41)),
    ("1:l:3:12:1", ShowComments(consultation_id=3, paragraph_id=12)),
    ("1:l:3:12:4", ShowComments(consultation_id=3, paragraph_id=12, page=4)),
    ("1:k:3:41:u", VoteOnComment(consultation_id=3, comment_id=41, vote=CommentVote.UP)),
    ("1:k:3:41:d", VoteOnComment(consultation_id=3, comment_id=41, vote=CommentVote.DOWN)),
    ("1:k:3:41:n", VoteOnComment(consultation_id=3, comment_id=41, vote=CommentVote.NONE)),
    ("1:g:", ShowProgress()),
    ("1:g:3", ShowProgress(consultation_id=3)),
    ("1:s:", ShowStatistics()),
    ("1:s:3", ShowStatistics(consultation_id=3)),
    ("1:rf:3:v:1", ShowReading(consultation_id=3, kind=ReadingFilter.VOTED)),
    ("1:rf:3:c:2", ShowReading(consultation_id=3, kind=ReadingFilter.COMMENTED, page=2)),
    ("1:rf:3:x:1", ShowReading(consultation_id=3, kind=ReadingFilter.CONTROVERSIAL)),
    ("1:rf:3:s:1", ShowReading(consultation_id=3, kind=ReadingFilter.SUPPORTED)),
    ("1:rf:3:d:1", ShowReading(consultation_id=3, kind=ReadingFilter.DECIDED)),
    ("1:rf::m:1", ShowReading(consultation_id=None, kind=ReadingFilter.MINE)),
    ("1:m::1", SetMuted(muted=True)),
    ("1:m::0", SetMuted(muted=False)),
    ("1:m:3:1", SetMuted(muted=True, consultation_id=3)),
    ("1:m:3:0", SetMuted(muted=False, consultation_id=3)),
    ("1:x:", CancelComment()),
    ("1:x:3", CancelComment(consultation_id=3)),
    ("1:e:3:12", SkipReason(consultation_id=3, paragraph_id=12)),
    ("1:q:", Leave()),
    ("1:q:3", Leave(consultation_id=3)),
    ("1:y:8", ConfirmDraft(consultation_id=8)),
    ("1:n:8", DiscardDraft(consultation_id=8)),
    ("1:fg:17", ConfirmForget(participant_id=17)),
    # Moderation (December 2026).
    ("1:f:3:41:s", ReportComment(consultation_id=3, comment_id=41, reason=ReportReason.SPAM)),
    (
        "1:f:3:41:o",
        ReportComment(consultation_id=3, comment_id=41, reason=ReportReason.OFFENSIVE),
    ),
    (
        "1:f:3:41:t",
        ReportComment(consultation_id=3, comment_id=41, reason=ReportReason.OFF_TOPIC),
    ),
    ("1:f:3:41:x", ReportComment(consultation_id=3, comment_id=41, reason=ReportReason.OTHER)),
    ("1:dc:3:41", DeleteComment(consultation_id=3, comment_id=41)),
    ("1:i:city-plan", ShowReviewQueue(slug="city-plan")),
    (
        "1:z:3:41:r",
        ModerateComment(consultation_id=3, comment_id=41, action=ModerationAction.RESTORE),
    ),
    (
        "1:z:3:41:h",
        ModerateComment(consultation_id=3, comment_id=41, action=ModerationAction.HIDE),
    ),
    (
        "1:z:3:41:b",
        ModerateComment(consultation_id=3, comment_id=41, action=ModerationAction.HIDE_AND_BLOCK),
    ),
    # A comment's Report and Delete buttons open its menu; Cancel goes back (December 2026).
    ("1:t:3:41:r", OpenCommentMenu(consultation_id=3, comment_id=41, menu=CommentMenu.REPORT)),
    ("1:t:3:41:d", OpenCommentMenu(consultation_id=3, comment_id=41, menu=CommentMenu.DELETE)),
    ("1:t:3:41:a", OpenCommentMenu(consultation_id=3, comment_id=41, menu=CommentMenu.ACTIONS)),
    # Amendments (December 2026): suggest, publish or cancel, list, vote, decide.
    ("1:as:3:12", SuggestWording(consultation_id=3, paragraph_id=12)),
    ("1:ac:3:57", ConfirmWording(consultation_id=3, amendment_id=57)),
    ("1:ax:3:57", CancelWording(consultation_id=3, amendment_id=57)),
    ("1:ax:3:", CancelWording(consultation_id=3)),
    ("1:al:3:12", ShowAmendments(consultation_id=3, paragraph_id=12)),
    ("1:av:3:57:a", VoteOnAmendment(consultation_id=3, amendment_id=57, choice=Choice.AGREE)),
    ("1:ad:3:57:1", DecideAmendment(consultation_id=3, amendment_id=57, accept=True)),
    ("1:ad:3:57:0", DecideAmendment(consultation_id=3, amendment_id=57, accept=False)),
]

# Written by every release before comment votes carried a target value (first release, commit
# 31dd4d6, up to 2fff387): "u" and "d" meant "vote up/down" and now mean "set up/down", so
# pressing such a card again changes nothing.
EARLIER_RELEASES: list[tuple[str, Intent]] = [
    ("1:k:3:41:u", VoteOnComment(consultation_id=3, comment_id=41, vote=CommentVote.UP)),
    ("1:k:3:41:d", VoteOnComment(consultation_id=3, comment_id=41, vote=CommentVote.DOWN)),
]


@pytest.mark.parametrize(("payload", "intent"), WIRE + EARLIER_RELEASES, ids=lambda v: str(v))
def test_a_payload_written_by_an_earlier_release_decodes_to_the_same_intent(
    payload: str, intent: Intent
) -> None:
    assert decode(payload) == intent


@pytest.mark.parametrize(("payload", "intent"), WIRE, ids=lambda v: str(v))
def test_each_button_intent_is_written_exactly_as_the_current_release_writes_it(
    payload: str, intent: Intent
) -> None:
    assert encode(intent) == payload


def test_the_wire_list_covers_every_button_intent() -> None:
    assert {type(intent) for _, intent in WIRE} == set(get_args(ButtonIntent))
