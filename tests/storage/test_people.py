"""Contract: participants, enrolments, organisers and invitations."""

import asyncio
import dataclasses
from datetime import timedelta

import pytest

from core.delivery import Recipient
from core.errors import Conflict
from core.model import Enrolment, Platform
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, person, seed


async def test_get_or_add_creates_a_participant_once_and_refreshes_the_name(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        created = await uow.participants.get_or_add(person("carol"), "Carol")
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.participants.get_or_add(person("carol"), "Carol B.")
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.participants.find(person("carol"))
        by_id = await uow.participants.get(created.id)
    assert again.id == created.id
    assert created.reachable
    assert found == by_id == again
    assert again.display_name == "Carol B."


async def test_the_same_user_id_on_another_platform_is_another_participant(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        on_telegram = await uow.participants.get_or_add(person("dan"), "Dan")
        on_slack = await uow.participants.get_or_add(person("dan", Platform.SLACK), "Dan")
    assert on_telegram.id != on_slack.id


async def test_strangers_are_not_found(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.participants.find(person("nobody")) is None
        assert await uow.participants.get(999) is None


async def test_reachability_is_stored_and_kept_by_get_or_add(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        await uow.participants.set_reachable(seeded.alice.id, False)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.participants.get(seeded.alice.id)
        again = await uow.participants.get_or_add(seeded.alice.ref, "Alice")
    assert stored is not None
    assert not stored.reachable
    assert not again.reachable


def enrolment(seeded: Seeded, participant_id: int, minutes: int = 0) -> Enrolment:
    joined_at = seeded.consultation.opens_at
    return Enrolment(
        consultation_id=seeded.consultation.id,
        participant_id=participant_id,
        cursor=1,
        awaiting_paragraph_id=None,
        awaiting_reply_to=None,
        muted=False,
        active=True,
        joined_at=joined_at,
        last_seen_at=joined_at + timedelta(minutes=minutes),
    )


async def test_saving_an_enrolment_again_overwrites_it(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    first = enrolment(seeded, seeded.alice.id)
    moved = dataclasses.replace(
        first, cursor=3, awaiting_paragraph_id=seeded.paragraphs[2].id, muted=True
    )
    async with uow_factory() as uow:
        await uow.enrolments.save(first)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.enrolments.get(seeded.consultation.id, seeded.alice.id) == first
        await uow.enrolments.save(moved)
        assert await uow.enrolments.get(seeded.consultation.id, seeded.alice.id) == moved
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.enrolments.get(seeded.consultation.id, seeded.alice.id) == moved
        assert await uow.enrolments.get(seeded.consultation.id, seeded.bob.id) is None


async def test_latest_is_the_active_enrolment_seen_last(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other = await seed(uow_factory, "other-plan")
    older = enrolment(seeded, seeded.alice.id, minutes=5)
    newer = dataclasses.replace(
        enrolment(other, seeded.alice.id, minutes=10), consultation_id=other.consultation.id
    )
    async with uow_factory() as uow:
        assert await uow.enrolments.latest(seeded.alice.id) is None
        await uow.enrolments.save(older)
        await uow.enrolments.save(newer)
        assert await uow.enrolments.latest(seeded.alice.id) == newer
        await uow.enrolments.save(dataclasses.replace(newer, active=False))
        assert await uow.enrolments.latest(seeded.alice.id) == older


async def test_active_enrolments_are_listed_most_recently_seen_first(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other = await seed(uow_factory, "other-plan")
    third = await seed(uow_factory, "third-plan")
    older = enrolment(seeded, seeded.alice.id, minutes=5)
    newer = dataclasses.replace(
        enrolment(other, seeded.alice.id, minutes=10), consultation_id=other.consultation.id
    )
    left = dataclasses.replace(
        enrolment(third, seeded.alice.id, minutes=20),
        consultation_id=third.consultation.id,
        active=False,
    )
    async with uow_factory() as uow:
        for each in (older, newer, left, enrolment(seeded, seeded.bob.id)):
            await uow.enrolments.save(each)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.enrolments.active_for(seeded.alice.id) == [newer, older]
        assert await uow.enrolments.active_for(999) == []


async def test_recipients_are_the_reachable_people_still_enrolled_and_not_muted(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    carol = await add_person(uow_factory, "carol")
    async with uow_factory() as uow:
        for participant_id in (seeded.alice.id, seeded.bob.id, carol):
            await uow.enrolments.save(enrolment(seeded, participant_id))
        await uow.enrolments.save(dataclasses.replace(enrolment(seeded, carol), active=False))
        dora = await uow.participants.get_or_add(person("dora"), "Dora")
        await uow.enrolments.save(dataclasses.replace(enrolment(seeded, dora.id), muted=True))
        await uow.participants.set_reachable(seeded.bob.id, False)
        await uow.commit()
    async with uow_factory() as uow:
        recipients = await uow.enrolments.recipients(seeded.consultation.id)
        with_muted = await uow.enrolments.recipients(seeded.consultation.id, including_muted=True)
    assert recipients == [
        Recipient(
            platform=seeded.alice.ref.platform,
            tenant=seeded.alice.ref.tenant,
            address=seeded.alice.ref.external_id,
            participant_id=seeded.alice.id,
        )
    ]
    assert [r.participant_id for r in with_muted] == [seeded.alice.id, dora.id]


async def add_person(uow_factory: UnitOfWorkFactory, name: str) -> int:
    async with uow_factory() as uow:
        participant = await uow.participants.get_or_add(person(name), name.title())
        await uow.commit()
    return participant.id


async def test_awaiting_comment_is_the_latest_active_enrolment_waiting_for_one(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other = await seed(uow_factory, "other-plan")
    waiting = dataclasses.replace(
        enrolment(seeded, seeded.alice.id, minutes=1),
        awaiting_paragraph_id=seeded.paragraphs[0].id,
    )
    elsewhere = dataclasses.replace(
        enrolment(seeded, seeded.alice.id, minutes=9), consultation_id=other.consultation.id
    )
    async with uow_factory() as uow:
        await uow.enrolments.save(elsewhere)
        assert await uow.enrolments.awaiting_comment(seeded.alice.id) is None
        await uow.enrolments.save(waiting)
        assert await uow.enrolments.awaiting_comment(seeded.alice.id) == waiting
        await uow.enrolments.save(dataclasses.replace(waiting, active=False))
        assert await uow.enrolments.awaiting_comment(seeded.alice.id) is None


async def test_the_enrolment_count_includes_only_active_enrolments(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        await uow.enrolments.save(enrolment(seeded, seeded.alice.id))
        await uow.enrolments.save(
            dataclasses.replace(enrolment(seeded, seeded.bob.id), active=False)
        )
        assert await uow.enrolments.count(seeded.consultation.id) == 1


async def test_organisers_are_added_once_and_listed_in_order(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        added = [
            await uow.organisers.add(person("zoe")),
            await uow.organisers.add(person("amy")),
            await uow.organisers.add(person("zoe")),
        ]
        await uow.commit()
    async with uow_factory() as uow:
        assert added == [True, True, False]
        assert await uow.organisers.list() == [person("zoe"), person("amy")]
        assert await uow.organisers.is_organiser(person("amy"))
        assert not await uow.organisers.is_organiser(person("amy", Platform.SLACK))


async def test_an_invitation_is_found_by_token_and_its_uses_run_out(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    created_at = seeded.consultation.opens_at
    async with uow_factory() as uow:
        invitation = await uow.invitations.add(seeded.consultation.id, "tok-2", 2, created_at)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.invitations.get_by_token("tok-2") == invitation
        uses = [await uow.invitations.use(invitation.id) for _ in range(3)]
        left = await uow.invitations.get_by_token("tok-2")
    assert (invitation.uses_left, invitation.created_at, invitation.exhausted) == (
        2,
        created_at,
        False,
    )
    assert uses == [True, True, False]
    assert left is not None
    assert left.exhausted


async def test_unlimited_invitations_never_run_out(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        invitation = await uow.invitations.add(
            seeded.consultation.id, "open-door", None, seeded.consultation.opens_at
        )
        uses = [await uow.invitations.use(invitation.id) for _ in range(5)]
        stored = await uow.invitations.get_by_token("open-door")
    assert uses == [True] * 5
    assert stored is not None
    assert stored.uses_left is None


async def test_unknown_tokens_and_invitations_are_refused(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.invitations.get_by_token("nope") is None
        assert not await uow.invitations.use(999)


async def test_a_duplicate_invitation_token_is_a_conflict(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        await uow.invitations.add(seeded.consultation.id, "same", 1, seeded.consultation.opens_at)
        with pytest.raises(Conflict):
            await uow.invitations.add(
                seeded.consultation.id, "same", 1, seeded.consultation.opens_at
            )


async def test_ten_concurrent_joins_spend_exactly_three_uses(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        invitation = await uow.invitations.add(
            seeded.consultation.id, "three", 3, seeded.consultation.opens_at
        )
        await uow.commit()

    async def join() -> bool:
        async with uow_factory() as uow:
            used = await uow.invitations.use(invitation.id)
            await asyncio.sleep(0)  # let the other joins run while this transaction is open
            await uow.commit()
            return used

    results = await asyncio.gather(*(join() for _ in range(10)))
    assert results.count(True) == 3
    async with uow_factory() as uow:
        stored = await uow.invitations.get_by_token("three")
    assert stored is not None
    assert stored.uses_left == 0


async def test_the_enrolment_read_with_its_consultation_is_the_stored_one_until_saved_again(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    consultation = seeded.consultation
    async with uow_factory() as uow:
        await uow.enrolments.save(enrolment(seeded, seeded.alice.id))
        await uow.commit()
    async with uow_factory() as uow:
        alice = await uow.participants.get_or_add(seeded.alice.ref, seeded.alice.display_name)
        await uow.consultations.get(consultation.id)
        stored = await uow.enrolments.get(consultation.id, alice.id)
        assert stored == enrolment(seeded, seeded.alice.id)
        await uow.enrolments.save(dataclasses.replace(stored, cursor=3, muted=True))
        await uow.consultations.get(consultation.id)
        await uow.enrolments.save(dataclasses.replace(stored, cursor=4))
        saved = await uow.enrolments.get(consultation.id, alice.id)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.enrolments.get(consultation.id, alice.id)
    assert saved == again
    assert saved is not None
    assert (saved.cursor, saved.muted) == (4, False)


async def test_someone_not_enrolled_has_no_enrolment_read_with_the_consultation(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        carol = await uow.participants.get_or_add(person("carol"), "Carol")
        await uow.consultations.get(seeded.consultation.id)
        found = await uow.enrolments.get(seeded.consultation.id, carol.id)
    assert found is None
