"""Contract: the per-paragraph counters always equal a recount of the votes and comments."""

import asyncio
from collections import Counter
from datetime import timedelta
from pathlib import Path

from alembic import command

from core.model import Choice, NewComment, Vote
from core.ports import UnitOfWorkFactory
from core.statistics import ParagraphTally
from storage.migrate import alembic_config, upgrade_database
from tests.storage.examples import Seeded, person
from tests.storage.test_migrations import CONSULTATION_AT_0002, execute, scalars

VOTERS = 16


def vote(seeded: Seeded, index: int, participant_id: int, choice: Choice, minute: int = 0) -> Vote:
    return Vote(
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[index].id,
        participant_id=participant_id,
        choice=choice,
        cast_at=seeded.consultation.opens_at + timedelta(minutes=minute),
    )


def comment(seeded: Seeded, index: int, participant_id: int, key: str | None) -> NewComment:
    return NewComment(
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[index].id,
        participant_id=participant_id,
        parent_id=None,
        body="A comment.",
        created_at=seeded.consultation.opens_at,
        idempotency_key=key,
    )


async def counters_and_recount(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """(agree, disagree, comments) per paragraph from the tallies and from every row."""
    async with uow_factory() as uow:
        tallies = await uow.statistics.tallies(seeded.consultation.id)
        votes = await uow.votes.list(seeded.consultation.id)
        comments = await uow.comments.list(seeded.consultation.id)
    counted = Counter((v.paragraph_id, v.choice) for v in votes)
    commented = Counter(c.paragraph_id for c in comments)
    recount = [
        (counted[(p.id, Choice.AGREE)], counted[(p.id, Choice.DISAGREE)], commented[p.id])
        for p in seeded.paragraphs
    ]
    return [_counts(tally) for tally in tallies], recount


def _counts(tally: ParagraphTally) -> tuple[int, int, int]:
    return tally.agree, tally.disagree, tally.comments


async def test_recording_returns_the_replaced_choice_and_a_repeat_writes_nothing(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    alice = seeded.alice.id
    async with uow_factory() as uow:
        first = await uow.votes.record(vote(seeded, 0, alice, Choice.AGREE, 1))
        repeated = await uow.votes.record(vote(seeded, 0, alice, Choice.AGREE, 2))
        changed = await uow.votes.record(vote(seeded, 0, alice, Choice.DISAGREE, 3))
        await uow.commit()
    async with uow_factory() as uow:
        history = await uow.votes.history(seeded.paragraphs[0].id, alice)
        tally = await uow.statistics.tally(seeded.paragraphs[0].id)
    assert (first, repeated, changed) == (None, Choice.AGREE, Choice.AGREE)
    assert [v.cast_at.minute for v in history] == [1, 3]
    assert tally is not None
    assert (tally.agree, tally.disagree) == (0, 1)


async def test_counters_equal_a_recount_after_votes_changes_repeats_and_comments(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        people = [await uow.participants.get_or_add(person(f"p{n}"), f"P {n}") for n in range(6)]
        await uow.commit()
    for round_, choices in enumerate(("AADDAA", "ADADAD", "ADADAD", "DDDDAA")):
        async with uow_factory() as uow:
            for index, (someone, letter) in enumerate(zip(people, choices, strict=True)):
                choice = Choice.AGREE if letter == "A" else Choice.DISAGREE
                await uow.votes.record(vote(seeded, index % 3, someone.id, choice, round_))
            await uow.comments.add(comment(seeded, round_ % 4, people[0].id, "same-key"))
            await uow.comments.add(comment(seeded, 3, people[round_].id, None))
            await uow.commit()
    async with uow_factory() as uow:  # a unit of work rolled back counts nothing
        await uow.votes.record(vote(seeded, 3, people[5].id, Choice.AGREE))
        await uow.comments.add(comment(seeded, 3, people[5].id, None))
    counters, recount = await counters_and_recount(uow_factory, seeded)
    assert counters == recount
    assert sum(agree + disagree for agree, disagree, _ in counters) == 6


async def test_a_tally_read_right_after_a_vote_shows_it_and_after_a_rollback_does_not(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    paragraph_id = seeded.paragraphs[2].id
    async with uow_factory() as uow:
        await uow.votes.record(vote(seeded, 2, seeded.alice.id, Choice.AGREE))
        voted = await uow.statistics.tally(paragraph_id)
        await uow.votes.record(vote(seeded, 2, seeded.alice.id, Choice.DISAGREE, 1))
        await uow.rollback()
        rolled_back = await uow.statistics.tally(paragraph_id)
    assert voted is not None
    assert _counts(voted) == (1, 0, 0)
    assert rolled_back is not None
    assert _counts(rolled_back) == (0, 0, 0)


async def test_a_tally_kept_from_a_vote_names_its_paragraph_as_a_read_of_it_does(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    paragraphs = seeded.paragraphs[0].id, seeded.paragraphs[2].id
    async with uow_factory() as uow:
        consultation = await uow.consultations.get(seeded.consultation.id)
        assert consultation is not None
        await uow.paragraphs.content(consultation)  # as a press reads it before its vote
        await uow.votes.record(vote(seeded, 0, seeded.alice.id, Choice.AGREE))
        await uow.votes.record(vote(seeded, 2, seeded.alice.id, Choice.DISAGREE))
        kept = [await uow.statistics.tally(paragraph_id) for paragraph_id in paragraphs]
        await uow.commit()
    async with uow_factory() as uow:
        read = [await uow.statistics.tally(paragraph_id) for paragraph_id in paragraphs]
    assert kept == read
    assert [(t.number, t.position, t.section) for t in read if t] == [
        (p.number, p.position, h)
        for p, h in ((seeded.paragraphs[0], None), (seeded.paragraphs[2], "Energy"))
    ]


async def test_a_tally_read_with_a_paragraph_counts_the_votes_cast_after_that_read(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    consultation_id, alice = seeded.consultation.id, seeded.alice.id
    async with uow_factory() as uow:
        found = await uow.votes.first_unvoted(consultation_id, alice, after_position=0)
        assert found is not None
        await uow.votes.record(vote(seeded, 0, seeded.bob.id, Choice.AGREE))
        await uow.comments.add(comment(seeded, 0, seeded.bob.id, None))
        tally = await uow.statistics.tally(found.id)
        again = await uow.statistics.tally(found.id)
    assert found.id == seeded.paragraphs[0].id
    assert tally is not None
    assert _counts(tally) == (1, 0, 1)
    assert again == tally


async def test_concurrent_votes_and_changes_are_each_counted_once(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        people = [
            await uow.participants.get_or_add(person(f"v{n}"), f"V {n}") for n in range(VOTERS)
        ]
        await uow.commit()

    async def cast(participant_id: int, choice: Choice, minute: int) -> None:
        async with uow_factory() as uow:
            await uow.votes.record(vote(seeded, 1, participant_id, choice, minute))
            await uow.commit()

    for minute, choice in enumerate((Choice.AGREE, Choice.DISAGREE, Choice.DISAGREE)):
        # Everybody at once, and each person twice at once: a press delivered twice.
        await asyncio.gather(*(cast(p.id, choice, minute) for p in people for _ in range(2)))
    counters, recount = await counters_and_recount(uow_factory, seeded)
    assert counters == recount
    assert counters[1] == (0, VOTERS, 0)


async def test_the_migration_fills_the_counters_from_the_votes_and_comments_stored(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'voted.db'}"
    await asyncio.to_thread(command.upgrade, alembic_config(url), "0012")
    paragraphs = [
        "INSERT INTO paragraphs (id, consultation_id, section_id, position, number, text)"
        f" VALUES ({n}, 1, NULL, {n}, {n}, 'Paragraph {n}.')"
        for n in (1, 2, 3)
    ]
    people = [
        "INSERT INTO participants (id, platform, tenant, external_id, display_name, reachable)"
        f" VALUES ({n}, 'telegram', 'main', '{n}', 'P', 1)"
        for n in (1, 2, 3)
    ]
    votes = [
        "INSERT INTO votes (consultation_id, paragraph_id, participant_id, choice, cast_at)"
        f" VALUES (1, {paragraph}, {who}, '{choice}', '2027-01-02 09:00:00')"
        for paragraph, who, choice in (
            (1, 1, "agree"),
            (1, 2, "agree"),
            (1, 3, "disagree"),
            (2, 1, "disagree"),
        )
    ]
    comment = (
        "INSERT INTO comments (consultation_id, paragraph_id, participant_id, body, created_at)"
        " VALUES (1, 2, 1, 'Hm.', '2027-01-02 09:00:00')"
    )
    await execute(url, CONSULTATION_AT_0002, *paragraphs, *people, *votes, comment)
    await upgrade_database(url)
    counters = await scalars(
        url,
        "SELECT agree || '/' || disagree || '/' || comments FROM paragraph_tallies"
        " ORDER BY paragraph_id",
    )
    assert counters == ["2/1/0", "0/1/1", "0/0/0"]
