"""A statement built once, compiled once, then run on SQLite's own cursor: no SQLAlchemy per run.

SQLAlchemy's execution path costs about 50 µs a statement (compiled-cache lookup, parameter
processing, execution context, result set-up) where SQLite's cursor runs the same prebuilt
SELECT in 3.5 µs (bench/README.md). On SQLite's thread (storage/sqlite_writer.py) the hot
path's prebuilt statements (storage/repositories/prepared.py) are therefore compiled once for
the engine's dialect into what SQLAlchemy would send anyway: the SQL text, the parameters in
their positional order with each type's bind processor, and each result column's processor.
Running one is then `cursor.execute(sql, values)` and the rows mapped to named tuples, with
exactly SQLAlchemy's conversions (an aware UTC datetime stored as SQLite's text and read
back aware, booleans read back as bool). The aware UTC datetimes, a vote's most frequent
values, convert in one C call each way instead of SQLAlchemy's two layers of processors
(storage/utc_text.py), producing the same text and the same datetimes.

A statement whose execution needs more than that (IN lists expanded at run time, values
computed by column defaults, escaped parameter names) is not compiled here: it goes the
ordinary way. Errors are raised as SQLAlchemy raises them (sqlalchemy.exc.IntegrityError
and the like), and a value a column type refuses raises as it does there (row_base.py).
"""

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ClauseElement, Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler

from storage.utc_text import faster_bind, faster_result

Processor = Callable[[Any], Any]

_MISSING = object()


@dataclass(frozen=True, slots=True)
class Parameter:
    """One bound parameter of a compiled statement, in its positional place."""

    key: str  # the name the caller's parameters use
    default: Any  # the bound value when the caller gives none (_MISSING: required)
    process: Processor | None


@dataclass(frozen=True, slots=True)
class RawStatement:
    """A statement's SQL, its parameters in order and its rows' shape, for sqlite3's cursor."""

    sql: str
    parameters: tuple[Parameter, ...]
    row: Callable[[Sequence[Any]], Any]  # a named tuple's _make
    columns: tuple[tuple[int, Processor], ...]  # the result columns that need processing

    def rows(self, cursor: sqlite3.Cursor, given: Mapping[str, Any]) -> list[Any]:
        """Every row the statement returns, executed with `given` on `cursor`."""
        execute(cursor, self.sql, self.values(given))
        return [self.mapped(row) for row in cursor.fetchall()]

    def first(self, cursor: sqlite3.Cursor, given: Mapping[str, Any]) -> Any:
        """The first row, or None; the rest are not read."""
        execute(cursor, self.sql, self.values(given))
        row = cursor.fetchone()
        return None if row is None else self.mapped(row)

    def values(self, given: Mapping[str, Any]) -> list[Any]:
        """The positional values, each converted by its type as SQLAlchemy would."""
        return bound_values(self.parameters, given)

    def mapped(self, row: Sequence[Any]) -> Any:
        """The row as a named tuple, its values converted as SQLAlchemy's result would."""
        if not self.columns:
            return self.row(row)
        converted = list(row)
        for index, process in self.columns:
            converted[index] = process(converted[index])
        return self.row(converted)


def execute(cursor: sqlite3.Cursor, sql: str, values: Sequence[Any] = ()) -> None:
    """`cursor.execute`, with SQLite's errors raised as SQLAlchemy raises them."""
    try:
        cursor.execute(sql, values)
    except sqlite3.Error as error:
        raise DBAPIError.instance(sql, values, error, sqlite3.Error) from error


def bound_values(parameters: Sequence[Parameter], given: Mapping[str, Any]) -> list[Any]:
    """The positional values, each converted by its type's bind processor."""
    values = []
    for parameter in parameters:
        value = given.get(parameter.key, parameter.default)
        if value is _MISSING:
            raise KeyError(f"a value is required for the parameter {parameter.key!r}")
        values.append(value if parameter.process is None else parameter.process(value))
    return values


def compile_raw(statement: Executable, dialect: Dialect) -> RawStatement | None:
    """The statement compiled for sqlite3's cursor; None if it needs SQLAlchemy to run."""
    plain = compile_plain(statement, dialect)
    if plain is None:
        return None
    compiled, parameters = plain
    names, columns = _result_shape(compiled, dialect)
    return RawStatement(compiled.string, parameters, row_maker(names), columns)


def compile_plain(
    statement: Executable, dialect: Dialect
) -> tuple[SQLCompiler, tuple[Parameter, ...]] | None:
    """The statement compiled once, with its parameters in positional order.

    None if its execution needs SQLAlchemy: see `_plain`, and values computed at each run.
    """
    if not isinstance(statement, ClauseElement):
        return None
    compiled = statement.compile(dialect=dialect)
    if not isinstance(compiled, SQLCompiler) or not _plain(compiled):
        return None
    parameters = []
    for name in compiled.positiontup or ():
        bind = compiled.binds[name]
        if bind.callable is not None:
            return None  # a value computed at each run
        default = _MISSING if bind.required else bind.value
        process = faster_bind(bind.type, dialect)
        parameters.append(Parameter(key=bind.key, default=default, process=process))
    return compiled, tuple(parameters)


def row_maker(names: Sequence[str]) -> Callable[[Iterable[Any]], Any]:
    """Makes the named tuple of a row from its values, as SQLAlchemy's Row names them."""
    row = namedtuple("RawRow", names, rename=True)  # type: ignore[misc]
    return row._make


def _result_shape(
    compiled: SQLCompiler, dialect: Dialect
) -> tuple[list[str], tuple[tuple[int, Processor], ...]]:
    """The result columns' names, and the processor of each that needs one, by position."""
    entries = compiled._result_columns or []
    processors = (faster_result(entry[3], dialect) for entry in entries)
    columns = tuple(
        (index, process) for index, process in enumerate(processors) if process is not None
    )
    return [entry[0] for entry in entries], columns


def _plain(compiled: SQLCompiler) -> bool:
    """Whether the compiled statement runs as is: positional, nothing computed at run time."""
    return (
        compiled.positional
        and not compiled.post_compile_params
        and not compiled.literal_execute_params
        and not compiled.insert_prefetch
        and not compiled.update_prefetch
        and not compiled.escaped_bind_names
        and not compiled.has_out_parameters
    )
