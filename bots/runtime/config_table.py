"""Reading one table of the configuration file: typed values, and errors that name the key."""

import enum
from collections.abc import Mapping
from typing import TypeVar, cast

from bots.chat.settings import ConfigError

_Mode = TypeVar("_Mode", bound=enum.StrEnum)


class ConfigTable:
    """One TOML table being read: hands out typed values and rejects keys nobody asked for."""

    def __init__(self, data: Mapping[str, object], path: str) -> None:
        self._data = data
        self._path = path
        self._read: set[str] = set()

    def _get(self, key: str) -> object | None:
        self._read.add(key)
        return self._data.get(key)

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self._path}.{key}: {message}")

    def string(self, key: str, default: str) -> str:
        value = self._get(key)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a non-empty string, got {show_value(value)}")
        return value

    def choice(self, key: str, default: _Mode) -> _Mode:
        kind = type(default)
        value = self.string(key, default.value)
        try:
            return kind(value)
        except ValueError:
            expected = " or ".join(f'"{option}"' for option in kind)
            raise self.fail(key, f"expected {expected}, got {show_value(value)}") from None

    def port(self, key: str, default: int) -> int:
        value = self._get(key)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 65536:
            raise self.fail(
                key, f"expected a port number from 1 to 65535, got {show_value(value)}"
            )
        return value

    def number(self, key: str, default: float, *, zero: bool = False) -> float:
        """A positive number (an integer or a float); `zero` allows 0 too."""
        value = self._get(key)
        if value is None:
            return default
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        if number is None or not (number >= 0 if zero else number > 0) or number == float("inf"):
            expected = "a number of 0 or more" if zero else "a positive number"
            raise self.fail(key, f"expected {expected}, got {show_value(value)}")
        return float(number)

    def count(self, key: str, default: int, *, minimum: int = 1) -> int:
        """A whole number of at least `minimum`."""
        value = self._get(key)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(
                key, f"expected a whole number of at least {minimum}, got {show_value(value)}"
            )
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {show_value(value)}")
        return value

    def strings(self, key: str) -> list[str]:
        value = self._get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, f"expected a list of strings, got {show_value(value)}")
        return cast(list[str], value)

    def finish(self) -> None:
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            raise self.fail(unknown[0], "unknown key")


def show_value(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    return f"{type(value).__name__} {value!r}"
