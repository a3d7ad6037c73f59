"""Contract: a person read with the consultation they act in (`get_or_add(..., consultation_id=)`).

A press names its consultation; the databases read it, and the person's enrolment in it, with
the person (storage/repositories/consultation_reads.py). Whatever comes along must be what a
read of its own would give, and must not outlive the read it stands for.
"""

import dataclasses
from datetime import timedelta

from core.model import Enrolment, Status
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, person


def enrolment(seeded: Seeded, participant_id: int) -> Enrolment:
    return Enrolment(
        consultation_id=seeded.consultation.id,
        participant_id=participant_id,
        cursor=2,
        awaiting_paragraph_id=seeded.paragraphs[1].id,
        awaiting_reply_to=None,
        muted=True,
        active=True,
        joined_at=seeded.consultation.opens_at,
        last_seen_at=seeded.consultation.opens_at + timedelta(minutes=5),
    )


async def test_the_consultation_named_with_the_person_is_the_stored_one_with_their_enrolment(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    consultation = seeded.consultation
    async with uow_factory() as uow:
        await uow.enrolments.save(enrolment(seeded, seeded.alice.id))
        await uow.commit()
    async with uow_factory() as uow:
        alice = await uow.participants.get_or_add(
            seeded.alice.ref, "Alice", consultation_id=consultation.id
        )
        read = await uow.consultations.get(consultation.id)
        enrolled = await uow.enrolments.get(consultation.id, alice.id)
    async with uow_factory() as uow:
        stored = await uow.consultations.get(consultation.id)
        found = await uow.participants.find(seeded.alice.ref)
    assert alice == found == seeded.alice
    assert read == stored == consultation
    assert enrolled == enrolment(seeded, seeded.alice.id)


async def test_a_consultation_changed_after_it_came_with_the_person_is_read_as_changed(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    consultation = seeded.consultation
    async with uow_factory() as uow:
        await uow.participants.get_or_add(seeded.bob.ref, "Bob", consultation_id=consultation.id)
        first = await uow.consultations.get(consultation.id)
        changed = await uow.consultations.set_status(
            consultation.id, Status.CLOSED, expected=Status.OPEN
        )
        second = await uow.consultations.get(consultation.id)
    assert first == consultation
    assert changed
    assert second == dataclasses.replace(consultation, status=Status.CLOSED)


async def test_a_new_person_or_a_new_name_gets_the_consultation_and_no_enrolment(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    consultation = seeded.consultation
    async with uow_factory() as uow:
        carol = await uow.participants.get_or_add(
            person("carol"), "Carol", consultation_id=consultation.id
        )
        read_for_carol = await uow.consultations.get(consultation.id)
        carols = await uow.enrolments.get(consultation.id, carol.id)
        bob = await uow.participants.get_or_add(
            seeded.bob.ref, "Robert", consultation_id=consultation.id
        )
        read_for_bob = await uow.consultations.get(consultation.id)
        bobs = await uow.enrolments.get(consultation.id, bob.id)
        await uow.commit()
    async with uow_factory() as uow:
        stored_bob = await uow.participants.get(seeded.bob.id)
    assert read_for_carol == read_for_bob == consultation
    assert (carols, bobs) == (None, None)
    assert (bob.id, bob.display_name) == (seeded.bob.id, "Robert")
    assert stored_bob == bob
    assert carol.display_name == "Carol"


async def test_a_consultation_that_does_not_exist_reads_as_none_with_the_person(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    missing = seeded.consultation.id + 1000
    async with uow_factory() as uow:
        alice = await uow.participants.get_or_add(
            seeded.alice.ref, "Alice", consultation_id=missing
        )
        read = await uow.consultations.get(missing)
        enrolled = await uow.enrolments.get(missing, alice.id)
    assert alice == seeded.alice
    assert read is None
    assert enrolled is None
