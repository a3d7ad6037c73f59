"""Figures and rankings computed from per-paragraph tallies."""

import pytest

from core.statistics import (
    ParagraphTally,
    agreement_pct,
    compile_statistics,
    controversy,
)


def tally(number: int, agree: int = 0, disagree: int = 0, comments: int = 0) -> ParagraphTally:
    return ParagraphTally(
        paragraph_id=100 + number,
        number=number,
        position=number,
        section=None,
        agree=agree,
        disagree=disagree,
        comments=comments,
    )


def test_447_agree_and_16_disagree_show_as_97_percent() -> None:
    assert agreement_pct(447, 16) == 97


@pytest.mark.parametrize(
    ("agree", "disagree", "expected"),
    [(1, 1, 50), (1, 2, 33), (2, 1, 67), (1, 7, 13), (0, 5, 0), (5, 0, 100), (199, 1, 100)],
)
def test_agreement_rounds_half_up_to_a_whole_percent(
    agree: int, disagree: int, expected: int
) -> None:
    assert agreement_pct(agree, disagree) == expected


def test_agreement_is_undefined_without_votes() -> None:
    assert agreement_pct(0, 0) is None


def test_an_even_split_on_many_votes_is_more_controversial_than_on_few() -> None:
    assert controversy(50, 50) > controversy(5, 5)


def test_a_lopsided_vote_is_less_controversial_than_a_close_one_of_the_same_size() -> None:
    assert controversy(90, 10) < controversy(60, 40) < controversy(50, 50)


def test_a_unanimous_vote_is_not_controversial_however_large() -> None:
    assert controversy(1000, 0) == 1.0
    assert controversy(0, 0) == 0.0


def test_totals_sum_the_paragraphs_and_keep_document_order() -> None:
    stats = compile_statistics(
        [tally(2, 10, 5, 1), tally(1, 447, 16, 3)], contributors=93, latest_comments=[]
    )
    assert [t.number for t in stats.paragraphs] == [1, 2]
    assert stats.totals.agree == 457
    assert stats.totals.disagree == 21
    assert stats.totals.votes == 478
    assert stats.totals.comments == 4
    assert stats.totals.contributors == 93
    assert stats.totals.agreement_pct == 96


def test_rankings_order_paragraphs_by_votes_comments_and_controversy() -> None:
    stats = compile_statistics(
        [
            tally(1, agree=30, disagree=0, comments=1),
            tally(2, agree=5, disagree=5, comments=7),
            tally(3, agree=50, disagree=50),
            tally(4),
        ],
        contributors=0,
        latest_comments=[],
    )
    assert [t.number for t in stats.most_voted] == [3, 1, 2]
    assert [t.number for t in stats.most_commented] == [2, 1]
    assert [t.number for t in stats.most_controversial] == [3, 2]


def test_rankings_keep_the_earlier_paragraph_first_on_a_tie_and_stop_at_five() -> None:
    stats = compile_statistics(
        [tally(n, agree=1, disagree=1) for n in range(1, 9)], contributors=0, latest_comments=[]
    )
    assert [t.number for t in stats.most_voted] == [1, 2, 3, 4, 5]
