"""Every front end keeps a role under the same file name, so knowing one is knowing the others.

`events.py` reads the platform's events into intents, `rendering.py` draws screens and
`runner.py` serves until stopped; a front end that pushes has `client.py`, the platform's API
client (`<Platform>Client`, no database), and `messenger.py`, whose `<Platform>Messenger` is
the core's Messenger port.
"""

import importlib
import inspect
import pkgutil

import pytest

from bots.slack.messenger import SlackMessenger
from bots.telegram.messenger import TelegramMessenger
from core.ports import Messenger

EVERY_ROLE = ("events", "rendering", "runner")
PUSH_ROLES = ("client", "messenger")
ROLES = {
    "telegram": EVERY_ROLE + PUSH_ROLES,
    "slack": EVERY_ROLE + PUSH_ROLES,
    "terminal": EVERY_ROLE,  # it answers the person typing and pushes to nobody
}
PLATFORM_NAMES = {"telegram": "Telegram", "slack": "Slack"}


def ports(telegram: TelegramMessenger, slack: SlackMessenger) -> list[Messenger]:
    """Each <Platform>Messenger is a Messenger, or mypy refuses this function."""
    return [telegram, slack]


@pytest.mark.parametrize(
    ("front_end", "role"), [(name, role) for name, roles in ROLES.items() for role in roles]
)
def test_each_front_end_has_its_roles_under_the_same_file_names(front_end: str, role: str) -> None:
    module = importlib.import_module(f"bots.{front_end}.{role}")

    assert module.__doc__, f"bots.{front_end}.{role} says in one line what it is"


@pytest.mark.parametrize(
    "front_end", [name for name, roles in ROLES.items() if "messenger" in roles]
)
def test_the_platform_messenger_is_the_cores_messenger_port(front_end: str) -> None:
    name = PLATFORM_NAMES[front_end]
    messenger = importlib.import_module(f"bots.{front_end}.messenger")
    client = importlib.import_module(f"bots.{front_end}.client")

    port = getattr(messenger, f"{name}Messenger")
    assert inspect.iscoroutinefunction(port.deliver)
    assert (
        list(inspect.signature(port.deliver).parameters)[1:]
        == list(inspect.signature(Messenger.deliver).parameters)[1:]
    )
    assert not hasattr(getattr(client, f"{name}Client"), "deliver")


def test_no_front_end_class_is_called_delivery() -> None:
    """Delivery meant the outbox row, a Slack helper and the ports at once; now none of these."""
    for front_end in ROLES:
        package = importlib.import_module(f"bots.{front_end}")
        for found in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(found.name)
            defined = [
                name
                for name, value in inspect.getmembers(module, inspect.isclass)
                if value.__module__ == module.__name__
            ]
            assert not [name for name in defined if name.endswith("Delivery")], found.name


def test_no_front_end_class_inherits_another_of_townhalls_to_share_its_code() -> None:
    """A class shares code by being given a collaborator; only library classes are inherited."""
    for front_end in ROLES:
        package = importlib.import_module(f"bots.{front_end}")
        for found in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(found.name)
            for name, value in inspect.getmembers(module, inspect.isclass):
                if value.__module__ == module.__name__:
                    ours = [
                        base for base in value.__bases__ if base.__module__.startswith("bots.")
                    ]
                    assert not ours, f"{found.name}.{name} inherits {ours}"


def test_the_outbox_row_is_an_outbox_item_and_no_core_name_is_delivery_alone() -> None:
    """The row was `Delivery`, the name the Slack helper and the ports also went by."""
    import core.delivery
    import core.queues

    assert core.delivery.OutboxItem.__doc__ == "An outbox row as claimed by a worker."
    for module in (core.delivery, core.queues):
        assert not hasattr(module, "Delivery")
        assert not hasattr(module, "NewDelivery")
