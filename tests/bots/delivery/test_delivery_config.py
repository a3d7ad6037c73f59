"""The [delivery] section: documented defaults, every key read, bad values named."""

import tomllib

import pytest

from bots.chat.settings import ConfigError, DeliveryConfig
from bots.runtime.config import Config, parse_config


def parse(text: str) -> Config:
    return parse_config(tomllib.loads(text), {})


def test_delivery_defaults_follow_the_platforms_published_limits() -> None:
    delivery = parse("").delivery

    assert delivery == DeliveryConfig()
    assert (delivery.telegram_rate, delivery.telegram_chat_interval) == (25.0, 1.0)
    assert delivery.telegram_group_per_minute == 18
    assert delivery.allow_paid_broadcast is False
    assert delivery.paid_rate == 1000.0
    assert (delivery.slack_channel_interval, delivery.slack_workspace_rate) == (
        1.05,
        5.0,
    )  # one per second, with a margin
    assert delivery.sweep_interval == 30.0


def test_every_delivery_key_can_be_set() -> None:
    delivery = parse(
        """
        [delivery]
        telegram_rate = 20
        telegram_chat_interval = 0
        telegram_group_per_minute = 10
        allow_paid_broadcast = true
        paid_rate = 500.5
        slack_channel_interval = 2
        slack_workspace_rate = 3.5
        sweep_interval = 5
        """
    ).delivery

    assert delivery == DeliveryConfig(
        telegram_rate=20.0,
        telegram_chat_interval=0.0,
        telegram_group_per_minute=10,
        allow_paid_broadcast=True,
        paid_rate=500.5,
        slack_channel_interval=2.0,
        slack_workspace_rate=3.5,
        sweep_interval=5.0,
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("telegram_rate = 0", "delivery.telegram_rate: expected a positive number, got int 0"),
        ('paid_rate = "fast"', 'delivery.paid_rate: expected a positive number, got "fast"'),
        ("sweep_interval = true", "delivery.sweep_interval: expected a positive number"),
        ("slack_workspace_rate = inf", "delivery.slack_workspace_rate: expected a positive"),
        ("telegram_chat_interval = -1", "delivery.telegram_chat_interval: expected a number of"),
        (
            "telegram_group_per_minute = 1.5",
            "delivery.telegram_group_per_minute: expected a whole",
        ),
        ('allow_paid_broadcast = "yes"', "delivery.allow_paid_broadcast: expected true or false"),
        ("paid_broadcast = true", "delivery.paid_broadcast: unknown key"),
    ],
)
def test_a_bad_delivery_value_names_its_key(line: str, message: str) -> None:
    with pytest.raises(ConfigError, match="^" + message.replace("(", r"\(")):
        parse(f"[delivery]\n{line}\n")
