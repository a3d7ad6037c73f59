"""Contract: everything stored about one participant, gathered for their /mydata file."""

from datetime import timedelta

from core.model import Choice, Comment, CommentState, Enrolment, NewComment, Participant, Vote
from core.personal_data import (
    CommentRecord,
    CommentVoteRecord,
    DeliveryRecord,
    EnrolmentRecord,
    PersonalRecords,
    ReminderRecord,
    VoteRecord,
    forgotten_ref,
)
from core.ports import UnitOfWorkFactory
from tests.storage.deliveries import NOW, delivery, enqueue
from tests.storage.examples import Seeded


def comment_by(seeded: Seeded, author: int, body: str, parent: int | None = None) -> NewComment:
    return NewComment(
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[1].id,
        participant_id=author,
        parent_id=parent,
        body=body,
        created_at=NOW,
        idempotency_key=None,
    )


async def store_alices_doings(uow_factory: UnitOfWorkFactory, seeded: Seeded) -> Comment:
    """Alice joins, votes twice on P1, comments on P2 and votes Bob's comment down."""
    c, alice, bob = seeded.consultation, seeded.alice.id, seeded.bob.id
    first = seeded.paragraphs[0].id
    async with uow_factory() as uow:
        await uow.enrolments.save(
            Enrolment(
                consultation_id=c.id,
                participant_id=alice,
                cursor=2,
                awaiting_paragraph_id=None,
                awaiting_reply_to=None,
                muted=True,
                active=True,
                joined_at=NOW,
                last_seen_at=NOW + timedelta(hours=1),
            )
        )
        for minutes, choice in ((0, Choice.AGREE), (5, Choice.DISAGREE)):
            vote = Vote(
                consultation_id=c.id,
                paragraph_id=first,
                participant_id=alice,
                choice=choice,
                cast_at=NOW + timedelta(minutes=minutes),
            )
            await uow.votes.record(vote)
        bobs, _ = await uow.comments.add(comment_by(seeded, bob, "Bob's words."))
        alices, _ = await uow.comments.add(comment_by(seeded, alice, "Mine.", parent=bobs.id))
        await uow.comments.set_vote(bobs.id, alice, -1)
        await uow.comments.set_vote(alices.id, bob, 1)
        await uow.reminders.plan(c.id, alice, (timedelta(days=1),), c.closes_at)
        await uow.commit()
    return alices


async def test_gather_returns_the_persons_records_and_nobody_elses(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    alices = await store_alices_doings(uow_factory, seeded)
    await enqueue(uow_factory, [delivery(seeded, "release-1")])
    slug, c = seeded.consultation.slug, seeded.consultation

    async with uow_factory() as uow:
        records = await uow.personal_data.gather(seeded.alice)

    assert records == PersonalRecords(
        participant=seeded.alice,
        enrolments=(
            EnrolmentRecord(
                consultation=slug,
                title=c.title,
                joined_at=NOW,
                last_seen_at=NOW + timedelta(hours=1),
                muted=True,
                active=True,
                position=2,
            ),
        ),
        votes=(
            VoteRecord(
                consultation=slug,
                paragraph=1,
                choice=Choice.DISAGREE,
                cast_at=NOW + timedelta(minutes=5),
                history=(
                    (Choice.AGREE, NOW),
                    (Choice.DISAGREE, NOW + timedelta(minutes=5)),
                ),
            ),
        ),
        comments=(
            CommentRecord(
                id=alices.id,
                consultation=slug,
                paragraph=2,
                reply_to=alices.parent_id,
                text="Mine.",
                created_at=NOW,
                state=CommentState.PUBLISHED,
                up=1,
                down=0,
            ),
        ),
        comment_votes=(
            CommentVoteRecord(
                comment=alices.parent_id or 0, consultation=slug, paragraph=2, value=-1
            ),
        ),
        deliveries=(
            DeliveryRecord(
                kind="paragraph",
                consultation=slug,
                paragraph=1,
                status="pending",
                due_at=NOW,
                sent_at=None,
            ),
        ),
        reminders=(
            ReminderRecord(
                consultation=slug,
                minutes_before_close=1440,
                due_at=c.closes_at - timedelta(days=1),
                status="pending",
            ),
        ),
    )


async def test_gather_for_another_person_holds_only_their_own_comment_and_comment_vote(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await store_alices_doings(uow_factory, seeded)

    async with uow_factory() as uow:
        records = await uow.personal_data.gather(seeded.bob)

    assert (records.enrolments, records.votes, records.reminders) == ((), (), ())
    assert records.deliveries == ()
    assert [c.text for c in records.comments] == ["Bob's words."]
    assert [v.value for v in records.comment_votes] == [1]


async def test_erase_anonymises_the_person_and_keeps_their_votes_counted(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await store_alices_doings(uow_factory, seeded)
    await enqueue(uow_factory, [delivery(seeded, "release-1")])
    c, alice, first = seeded.consultation, seeded.alice, seeded.paragraphs[0].id

    async with uow_factory() as uow:
        await uow.personal_data.erase(alice)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.participants.find(alice.ref) is None
        row = await uow.participants.get(alice.id)
        assert await uow.enrolments.get(c.id, alice.id) is None
        assert await uow.reminders.pending(c.id) == []
        assert await uow.votes.history(first, alice.id) == []
        vote = await uow.votes.get(first, alice.id)
        tally = await uow.statistics.tally(first)
        pushed = await uow.outbox.get(1)
        bob = await uow.participants.find(seeded.bob.ref)
    assert row == Participant(
        id=alice.id, ref=forgotten_ref(alice), display_name="", reachable=False
    )
    assert vote is not None
    assert vote.choice is Choice.DISAGREE
    assert tally is not None
    assert (tally.agree, tally.disagree) == (0, 1)
    assert pushed is not None
    assert (pushed.recipient.tenant, pushed.recipient.address) == (
        "forgotten",
        f"forgotten-{alice.id}",
    )
    assert bob == seeded.bob


async def test_the_same_identity_after_erase_is_a_new_participant(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        await uow.personal_data.erase(seeded.alice)
        await uow.commit()

    async with uow_factory() as uow:
        again = await uow.participants.get_or_add(seeded.alice.ref, "Alice")
        await uow.commit()

    assert again.id != seeded.alice.id
    assert again.reachable
