"""How organisers write a release: only plain ASCII digits name paragraphs, intervals and ids."""

from datetime import timedelta

import pytest

from bots.chat.selections import (
    parse_broadcast,
    parse_broadcast_id,
    parse_interval,
    parse_paragraph,
    parse_paragraphs,
)
from core.intents import BroadcastParagraphs, CancelBroadcast


def test_a_selection_reads_ranges_lists_and_a_leading_p() -> None:
    assert parse_paragraphs("P3,5-7, 10") == (3, 5, 6, 7, 10)
    assert parse_paragraphs("all") is None
    assert parse_paragraph("P10") == 10
    assert parse_interval("12h") == timedelta(hours=12)


@pytest.mark.parametrize("typed", ["١-٣", "P１０", "３,5", "²"])
def test_paragraphs_in_other_scripts_digits_are_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="names no paragraphs"):
        parse_paragraphs(typed)


@pytest.mark.parametrize("typed", ["P١٠", "１"])
def test_a_paragraph_in_other_scripts_digits_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="is not a paragraph"):
        parse_paragraph(typed)


@pytest.mark.parametrize("typed", ["١d", "１２h"])
def test_an_interval_in_other_scripts_digits_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="is not an interval"):
        parse_interval(typed)


@pytest.mark.parametrize("typed", ["0", "-1", "١", "2147483648", "9" * 5000])
def test_a_broadcast_number_is_refused_by_the_one_number_rule(typed: str) -> None:
    with pytest.raises(ValueError, match="is not a broadcast number"):
        parse_broadcast_id(typed)


def test_a_broadcast_command_reads_its_slug_selection_and_interval() -> None:
    assert parse_broadcast(["plan", "1-2", "every", "1d"]) == BroadcastParagraphs(
        slug="plan", numbers=(1, 2), every=timedelta(days=1)
    )
    assert parse_broadcast(["cancel", "7"]) == CancelBroadcast(broadcast_id=7)
