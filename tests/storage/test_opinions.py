"""Contract: opinion groups — the latest result per consultation, its stamp and its map."""

from datetime import timedelta

from core.model import Choice
from core.opinions import (
    Consensus,
    GroupVotes,
    OpinionGroup,
    OpinionGroups,
    OpinionStamp,
    ParagraphOpinion,
    ParticipantPoint,
    Representative,
    Verdict,
)
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, seed


def result(seeded: Seeded, *, votes: int, minutes: int = 0) -> OpinionGroups:
    """Two groups over the seeded paragraphs, with figures that do not round nicely."""
    first, second = seeded.paragraphs[0].id, seeded.paragraphs[1].id
    return OpinionGroups(
        stamp=OpinionStamp(
            consultation_id=seeded.consultation.id,
            computed_at=seeded.consultation.opens_at + timedelta(minutes=minutes),
            vote_count=votes,
            duration_seconds=0.123456789,
        ),
        verdict=Verdict.GROUPS,
        voters=3,
        clustered=2,
        silhouette=2 / 3,
        groups=(
            OpinionGroup(
                number=1,
                size=1,
                representatives=(
                    Representative(
                        paragraph_id=second,
                        choice=Choice.DISAGREE,
                        count=1,
                        seen=1,
                        rate=2 / 3,
                        rest_rate=1 / 3,
                        ratio=2.0,
                        rate_z=1.414213562373095,
                        ratio_z=0.7071067811865476,
                        significant=False,
                    ),
                ),
            ),
            OpinionGroup(number=2, size=1, representatives=()),
        ),
        consensus=(
            Consensus(
                paragraph_id=first, choice=Choice.AGREE, count=2, seen=2, rate=0.75, rate_z=1.7
            ),
        ),
        paragraphs=(
            ParagraphOpinion(
                paragraph_id=first,
                agree=2,
                disagree=0,
                groups=(
                    GroupVotes(group=1, agree=1, disagree=0),
                    GroupVotes(group=2, agree=1, disagree=0),
                ),
                gac=4 / 9,
                gac_disagree=1 / 9,
                extremity=0.0,
                x=-0.1,
                y=1e-17,
            ),
        ),
    )


POINTS = [
    ParticipantPoint(participant_id=2, x=-1.25, y=0.1, group=2),
    ParticipantPoint(participant_id=1, x=1 / 3, y=-2.5e-9, group=1),
]


async def test_a_consultation_has_no_opinion_groups_until_some_are_saved(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        assert await uow.opinions.stamp(seeded.consultation.id) is None
        assert await uow.opinions.latest(seeded.consultation.id) is None
        assert await uow.opinions.map(seeded.consultation.id) == []


async def test_the_saved_result_reads_back_whole_with_its_stamp_and_map(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    saved = result(seeded, votes=5)
    async with uow_factory() as uow:
        await uow.opinions.save(saved, POINTS)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.opinions.latest(seeded.consultation.id) == saved
        assert await uow.opinions.stamp(seeded.consultation.id) == saved.stamp
        assert await uow.opinions.map(seeded.consultation.id) == sorted(
            POINTS, key=lambda point: point.participant_id
        )


async def test_a_new_result_replaces_the_previous_one(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        await uow.opinions.save(result(seeded, votes=5), POINTS)
        await uow.commit()
    newer = result(seeded, votes=9, minutes=30)
    async with uow_factory() as uow:
        await uow.opinions.save(newer, POINTS[:1])
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.opinions.latest(seeded.consultation.id) == newer
        assert await uow.opinions.map(seeded.consultation.id) == POINTS[:1]


async def test_a_result_left_uncommitted_is_not_kept(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        await uow.opinions.save(result(seeded, votes=5), POINTS)

    async with uow_factory() as uow:
        assert await uow.opinions.stamp(seeded.consultation.id) is None


async def test_each_consultation_keeps_its_own_groups_and_loses_them_when_deleted(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other = await seed(uow_factory, "other-plan")
    async with uow_factory() as uow:
        await uow.opinions.save(result(seeded, votes=5), POINTS)
        await uow.opinions.save(result(other, votes=7), [])
        await uow.commit()
    async with uow_factory() as uow:
        await uow.consultations.delete(other.consultation.id)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.opinions.stamp(other.consultation.id) is None
        kept = await uow.opinions.stamp(seeded.consultation.id)
        assert kept is not None
        assert kept.vote_count == 5
