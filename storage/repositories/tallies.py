"""Per-paragraph tally counters, changed by votes and comments in their own transaction."""

from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Choice
from storage.repositories.mapping import dialect_insert
from storage.repositories.prepared import per_dialect, run, table_of
from storage.rows import ParagraphTallyRow

_COUNTERS = ("agree", "disagree", "comments")


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
    await run(
        session,
        _tally_upsert(session),
        {"paragraph_id": paragraph_id, "agree": agree, "disagree": disagree, "comments": comments},
    )


@per_dialect
def _tally_upsert(dialect: str) -> Any:
    table = table_of(ParagraphTallyRow)
    statement = dialect_insert(dialect, ParagraphTallyRow).values(
        {column: bindparam(column) for column in ("paragraph_id", *_COUNTERS)}
    )
    return statement.on_conflict_do_update(
        index_elements=["paragraph_id"],
        set_={column: table.c[column] + statement.excluded[column] for column in _COUNTERS},
    )
