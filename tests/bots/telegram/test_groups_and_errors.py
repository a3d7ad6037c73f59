"""Linked groups (shared cards, votes and replies there) and Telegram's errors classified."""

import logging

import pytest

from bots.chat.identities import telegram_ref
from bots.telegram.errors import APOLOGY
from core.model import ChannelRef, Platform
from tests.bots.conftest import create
from tests.bots.telegram.conftest import TelegramWorld, button_labels, text_of
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.telegram_updates import group_message, private_message
from tests.organiser import add_organiser

ADA = 4242  # an organiser
BEN = 5151
GROUP = -4001234567
SUPERGROUP = -1001234567890


async def linked(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ADA))
    await telegram.receive(group_message(GROUP, ADA, "/link@townhall_test_bot plan"))


def channel_chats(telegram: TelegramWorld) -> list[str]:
    return [channel.ref.chat_id for channel in telegram.memory.tables.channels.values()]


async def test_an_organiser_links_a_group_and_posts_a_shared_card(
    telegram: TelegramWorld,
) -> None:
    await linked(telegram)
    assert telegram.last_text(GROUP).startswith("✅ This chat now follows “Plan”")

    await telegram.receive(group_message(GROUP, ADA, "/post"))

    post = telegram.last(GROUP)
    assert text_of(post).startswith("Plan\n1. Purpose\nP1 · 1 of 3\n\nThe plan sets out")
    assert button_labels(post) == ["Agree", "Disagree", "💬 Discuss privately"]
    assert post["reply_markup"]["inline_keyboard"][1][0]["url"] == (  # type: ignore[index]
        "https://t.me/townhall_test_bot?start=plan"
    )
    assert channel_chats(telegram) == [str(GROUP)]
    [kept] = telegram.memory.tables.posts.values()  # so votes refresh its tally
    assert kept.message_ref == str(post["message_id"])


async def test_a_redelivered_post_command_posts_the_same_paragraph_not_the_next(
    telegram: TelegramWorld,
) -> None:
    await linked(telegram)
    command = group_message(GROUP, ADA, "/post")

    await telegram.receive(command)
    await telegram.receive(command)  # Telegram sends an update again after a 500
    await telegram.receive(group_message(GROUP, ADA, "/post"))

    posts = [text_of(m) for m in telegram.fake.messages(GROUP) if "P1 · " in text_of(m)]
    assert len(posts) == 2
    assert "P2 · 2 of 3" in telegram.last_text(GROUP)


async def test_a_vote_in_a_group_is_counted_for_the_presser_and_confirmed_by_toast_only(
    telegram: TelegramWorld,
) -> None:
    await linked(telegram)
    await telegram.receive(group_message(GROUP, ADA, "/post"))
    post = telegram.last(GROUP)

    telegram.fake.clear()
    await telegram.press(BEN, post, "Disagree", name="Ben")

    assert telegram.methods() == ["answerCallbackQuery"]
    assert telegram.fake.calls[0].params["text"] == "Noted: you disagree with P1."
    [vote] = telegram.memory.tables.votes.values()
    ben = next(
        p for p in telegram.memory.tables.participants.values() if p.ref == telegram_ref(BEN)
    )
    assert vote.participant_id == ben.id


async def test_a_reply_to_the_post_in_the_group_is_a_comment_on_its_paragraph(
    telegram: TelegramWorld,
) -> None:
    await linked(telegram)
    await telegram.receive(group_message(GROUP, ADA, "/post 2"))
    post = telegram.last(GROUP)

    await telegram.receive(
        group_message(GROUP, BEN, "Too <vague> & short", post, first_name="Ben")
    )
    await telegram.receive(group_message(GROUP, BEN, "just chatting", first_name="Ben"))

    [comment] = telegram.memory.tables.comments.values()
    assert (comment.paragraph_id, comment.body) == (2, "Too <vague> & short")
    assert telegram.last_text(GROUP) == "✅ Thank you: your comment on P2 is saved."
    assert "reply_markup" not in telegram.last(GROUP)


async def test_a_non_organiser_cannot_link_a_group(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)

    await telegram.receive(group_message(GROUP, BEN, "/link plan", first_name="Ben"))

    assert "organiser" in telegram.last_text(GROUP)
    assert channel_chats(telegram) == []


async def test_a_group_that_became_a_supergroup_moves_its_link_and_gets_the_post(
    telegram: TelegramWorld,
) -> None:
    await linked(telegram)
    telegram.fake.fail_next("sendMessage", status=400, migrate_to_chat_id=SUPERGROUP)

    await telegram.receive(group_message(GROUP, ADA, "/post"))

    assert channel_chats(telegram) == [str(SUPERGROUP)]
    assert telegram.last_text(SUPERGROUP).startswith("Plan\n1. Purpose\nP1 · 1 of 3")
    assert [c.params["chat_id"] for c in telegram.fake.calls_to("sendMessage")][-2:] == [
        GROUP,
        SUPERGROUP,
    ]


async def test_a_person_who_blocked_the_bot_is_marked_unreachable(
    telegram: TelegramWorld, caplog: pytest.LogCaptureFixture
) -> None:
    await create(telegram.memory, telegram.clock)
    await telegram.receive(private_message(BEN, "/start plan", first_name="Ben"))
    welcome = telegram.last(BEN)
    telegram.fake.block_chat(BEN)

    await telegram.press(BEN, welcome, "Start", name="Ben")

    [ben] = telegram.memory.tables.participants.values()
    assert ben.ref == telegram_ref(BEN)
    assert ben.reachable is False
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_flood_control_waits_as_asked_and_sends_once_more(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    telegram.fake.fail_next("sendMessage", status=429, retry_after=1)

    await telegram.receive(private_message(BEN, "/start plan", first_name="Ben"))

    first, second = telegram.fake.calls_to("sendMessage")
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 1.0
    assert telegram.last_text(BEN).startswith("Plan\n")


async def test_an_unexpected_failure_is_logged_once_without_secrets_and_apologised_for(
    telegram: TelegramWorld, caplog: pytest.LogCaptureFixture
) -> None:
    await create(telegram.memory, telegram.clock)
    telegram.fake.fail_next("sendMessage", status=500)
    secret_text = "my private remark"

    await telegram.receive(private_message(BEN, f"/start plan {secret_text}", first_name="Ben"))

    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    logged = caplog.text
    assert telegram.fake.token not in logged
    assert secret_text not in logged
    assert telegram.last_text(BEN) == APOLOGY


def test_channel_refs_name_telegram_chats_by_id() -> None:
    from bots.telegram.client import channel_ref

    assert channel_ref(GROUP) == ChannelRef(
        platform=Platform.TELEGRAM, tenant="telegram", chat_id=str(GROUP)
    )
