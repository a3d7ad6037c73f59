"""`/cancel` in Telegram stops a comment or the `/new` flow; what follows is plain chat again."""

from bots.chat.identities import telegram_ref
from tests.bots.conftest import DRAFT, create
from tests.bots.telegram.conftest import TelegramWorld
from tests.bots.telegram.test_organising import upload
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.telegram_updates import private_message
from tests.organiser import add_organiser

ADA = 4242


async def test_cancel_during_new_discards_the_draft_and_the_next_text_is_no_title(
    telegram: TelegramWorld,
) -> None:
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ADA))
    await telegram.receive(private_message(ADA, "/new"))
    await upload(telegram, ADA, "city-plan.md", DRAFT.encode())

    await telegram.receive(private_message(ADA, "/cancel"))
    assert telegram.last_text(ADA) == "The new consultation is discarded; nothing was kept."
    await telegram.receive(private_message(ADA, "The city plan"))

    assert telegram.memory.tables.consultations == {}
    assert telegram.memory.tables.drafts == {}
    assert telegram.last_text(ADA).startswith("To comment, press Comment under a paragraph")


async def test_cancel_after_pressing_comment_stores_nothing(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    await telegram.receive(private_message(ADA, "/start plan"))
    await telegram.press(ADA, telegram.last(ADA), "Start")
    await telegram.press(ADA, telegram.last(ADA), "Comment")

    await telegram.receive(private_message(ADA, "/cancel"))
    assert telegram.last_text(ADA) == "Comment cancelled."
    await telegram.receive(private_message(ADA, "just chatting"))

    assert telegram.memory.tables.comments == {}
