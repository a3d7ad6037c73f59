"""Moderation from Telegram: Report under a comment, the review queue, Delete, forged buttons."""

from bots.chat.identities import telegram_ref
from bots.telegram.client import TelegramClient
from bots.telegram.messenger import TelegramMessenger
from core.app import ConsultationApp
from core.callbacks import encode
from core.intents import ModerateComment, ReportComment
from core.model import CommentState
from core.moderation import ModerationAction, ReportReason
from core.services.dispatching import Dispatcher
from tests.bots.conftest import create
from tests.bots.telegram.conftest import (
    TelegramWorld,
    button_labels,
    message_id,
    text_of,
    uow_factory,
)
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.memory_state import StoredComment
from tests.fakes.telegram_chats import Json
from tests.fakes.telegram_updates import callback_query, private_message
from tests.organiser import add_organiser

ANA = 4242  # writes the comment
MO = 7070  # an organiser, so a moderator
REPORTERS = ((5151, "Ben"), (5252, "Cy"), (5353, "Di"))
HOSTILE = "Buy <b>pills</b> & more"


async def joined(telegram: TelegramWorld, user_id: int, name: str) -> Json:
    """The person joined "plan"; their first card."""
    await telegram.receive(private_message(user_id, "/start plan", first_name=name))
    await telegram.press(user_id, telegram.last(user_id), "Start", name=name)
    return telegram.last(user_id)


async def listed(telegram: TelegramWorld, user_id: int, card: Json, name: str) -> list[Json]:
    """The messages of the person's Comments list of P1 (header, items, navigation)."""
    before = len(telegram.fake.messages(user_id))
    labels = [label for label in button_labels(card) if label.startswith("Comments")]
    await telegram.press(user_id, card, labels[0], name=name)
    return telegram.fake.messages(user_id)[before:]


def comment(telegram: TelegramWorld) -> StoredComment:
    return min(telegram.memory.tables.comments.values(), key=lambda stored: stored.id)


def toast(telegram: TelegramWorld) -> str:
    return str(telegram.fake.calls_to("answerCallbackQuery")[-1].params.get("text", ""))


async def commented(telegram: TelegramWorld) -> Json:
    """Plan is open, MO organises it, Ana commented on P1; Ana's card."""
    await create(telegram.memory, telegram.clock)
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(MO))
    card = await joined(telegram, ANA, "Ana")
    await telegram.receive(private_message(ANA, HOSTILE, reply_to=card, first_name="Ana"))
    return card


async def pushed(telegram: TelegramWorld) -> None:
    """The worker sends what the outbox holds through the Telegram messenger, to the fake."""
    bot = telegram.application.bot
    app = ConsultationApp(uow_factory(telegram.memory), telegram.clock)
    messenger = TelegramMessenger(bot, TelegramClient(bot, app))
    dispatcher = Dispatcher(
        uow_factory=uow_factory(telegram.memory),
        messenger=messenger,
        clock=telegram.clock,
        worker="w1",
        jitter=lambda: 0.0,
    )
    await dispatcher.dispatch_due()


async def reported_three_times(telegram: TelegramWorld) -> None:
    """Ben, Cy and Di each report Ana's comment from their Comments list: Report, then Spam."""
    for user_id, name in REPORTERS:
        card = await joined(telegram, user_id, name)
        _, item, _ = await listed(telegram, user_id, card, name)
        assert button_labels(item) == ["👍 0", "👎 0", "Reply", "Report"]
        await telegram.press(user_id, item, "Report", name=name)
        menu = telegram.message(user_id, message_id(item))
        assert text_of(menu) == text_of(item)  # the same comment, its keyboard now the reasons
        assert button_labels(menu)[4:] == ["Spam", "Offensive", "Off-topic", "Other", "Cancel"]
        await telegram.press(user_id, menu, "Spam", name=name)
        done = telegram.message(user_id, message_id(item))
        assert "is reported to the moderators (spam)" in text_of(done)
        assert button_labels(done) == []


async def test_three_reports_hide_a_comment_until_a_moderator_restores_it_from_the_queue(
    telegram: TelegramWorld,
) -> None:
    await commented(telegram)
    await reported_three_times(telegram)

    assert comment(telegram).state is CommentState.HIDDEN
    newcomer = await joined(telegram, 5454, "Eve")
    assert "Comments (0)" in button_labels(newcomer)
    [empty] = await listed(telegram, 5454, newcomer, "Eve")
    assert text_of(empty) == "No comments on P1 yet."
    await pushed(telegram)
    assert telegram.last_text(ANA) == (
        "⚠️ Your comment on P1 in “Plan” is hidden while the moderators review it: people "
        "reported it as spam (3)."
    )
    notice = telegram.last(MO)
    assert text_of(notice).startswith("1 comment")
    assert text_of(notice).endswith("review in “Plan”.")

    await telegram.press(MO, notice, "Review", name="Mo")
    review = telegram.message(MO, message_id(notice))  # the notice became the first comment
    assert "#1 on P1 by Ana" in text_of(review)
    assert "hidden pending review" in text_of(review)
    assert "spam ×3" in text_of(review)
    assert text_of(review).endswith(HOSTILE)  # escaped, so shown as written
    assert button_labels(review) == ["Restore", "Hide", "Hide and block author"]
    await telegram.press(MO, review, "Restore", name="Mo")

    assert text_of(telegram.message(MO, message_id(review))) == (
        "✅ Comment #1 is restored: everyone sees it. Nothing else awaits review."
    )
    assert comment(telegram).state is CommentState.PUBLISHED
    _, item, _ = await listed(telegram, 5454, newcomer, "Eve")
    assert text_of(item).endswith(HOSTILE)


async def test_hide_and_block_leaves_the_author_voting_but_not_commenting(
    telegram: TelegramWorld,
) -> None:
    await commented(telegram)
    await reported_three_times(telegram)
    await telegram.receive(private_message(MO, "/review plan", first_name="Mo"))

    await telegram.press(MO, telegram.last(MO), "Hide and block author", name="Mo")

    decided = text_of(telegram.last(MO))
    assert "Its author may no longer comment (but may still vote)." in decided
    await telegram.receive(private_message(ANA, "/next", first_name="Ana"))
    card = telegram.last(ANA)
    await telegram.press(ANA, card, "Agree", name="Ana")
    assert toast(telegram) == "Noted: you agree with P1."
    await telegram.receive(private_message(ANA, "Again", reply_to=card, first_name="Ana"))
    assert len(telegram.memory.tables.comments) == 1
    assert "block" in telegram.last_text(ANA)


async def test_an_author_deletes_their_comment_after_confirming_and_replies_stay(
    telegram: TelegramWorld,
) -> None:
    mine = await commented(telegram)
    ben, name = REPORTERS[0]
    card = await joined(telegram, ben, name)
    _, item, _ = await listed(telegram, ben, card, name)
    await telegram.receive(private_message(ben, "A reply", reply_to=item, first_name=name))
    _, own, _, _ = await listed(telegram, ANA, mine, "Ana")
    assert button_labels(own) == ["👍 0", "👎 0", "Reply", "Delete"]

    await telegram.press(ANA, own, "Delete", name="Ana")
    confirm = telegram.message(ANA, message_id(own))
    assert button_labels(confirm)[4:] == ["Delete it", "Keep it"]
    assert comment(telegram).state is CommentState.PUBLISHED  # nothing yet
    await telegram.press(ANA, confirm, "Delete it", name="Ana")

    assert text_of(telegram.message(ANA, message_id(own))) == (
        "✅ Your comment #1 is deleted; replies to it stay."
    )
    _, gone, reply, _ = await listed(telegram, ben, card, name)
    assert "comment deleted by its author" in text_of(gone)
    assert HOSTILE not in text_of(gone)
    assert text_of(reply).endswith("A reply")


async def test_forged_moderation_and_report_buttons_are_refused_and_change_nothing(
    telegram: TelegramWorld,
) -> None:
    await commented(telegram)
    ben, name = REPORTERS[0]
    card = await joined(telegram, ben, name)
    consultation_id = comment(telegram).consultation_id
    hide = ModerateComment(
        consultation_id=consultation_id, comment_id=1, action=ModerationAction.HIDE
    )
    own = ReportComment(consultation_id=consultation_id, comment_id=1, reason=ReportReason.SPAM)

    await telegram.receive(callback_query(ben, encode(hide), card, first_name=name))
    assert toast(telegram) == "Only the moderators of “Plan” can do that."
    await telegram.receive(callback_query(ANA, encode(own), card, first_name="Ana"))
    assert toast(telegram) == "You cannot report your own comment."
    await telegram.receive(callback_query(ben, encode(hide)[:-2], card, first_name=name))
    assert toast(telegram).startswith("This button is not valid any more")

    assert comment(telegram).state is CommentState.PUBLISHED
    assert telegram.memory.tables.reports == {}
    assert telegram.memory.tables.moderation_log == []


async def test_a_decision_turns_the_review_message_into_the_next_comment_waiting(
    telegram: TelegramWorld,
) -> None:
    card = await commented(telegram)
    await telegram.receive(private_message(ANA, "Buy pens", reply_to=card, first_name="Ana"))
    telegram.memory.tables.moderation_settings[comment(telegram).consultation_id] = (False, 1)
    ben, name = REPORTERS[0]
    _, *items, _ = await listed(telegram, ben, await joined(telegram, ben, name), name)
    for item in items:
        await telegram.press(ben, item, "Report", name=name)
        await telegram.press(ben, telegram.message(ben, message_id(item)), "Spam", name=name)
    await telegram.receive(private_message(MO, "/review plan", first_name="Mo"))
    review = telegram.last(MO)
    assert "1 of 2" in text_of(review)

    await telegram.press(MO, review, "Hide", name="Mo")

    following = telegram.message(MO, message_id(review))
    assert text_of(following).startswith("✅ Comment #1 is hidden.\n\n🛡 Review · Plan · 1 of 1")
    assert text_of(following).endswith("Buy pens")
    await telegram.press(MO, following, "Restore", name="Mo")
    assert text_of(telegram.message(MO, message_id(review))) == (
        "✅ Comment #2 is restored: everyone sees it. Nothing else awaits review."
    )
