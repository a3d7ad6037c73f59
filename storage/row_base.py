"""What every table is built from: the declarative base, its naming convention, column types."""

from datetime import UTC, datetime, timedelta
from functools import lru_cache

from sqlalchemy import DateTime, Dialect, ForeignKey, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

# Explicit constraint names let Alembic find constraints again and let SQLite batch mode
# recreate tables without losing them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SHORT = 16  # choice, status, privacy, platform: short enum values stored as strings
NAME = 255
MINUTE = timedelta(minutes=1)


class RefusedValueError(ValueError):
    """A value a column type will not store; raised as is, not wrapped by SQLAlchemy."""


class NaiveDatetimeError(RefusedValueError):
    """A datetime without a UTC offset was about to be stored."""


class PartialMinuteError(RefusedValueError):
    """A reminder offset that is not a whole number of minutes was about to be stored."""


def to_minutes(offset: timedelta) -> int:
    """The offset in whole minutes; offsets are stored that way, so seconds are refused."""
    if offset % MINUTE:
        raise PartialMinuteError(f"offset {offset} refused: store whole minutes")
    return offset // MINUTE


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every backend; naive datetimes are refused on write."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC; SQLite stores it without an offset, so the offset is dropped there."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(
                f"naive datetime {value.isoformat()} refused: store aware UTC"
            )
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to what SQLite returns naive; normalise what PostgreSQL returns aware."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class MinuteOffsets(TypeDecorator[tuple[timedelta, ...]]):
    """A tuple of durations stored as whole minutes in a string: "10080,1440,120"."""

    impl = String(NAME)
    cache_ok = True

    def process_bind_param(
        self, value: tuple[timedelta, ...] | None, dialect: Dialect
    ) -> str | None:
        """Join the offsets' minutes with commas; an empty tuple is the empty string."""
        if value is None:
            return None
        return ",".join(str(to_minutes(offset)) for offset in value)

    def process_result_value(
        self, value: str | None, dialect: Dialect
    ) -> tuple[timedelta, ...] | None:
        """Split the minutes back into durations, in the stored order."""
        return None if value is None else _offsets(value)


@lru_cache(maxsize=256)
def _offsets(stored: str) -> tuple[timedelta, ...]:
    # A consultation's reminder offsets come back with every read of it on the vote path:
    # a handful of distinct strings, each parsed once (the tuple is immutable).
    return tuple(timedelta(minutes=int(part)) for part in stored.split(",") if part)


class Base(DeclarativeBase):
    """Declarative base carrying the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def cascade(target: str) -> ForeignKey:
    """A foreign key whose rows go when the row they point to is deleted."""
    return ForeignKey(target, ondelete="CASCADE")
