"""Numbers in words: plurals everywhere, and "… left" the way people count."""

from datetime import timedelta

import pytest

from core.wording import all_of, counted, plural, time_left


@pytest.mark.parametrize(
    ("number", "noun", "said"),
    [
        (0, "vote", "0 votes"),
        (1, "vote", "1 vote"),
        (2, "vote", "2 votes"),
        (1, "comment", "1 comment"),
        (1, "paragraph", "1 paragraph"),
        (3, "released paragraph", "3 released paragraphs"),
        (2, "reply", "2 replies"),
        (1200, "recipient", "1,200 recipients"),
    ],
)
def test_counts_take_the_singular_for_one_and_the_plural_otherwise(
    number: int, noun: str, said: str
) -> None:
    assert counted(number, noun) == said


def test_all_of_one_is_the_one() -> None:
    assert all_of(1, "paragraph") == "the one paragraph"
    assert all_of(3, "paragraph") == "all 3 paragraphs"
    assert plural("pending release") == "pending releases"


@pytest.mark.parametrize(
    ("remaining", "said"),
    [
        (timedelta(days=2, hours=20), "3 days left"),
        (timedelta(days=2, hours=12), "3 days left"),
        (timedelta(days=2, hours=11, minutes=59), "2 days left"),
        (timedelta(days=1, hours=11), "1 day left"),
        (timedelta(days=1), "1 day left"),
        (timedelta(hours=23, minutes=59), "23 hours left"),
        (timedelta(hours=5, minutes=29), "5 hours left"),
        (timedelta(hours=1, minutes=30), "2 hours left"),
        (timedelta(hours=1), "1 hour left"),
        (timedelta(minutes=59, seconds=59), "59 minutes left"),
        (timedelta(minutes=30, seconds=29), "30 minutes left"),
        (timedelta(minutes=30), "30 minutes left"),
        (timedelta(minutes=1), "1 minute left"),
        (timedelta(seconds=5), "1 minute left"),
    ],
)
def test_time_left_rounds_as_people_count(remaining: timedelta, said: str) -> None:
    assert time_left(remaining) == said
