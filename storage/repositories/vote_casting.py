"""Recording a vote (current row, history entry, tally) in as few statements as possible.

SQLite runs three statements for a new or changed vote (insert or change the current row,
append to the history, add to the tally) and one or two for a repeated one; each is cheap
there, with no network between. PostgreSQL runs one: the vote's upsert is a data-modifying
CTE that the history insert and the tally upsert read from, so they happen exactly when the
vote was inserted or changed, and a repeated vote writes nothing at all.

Both decide with the vote's own row, so concurrent presses of one person count each change
once: on SQLite one writer runs at a time; on PostgreSQL the upsert locks the row and checks
its condition against the latest committed choice.
"""

from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    bindparam,
    case,
    insert,
    literal_column,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Choice, Vote
from storage.repositories.mapping import dialect_insert
from storage.repositories.prepared import dialect_name, fetch_first, run, table_of
from storage.repositories.tallies import (
    COUNTS_RETURNING,
    TALLY_RETURNING,
    Placed,
    count_in_tally,
    other_choice,
    placed_in,
    remember_counts,
    remember_tally,
)
from storage.rows import ParagraphTallyRow, VoteEventRow, VoteRow

_VOTES = table_of(VoteRow)
_HISTORY = table_of(VoteEventRow)
_TALLIES = table_of(ParagraphTallyRow)
_VOTE_COLUMNS = ("consultation_id", "paragraph_id", "participant_id", "choice", "cast_at")
_ONE, _ZERO, _MINUS_ONE = (literal_column(n, Integer) for n in ("1", "0", "-1"))


async def record_vote(session: AsyncSession, vote: Vote) -> Choice | None:
    """Make `vote` the current one, append it to the history and count it in the tally.

    Returns the choice it replaced (None for a first vote); when that is the same choice,
    nothing is written.
    """
    values = {
        "consultation_id": vote.consultation_id,
        "paragraph_id": vote.paragraph_id,
        "participant_id": vote.participant_id,
        "choice": vote.choice.value,
        "cast_at": vote.cast_at,
    }
    placed = placed_in(session, vote.consultation_id, vote.paragraph_id)
    if dialect_name(session) == "postgresql":
        cast = await fetch_first(session, _postgresql_cast(placed is not None), values)
        if cast is None:
            return vote.choice
        if placed is None:
            remember_tally(session, cast[1:])
        else:
            remember_counts(session, cast[1:], placed)
        return None if cast.inserted else other_choice(vote.choice)
    return await _record_step_by_step(session, vote, values, placed)


async def _record_step_by_step(
    session: AsyncSession, vote: Vote, values: dict[str, Any], placed: Placed | None
) -> Choice | None:
    inserted = await fetch_first(session, _sqlite_insert(), values)
    previous = None
    if inserted is None:
        changes = {f"b_{key}": value for key, value in values.items()}
        changed = await fetch_first(session, _CHANGE, changes)
        previous = vote.choice if changed is None else other_choice(vote.choice)
    if previous is vote.choice:
        return previous
    await run(session, _HISTORY_INSERT, values)
    await count_in_tally(session, vote.paragraph_id, placed, vote.choice, previous)
    return previous


# Each dialect's statement is built on first use: importing PostgreSQL's dialect costs every
# command of the command line on SQLite a tenth of a second (storage/repositories/mapping.py).
@cache
def _sqlite_insert() -> Any:
    """A first vote is inserted; an existing one is left for `_CHANGE` (no row returned)."""
    return (
        dialect_insert("sqlite", VoteRow)
        .values({column: bindparam(column) for column in _VOTE_COLUMNS})
        .on_conflict_do_nothing(index_elements=["paragraph_id", "participant_id"])
        .returning(_VOTES.c.id)
    )


# Only a vote holding the other choice changes; RETURNING says whether one did. (An UPDATE's
# parameters named like its columns would be taken as more SET values: hence the b_ names.)
# A changed vote drops the reason the earlier Disagree had.
_CHANGE = (
    update(_VOTES)
    .where(
        _VOTES.c.paragraph_id == bindparam("b_paragraph_id"),
        _VOTES.c.participant_id == bindparam("b_participant_id"),
        _VOTES.c.choice != bindparam("b_choice"),
    )
    .values(choice=bindparam("b_choice"), cast_at=bindparam("b_cast_at"), reason_comment_id=None)
    .returning(_VOTES.c.id)
)

_HISTORY_INSERT = insert(_HISTORY).values({column: bindparam(column) for column in _VOTE_COLUMNS})


@cache
def _postgresql_cast(counts_only: bool) -> Any:
    """The vote's upsert, then its history entry and tally only if it inserted or changed.

    Returns `inserted` (False: changed) and the tally it left (its counters only, if
    `counts_only`: COUNTS_RETURNING), or no row for a repeat.
    """
    cast = _vote_upsert().cte("cast_vote")
    history = insert(_HISTORY).from_select(
        list(_VOTE_COLUMNS), select(*(cast.c[column] for column in _VOTE_COLUMNS))
    )
    returning = COUNTS_RETURNING if counts_only else TALLY_RETURNING
    counted = _tally_change(cast).returning(*returning).cte("counted")
    return (
        select(cast.c.inserted, *counted.c)
        .select_from(cast.join(counted, true()))
        .add_cte(history.cte("history"))
    )


def _vote_upsert() -> Any:
    """Insert the vote, or change the stored one if it holds the other choice; RETURNING it.

    A changed vote drops the reason the earlier Disagree had.
    """
    upsert = dialect_insert("postgresql", VoteRow).values(
        {column: bindparam(column) for column in _VOTE_COLUMNS}
    )
    return upsert.on_conflict_do_update(
        index_elements=["paragraph_id", "participant_id"],
        set_={
            "choice": upsert.excluded.choice,
            "cast_at": upsert.excluded.cast_at,
            "reason_comment_id": None,
        },
        where=_VOTES.c.choice != upsert.excluded.choice,
    ).returning(
        *(_VOTES.c[column] for column in _VOTE_COLUMNS),
        # A row the upsert inserted has no xmax yet; one it updated has its own.
        literal_column("(votes.xmax = 0)", Boolean).label("inserted"),
    )


def _tally_change(cast: Any) -> Any:
    """The tally upsert for the vote in `cast`: +1 for its choice, -1 for a changed one's."""

    def delta(choice: Choice) -> Any:
        return case(
            (cast.c.choice == choice.value, _ONE),
            (cast.c.inserted, _ZERO),
            else_=_MINUS_ONE,
        )

    counts = select(cast.c.paragraph_id, delta(Choice.AGREE), delta(Choice.DISAGREE), _ZERO)
    upsert = dialect_insert("postgresql", ParagraphTallyRow).from_select(
        ["paragraph_id", "agree", "disagree", "comments"], counts
    )
    return upsert.on_conflict_do_update(
        index_elements=["paragraph_id"],
        set_={
            column: _TALLIES.c[column] + upsert.excluded[column]
            for column in ("agree", "disagree", "comments")
        },
    )
