"""Contract: open-data reads — pseudonym keys, participants, and votes page by page."""

from datetime import timedelta

from core.model import Choice, Enrolment, NewComment, Platform, Vote
from core.open_data import VoteRecord
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, person, seed


def vote(seeded: Seeded, index: int, participant_id: int, choice: Choice, minutes: int) -> Vote:
    return Vote(
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[index].id,
        participant_id=participant_id,
        choice=choice,
        cast_at=seeded.consultation.opens_at + timedelta(minutes=minutes),
    )


async def record(uow_factory: UnitOfWorkFactory, *votes: Vote) -> None:
    for each in votes:  # one unit each, as people vote
        async with uow_factory() as uow:
            await uow.votes.record(each)
            await uow.commit()


async def every_page(
    uow_factory: UnitOfWorkFactory, consultation_id: int, *, history: bool, limit: int
) -> list[list[VoteRecord]]:
    pages: list[list[VoteRecord]] = []
    after = (0, 0)
    while True:
        async with uow_factory() as uow:
            if history:
                page = await uow.open_data.vote_events_after(consultation_id, after[1], limit)
            else:
                page = await uow.open_data.votes_after(consultation_id, *after, limit)
        if not page:
            return pages
        pages.append(page)
        after = (page[-1].participant_id, page[-1].id)


async def test_a_consultation_keeps_one_pseudonym_key_and_another_has_its_own(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other = await seed(uow_factory, "other-plan")
    async with uow_factory() as uow:
        first = await uow.open_data.pseudonym_key(seeded.consultation.id)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.open_data.pseudonym_key(seeded.consultation.id)
        elsewhere = await uow.open_data.pseudonym_key(other.consultation.id)
        await uow.commit()
    assert first == again
    assert len(first) == 32
    assert elsewhere != first


async def test_current_votes_come_in_pages_by_participant_with_when_each_was_first_cast(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    alice, bob = seeded.alice.id, seeded.bob.id
    other = await seed(uow_factory, "other-plan")
    await record(
        uow_factory,
        vote(seeded, 0, bob, Choice.AGREE, 1),
        vote(seeded, 0, alice, Choice.AGREE, 2),
        vote(seeded, 1, alice, Choice.AGREE, 3),
        vote(seeded, 0, alice, Choice.DISAGREE, 4),
        vote(seeded, 2, bob, Choice.DISAGREE, 5),
        vote(other, 0, alice, Choice.AGREE, 6),
    )
    pages = await every_page(uow_factory, seeded.consultation.id, history=False, limit=2)
    records = [r for page in pages for r in page]
    assert [len(page) for page in pages] == [2, 2]
    minutes = [
        (
            r.participant_id,
            r.paragraph_id,
            r.choice,
            (r.first_cast_at - seeded.consultation.opens_at) // timedelta(minutes=1),
            (r.cast_at - seeded.consultation.opens_at) // timedelta(minutes=1),
        )
        for r in records
    ]
    first, second, third = (p.id for p in seeded.paragraphs[:3])
    assert alice < bob  # alice was stored first: her votes come first
    assert minutes == [
        (alice, first, Choice.DISAGREE, 2, 4),  # first cast at 2, changed at 4
        (alice, second, Choice.AGREE, 3, 3),
        (bob, first, Choice.AGREE, 1, 1),
        (bob, third, Choice.DISAGREE, 5, 5),
    ]


async def test_the_history_comes_in_pages_by_id_with_every_vote_cast(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    alice, bob = seeded.alice.id, seeded.bob.id
    await record(
        uow_factory,
        vote(seeded, 0, alice, Choice.AGREE, 1),
        vote(seeded, 0, alice, Choice.DISAGREE, 2),
        vote(seeded, 1, bob, Choice.AGREE, 3),
    )
    pages = await every_page(uow_factory, seeded.consultation.id, history=True, limit=2)
    assert [len(page) for page in pages] == [2, 1]
    assert [(r.participant_id, r.choice) for page in pages for r in page] == [
        (alice, Choice.AGREE),
        (alice, Choice.DISAGREE),
        (bob, Choice.AGREE),
    ]


async def test_participants_are_those_who_joined_voted_or_commented_by_first_seen(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    opens = seeded.consultation.opens_at
    async with uow_factory() as uow:
        carol = await uow.participants.get_or_add(person("carol", Platform.SLACK), "Carol")
        await uow.participants.get_or_add(person("dave"), "Dave")  # took no part
        await uow.enrolments.save(
            Enrolment(
                consultation_id=seeded.consultation.id,
                participant_id=carol.id,
                cursor=0,
                awaiting_paragraph_id=None,
                awaiting_reply_to=None,
                muted=False,
                active=True,
                joined_at=opens + timedelta(minutes=1),
                last_seen_at=opens + timedelta(minutes=1),
            )
        )
        await uow.comments.add(
            NewComment(
                consultation_id=seeded.consultation.id,
                paragraph_id=seeded.paragraphs[0].id,
                participant_id=seeded.alice.id,
                parent_id=None,
                body="A fair point.",
                created_at=opens + timedelta(minutes=7),
                idempotency_key=None,
            )
        )
        await uow.commit()
    await record(uow_factory, vote(seeded, 0, seeded.bob.id, Choice.AGREE, 3))
    async with uow_factory() as uow:
        found = await uow.open_data.participants(seeded.consultation.id)
    assert [(p.id, p.platform, p.first_seen - opens) for p in found] == [
        (carol.id, Platform.SLACK, timedelta(minutes=1)),
        (seeded.bob.id, Platform.TELEGRAM, timedelta(minutes=3)),
        (seeded.alice.id, Platform.TELEGRAM, timedelta(minutes=7)),
    ]
