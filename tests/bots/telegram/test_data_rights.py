"""/mydata in Telegram: the person's data as a document in their private chat, never a group's."""

import json

from tests.bots.conftest import create
from tests.bots.telegram.conftest import TelegramWorld
from tests.fakes.telegram_updates import group_message, private_message

ADA = 4242
GROUP = -100123


async def test_mydata_sends_the_persons_data_as_a_json_document_in_their_chat(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await telegram.receive(private_message(ADA, "/start plan", first_name="Ada"))
    await telegram.press(ADA, telegram.last(ADA), "Start")
    await telegram.press(ADA, telegram.last(ADA), "Agree")

    await telegram.receive(private_message(ADA, "/mydata", first_name="Ada"))

    [call] = telegram.fake.calls_to("sendDocument")
    [upload] = call.files.values()
    assert upload.filename.startswith("townhall-mydata-")
    assert upload.filename.endswith(".json")
    document = json.loads(upload.data)
    assert document["format"] == "townhall.mydata/1"
    assert document["identities"][0] == {
        "platform": "telegram",
        "tenant": "telegram",
        "id": str(ADA),
        "display_name": "Ada",
        "reachable": True,
    }
    assert [(v["paragraph"], v["choice"]) for v in document["votes"]] == [(1, "agree")]
    caption = str(telegram.last(ADA)["caption"])
    assert caption.startswith("Everything townhall holds about you: 1 consultation, 1 vote")


async def test_mydata_of_a_stranger_says_townhall_holds_nothing_and_sends_no_file(
    telegram: TelegramWorld,
) -> None:
    await telegram.receive(private_message(ADA, "/mydata"))

    assert telegram.fake.calls_to("sendDocument") == []
    assert "townhall holds nothing about you" in telegram.last_text(ADA)


async def test_mydata_in_a_group_sends_nothing_there_and_asks_for_a_private_chat(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await telegram.receive(private_message(ADA, "/start plan"))

    await telegram.receive(group_message(GROUP, ADA, "/mydata@townhall_test_bot"))

    assert telegram.fake.calls_to("sendDocument") == []
    assert telegram.last_text(GROUP) == "⚠️ Send /mydata to me in a private chat."
