"""Contract: organisers' drafts of consultations created from chat."""

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.model import Draft, DraftStep, ParticipantRef, Platform
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, person

STARTED_AT = datetime(2027, 1, 2, 10, 0, tzinfo=UTC)


def draft(
    organiser: ParticipantRef,
    step: DraftStep = DraftStep.DOCUMENT,
    consultation_id: int | None = None,
    *,
    minutes: int = 0,
) -> Draft:
    return Draft(
        organiser=organiser,
        step=step,
        consultation_id=consultation_id,
        updated_at=STARTED_AT + timedelta(minutes=minutes),
    )


async def test_a_saved_draft_is_found_by_its_organiser(uow_factory: UnitOfWorkFactory) -> None:
    saved = draft(person("olga"))
    async with uow_factory() as uow:
        await uow.drafts.save(saved)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.drafts.get(person("olga")) == saved
        assert await uow.drafts.get(person("olga", Platform.SLACK)) is None
        assert await uow.drafts.get(person("nobody")) is None


async def test_saving_again_replaces_the_organisers_draft(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    first = draft(person("olga"))
    later = draft(person("olga"), DraftStep.TITLE, seeded.consultation.id, minutes=5)
    async with uow_factory() as uow:
        await uow.drafts.save(first)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.drafts.get(person("olga")) == first  # loaded before the upsert
        await uow.drafts.save(later)
        seen_in_the_same_unit = await uow.drafts.get(person("olga"))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.drafts.get(person("olga"))
    assert stored == seen_in_the_same_unit == later


async def test_a_draft_keeps_the_key_of_the_answer_it_took(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    answered = dataclasses.replace(
        draft(person("olga"), DraftStep.CLOSES, seeded.consultation.id), answer_key="tg:1:6"
    )
    async with uow_factory() as uow:
        await uow.drafts.save(draft(person("olga")))
        await uow.drafts.save(answered)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.drafts.get(person("olga")) == answered
        assert await uow.drafts.get(person("olga"), for_update=True) == answered
        assert await uow.drafts.get(person("piet"), for_update=True) is None


async def test_every_step_is_stored(uow_factory: UnitOfWorkFactory, seeded: Seeded) -> None:
    organisers = {step: person(f"organiser-{step}") for step in DraftStep}
    async with uow_factory() as uow:
        for step, organiser in organisers.items():
            await uow.drafts.save(draft(organiser, step, seeded.consultation.id))
        await uow.commit()
    async with uow_factory() as uow:
        stored = [await uow.drafts.get(ref) for ref in organisers.values()]
    assert [d.step if d else None for d in stored] == list(DraftStep)


async def test_deleting_a_draft_leaves_other_organisers_drafts(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.drafts.save(draft(person("olga")))
        await uow.drafts.save(draft(person("piet")))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.drafts.delete(person("olga"))
        await uow.drafts.delete(person("olga"))
        await uow.drafts.delete(person("nobody"))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.drafts.get(person("olga")) is None
        assert await uow.drafts.get(person("piet")) == draft(person("piet"))


async def test_updated_at_is_stored_as_utc_and_naive_datetimes_are_refused(
    uow_factory: UnitOfWorkFactory,
) -> None:
    tokyo = timezone(timedelta(hours=9))
    local = Draft(
        organiser=person("olga"),
        step=DraftStep.CLOSES,
        consultation_id=None,
        updated_at=datetime(2027, 1, 2, 19, 0, tzinfo=tokyo),
    )
    async with uow_factory() as uow:
        await uow.drafts.save(local)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.drafts.get(person("olga"))
        naive = datetime(2027, 1, 2, 10, 0)  # noqa: DTZ001 - the point of the test
        with pytest.raises(ValueError, match="naive datetime"):
            await uow.drafts.save(
                Draft(
                    organiser=person("piet"),
                    step=DraftStep.DOCUMENT,
                    consultation_id=None,
                    updated_at=naive,
                )
            )
    assert stored is not None
    assert stored.updated_at.tzinfo is UTC
    assert stored.updated_at == STARTED_AT


async def test_drafts_untouched_since_a_moment_are_those_saved_before_it(
    uow_factory: UnitOfWorkFactory,
) -> None:
    old, recent = draft(person("olga")), draft(person("piet"), minutes=90)
    async with uow_factory() as uow:
        await uow.drafts.save(old)
        await uow.drafts.save(recent)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.drafts.untouched_since(STARTED_AT + timedelta(hours=1)) == [old]
        assert await uow.drafts.untouched_since(STARTED_AT) == []
