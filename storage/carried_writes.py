"""A write nobody reads back, carried to PostgreSQL by the statement after it: one round trip less.

A press writes the person's enrolment (where they are, when they were last seen) and then reads
the next paragraph; nothing reads what the write returns. On PostgreSQL each statement is a
round trip, so such a write (a prebuilt INSERT, UPDATE or DELETE run with `run`) waits in the
unit's session (storage/asyncpg_session.py), and the next prebuilt SELECT takes it along as a
data-modifying CTE:

    WITH townhall_carried AS (INSERT INTO enrolments ... ON CONFLICT ... DO UPDATE ...)
    SELECT paragraphs.id, ... FROM paragraphs ...

PostgreSQL runs the write exactly once and to completion whether or not the SELECT reads it,
in the same transaction. The SELECT sees the database as it was before the write (one
snapshot for the whole statement), so a write is carried only by a SELECT that does not name
its table anywhere in its SQL; anything else sends the write alone first, as does the unit's
commit, and a rollback drops it. Its parameters come first ($1..$k) and the SELECT's are
renumbered after them; a statement whose SQL holds a `$` that is not one of its parameters is
never combined.
"""

import re

from storage.asyncpg_statements import PLACEHOLDER, AsyncpgStatement

_NAME = "townhall_carried"


# (id of the write, id of the SELECT) -> the two as one statement, or None if they cannot be.
# The statements live as long as the process (storage/repositories/prepared.py keeps them).
_COMBINED: dict[tuple[int, int], AsyncpgStatement | None] = {}


def combined(write: AsyncpgStatement, select: AsyncpgStatement) -> AsyncpgStatement | None:
    """`select` carrying `write`, or None if either may not (see the module's docs)."""
    key = (id(write), id(select))
    if key not in _COMBINED:
        _COMBINED[key] = _combine(write, select)
    return _COMBINED[key]


def _combine(write: AsyncpgStatement, select: AsyncpgStatement) -> AsyncpgStatement | None:
    if write.writes is None or not select.selects:
        return None
    if re.search(rf"\b{re.escape(write.writes)}\b", select.sql):
        return None  # it would read the table as it was before the write
    shift = len(write.parameters)
    renumbered = PLACEHOLDER.sub(lambda found: f"${int(found[1]) + shift}", select.sql)
    return AsyncpgStatement(
        sql=f"WITH {_NAME} AS ({write.sql}) {renumbered}",
        parameters=write.parameters + select.parameters,
        row=select.row,
        types=select.types,
        returns_rows=select.returns_rows,
    )
