"""Attributes made the first time they are read, without functools.cached_property's lock.

A unit of work makes each repository the first time it is asked for it
(storage/unit_of_work.py). functools.cached_property does exactly that, but on Python 3.11
takes a lock on every first read, and a unit's repositories are all first reads: five a
vote, made new for every unit. A unit of work belongs to one task, so no lock is needed.
"""

from collections.abc import Callable
from functools import cached_property
from typing import Any, Generic, Self, TypeVar, overload

R = TypeVar("R")
C = TypeVar("C", bound=type)


class MadeOnce(Generic[R]):
    """A non-data descriptor: the first read makes the value and stores it on the instance."""

    def __init__(self, make: Callable[[Any], R], name: str) -> None:
        self._make = make
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type[Any]) -> R: ...

    def __get__(self, instance: object | None, owner: type[Any]) -> "R | Self":
        if instance is None:
            return self
        made = instance.__dict__[self._name] = self._make(instance)
        return made


def made_once(cls: C) -> C:
    """Class decorator: the class's cached_properties become MadeOnce (no lock).

    They keep cached_property's meaning (and its type for type checkers): made on first
    read, then a plain attribute of the instance. For objects used by one task at a time.
    """
    for name, value in list(vars(cls).items()):
        if isinstance(value, cached_property):
            setattr(cls, name, MadeOnce(value.func, name))
    return cls
