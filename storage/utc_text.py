"""Aware UTC datetimes to SQLite's text and back in one step each, exactly as SQLAlchemy does.

On SQLite a `UtcDateTime` column (row_base.py) goes through two layers of processors: the
type's own (check the offset, convert to UTC, drop the offset) and SQLite's DATETIME
(`"%04d-%02d-%02d %02d:%02d:%02d.%06d" % {...}`), and back through `fromisoformat` and the
type's again. A vote binds three of them and reads back as many, so the raw cursor's
statements (raw_statements.py) use one function each way instead (a moment already in UTC is
formatted as is; a text read back is parsed with its UTC offset, which costs less than
attaching one afterwards), checked at compile time
against SQLAlchemy's own on sample values: if they ever disagree (another storage format,
another driver), SQLAlchemy's processors are used as before. A naive datetime is still
refused by the type's own check, with its own error.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from storage.row_base import UtcDateTime

Processor = Callable[[Any], Any]

_ZONE = timezone(timedelta(hours=5, minutes=30))
_SAMPLES = (
    datetime(2026, 12, 7, 17, 5, 9, 123_456, tzinfo=UTC),
    datetime(2027, 3, 1, 0, 0, tzinfo=_ZONE),
    datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC),
)

# What SQLite's DATETIME stores (its default storage format), and texts it may read back.
_TEXT = "%04d-%02d-%02d %02d:%02d:%02d.%06d"
_TEXTS = (
    "2026-12-07 17:05:09.123456",
    "0999-01-02 03:04:05.000000",
    "2026-12-07 17:05:09",
    "2026-12-07 17:05:09+05:30",
    "2026-12-07",
)


def faster_bind(type_: TypeEngine[Any], dialect: Dialect) -> Processor | None:
    """The bind processor of `type_` on `dialect`: one step for UtcDateTime on SQLite."""
    slow = type_._cached_bind_processor(dialect)
    if not _on_sqlite(type_, dialect) or slow is None:
        return slow

    def to_text(value: datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is not UTC:  # the clock's own moments are UTC already
            if value.utcoffset() is None:
                return slow(value)  # type: ignore[no-any-return]  # the naive refusal
            value = value.astimezone(UTC)
        return _TEXT % (
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
        )

    same = all(to_text(sample) == slow(sample) for sample in _SAMPLES)
    return to_text if same else slow


def faster_result(type_: TypeEngine[Any], dialect: Dialect) -> Processor | None:
    """The result processor of `type_` on `dialect`: one step for UtcDateTime on SQLite."""
    slow = type_._cached_result_processor(dialect, None)
    if not _on_sqlite(type_, dialect) or slow is None:
        return slow

    def to_datetime(value: str | None) -> datetime | None:
        if value is None:
            return None
        try:  # parsing the offset costs less than replace(tzinfo=UTC) afterwards
            parsed = datetime.fromisoformat(value + "+00:00")
        except ValueError:  # a text with an offset of its own
            parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is UTC:
            return parsed
        # A date alone ("2026-12-07") takes the appended offset for nothing and stays naive.
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)

    same = all(to_datetime(text) == slow(text) for text in _TEXTS)
    return to_datetime if same else slow


def _on_sqlite(type_: TypeEngine[Any], dialect: Dialect) -> bool:
    return isinstance(type_, UtcDateTime) and dialect.name == "sqlite"
