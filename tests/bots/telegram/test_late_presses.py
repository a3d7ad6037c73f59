"""A press handled after Telegram's answer window: stored, applied, and confirmed by message."""

from tests.bots.conftest import create
from tests.bots.telegram.conftest import TelegramWorld, button_data, message_id, text_of
from tests.fakes.telegram_updates import callback_query, group_chat, private_message

ADA = 4242
GROUP = -4001234567


async def test_a_vote_pressed_while_townhall_was_down_is_applied_and_confirmed_by_a_message(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await telegram.receive(private_message(ADA, "/start plan"))
    await telegram.press(ADA, telegram.last(ADA), "Start")
    card = telegram.last(ADA)
    press = callback_query(ADA, button_data(card, "Agree"), card)
    query = press["callback_query"]
    assert isinstance(query, dict)
    telegram.fake.expire_callback_queries([str(query["id"])])

    await telegram.receive(press)

    assert [vote.choice.value for vote in telegram.memory.tables.votes.values()] == ["agree"]
    [refused] = telegram.fake.calls_to("answerCallbackQuery")[-1:]
    assert refused.status == 400
    texts = [text_of(message) for message in telegram.fake.messages(ADA)]
    assert texts[-2] == "Noted: you agree with P1."  # instead of the toast nobody saw
    assert texts[-1].startswith("1. Purpose\nP2")  # then the next card, as usual
    assert "You agree — tap to change" in text_of(telegram.message(ADA, message_id(card)))


async def test_a_late_press_in_a_group_is_confirmed_privately_not_in_the_group(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await telegram.receive(private_message(ADA, "/start plan"))  # so the bot may write to Ada
    await telegram.press(ADA, telegram.last(ADA), "Start")
    telegram.fake.register_chat(GROUP, "group", "Consultation group")
    card = dict(telegram.last(ADA), chat=group_chat(GROUP))
    press = callback_query(ADA, button_data(card, "Agree"), card)
    query = press["callback_query"]
    assert isinstance(query, dict)
    telegram.fake.expire_callback_queries([str(query["id"])])

    await telegram.receive(press)

    assert telegram.fake.messages(GROUP) == []
    assert telegram.last_text(ADA) == "Noted: you agree with P1."
