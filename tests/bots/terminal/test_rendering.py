"""Screens rendered as terminal text: pure functions checked with plain asserts."""

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bots.terminal.figures import statistics_lines
from bots.terminal.rendering import clean, render
from core.intents import (
    CastVote,
    Resume,
    ShowComments,
    ShowParagraph,
    ShowStatistics,
    StartComment,
    VoteOnComment,
)
from core.model import Choice, CommentVote
from core.screens import (
    Button,
    ChannelPost,
    CommentItem,
    CommentList,
    ConsultationSummary,
    DraftReview,
    Finished,
    Help,
    HelpEntry,
    InvitationCreated,
    Notice,
    Overview,
    ParagraphCard,
    Progress,
    Question,
    Tally,
    Tone,
    VoteRecorded,
    Welcome,
)
from core.statistics import LatestComment, ParagraphTally, compile_statistics

MOMENT = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


CARD = ParagraphCard(
    consultation_id=1,
    consultation_title="Plan",
    paragraph_id=13,
    label="P3",
    position=3,
    total=9,
    section="3.2. Challenge the Partnership",
    text="The partnership will be challenged.",
    choice=None,
    comment_count=2,
    tally=None,
    accepting=True,
    buttons=(
        (
            Button(
                label="Agree",
                intent=CastVote(consultation_id=1, paragraph_id=13, choice=Choice.AGREE),
            ),
            Button(
                label="Disagree",
                intent=CastVote(consultation_id=1, paragraph_id=13, choice=Choice.DISAGREE),
            ),
        ),
        (
            Button(label="Comment", intent=StartComment(consultation_id=1, paragraph_id=13)),
            Button(label="Comments (2)", intent=ShowComments(consultation_id=1, paragraph_id=13)),
        ),
        (
            Button(label="◀ Back (P2)", intent=ShowParagraph(consultation_id=1, paragraph_id=12)),
            Button(label="Next (P4) ▶", intent=ShowParagraph(consultation_id=1, paragraph_id=14)),
        ),
    ),
)


def card(**changes: Any) -> ParagraphCard:
    return replace(CARD, **changes)


def test_a_card_shows_section_place_text_vote_comments_and_numbered_buttons() -> None:
    rendering = render(card())

    assert rendering.text.splitlines() == [
        "── Plan ──",
        "§ 3.2. Challenge the Partnership",
        "P3 · 3 of 9",
        "The partnership will be challenged.",
        "",
        "Your vote: none yet · 2 comments",
        "[1] Agree  [2] Disagree  [3] Comment  [4] Comments (2)  [5] ◀ Back (P2)  [6] Next (P4) ▶",
    ]
    assert [button.label for button in rendering.buttons][4:] == ["◀ Back (P2)", "Next (P4) ▶"]


def test_a_card_shows_the_persons_vote_and_the_tally_when_it_is_visible() -> None:
    text = render(
        card(choice=Choice.AGREE, tally=Tally(agree=447, disagree=16, agreement_pct=97))
    ).text

    assert "Your vote: agree · 2 comments · 97% agree (447 agree, 16 disagree)" in text


def test_a_card_of_a_closed_consultation_says_votes_are_not_accepted() -> None:
    text = render(card(accepting=False, buttons=())).text

    assert "Votes and comments are not accepted now." in text
    assert "[1]" not in text


def test_a_card_without_a_section_shows_no_section_line() -> None:
    assert "§" not in render(card(section=None)).text


def test_a_recorded_vote_shows_the_toast_then_the_next_card_and_its_buttons() -> None:
    following = card(label="P4", position=4, paragraph_id=14, buttons=())
    screen = VoteRecorded(toast="Noted: you agree with P3.", card=card(), next=following)

    rendering = render(screen)

    assert rendering.text.startswith("✓ Noted: you agree with P3.\n\n── Plan ──")
    assert "P4 · 4 of 9" in rendering.text
    assert rendering.buttons == ()


def test_a_recorded_vote_on_the_last_paragraph_shows_the_finished_screen() -> None:
    finished = Finished(
        consultation_id=1,
        title="Plan",
        voted=9,
        total=9,
        deadline="closes 25 Jan 2027, 10 days left",
        buttons=((Button(label="Statistics", intent=ShowStatistics(consultation_id=1)),),),
    )

    rendering = render(VoteRecorded(toast="Noted.", card=card(), next=finished))

    assert "You have voted on all 9 paragraphs of “Plan”" in rendering.text
    assert rendering.text.endswith("[1] Statistics")


def test_the_welcome_card_introduces_the_consultation() -> None:
    summary = ConsultationSummary(
        consultation_id=1,
        slug="plan",
        title="Plan",
        description="A plan for the city.",
        paragraph_count=9,
        closes_at=MOMENT,
        deadline="closes 15 Jan 2027, 3 days left",
        accepting=True,
    )
    start = Button(label="Start", intent=Resume(consultation_id=1))

    text = render(Welcome(consultation=summary, voted=0, buttons=((start,),))).text

    assert text.splitlines() == [
        "== Plan ==",
        "A plan for the city.",
        "9 paragraphs · closes 15 Jan 2027, 3 days left",
        "[1] Start",
    ]


def comment(comment_id: int, depth: int, body: str, parent_id: int | None = None) -> CommentItem:
    return CommentItem(
        comment_id=comment_id,
        author="ana",
        body=body,
        created_at=MOMENT,
        up=2,
        down=1,
        depth=depth,
        parent_id=parent_id,
        buttons=(
            Button(
                label="👍 2",
                intent=VoteOnComment(
                    consultation_id=1, comment_id=comment_id, vote=CommentVote.UP
                ),
            ),
        ),
    )


def test_a_comment_list_numbers_comments_and_indents_replies() -> None:
    screen = CommentList(
        consultation_id=1,
        paragraph_id=13,
        label="P3",
        comments=(comment(5, 0, "Too vague.\nSay who."), comment(6, 1, "Agreed.", parent_id=5)),
        page=1,
        page_count=1,
        total=2,
        buttons=(
            (
                Button(
                    label="Back to P3", intent=ShowParagraph(consultation_id=1, paragraph_id=13)
                ),
            ),
        ),
    )

    lines = render(screen).text.splitlines()

    assert lines[:6] == [
        "Comments on P3 (2) · page 1 of 1",
        "#5 ana · 15 Jan 2027, 12:00 UTC · +2 −1",
        "  Too vague.",
        "  Say who.",
        "    ↳ #6 ana · 15 Jan 2027, 12:00 UTC · +2 −1",
        "      Agreed.",
    ]
    assert lines[-1] == "[1] Back to P3"
    assert len(render(screen).buttons) == 1  # comment buttons are typed as `up 5`, not numbered


def test_a_placeholder_in_a_comment_list_is_one_line_saying_why_without_author_or_votes() -> None:
    gone = replace(comment(5, 0, "comment deleted by its author"), author="", placeholder=True)
    screen = CommentList(
        consultation_id=1,
        paragraph_id=13,
        label="P3",
        comments=(gone, comment(6, 1, "Agreed.", parent_id=5)),
        page=1,
        page_count=1,
        total=1,
        buttons=(),
    )

    lines = render(screen).text.splitlines()

    assert lines[1:3] == [
        "#5 [comment deleted by its author]",
        "    ↳ #6 ana · 15 Jan 2027, 12:00 UTC · +2 −1",
    ]


def test_notices_are_marked_by_their_tone() -> None:
    assert render(Notice(text="Saved.", tone=Tone.SUCCESS)).text == "✓ Saved."
    assert render(Notice(text="Closed.", tone=Tone.WARNING)).text == "! Closed."
    assert render(Notice(text="Empty.", tone=Tone.ERROR)).text == "✗ Empty."
    assert render(Notice(text="Hint.")).text == "Hint."


def test_help_phrases_the_cores_actions_in_terminal_commands() -> None:
    screen = Help(entries=(HelpEntry(action="next", description="the next unvoted paragraph"),))

    text = render(screen).text

    assert "  continue                the next unvoted paragraph" in text
    assert "reply N [TEXT]" in text
    assert "quit, exit, Ctrl-D" in text


def test_clean_removes_escape_sequences_and_control_characters() -> None:
    hostile = "a\x1b[31mred\x1b[0m b\x1b]0;owned\x07 c\x1b]8;;http://x\x1b\\link d\x07\x08\x9b2Je"

    assert clean(hostile) == "ared b clink d2Je"


def test_clean_keeps_newlines_tabs_and_every_script() -> None:
    text = "Línea 1\n\tالعربية · 中文 · emoji 👍 · zero\u200dwidth"

    assert clean(text) == text


def test_document_and_comment_text_is_cleaned_before_printing() -> None:
    text = render(card(text="Hi\x1b[2J\x1b[H there", section="\x1b]0;pwn\x07Intro")).text

    assert "\x1b" not in text
    assert "Hi there" in text
    assert "§ Intro" in text


def tally(number: int, agree: int, disagree: int, comments: int = 0) -> ParagraphTally:
    return ParagraphTally(
        paragraph_id=number,
        number=number,
        position=number,
        section=None,
        agree=agree,
        disagree=disagree,
        comments=comments,
    )


def test_statistics_lines_show_agreement_rounded_half_up_in_a_compact_table() -> None:
    statistics = compile_statistics(
        [tally(1, 447, 16, 3), tally(2, 5, 5), tally(3, 0, 0)],
        contributors=470,
        latest_comments=[
            LatestComment(
                comment_id=1, paragraph_number=1, author_name="ana", body="Yes", created_at=MOMENT
            )
        ],
    )

    lines = statistics_lines(statistics)

    assert lines[0] == (
        "473 votes (452 agree, 21 disagree) · 96% agree · 3 comments · 470 contributors"
    )
    assert lines[2:6] == [
        "PARA    AGREE  DISAGREE  VOTES  AGREEMENT  COMMENTS",
        "P1        447        16    463        97%         3",
        "P2          5         5     10        50%         0",
        "P3          0         0      0          –         0",
    ]
    assert lines[-3:] == [
        "Most voted: P1, P2",
        "Most commented: P1",
        "Most controversial: P2, P1",
    ]


def test_organiser_screens_render_as_plain_lines() -> None:
    invitation = InvitationCreated(
        consultation_id=1, slug="plan", title="Plan", token="tok_123", uses=None
    )
    review = DraftReview(
        consultation_id=1,
        slug="plan",
        title="Plan",
        sections=2,
        paragraphs=1,
        deadline="closes 25 Jan 2027, 10 days left",
        buttons=(),
    )
    question = Question(text="What is the title?", placeholder="Plan for 2027")

    assert render(invitation).text == (
        "Invitation to “Plan” (unlimited uses): tok_123\n"
        "Join in the terminal: townhall chat tok_123"
    )
    assert render(review).text == (
        "Draft “Plan” (plan): 2 sections, 1 paragraph, closes 25 Jan 2027, 10 days left."
    )
    assert render(question).text == "What is the title?\n(Plan for 2027)"
    assert render(ChannelPost(card=card(), join_payload="plan")).text == render(card()).text


def test_the_overview_lists_each_consultation_with_its_progress() -> None:
    progress = Progress(
        consultation_id=1,
        title="City plan",
        voted=3,
        total=9,
        comments=1,
        deadline="closes 15 Feb 2027, 12 days left",
        muted=False,
        buttons=(),
    )
    shown = render(Overview(consultations=(progress,), buttons=()))
    assert shown.text == "“City plan”: 3 of 9 paragraphs voted; closes 15 Feb 2027, 12 days left."
    empty = render(Overview(consultations=(), buttons=()))
    assert empty.text == "You take part in no consultation yet."
