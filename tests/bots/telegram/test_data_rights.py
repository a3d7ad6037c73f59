"""/mydata in Telegram: the person's data as a document in their private chat, never a group's."""

import json

from bots.chat.identities import telegram_ref
from core.app import ConsultationApp
from core.intents import CastVote
from core.model import Actor, Choice
from tests.bots.conftest import create
from tests.bots.telegram.conftest import TelegramWorld, button_data, button_labels, text_of
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.telegram_updates import callback_query, group_message, private_message

ADA = 4242
BEN = 5151
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


async def joined_and_voted(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    await telegram.receive(private_message(ADA, "/start plan", first_name="Ada"))
    await telegram.press(ADA, telegram.last(ADA), "Start")
    await telegram.press(ADA, telegram.last(ADA), "Agree")


async def test_forget_asks_with_a_button_and_the_press_erases_the_person(
    telegram: TelegramWorld,
) -> None:
    await joined_and_voted(telegram)

    await telegram.receive(private_message(ADA, "/forget", first_name="Ada"))
    asked = telegram.last(ADA)
    assert "cannot be undone" in text_of(asked)
    assert button_labels(asked) == ["Forget me"]
    await telegram.press(ADA, asked, "Forget me")

    assert telegram.last_text(ADA).startswith("✅ Done: townhall has forgotten you.")
    [ada] = telegram.memory.tables.participants.values()
    assert (ada.ref.external_id, ada.display_name) == (f"forgotten-{ada.id}", "")
    assert len(telegram.memory.tables.votes) == 1  # still counted, anonymously
    await telegram.receive(private_message(ADA, "/forget", first_name="Ada"))
    assert "nothing left to forget" in telegram.last_text(ADA)
    assert button_labels(telegram.last(ADA)) == []


async def test_a_forget_button_pressed_by_someone_else_changes_nothing(
    telegram: TelegramWorld,
) -> None:
    await joined_and_voted(telegram)
    await telegram.receive(private_message(BEN, "/start plan", first_name="Ben"))
    await telegram.receive(private_message(ADA, "/forget", first_name="Ada"))
    asked = telegram.last(ADA)

    await telegram.receive(
        callback_query(BEN, button_data(asked, "Forget me"), asked, first_name="Ben")
    )

    [answer] = telegram.fake.calls_to("answerCallbackQuery")[-1:]
    assert "not made for you" in str(answer.params.get("text"))
    names = [p.display_name for p in telegram.memory.tables.participants.values()]
    assert names == ["Ada", "Ben"]


async def test_forget_without_pressing_the_button_changes_nothing(
    telegram: TelegramWorld,
) -> None:
    await joined_and_voted(telegram)
    before = dict(telegram.memory.tables.participants)

    await telegram.receive(private_message(ADA, "/forget", first_name="Ada"))
    await telegram.receive(private_message(ADA, "/progress", first_name="Ada"))

    assert telegram.memory.tables.participants == before
    assert "voted on 1 of 3 paragraphs" in telegram.last_text(ADA)


async def test_mydata_of_a_person_with_thousands_of_votes_is_one_document(
    telegram: TelegramWorld,
) -> None:
    app = ConsultationApp(lambda: FakeUnitOfWork(telegram.memory), telegram.clock)
    ada = Actor(ref=telegram_ref(ADA), display_name="Ada")
    for n in range(700):
        await create(telegram.memory, telegram.clock, slug=f"plan-{n}")
        consultation = max(telegram.memory.tables.consultations)
        for paragraph in sorted(telegram.memory.tables.paragraphs.values(), key=lambda p: p.id):
            if paragraph.consultation_id == consultation:
                vote = CastVote(
                    consultation_id=consultation, paragraph_id=paragraph.id, choice=Choice.AGREE
                )
                await app.handle(ada, vote)

    await telegram.receive(private_message(ADA, "/mydata", first_name="Ada"))

    [call] = telegram.fake.calls_to("sendDocument")
    [upload] = call.files.values()
    document = json.loads(upload.data)
    assert len(document["votes"]) == 2100
    assert len(document["enrolments"]) == 700
    assert len(upload.data) > 500_000
