"""A statement built once, compiled once, then run on asyncpg's connection: no SQLAlchemy per run.

On PostgreSQL SQLAlchemy's execution path costs a statement what it does on SQLite (compiled-
cache lookup, parameter processing, execution context, result set-up) plus a greenlet to reach
asyncpg and the adapter's own bookkeeping. The hot path's prebuilt statements
(storage/repositories/prepared.py) are therefore compiled once for the engine's dialect into
what SQLAlchemy would send anyway: the SQL text with its `$n::TYPE` casts, the parameters in
their positional order with each type's bind processor, and each result column's processor.
Running one (storage/asyncpg_session.py) is asyncpg's prepared statement, from the same
per-connection cache SQLAlchemy's adapter keeps (so a repeated statement is one round trip,
with the JSON codecs SQLAlchemy installed on the connection), and its records mapped to named
tuples with exactly SQLAlchemy's conversions: aware UTC datetimes, booleans, NULLs.

Result processors may depend on the column's PostgreSQL type (SQLAlchemy passes its OID from
the cursor's description, as for NUMERIC): they are chosen at the first run, from the prepared
statement's own attributes. A statement whose execution needs more than this goes the ordinary
way (raw_statements.compile_plain says which).
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Delete, Executable, Insert, Select, Update
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from storage.raw_statements import Parameter, Processor, bound_values, compile_plain, row_maker

PLACEHOLDER = re.compile(r"\$(\d+)")  # a positional parameter in asyncpg's SQL


@dataclass(slots=True)
class AsyncpgStatement:
    """A statement's SQL, its parameters in order and its rows' shape, for asyncpg."""

    sql: str
    parameters: tuple[Parameter, ...]
    row: Callable[[Iterable[Any]], Any]  # a named tuple's _make
    types: tuple[TypeEngine[Any], ...]  # each result column's type, by position
    # False for an INSERT whose RETURNING SQLAlchemy adds for itself (the new primary key):
    # through SQLAlchemy its caller gets no rows, so neither does this one's.
    returns_rows: bool
    # For storage/carried_writes.py: the table of a write whose rows nobody reads, which may
    # wait for the next statement; whether this is a plain SELECT, which may carry one.
    writes: str | None = None
    selects: bool = False
    # The result columns that need processing, known from the first run's column types.
    columns: tuple[tuple[int, Processor], ...] | None = None

    def values(self, given: Mapping[str, Any]) -> list[Any]:
        """The positional values, each converted by its type as SQLAlchemy would."""
        return bound_values(self.parameters, given)

    def rows(
        self, records: Sequence[Any], attributes: Sequence[Any], dialect: Dialect
    ) -> list[Any]:
        """The records as named tuples, their values converted as SQLAlchemy's result would."""
        if not self.returns_rows:
            return []
        columns = self.columns
        if columns is None:
            columns = self.columns = _processors(self.types, attributes, dialect)
        if not columns:
            return [self.row(record) for record in records]
        return [self._processed(record, columns) for record in records]

    def _processed(self, record: Any, columns: tuple[tuple[int, Processor], ...]) -> Any:
        converted = list(record)
        for index, process in columns:
            converted[index] = process(converted[index])
        return self.row(converted)


def compile_for_asyncpg(statement: Executable, dialect: Dialect) -> AsyncpgStatement | None:
    """The statement compiled for asyncpg's connection; None if it needs SQLAlchemy to run."""
    plain = compile_plain(statement, dialect)
    if plain is None:
        return None
    compiled, parameters = plain
    entries = [] if compiled.implicit_returning else compiled._result_columns or []
    names = [entry[0] for entry in entries]
    types = tuple(entry[3] for entry in entries)
    sql = compiled.string
    numbered = _placeholders_only(sql, len(parameters))
    may_wait = isinstance(statement, Insert | Update | Delete) and not statement._returning
    return AsyncpgStatement(
        sql,
        parameters,
        row_maker(names),
        types,
        returns_rows=bool(entries),
        writes=statement.table.name if numbered and may_wait else None,  # type: ignore[attr-defined]
        selects=numbered and isinstance(statement, Select),
    )


def _placeholders_only(sql: str, count: int) -> bool:
    """Whether every `$` in the SQL is one of the statement's own parameters, $1..$count."""
    found = PLACEHOLDER.findall(sql)
    return sql.count("$") == len(found) and {int(n) for n in found} <= set(range(1, count + 1))


def _processors(
    types: tuple[TypeEngine[Any], ...], attributes: Sequence[Any], dialect: Dialect
) -> tuple[tuple[int, Processor], ...]:
    """Each result column's processor, given its PostgreSQL type as SQLAlchemy's result does."""
    if len(attributes) != len(types):
        raise RuntimeError(
            f"the prepared statement returns {len(attributes)} columns, not {len(types)}"
        )
    found = []
    for index, (type_, attribute) in enumerate(zip(types, attributes, strict=True)):
        process = type_._cached_result_processor(dialect, attribute.type.oid)
        if process is not None:
            found.append((index, process))
    return tuple(found)
