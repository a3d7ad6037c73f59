"""The two seeded consultations the read-side figures are measured on, with known answers."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bench.drafts import DraftConsultation, open_draft_consultation
from bench.seeding import (
    Voting,
    seed_comments,
    seed_enrolments,
    seed_participants,
    seed_tallies,
    seed_votes,
)

FINISHED_EVERY = 5  # one participant in five has voted on every paragraph
LEFT_EVERY = 100  # one in a hundred of those who never voted has left (no reminder due)


@dataclass(frozen=True, slots=True, kw_only=True)
class SeededConsultation:
    """A seeded consultation and the figures the measured queries must return for it."""

    draft: DraftConsultation
    participants: int
    votes: int
    comments: int
    unfinished_active: int


async def seed_voted_consultation(
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    slug: str,
    *,
    votes: int,
    paragraphs: int,
    comments: int,
) -> SeededConsultation:
    """votes/paragraphs people who each voted on every paragraph, plus comments and replies."""
    draft = await open_draft_consultation(session_factory, slug, paragraphs)
    voters = votes // paragraphs
    voting = Voting(paragraphs_voted=(paragraphs,) * voters, active=(True,) * voters)
    return await _seed(engine, draft, slug, voting, comments)


async def seed_reminder_consultation(
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    slug: str,
    *,
    participants: int,
    paragraphs: int,
) -> SeededConsultation:
    """`participants` enrolled: a fifth finished, a fifth part-way, the rest not started."""
    draft = await open_draft_consultation(session_factory, slug, paragraphs)
    return await _seed(engine, draft, slug, reminder_voting(participants, paragraphs), 0)


def reminder_voting(participants: int, paragraphs: int) -> Voting:
    """Finished, part-way (1..n-1 paragraphs) and not started, in turn; a few who left."""
    voted = []
    active = []
    for index in range(participants):
        group = index % FINISHED_EVERY
        if group == 0:
            voted.append(paragraphs)
        elif group == 1:
            voted.append(1 + (index // FINISHED_EVERY) % max(1, paragraphs - 1))
        else:
            voted.append(0)
        active.append(group < 2 or index % LEFT_EVERY != 2)
    return Voting(paragraphs_voted=tuple(voted), active=tuple(active))


async def _seed(
    engine: AsyncEngine, draft: DraftConsultation, tenant: str, voting: Voting, comments: int
) -> SeededConsultation:
    ids = await seed_participants(engine, tenant, len(voting.paragraphs_voted))
    await seed_enrolments(engine, draft.consultation.id, ids, voting)
    votes = await seed_votes(engine, draft, ids, voting)
    comment_count = await seed_comments(engine, draft, ids, comments) if comments else 0
    await seed_tallies(engine, draft.consultation.id)
    paragraphs = len(draft.paragraph_ids)
    unfinished = sum(
        1
        for voted, active in zip(voting.paragraphs_voted, voting.active, strict=True)
        if active and voted < paragraphs
    )
    return SeededConsultation(
        draft=draft,
        participants=len(ids),
        votes=votes,
        comments=comment_count,
        unfinished_active=unfinished,
    )
