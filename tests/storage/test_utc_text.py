"""Aware UTC datetimes on SQLite's cursor: one function each way, the text SQLAlchemy writes."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite

from storage.raw_statements import compile_raw
from storage.repositories import consultation_reads, vote_casting
from storage.row_base import NaiveDatetimeError, UtcDateTime
from storage.utc_text import faster_bind, faster_result

SQLITE = SQLiteDialect_aiosqlite()
MOMENTS = [
    datetime(2026, 12, 7, 17, 5, 9, 123_456, tzinfo=UTC),
    datetime(2026, 12, 7, 17, 5, 9, tzinfo=UTC),
    datetime(2027, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_utc_datetime_is_stored_and_read_as_sqlalchemy_stores_and_reads_it(
    moment: datetime,
) -> None:
    column = UtcDateTime()
    slow_bind = column._cached_bind_processor(SQLITE)
    slow_result = column._cached_result_processor(SQLITE, None)
    fast_bind, fast_result = faster_bind(column, SQLITE), faster_result(column, SQLITE)
    assert slow_bind is not None
    assert slow_result is not None
    assert fast_bind is not None
    assert fast_result is not None
    text = slow_bind(moment)
    assert fast_bind(moment) == text
    assert fast_result(text) == slow_result(text) == moment
    assert fast_result(text).tzinfo is UTC
    assert fast_bind(None) is None
    assert fast_result(None) is None


def test_the_vote_binds_its_moment_with_the_one_call_conversion() -> None:
    raw = compile_raw(vote_casting._HISTORY_INSERT, SQLITE)
    assert raw is not None
    cast_at = next(p for p in raw.parameters if p.key == "cast_at")
    assert cast_at.process is not None
    assert cast_at.process.__qualname__ == "faster_bind.<locals>.to_text"
    with pytest.raises(NaiveDatetimeError):  # the type's own refusal, as before
        cast_at.process(datetime(2027, 1, 1, tzinfo=UTC).replace(tzinfo=None))


def test_a_press_reads_its_moments_back_with_the_one_call_conversion() -> None:
    statement = consultation_reads._PARTICIPANT_WITH
    raw = compile_raw(statement, SQLITE)
    assert raw is not None
    names = list(statement.selected_columns.keys())
    converted = {names[index]: process.__qualname__ for index, process in raw.columns}
    moments = ("opens_at", "closes_at", "last_release", "enrolment_last_seen_at")
    assert {converted[name] for name in moments} == {"faster_result.<locals>.to_datetime"}


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-07 17:05:09.123456",
        "2026-12-07 17:05:09",
        "2026-12-07 17:05:09.5+05:30",
        "2026-12-07T17:05:09Z",
        "2026-12-07",
    ],
)
def test_any_text_sqlite_holds_reads_back_as_sqlalchemy_reads_it(text: str) -> None:
    column = UtcDateTime()
    slow_result = column._cached_result_processor(SQLITE, None)
    fast_result = faster_result(column, SQLITE)
    assert slow_result is not None
    assert fast_result is not None
    assert fast_result(text) == slow_result(text)
    assert fast_result(text).tzinfo is UTC
