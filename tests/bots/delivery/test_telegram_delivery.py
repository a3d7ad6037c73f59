"""Pushes to Telegram: what each screen looks like, and what each Bot API answer leads to.

The real Dispatcher sends through TelegramMessenger and python-telegram-bot to the fake Bot API;
the fake clock moves the outbox's time (retries, backoff), no test sleeps.
"""

from datetime import timedelta

import pytest

from bots.chat.identities import telegram_ref
from bots.telegram import messenger, push_requests
from bots.telegram.layout import Outgoing
from bots.telegram.rendering import render
from core.callbacks import decode
from core.intents import CastVote, Join, LinkChannel, ShowComments
from core.model import Actor, ChannelRef, Choice, Platform
from core.screens import Screen
from core.services.dispatching import BACKOFF, MAX_ATTEMPTS
from core.sweeps import announce_openings, close_due, sweep_reminders
from tests.bots.conftest import create
from tests.bots.delivery.conftest import Pushes
from tests.bots.telegram.conftest import button_labels
from tests.organiser import add_organiser


def message_buttons(message: dict[str, object]) -> dict[str, str]:
    """Each inline button's label and callback data."""
    markup = message["reply_markup"]
    assert isinstance(markup, dict)
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


ADA, BOB, CY = 101, 102, 103


async def test_a_released_paragraph_reaches_every_participant_with_its_vote_buttons(
    pushes: Pushes,
) -> None:
    await pushes.enrol(ADA, BOB)
    plan = await pushes.release()

    assert await pushes.delivery().dispatch_due() == 2

    for chat in (ADA, BOB):
        [message] = pushes.fake.messages(chat)
        assert "The plan sets out what the city will do." in str(message["text"])
        assert any("Agree" in label for label in button_labels(message))
    report = await pushes.report(plan.broadcast_id)
    assert (report.sent, report.pending, report.failed) == (2, 0, 0)


async def test_a_reminder_says_how_far_the_person_is_with_continue_and_mute(
    pushes: Pushes,
) -> None:
    await pushes.enrol(ADA)
    await pushes.plan_reminders(ADA)
    pushes.clock.advance(timedelta(days=9, hours=12))  # the 7-day and 1-day ones are due
    assert await sweep_reminders(pushes.app, "w1") == 1  # the latest

    await pushes.delivery().dispatch_due()

    message = pushes.fake.messages(ADA)[-1]
    text = str(message["text"])
    assert text.startswith("⏰ Reminder · Plan")
    assert "You have responded to 0 of 3 paragraphs; the consultation closes" in text
    assert button_labels(message) == ["Continue", "Mute reminders"]


async def test_a_reply_to_a_comment_reaches_its_author_with_a_button_to_the_thread(
    pushes: Pushes,
) -> None:
    await pushes.enrol(ADA, BOB)
    mine = await pushes.comment(ADA, "Who pays for <this>?")
    await pushes.comment(BOB, "The city & the region.", reply_to=mine)

    assert await pushes.delivery().dispatch_due() == 1

    [message] = pushes.fake.messages(ADA)
    text = str(message["text"])
    assert text.startswith("💬 User 102 replied to your comment on P1 · Plan")
    assert "Who pays for <this>?" in text
    assert "The city & the region." in text
    assert button_labels(message)[-2:] == ["Open the thread (P1)", "Mute"]
    thread = message_buttons(message)["Open the thread (P1)"]
    assert isinstance(decode(thread), ShowComments)
    assert pushes.fake.messages(BOB) == []


async def test_the_closing_summary_goes_to_everyone_who_took_part(pushes: Pushes) -> None:
    await pushes.enrol(ADA, BOB)
    pushes.clock.advance(timedelta(days=10, seconds=1))
    assert len(await close_due(pushes.app)) == 1

    assert await pushes.delivery().dispatch_due() == 2

    assert all("Plan" in pushes.sent_to(chat)[0] for chat in (ADA, BOB))


async def test_a_429_is_retried_at_the_time_telegram_states(pushes: Pushes) -> None:
    await pushes.enrol(ADA)
    plan = await pushes.release()
    pushes.fake.fail_next("sendMessage", status=429, retry_after=30)
    dispatcher = pushes.delivery()

    await dispatcher.dispatch_due()
    pushes.clock.advance(timedelta(seconds=29))
    assert await dispatcher.dispatch_due() == 0
    pushes.clock.advance(timedelta(seconds=1))
    assert await dispatcher.dispatch_due() == 1

    assert [call.status for call in pushes.fake.calls_to("sendMessage")] == [429, 200]
    assert (await pushes.report(plan.broadcast_id)).sent == 1


async def test_a_person_who_blocked_the_bot_is_never_messaged_again(pushes: Pushes) -> None:
    await pushes.enrol(ADA, BOB)
    pushes.fake.block_chat(ADA)
    plan = await pushes.release((1, 2, 3), every=timedelta(days=1))
    dispatcher = pushes.delivery()

    await dispatcher.dispatch_due()
    for _ in range(3):
        pushes.clock.advance(timedelta(days=1))
        await dispatcher.dispatch_due()
    later = await pushes.release((3,))
    await dispatcher.dispatch_due()

    to_ada = [c for c in pushes.fake.calls_to("sendMessage") if c.params["chat_id"] == ADA]
    assert [call.status for call in to_ada] == [403]
    assert len(pushes.sent_to(BOB)) == 4
    report = await pushes.report(plan.broadcast_id)
    assert (report.sent, report.unreachable, report.skipped, report.pending) == (3, 1, 2, 0)
    assert later.recipients == 1
    async with pushes.uow() as uow:
        participant = await uow.participants.find(telegram_ref(ADA))
    assert participant is not None
    assert not participant.reachable


async def test_a_chat_telegram_cannot_find_is_unreachable_and_a_bad_request_fails(
    pushes: Pushes,
) -> None:
    await pushes.enrol(ADA, BOB)
    plan = await pushes.release()
    pushes.fake.fail_next("sendMessage", status=400, description="Bad Request: chat not found")
    pushes.fake.fail_next(
        "sendMessage", status=400, description="Bad Request: can't parse entities"
    )

    await pushes.delivery().dispatch_due()

    report = await pushes.report(plan.broadcast_id)
    assert (report.unreachable, report.failed, report.sent) == (1, 1, 0)


async def test_a_server_error_backs_off_then_succeeds(pushes: Pushes) -> None:
    await pushes.enrol(ADA)
    plan = await pushes.release()
    pushes.fake.fail_next("sendMessage", status=500, times=2)
    dispatcher = pushes.delivery()

    await dispatcher.dispatch_due()
    pushes.clock.advance(BACKOFF - timedelta(seconds=1))
    assert await dispatcher.dispatch_due() == 0
    pushes.clock.advance(timedelta(seconds=1))
    await dispatcher.dispatch_due()  # the second 500: the wait doubles
    pushes.clock.advance(BACKOFF * 2)
    assert await dispatcher.dispatch_due() == 1

    assert [call.status for call in pushes.fake.calls_to("sendMessage")] == [500, 500, 200]
    assert (await pushes.report(plan.broadcast_id)).sent == 1


async def test_a_push_that_keeps_failing_is_failed_after_the_last_attempt(
    pushes: Pushes,
) -> None:
    await pushes.enrol(ADA)
    plan = await pushes.release()
    pushes.fake.fail_next("sendMessage", status=502, times=MAX_ATTEMPTS + 1)
    dispatcher = pushes.delivery()

    for _ in range(MAX_ATTEMPTS + 2):
        await dispatcher.dispatch_due()
        pushes.clock.advance(timedelta(hours=1))

    assert len(pushes.fake.calls_to("sendMessage")) == MAX_ATTEMPTS
    report = await pushes.report(plan.broadcast_id)
    assert (report.failed, report.pending, report.sent) == (1, 0, 0)


async def test_a_group_that_became_a_supergroup_is_moved_and_gets_the_post(
    pushes: Pushes,
) -> None:
    organiser = Actor(ref=telegram_ref(ADA), display_name="Ada")
    await add_organiser(pushes.uow(), organiser.ref)
    group = ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id="-100")
    await pushes.app.handle(organiser, LinkChannel(slug="plan", channel=group, title="Group"))
    pushes.fake.register_chat(-100, "group", "Group")
    pushes.fake.register_chat(-100999, "supergroup", "Group")
    pushes.fake.fail_next(
        "sendMessage",
        status=400,
        description="Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=-100999,
    )
    plan = await pushes.release()

    await pushes.delivery().dispatch_due()

    [post] = pushes.fake.messages(-100999)
    assert "The plan sets out" in str(post["text"])
    async with pushes.uow() as uow:
        moved = await uow.channels.get(
            ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id="-100999")
        )
    assert moved is not None
    assert (await pushes.report(plan.broadcast_id)).sent == 1


async def test_an_opening_on_the_calendar_is_announced_in_a_linked_group_with_a_link(
    pushes: Pushes,
) -> None:
    await create(pushes.memory, pushes.clock, slug="later", opens_in=timedelta(days=1))
    organiser = Actor(ref=telegram_ref(ADA), display_name="Ada")
    await add_organiser(pushes.uow(), organiser.ref)
    group = ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id="-100")
    await pushes.app.handle(organiser, LinkChannel(slug="later", channel=group, title="Group"))
    pushes.fake.register_chat(-100, "group", "Group")
    early = await pushes.app.handle(
        Actor(ref=telegram_ref(BOB), display_name="Bob"), Join(payload="later")
    )
    [welcome] = render(early, pushes.bot.username)
    assert (
        "🗓 Opens 16 Jan 2027, 12:00 UTC: votes and comments are accepted from then."
        in welcome.text
    )
    pushes.clock.advance(timedelta(days=1))

    assert len(await announce_openings(pushes.app)) == 1
    assert await pushes.delivery().dispatch_due() == 1

    [post] = pushes.fake.messages(-100)
    assert str(post["text"]).startswith("📣 Plan is open: your votes and comments count.")
    markup = post["reply_markup"]
    assert isinstance(markup, dict)
    [[take_part]] = markup["inline_keyboard"]
    assert take_part["url"] == f"https://t.me/{pushes.bot.username}?start=later"
    assert pushes.fake.messages(BOB) == []


async def test_no_push_asks_for_paid_broadcast_unless_enabled(pushes: Pushes) -> None:
    await pushes.enrol(ADA, BOB, CY)
    await pushes.release()
    await pushes.delivery().dispatch_due()

    calls = pushes.fake.calls_to("sendMessage")
    assert len(calls) == 3
    assert all("allow_paid_broadcast" not in call.params for call in calls)


async def test_paid_broadcasts_flag_every_push_when_enabled(pushes: Pushes) -> None:
    await pushes.enrol(ADA, BOB)
    await pushes.release()
    await pushes.delivery(paid=True).dispatch_due()

    calls = pushes.fake.calls_to("sendMessage")
    assert [call.params.get("allow_paid_broadcast") for call in calls] == [True, True]


async def test_rows_of_a_finished_push_are_not_sent_again(pushes: Pushes) -> None:
    await pushes.enrol(ADA)
    await pushes.release()
    dispatcher = pushes.delivery()
    await dispatcher.dispatch_due()
    pushes.clock.advance(timedelta(hours=1))

    assert await dispatcher.dispatch_due() == 0
    assert len(pushes.sent_to(ADA)) == 1


async def test_a_push_is_recorded_from_its_message_id_alone_and_never_sent_twice(
    pushes: Pushes,
) -> None:
    # An answer python-telegram-bot cannot read into a Message (here: no "date") is still a
    # message Telegram sent: the push is done, and its id is what the outbox keeps.
    def without_date(result: dict[str, object]) -> dict[str, object]:
        return {key: value for key, value in result.items() if key != "date"}

    await pushes.enrol(ADA)
    plan = await pushes.release()
    pushes.fake.reshape_answers("sendMessage", without_date)
    dispatcher = pushes.delivery()

    await dispatcher.dispatch_due()
    pushes.clock.advance(timedelta(hours=1))
    await dispatcher.dispatch_due()

    assert len(pushes.sent_to(ADA)) == 1
    report = await pushes.report(plan.broadcast_id)
    assert (report.sent, report.pending, report.failed) == (1, 0, 0)


async def test_a_broadcast_draws_each_distinct_card_once_and_each_reader_gets_their_own(
    pushes: Pushes, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[Screen] = []

    def counted(screen: Screen, bot_username: str) -> list[Outgoing]:
        drawn.append(screen)
        return render(screen, bot_username)

    for module in (messenger, push_requests):  # whichever draws pushed screens
        monkeypatch.setattr(module, "render", counted, raising=False)
    await pushes.enrol(ADA, BOB, CY)
    async with pushes.uow() as uow:
        assert pushes.consultation is not None
        first = await uow.paragraphs.at_position(pushes.consultation.id, 1)
    assert first is not None
    agree = CastVote(
        consultation_id=first.consultation_id, paragraph_id=first.id, choice=Choice.AGREE
    )
    await pushes.app.handle(Actor(ref=telegram_ref(ADA), display_name="Ada"), agree)
    await pushes.release()

    assert await pushes.delivery().dispatch_due() == 3

    assert "You agree" in pushes.sent_to(ADA)[-1]
    assert all("Do you agree?" in pushes.sent_to(chat)[-1] for chat in (BOB, CY))
    assert len(drawn) == 2
