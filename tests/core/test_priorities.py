"""Smart order's arithmetic: Polis's priority of the next statement, and the weighted draw."""

import math
from collections import Counter
from random import Random

import pytest

from core.priorities import Standing, draw, importance, priority


class FixedChance:
    """A chance that always says the same number."""

    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


def standing(pid: int, agree: int = 0, disagree: int = 0, extremity: float = 0.0) -> Standing:
    return Standing(paragraph_id=pid, agree=agree, disagree=disagree, extremity=extremity)


def test_a_paragraph_nobody_voted_on_has_half_an_agree_rate_boosted_nine_times() -> None:
    assert importance(standing(1)) == 0.5
    assert priority(standing(1)) == pytest.approx((0.5 * 9) ** 2)


def test_priorities_differ_across_paragraphs_with_different_vote_histories() -> None:
    # Polis shipped months with every priority equal, and the order silently uniform random.
    histories = [(0, 0), (1, 0), (0, 1), (5, 0), (0, 5), (3, 2), (20, 20), (40, 0)]
    priorities = [priority(standing(i, a, d)) for i, (a, d) in enumerate(histories)]

    assert len(set(priorities)) == len(histories)
    assert priorities[0] > 15 * priorities[-1]  # unseen outweighs forty agrees


def test_the_boost_for_new_paragraphs_halves_every_five_votes() -> None:
    def boost(votes: int) -> float:
        even = standing(1, votes, votes)
        return math.sqrt(priority(even)) / importance(even)

    assert boost(0) == pytest.approx(9)
    assert boost(5) == pytest.approx(1 + 8 * 2 ** (-10 / 5))
    assert boost(50) == pytest.approx(1, abs=0.01)


def test_agreement_and_extremity_raise_the_priority_at_equal_votes() -> None:
    agreed, rejected = standing(1, agree=8, disagree=2), standing(2, agree=2, disagree=8)
    divisive = standing(3, agree=8, disagree=2, extremity=1.0)

    assert priority(agreed) > priority(rejected)
    assert priority(divisive) == pytest.approx(4 * priority(agreed))  # (E + 1)² with E = 1


def test_townhall_has_no_pass_so_the_pass_rate_is_zero_not_smoothed() -> None:
    without = standing(1, agree=3, disagree=1)
    with_passes = Standing(paragraph_id=1, agree=3, disagree=1, passes=0)

    assert importance(without) == pytest.approx(4 / 6)
    assert importance(with_passes) == pytest.approx((1 - 1 / 6) * 4 / 6)


def test_the_draw_follows_the_cumulative_priorities_in_the_order_given() -> None:
    low, high = standing(1, disagree=30), standing(2)
    share = priority(low) / (priority(low) + priority(high))

    assert draw([low, high], FixedChance(share * 0.99)) == low
    assert draw([low, high], FixedChance(share * 1.01)) == high
    assert draw([low, high], FixedChance(0.999999)) == high


def test_nothing_to_draw_from_draws_nothing() -> None:
    assert draw([], FixedChance(0.5)) is None


def test_draws_come_out_in_proportion_to_priority() -> None:
    fresh, seen = standing(1), standing(2, agree=10, disagree=10)
    expected = priority(fresh) / (priority(fresh) + priority(seen))
    chance = Random(15)

    drawn = Counter(draw([fresh, seen], chance) for _ in range(4000))

    assert drawn[fresh] / 4000 == pytest.approx(expected, abs=0.03)
    assert drawn[seen] > 0
