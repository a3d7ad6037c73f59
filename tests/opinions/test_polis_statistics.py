"""Repness, consensus and GAC checked against figures worked out by hand (Polis's formulas).

Two groups, two paragraphs. Group 1 (4 people): all agree with P0, all disagree with P1.
Group 2 (4 people): 1 agrees with P0 and 3 disagree; 3 agree with P1 and 1 disagrees.
"""

import numpy as np
import pytest

from bots.opinions import repness

AGREE = np.array([[4.0, 0.0], [1.0, 3.0]])
DISAGREE = np.array([[0.0, 4.0], [3.0, 1.0]])
SEEN = AGREE + DISAGREE


def test_the_one_proportion_test_is_polis_prop_test() -> None:
    # 2·√(n+1)·((s+1)/(n+1) − 0.5) with s = 3, n = 4: 2·√5·(4/5 − 1/2)
    z = repness.prop_test(np.array([3.0]), np.array([4.0]))

    assert z[0] == pytest.approx(2 * 5**0.5 * 0.3)


def test_the_two_proportion_test_pools_the_counts_each_plus_one() -> None:
    # (3+1)/(4+1) = 0.8 against (1+1)/(4+1) = 0.4, pooled 6/10: 0.4 / √(0.6·0.4·(1/5 + 1/5))
    z = repness.two_prop_test(np.array([3.0]), np.array([4.0]), np.array([1.0]), np.array([4.0]))

    assert z[0] == pytest.approx(0.4 / (0.6 * 0.4 * 0.4) ** 0.5)


def test_a_pooled_rate_of_one_gives_a_zero_z_not_a_division_by_zero() -> None:
    z = repness.two_prop_test(np.array([4.0]), np.array([4.0]), np.array([4.0]), np.array([4.0]))

    assert z[0] == 0.0


def test_repness_of_the_first_group_on_its_unanimous_agree() -> None:
    figures = repness.direction(AGREE, DISAGREE)

    # pa = (4+1)/(4+2); the rest: (1+1)/(4+2); ra = 2.5
    assert figures.rate[0, 0] == pytest.approx(5 / 6)
    assert figures.rest_rate[0, 0] == pytest.approx(2 / 6)
    assert figures.ratio[0, 0] == pytest.approx(2.5)
    # pat = 2·√5·(5/5 − 1/2); rat: 5/5 against 2/5, pooled 7/10
    assert figures.rate_z[0, 0] == pytest.approx(5**0.5)
    assert figures.ratio_z[0, 0] == pytest.approx(0.6 / (0.7 * 0.3 * 0.4) ** 0.5)
    assert figures.significant[0, 0]


def test_each_group_is_represented_by_what_sets_it_apart() -> None:
    agree = repness.direction(AGREE, DISAGREE)
    disagree = repness.direction(DISAGREE, AGREE)

    first = repness.representatives(agree, disagree, 0)
    second = repness.representatives(agree, disagree, 1)

    # Group 1: agrees with P0 (z 2.07), disagrees with P1 (z 2.07): agrees listed first.
    assert [(p.column, p.agree, p.significant) for p in first] == [
        (0, True, True),
        (1, False, True),
    ]
    # Group 2's 3 of 4: pat = 2·√5·(4/5 − 1/2) = 1.34 and rat (4/5 against 1/5, pooled 5/10)
    # = 0.6 / √(0.25·0.4) = 1.90, both above 1.2816: both qualify.
    assert [(p.column, p.agree) for p in second] == [(1, True), (0, False)]


def test_without_a_significant_paragraph_a_group_gets_its_best_by_z() -> None:
    agree = repness.direction(np.array([[2.0], [1.0]]), np.array([[1.0], [2.0]]))
    disagree = repness.direction(np.array([[1.0], [2.0]]), np.array([[2.0], [1.0]]))

    picks = repness.representatives(agree, disagree, 0)

    assert [(p.column, p.agree, p.significant) for p in picks] == [(0, True, False)]


def test_group_informed_consensus_multiplies_each_groups_smoothed_agree_rate() -> None:
    gac = repness.group_consensus(AGREE, SEEN)

    # P0: (4+1)/(4+2) · (1+1)/(4+2); P1: (0+1)/(4+2) · (3+1)/(4+2)
    assert gac.tolist() == pytest.approx([5 / 6 * 2 / 6, 1 / 6 * 4 / 6])


def test_a_paragraph_split_between_groups_is_no_consensus() -> None:
    # P0 overall: 5 of 8 agree, pa = 6/10 > 0.5 but pat = 2·3·(6/9 − 1/2) = 1.0 < 1.2816.
    assert repness.consensus(AGREE, SEEN) == []


def test_consensus_needs_the_overall_test_and_every_group_leaning_the_same_way() -> None:
    # 10 of 10 and 9 of 10 agree: consensus. 10 of 10 and 3 of 10: pa 14/22, pat 2.0, but the
    # second group leans the other way: no consensus.
    agree = np.array([[10.0, 10.0], [9.0, 3.0]])
    seen = np.full((2, 2), 10.0)

    assert repness.consensus(agree, seen) == [0]
