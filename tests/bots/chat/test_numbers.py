"""The one rule for numbers typed in chat: ASCII digits from 1 to a database integer's largest."""

import pytest

from bots.chat.numbers import read_number


@pytest.mark.parametrize(
    "typed", ["", "0", "-1", "+1", " 1", "١", "１", "²", "1_000", "1e3", "2147483648", "9" * 5000]
)
def test_a_number_is_ascii_digits_from_one_to_the_largest_integer_column(typed: str) -> None:
    assert read_number(typed) is None


def test_the_largest_number_fits_a_postgresql_integer() -> None:
    assert read_number("2147483647") == 2**31 - 1
    assert read_number("1") == 1
