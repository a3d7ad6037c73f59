"""Contract: amendments, their votes, wording prompts and paragraph versions on every backend."""

from datetime import UTC, datetime, timedelta

from core.amendments import Amendment, AmendmentState, NewAmendment
from core.model import Choice, Vote
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded

AT = datetime(2027, 3, 1, 9, tzinfo=UTC)


def wording(
    seeded: Seeded, body: str, key: str | None = None, *, by_bob: bool = False
) -> NewAmendment:
    paragraph = seeded.paragraphs[0]
    author = seeded.bob if by_bob else seeded.alice
    return NewAmendment(
        consultation_id=seeded.consultation.id,
        paragraph_id=paragraph.id,
        participant_id=author.id,
        base_version=1,
        base_text=paragraph.text,
        body=body,
        created_at=AT,
        idempotency_key=key,
    )


async def published(uow_factory: UnitOfWorkFactory, seeded: Seeded, **kwargs: object) -> Amendment:
    async with uow_factory() as uow:
        amendment, _ = await uow.amendments.add(wording(seeded, "A new text.", **kwargs))  # type: ignore[arg-type]
        await uow.amendments.set_state(
            amendment.id, AmendmentState.PROPOSED, expected=AmendmentState.PENDING, now=AT
        )
        await uow.commit()
    return amendment


async def test_an_amendment_is_stored_pending_once_per_key_and_read_back(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        first, created = await uow.amendments.add(wording(seeded, "New words.", "k1"))
        again, created_again = await uow.amendments.add(wording(seeded, "Other words.", "k1"))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.amendments.get(first.id)
        by_key = await uow.amendments.find_by_key(seeded.alice.id, "k1")
    assert (created, created_again) == (True, False)
    assert again == first
    assert stored == first
    assert by_key == first
    assert stored is not None
    assert (stored.state, stored.body, stored.author_name) == (
        AmendmentState.PENDING,
        "New words.",
        "Alice",
    )
    assert stored.created_at == AT


async def test_a_new_pending_wording_replaces_the_authors_earlier_pending_one(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        first, _ = await uow.amendments.add(wording(seeded, "First try."))
        second, _ = await uow.amendments.add(wording(seeded, "Second try."))
        bobs, _ = await uow.amendments.add(wording(seeded, "Bob's.", by_bob=True))
        await uow.commit()
    async with uow_factory() as uow:
        pending = await uow.amendments.for_paragraph(
            seeded.paragraphs[0].id, frozenset({AmendmentState.PENDING})
        )
    # SQLite may give the dropped row's id to the next one: compare what they say.
    assert first.body == "First try."
    assert sorted((a.body, a.id) for a in pending) == sorted(
        [("Second try.", second.id), ("Bob's.", bobs.id)]
    )


async def test_states_move_only_from_the_expected_one_and_pending_ones_are_not_listed(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    amendment = await published(uow_factory, seeded)
    async with uow_factory() as uow:
        again = await uow.amendments.set_state(
            amendment.id, AmendmentState.PROPOSED, expected=AmendmentState.PENDING, now=AT
        )
        rejected = await uow.amendments.set_state(
            amendment.id, AmendmentState.REJECTED, expected=AmendmentState.PROPOSED, now=AT
        )
        await uow.amendments.add(wording(seeded, "Still pending.", by_bob=True))
        deleted = await uow.amendments.delete_pending(amendment.id)
        await uow.commit()
    async with uow_factory() as uow:
        listed = await uow.amendments.list(seeded.consultation.id)
        counts = await uow.amendments.counts(seeded.consultation.id)
    assert (again, rejected, deleted) == (False, True, False)
    assert [(a.id, a.state, a.decided_at) for a in listed] == [
        (amendment.id, AmendmentState.REJECTED, AT)
    ]
    assert counts == {}


async def test_votes_on_an_amendment_are_one_per_person_and_change(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    amendment = await published(uow_factory, seeded)
    async with uow_factory() as uow:
        first = await uow.amendments.vote(amendment.id, seeded.alice.id, Choice.AGREE, AT)
        same = await uow.amendments.vote(amendment.id, seeded.alice.id, Choice.AGREE, AT)
        await uow.amendments.vote(amendment.id, seeded.bob.id, Choice.AGREE, AT)
        changed = await uow.amendments.vote(amendment.id, seeded.bob.id, Choice.DISAGREE, AT)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.amendments.get(amendment.id)
        mine = await uow.amendments.vote_of(amendment.id, seeded.bob.id)
        counts = await uow.amendments.counts(seeded.consultation.id)
        listed = await uow.amendments.for_paragraph(
            seeded.paragraphs[0].id, frozenset({AmendmentState.PROPOSED})
        )
    assert (first, same, changed) == (True, False, True)
    assert stored is not None
    assert (stored.agree, stored.disagree) == (1, 1)
    assert mine is Choice.DISAGREE
    assert counts == {seeded.paragraphs[0].id: 1}
    assert [a.id for a in listed] == [amendment.id]


async def test_a_wording_prompt_is_kept_per_person_until_cleared(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    cid, pid = seeded.consultation.id, seeded.paragraphs[1].id
    async with uow_factory() as uow:
        await uow.amendments.await_wording(seeded.alice.id, cid, seeded.paragraphs[0].id)
        await uow.amendments.await_wording(seeded.alice.id, cid, pid)
        await uow.commit()
    async with uow_factory() as uow:
        awaited = await uow.amendments.awaited_wording(seeded.alice.id)
        nobody = await uow.amendments.awaited_wording(seeded.bob.id)
        await uow.amendments.await_wording(seeded.alice.id, cid, None)
        await uow.commit()
    async with uow_factory() as uow:
        cleared = await uow.amendments.awaited_wording(seeded.alice.id)
    assert awaited == (cid, pid)
    assert nobody is None
    assert cleared is None


async def test_adopting_keeps_the_old_version_with_its_votes_and_starts_afresh(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    paragraph = seeded.paragraphs[0]
    async with uow_factory() as uow:
        for person, choice in ((seeded.alice, Choice.AGREE), (seeded.bob, Choice.DISAGREE)):
            await uow.votes.record(
                Vote(
                    consultation_id=seeded.consultation.id,
                    paragraph_id=paragraph.id,
                    participant_id=person.id,
                    choice=choice,
                    cast_at=AT,
                )
            )
        await uow.commit()
    amendment = await published(uow_factory, seeded)
    later = AT + timedelta(days=1)
    async with uow_factory() as uow:
        consultation = await uow.consultations.get(seeded.consultation.id)
        voters = await uow.amendments.voters(paragraph.id)
        version = await uow.amendments.adopt(amendment, later)
        await uow.commit()
    async with uow_factory() as uow:
        after = await uow.consultations.get(seeded.consultation.id)
        assert after is not None
        content = await uow.paragraphs.content(after)
        versions = await uow.amendments.versions(paragraph.id)
        history = await uow.amendments.history(seeded.consultation.id)
        tally = await uow.statistics.tally(paragraph.id)
        stored = await uow.amendments.get(amendment.id)
        votes_left = await uow.votes.get(paragraph.id, seeded.alice.id)
    assert voters == sorted([seeded.alice.id, seeded.bob.id])
    assert consultation is not None
    assert after.content_revision != consultation.content_revision
    shown = content.paragraph(paragraph.id)
    assert shown is not None
    assert shown.text == "A new text."
    assert [(v.number, v.text, v.agree, v.disagree, v.amendment_id) for v in versions] == [
        (1, paragraph.text, 1, 1, None),
        (2, "A new text.", 0, 0, amendment.id),
    ]
    assert version == versions[1]
    assert versions[1].created_at == later
    assert history == {paragraph.id: versions}
    assert tally is not None
    assert (tally.agree, tally.disagree) == (0, 0)
    assert votes_left is None
    assert stored is not None
    assert (stored.state, stored.decided_at) == (AmendmentState.ACCEPTED, later)
