"""Commands the bot does not know are answered: always in private, in a group when addressed."""

from tests.bots.telegram.conftest import TelegramWorld
from tests.fakes.telegram_updates import group_message, private_message

ADA = 4242
GROUP = -4001234567
UNKNOWN = "⚠️ I don't know /anything — /help lists what you can do"


async def test_an_unknown_command_in_a_private_chat_points_to_help(
    telegram: TelegramWorld,
) -> None:
    await telegram.receive(private_message(ADA, "/anything at all"))

    assert telegram.last_text(ADA) == UNKNOWN


async def test_an_unknown_command_addressed_to_the_bot_in_a_group_is_answered(
    telegram: TelegramWorld,
) -> None:
    await telegram.receive(group_message(GROUP, ADA, "/anything@townhall_test_bot"))

    assert telegram.last_text(GROUP) == UNKNOWN


async def test_unknown_commands_for_nobody_or_for_another_bot_in_a_group_get_no_answer(
    telegram: TelegramWorld,
) -> None:
    await telegram.receive(group_message(GROUP, ADA, "/anything"))
    await telegram.receive(group_message(GROUP, ADA, "/anything@some_other_bot"))

    assert telegram.fake.messages(GROUP) == []


async def test_a_private_command_addressed_to_the_bot_in_a_group_says_where_it_works(
    telegram: TelegramWorld,
) -> None:
    await telegram.receive(group_message(GROUP, ADA, "/progress@townhall_test_bot"))

    assert telegram.last_text(GROUP) == "⚠️ Send /progress to me in a private chat."
