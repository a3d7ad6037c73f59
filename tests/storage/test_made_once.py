"""A made_once class's cached properties are made on first read, once per instance."""

from functools import cached_property

from storage.made_once import MadeOnce, made_once


@made_once
class Holder:
    def __init__(self) -> None:
        self.made = 0

    @cached_property
    def thing(self) -> list[int]:
        self.made += 1
        return [self.made]


def test_a_property_is_made_on_first_read_and_then_kept() -> None:
    holder = Holder()
    assert holder.made == 0
    first = holder.thing
    assert holder.thing is first
    assert holder.made == 1


def test_each_instance_gets_its_own() -> None:
    one, other = Holder(), Holder()
    assert one.thing is not other.thing
    assert (one.made, other.made) == (1, 1)


def test_the_cached_properties_no_longer_take_a_lock() -> None:
    assert isinstance(vars(Holder)["thing"], MadeOnce)
