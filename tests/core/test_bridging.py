"""Most divisive between groups (lowest GAC) and bridging (highest GAC on a split vote)."""

from dataclasses import dataclass

from core.bridging import bridging, is_split, most_divisive


@dataclass(frozen=True)
class Figures:
    paragraph_id: int
    agree: int
    disagree: int
    gac: float


def test_a_vote_is_split_when_the_smaller_side_holds_a_third_of_enough_votes() -> None:
    assert is_split(5, 5)
    assert is_split(2, 4)  # exactly a third
    assert not is_split(7, 3)  # 30%: a clear majority
    assert not is_split(2, 1)  # three votes are too few to call anything split
    assert not is_split(0, 0)


def test_most_divisive_puts_the_lowest_group_consensus_first_and_skips_unvoted() -> None:
    paragraphs = [
        Figures(paragraph_id=1, agree=9, disagree=1, gac=0.70),
        Figures(paragraph_id=2, agree=5, disagree=5, gac=0.05),
        Figures(paragraph_id=3, agree=0, disagree=0, gac=0.01),  # no votes: not ranked
        Figures(paragraph_id=4, agree=6, disagree=4, gac=0.20),
    ]

    assert [p.paragraph_id for p in most_divisive(paragraphs)] == [2, 4, 1]


def test_bridging_ranks_only_split_paragraphs_highest_group_consensus_first() -> None:
    paragraphs = [
        Figures(paragraph_id=1, agree=10, disagree=0, gac=0.90),  # agreed by all: not split
        Figures(paragraph_id=2, agree=5, disagree=5, gac=0.10),  # split along the groups
        Figures(paragraph_id=3, agree=6, disagree=5, gac=0.30),  # split across the groups
        Figures(paragraph_id=4, agree=4, disagree=4, gac=0.30),  # a tie: document order
    ]

    assert [p.paragraph_id for p in bridging(paragraphs)] == [3, 4, 2]


def test_both_lists_keep_the_top_five_and_are_empty_without_groups() -> None:
    many = [Figures(paragraph_id=n, agree=5, disagree=5, gac=n / 100) for n in range(1, 9)]

    assert [p.paragraph_id for p in most_divisive(many)] == [1, 2, 3, 4, 5]
    assert [p.paragraph_id for p in bridging(many)] == [8, 7, 6, 5, 4]
    assert most_divisive([]) == []
    assert bridging([]) == []
