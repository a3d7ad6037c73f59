"""Per-paragraph tally counters, changed by votes and comments in their own transaction.

A write to a tally returns the tally it leaves (RETURNING), and a read of a paragraph may
bring its tally along (the next unvoted paragraph, storage/repositories/votes.py). Either is
remembered for the current transaction (remembered.py) and handed once to the next read of
that paragraph's tally (`SqlStatisticsRepository.tally`) instead of another statement: a
card drawn right after a vote, or for the next paragraph, costs no read of its own.
"""

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Boolean, Integer, Text, bindparam, literal_column
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Choice
from core.statistics import ParagraphTally
from storage.repositories.mapping import dialect_insert
from storage.repositories.prepared import fetch_first, per_dialect, table_of
from storage.repositories.remembered import UNKNOWN, remember, take
from storage.rows import ParagraphTallyRow

_COUNTERS = ("agree", "disagree", "comments")
_TALLIES = table_of(ParagraphTallyRow)


def other_choice(choice: Choice) -> Choice:
    """The choice a changed vote held before: there are only two."""
    return Choice.DISAGREE if choice is Choice.AGREE else Choice.AGREE


async def count_in_tally(
    session: AsyncSession, paragraph_id: int, choice: Choice, previous: Choice | None
) -> None:
    """Count a vote for `choice` that replaced `previous` (None: a first vote)."""
    agree = (choice is Choice.AGREE) - (previous is Choice.AGREE)
    disagree = (choice is Choice.DISAGREE) - (previous is Choice.DISAGREE)
    await add_to_tally(session, paragraph_id, agree=agree, disagree=disagree, comments=0)


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


def recall_tally(session: AsyncSession, paragraph_id: int) -> ParagraphTally | None:
    """The tally kept for this paragraph in this transaction, handed out once; else None."""
    found = take(session, ("tally", paragraph_id))
    return None if found is UNKNOWN else cast(ParagraphTally, found)


@per_dialect
def _tally_upsert(dialect: str) -> Any:
    statement = dialect_insert(dialect, ParagraphTallyRow).values(
        {column: bindparam(column) for column in ("paragraph_id", *_COUNTERS)}
    )
    return statement.on_conflict_do_update(
        index_elements=["paragraph_id"],
        set_={column: _TALLIES.c[column] + statement.excluded[column] for column in _COUNTERS},
    ).returning(*TALLY_RETURNING)
