"""Opinion groups on synthetic consultations: planted camps are found, one camp stays one."""

from datetime import UTC, datetime
from functools import cache

from bots.opinions.analysis import analyse
from bots.opinions.matrix import VoteMatrix
from core.model import Choice
from core.opinions import OpinionGroups, ParticipantPoint, Verdict
from tests.opinions.camps import contested, paragraph_ids, planted

NOW = datetime(2026, 12, 8, tzinfo=UTC)


def analysed(matrix: VoteMatrix) -> tuple[OpinionGroups, list[ParticipantPoint]]:
    return analyse(matrix, consultation_id=7, computed_at=NOW)


@cache
def two_camps() -> tuple[OpinionGroups, list[ParticipantPoint]]:
    """Sixty people in two camps that disagree on six paragraphs of twelve (computed once)."""
    return analysed(planted(people=60, paragraphs=12, camps=2, noise=0.1))


def test_two_planted_camps_are_found_each_group_holding_one_camp_whole() -> None:
    result, points = two_camps()

    assert result.verdict is Verdict.GROUPS
    assert [group.size for group in result.groups] == [30, 30]
    camps_by_group: dict[int, set[int]] = {}
    for point in points:
        camps_by_group.setdefault(point.group, set()).add(point.participant_id % 2)
    assert sorted(camps_by_group.values(), key=min) == [{0}, {1}]


def test_the_shared_paragraphs_are_the_consensus_and_the_contested_ones_set_camps_apart() -> None:
    result, points = two_camps()
    shared = {p for p in paragraph_ids(12) if not contested(p)}

    assert {c.paragraph_id for c in result.consensus} <= shared
    assert len(result.consensus) == 5  # six shared paragraphs, Polis keeps the top five
    assert {c.choice for c in result.consensus} == {Choice.AGREE}
    camp_of_group = {point.group: point.participant_id % 2 for point in points}
    for group in result.groups:
        expected = Choice.AGREE if camp_of_group[group.number] == 0 else Choice.DISAGREE
        assert group.representatives
        for representative in group.representatives:
            assert contested(representative.paragraph_id)
            assert representative.choice is expected
            assert representative.significant
            assert representative.rate > 0.7 > representative.rest_rate


def test_group_informed_consensus_ranks_shared_paragraphs_above_contested_ones() -> None:
    result, _ = two_camps()
    shared = [p.gac for p in result.paragraphs if not contested(p.paragraph_id)]
    split = [p.gac for p in result.paragraphs if contested(p.paragraph_id)]

    assert min(shared) > 0.6 > 0.3 > max(split)
    assert [p.paragraph_id for p in result.paragraphs] == paragraph_ids(12)


def test_contested_paragraphs_are_the_extreme_ones_on_the_map() -> None:
    result, _ = two_camps()
    shared = [p.extremity for p in result.paragraphs if not contested(p.paragraph_id)]
    split = [p.extremity for p in result.paragraphs if contested(p.paragraph_id)]

    assert min(split) > 3 * max(shared)


def test_one_camp_with_scattered_dissent_is_one_group_not_several() -> None:
    result, points = analysed(planted(people=60, paragraphs=12, camps=1, noise=0.1))

    assert result.verdict is Verdict.ONE_CAMP
    assert [group.size for group in result.groups] == [60]
    assert {point.group for point in points} == {1}
    assert len(result.consensus) == 5


def test_three_planted_camps_are_three_groups() -> None:
    result, _ = analysed(planted(people=90, paragraphs=12, camps=3, noise=0.05))

    assert result.verdict is Verdict.GROUPS
    assert len(result.groups) >= 2


def test_unanimous_votes_are_one_camp() -> None:
    result, _ = analysed(planted(people=30, paragraphs=8, camps=1, noise=0.0))

    assert result.verdict is Verdict.ONE_CAMP
    assert result.silhouette is None


def test_three_voters_are_too_few_to_group() -> None:
    result, points = analysed(planted(people=3, paragraphs=8, camps=2, noise=0.0))

    assert result.verdict is Verdict.TOO_FEW_VOTERS
    assert (result.voters, result.clustered, result.groups, points) == (3, 3, (), [])


def test_a_single_paragraph_is_too_little_to_group() -> None:
    result, _ = analysed(planted(people=40, paragraphs=1, camps=2, noise=0.0))

    assert result.verdict is Verdict.TOO_FEW_VOTERS


def test_no_votes_at_all_is_too_few() -> None:
    result, _ = analysed(VoteMatrix(paragraph_ids(5)))

    assert (result.verdict, result.voters, result.stamp.vote_count) == (
        Verdict.TOO_FEW_VOTERS,
        0,
        0,
    )


def test_the_same_votes_give_the_same_groups_every_time() -> None:
    first = two_camps()
    second = analysed(planted(people=60, paragraphs=12, camps=2, noise=0.1))

    assert first == second
