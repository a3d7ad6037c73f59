"""Per-paragraph tally counters, changed by votes and comments in their own transaction."""

from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Choice
from storage.repositories.mapping import upsert_insert
from storage.rows import ParagraphTallyRow


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
    table = ParagraphTallyRow
    statement = upsert_insert(session, table).values(
        paragraph_id=paragraph_id, agree=agree, disagree=disagree, comments=comments
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["paragraph_id"],
            set_={
                "agree": table.agree + statement.excluded.agree,
                "disagree": table.disagree + statement.excluded.disagree,
                "comments": table.comments + statement.excluded.comments,
            },
        )
    )
