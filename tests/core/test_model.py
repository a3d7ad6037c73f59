"""Rules on values that need no storage: comment text, the calendar, deadlines."""

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import Closed, InvalidComment, NotYetOpen
from core.model import Consultation, Privacy, ResultsVisibility, Status
from core.text import clean_comment
from core.wording import describe_deadline

OPENS = datetime(2027, 1, 1, 12, tzinfo=UTC)
CLOSES = datetime(2027, 2, 15, 12, tzinfo=UTC)


def consultation(status: Status = Status.OPEN) -> Consultation:
    return Consultation(
        id=1,
        slug="strategy",
        title="Strategy",
        description="",
        opens_at=OPENS,
        closes_at=CLOSES,
        status=status,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
    )


def test_comments_are_trimmed_and_line_endings_normalised() -> None:
    assert clean_comment("  first line\r\nsecond\rthird \n") == "first line\nsecond\nthird"


def test_comments_keep_non_ascii_text_emoji_and_right_to_left_marks() -> None:
    text = "Συμφωνώ 👍🏽 — مرحبا\u200f 日本語 👨\u200d👩\u200d👧"
    assert clean_comment(text) == text


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", "\r\n"])
def test_an_empty_comment_is_refused(text: str) -> None:
    with pytest.raises(InvalidComment, match="cannot be empty"):
        clean_comment(text)


@pytest.mark.parametrize(
    "text", ["\u200b", "\u200c\u200d", "\u2060", "\ufeff", " \u200b\n\u2060\t", "\u202e\u2066"]
)
def test_a_comment_of_only_invisible_characters_is_refused_as_empty(text: str) -> None:
    with pytest.raises(InvalidComment, match="cannot be empty"):
        clean_comment(text)


def test_bidirectional_overrides_and_isolates_are_removed_from_a_comment() -> None:
    text = "I agree\u202e.tsurt t'nod\u202c, see \u2066\u2067P3\u2069\u2069 \u202a\u202b\u202d!"
    assert clean_comment(text) == "I agree.tsurt t'nod, see P3 !"


def test_a_comment_of_exactly_4000_characters_is_accepted_and_4001_refused() -> None:
    assert len(clean_comment("x" * 4000)) == 4000
    with pytest.raises(InvalidComment, match="at most 4000 characters; this one has 4001"):
        clean_comment("x" * 4001)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x9b", "\ud800"])
def test_control_characters_are_refused(char: str) -> None:
    with pytest.raises(InvalidComment, match="control characters"):
        clean_comment(f"before{char}after")


def test_a_consultation_accepts_input_only_between_opening_and_closing() -> None:
    c = consultation()
    c.check_accepting(OPENS)
    c.check_accepting(CLOSES - timedelta(microseconds=1))
    with pytest.raises(NotYetOpen, match="opens on 1 Jan 2027, 12:00 UTC"):
        c.check_accepting(OPENS - timedelta(seconds=1))
    with pytest.raises(Closed, match="votes and comments are no longer accepted"):
        c.check_accepting(CLOSES)


def test_a_closed_or_draft_consultation_accepts_nothing_even_inside_its_dates() -> None:
    with pytest.raises(Closed, match="closed on 15 Feb 2027"):
        consultation(Status.CLOSED).check_accepting(OPENS + timedelta(days=1))
    with pytest.raises(NotYetOpen, match="not been opened"):
        consultation(Status.DRAFT).check_accepting(OPENS + timedelta(days=1))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (CLOSES - timedelta(days=12), "closes 15 Feb 2027, 12 days left"),
        (CLOSES - timedelta(days=1, hours=3), "closes 15 Feb 2027, 1 day left"),
        (CLOSES - timedelta(hours=5), "closes 15 Feb 2027, 5 hours left"),
        (CLOSES - timedelta(days=2, hours=20), "closes 15 Feb 2027, 3 days left"),
        (CLOSES - timedelta(minutes=30), "closes 15 Feb 2027, 30 minutes left"),
        (CLOSES, "closed 15 Feb 2027"),
    ],
)
def test_the_deadline_reads_as_a_date_and_the_time_left(now: datetime, expected: str) -> None:
    assert describe_deadline(CLOSES, now) == expected


def test_the_phase_follows_status_and_calendar() -> None:
    assert consultation(Status.DRAFT).phase(OPENS) == "draft"
    assert consultation().phase(OPENS - timedelta(days=1)) == "scheduled"
    assert consultation().phase(OPENS) == "open"
    assert consultation().phase(CLOSES) == "closed"
    assert consultation(Status.CLOSED).phase(OPENS) == "closed"
