"""Per-paragraph tally counters, changed by votes and comments in their own transaction.

A write to a tally returns the tally it leaves (RETURNING), and a read of a paragraph may
bring its tally along (the next unvoted paragraph, storage/repositories/votes.py). Either is
remembered for the current transaction (remembered.py) and handed once to the next read of
that paragraph's tally (`SqlStatisticsRepository.tally`) instead of another statement: a
card drawn right after a vote, or for the next paragraph, costs no read of its own.

A tally carries its paragraph's number, position and heading, which never change under the
consultation's content revision. When the unit of work has read that content
(`paragraphs.content`, remembered here for its transaction) a vote's tally write returns
the counters alone and takes the rest from the content; otherwise its RETURNING looks them
up in the tables, with a subquery each.
"""

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Boolean, Integer, Text, bindparam, literal_column
from sqlalchemy.ext.asyncio import AsyncSession

from core.content import ConsultationContent
from core.model import Choice, Paragraph
from core.statistics import ParagraphTally
from storage.repositories.mapping import dialect_insert
from storage.repositories.prepared import fetch_first, per_dialect, table_of
from storage.repositories.remembered import UNKNOWN, recall, remember, take
from storage.rows import ParagraphTallyRow

_COUNTERS = ("agree", "disagree", "comments")
_TALLIES = table_of(ParagraphTallyRow)


def other_choice(choice: Choice) -> Choice:
    """The choice a changed vote held before: there are only two."""
    return Choice.DISAGREE if choice is Choice.AGREE else Choice.AGREE


Placed = tuple[Paragraph, str | None]  # a paragraph and its section's heading


def remember_content(session: AsyncSession, content: ConsultationContent) -> None:
    """Keep the content read in this transaction for the tally writes that follow."""
    remember(session, ("content", content.consultation_id), content)


def placed_in(session: AsyncSession, consultation_id: int, paragraph_id: int) -> Placed | None:
    """The paragraph and its heading from the content read in this transaction, if it was."""
    content = recall(session, ("content", consultation_id))
    if content is UNKNOWN:
        return None
    paragraph = cast(ConsultationContent, content).paragraph(paragraph_id)
    return None if paragraph is None else (paragraph, content.heading(paragraph))


async def count_in_tally(
    session: AsyncSession,
    paragraph_id: int,
    placed: Placed | None,
    choice: Choice,
    previous: Choice | None,
) -> None:
    """Count a vote for `choice` that replaced `previous` (None: a first vote).

    `placed`: the paragraph and heading from the content (`placed_in`), if it was read.
    """
    agree = (choice is Choice.AGREE) - (previous is Choice.AGREE)
    disagree = (choice is Choice.DISAGREE) - (previous is Choice.DISAGREE)
    if placed is None:
        await add_to_tally(session, paragraph_id, agree=agree, disagree=disagree, comments=0)
        return
    counts = {"paragraph_id": paragraph_id, "agree": agree, "disagree": disagree, "comments": 0}
    row = await fetch_first(session, _counts_upsert(session), counts)
    if row is not None:
        remember_counts(session, row, placed)


async def add_to_tally(
    session: AsyncSession, paragraph_id: int, *, agree: int, disagree: int, comments: int
) -> None:
    """Add to the paragraph's counters, creating its row at zero first if it has none.

    One statement: concurrent transactions on PostgreSQL each add their own, never overwrite.
    """
    counts = {"agree": agree, "disagree": disagree, "comments": comments}
    row = await fetch_first(
        session, _tally_upsert(session), {"paragraph_id": paragraph_id, **counts}
    )
    if row is not None:
        remember_tally(session, row)


def _looked_up(query: str, type_: Any) -> Any:
    # Written out: SQLAlchemy renders RETURNING's columns without their table, subqueries too.
    return literal_column(f"({query} WHERE paragraphs.id = paragraph_tallies.paragraph_id)", type_)


# A tally row's columns in `to_tally`'s order, for the RETURNING of a write to a tally, then
# whether the paragraph has posts.
TALLY_RETURNING = (
    _TALLIES.c.paragraph_id,
    _looked_up("SELECT paragraphs.number FROM paragraphs", Integer).label("number"),
    _looked_up("SELECT paragraphs.position FROM paragraphs", Integer).label("position"),
    _looked_up(
        "SELECT sections.heading FROM paragraphs"
        " JOIN sections ON sections.id = paragraphs.section_id",
        Text,
    ).label("heading"),
    *(_TALLIES.c[column] for column in _COUNTERS),
    # Whether a vote has linked-chat posts to refresh (core.services.posts.queue_refreshes).
    literal_column(
        "EXISTS (SELECT 1 FROM channel_posts"
        " WHERE channel_posts.paragraph_id = paragraph_tallies.paragraph_id)",
        Boolean,
    ).label("posted"),
)


# The counters alone, for a write whose paragraph is known from the content (COUNTS_RETURNING's
# order: paragraph id, the counters, posted).
COUNTS_RETURNING = (TALLY_RETURNING[0], *TALLY_RETURNING[4:])


def to_tally(row: Sequence[Any]) -> ParagraphTally:
    """The tally of a row of paragraph id, number, position, heading and the counters."""
    paragraph_id, number, position, heading, agree, disagree, comment_count = row[:7]
    return ParagraphTally(
        paragraph_id=paragraph_id,
        number=number,
        position=position,
        section=heading,
        agree=agree,
        disagree=disagree,
        comments=comment_count,
    )


def remember_tally(session: AsyncSession, row: Sequence[Any]) -> None:
    """Keep the tally a write returned (TALLY_RETURNING) and whether its paragraph is posted."""
    tally = to_tally(row)
    remember(session, ("tally", tally.paragraph_id), tally)
    remember(session, ("posted", tally.paragraph_id), bool(row[len(_COUNTERS) + 4]))


def remember_counts(session: AsyncSession, row: Sequence[Any], placed: Placed) -> None:
    """Keep the tally a write returned (COUNTS_RETURNING) for the paragraph `placed` names."""
    paragraph, heading = placed
    tally = ParagraphTally(
        paragraph_id=row[0],
        number=paragraph.number,
        position=paragraph.position,
        section=heading,
        agree=row[1],
        disagree=row[2],
        comments=row[3],
    )
    remember(session, ("tally", tally.paragraph_id), tally)
    remember(session, ("posted", tally.paragraph_id), bool(row[4]))


def recall_tally(session: AsyncSession, paragraph_id: int) -> ParagraphTally | None:
    """The tally kept for this paragraph in this transaction, handed out once; else None."""
    found = take(session, ("tally", paragraph_id))
    return None if found is UNKNOWN else cast(ParagraphTally, found)


def _upsert(dialect: str) -> Any:
    statement = dialect_insert(dialect, ParagraphTallyRow).values(
        {column: bindparam(column) for column in ("paragraph_id", *_COUNTERS)}
    )
    return statement.on_conflict_do_update(
        index_elements=["paragraph_id"],
        set_={column: _TALLIES.c[column] + statement.excluded[column] for column in _COUNTERS},
    )


@per_dialect
def _tally_upsert(dialect: str) -> Any:
    return _upsert(dialect).returning(*TALLY_RETURNING)


@per_dialect
def _counts_upsert(dialect: str) -> Any:
    return _upsert(dialect).returning(*COUNTS_RETURNING)
