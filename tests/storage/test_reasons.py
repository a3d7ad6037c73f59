"""Contract: reasons for disagreeing — the consultation's setting, the awaited reason, the mark."""

import dataclasses
from datetime import timedelta

from core.model import Choice, Comment, CommentState, Enrolment, NewComment, Reasons, Vote
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, new_consultation, person, sample_document


async def test_the_reasons_setting_is_stored_with_the_consultation(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        added = [
            await uow.consultations.add(
                dataclasses.replace(new_consultation(setting.value), reasons=setting),
                sample_document(),
            )
            for setting in Reasons
        ]
        await uow.commit()
    async with uow_factory() as uow:
        stored = [await uow.consultations.get_by_slug(setting.value) for setting in Reasons]
        # The hot path reads the consultation with the acting person's enrolment.
        await uow.participants.get_or_add(person("alice"), "Alice")
        read_along = await uow.consultations.get(added[2].id)
    assert [c.reasons for c in added] == list(Reasons)
    assert [c.reasons if c else None for c in stored] == list(Reasons)
    assert read_along is not None
    assert read_along.reasons is Reasons.REQUIRED


async def test_a_new_consultation_asks_for_optional_reasons(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        stored = await uow.consultations.get(seeded.consultation.id)
    assert stored is not None
    assert stored.reasons is Reasons.OPTIONAL


def awaiting(seeded: Seeded, participant_id: int) -> Enrolment:
    opens = seeded.consultation.opens_at
    return Enrolment(
        consultation_id=seeded.consultation.id,
        participant_id=participant_id,
        cursor=1,
        awaiting_paragraph_id=seeded.paragraphs[0].id,
        awaiting_reply_to=None,
        muted=False,
        active=True,
        joined_at=opens,
        last_seen_at=opens,
        awaiting_reason=True,
    )


async def test_an_awaited_reason_is_kept_with_the_enrolment(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    asked = awaiting(seeded, seeded.alice.id)
    async with uow_factory() as uow:
        await uow.enrolments.save(asked)
        await uow.enrolments.save(dataclasses.replace(asked, participant_id=seeded.bob.id))
        await uow.enrolments.save(
            dataclasses.replace(asked, participant_id=seeded.bob.id, awaiting_reason=False)
        )
        await uow.commit()
    async with uow_factory() as uow:
        alice = await uow.enrolments.get(seeded.consultation.id, seeded.alice.id)
        prompted = await uow.enrolments.awaiting_comment(seeded.alice.id)
        bob = await uow.enrolments.get(seeded.consultation.id, seeded.bob.id)
        await uow.participants.get_or_add(person("alice"), "Alice")
        await uow.consultations.get(seeded.consultation.id)  # brings the enrolment along
        read_along = await uow.enrolments.get(seeded.consultation.id, seeded.alice.id)
    assert alice == prompted == read_along == asked
    assert bob is not None
    assert not bob.awaiting_reason


def vote(seeded: Seeded, participant_id: int, choice: Choice, minutes: int) -> Vote:
    return Vote(
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[1].id,
        participant_id=participant_id,
        choice=choice,
        cast_at=seeded.consultation.opens_at + timedelta(minutes=minutes),
    )


async def comment(uow_factory: UnitOfWorkFactory, seeded: Seeded, who: int, body: str) -> Comment:
    async with uow_factory() as uow:
        stored, _ = await uow.comments.add(
            NewComment(
                consultation_id=seeded.consultation.id,
                paragraph_id=seeded.paragraphs[1].id,
                participant_id=who,
                parent_id=None,
                body=body,
                created_at=seeded.consultation.opens_at + timedelta(minutes=5),
                idempotency_key=None,
            )
        )
        await uow.commit()
    return stored


async def test_a_comment_is_marked_as_the_reason_of_a_disagree_only(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    alice, bob = seeded.alice.id, seeded.bob.id
    why = await comment(uow_factory, seeded, alice, "Say who pays.")
    also = await comment(uow_factory, seeded, bob, "Fine by me.")
    pid = seeded.paragraphs[1].id
    async with uow_factory() as uow:
        await uow.votes.record(vote(seeded, alice, Choice.DISAGREE, 1))
        await uow.votes.record(vote(seeded, bob, Choice.AGREE, 2))
        marks = [
            await uow.votes.set_reason(pid, alice, why.id),
            await uow.votes.set_reason(pid, bob, also.id),
            await uow.votes.set_reason(seeded.paragraphs[0].id, alice, why.id),
        ]
        await uow.commit()
    async with uow_factory() as uow:
        [reason] = await uow.statistics.disagreement_reasons(seeded.consultation.id)
    assert marks == [True, False, False]
    assert (reason.paragraph_id, reason.paragraph_number, reason.comment_id) == (pid, 2, why.id)
    assert (reason.author_name, reason.body, reason.created_at) == (
        "Alice",
        "Say who pays.",
        why.created_at,
    )


async def test_changing_the_vote_drops_the_mark_and_keeps_the_comment(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    alice, pid = seeded.alice.id, seeded.paragraphs[1].id
    why = await comment(uow_factory, seeded, alice, "Say who pays.")
    async with uow_factory() as uow:
        await uow.votes.record(vote(seeded, alice, Choice.DISAGREE, 1))
        await uow.votes.set_reason(pid, alice, why.id)
        await uow.votes.record(vote(seeded, alice, Choice.DISAGREE, 2))  # a repeat keeps it
        await uow.commit()
    async with uow_factory() as uow:
        kept = await uow.statistics.disagreement_reasons(seeded.consultation.id)
        await uow.votes.record(vote(seeded, alice, Choice.AGREE, 3))
        await uow.votes.record(vote(seeded, alice, Choice.DISAGREE, 4))
        await uow.commit()
    async with uow_factory() as uow:
        dropped = await uow.statistics.disagreement_reasons(seeded.consultation.id)
        still = await uow.comments.get(why.id)
    assert [r.comment_id for r in kept] == [why.id]
    assert dropped == []
    assert still is not None


async def test_a_reason_moderation_hid_is_not_listed(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    alice, pid = seeded.alice.id, seeded.paragraphs[1].id
    why = await comment(uow_factory, seeded, alice, "Rude words.")
    async with uow_factory() as uow:
        await uow.votes.record(vote(seeded, alice, Choice.DISAGREE, 1))
        await uow.votes.set_reason(pid, alice, why.id)
        await uow.comments.set_state(why.id, CommentState.HIDDEN)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.statistics.disagreement_reasons(seeded.consultation.id) == []
