"""Fixtures shared by every test package; each group says who looks after it."""

from datetime import UTC, datetime

import pytest

from tests.fakes.memory import FakeClock

# --- Time (storage and core) -------------------------------------------------------------------

START = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at noon UTC on 15 January 2027; move it with `clock.advance(...)`."""
    return FakeClock(START)
