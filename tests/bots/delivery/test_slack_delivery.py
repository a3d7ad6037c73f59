"""Pushes to Slack: what each screen looks like, what each Web API answer leads to, the pacing.

The real Dispatcher sends through SlackMessenger and slack-sdk's AsyncWebClient to the fake Web
API; the fake clock moves the outbox's time (retries, backoff); no test sleeps. Pacing is in
test_slack_pacing.py.
"""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from sqlalchemy.ext.asyncio import create_async_engine

from bots.chat.identities import slack_ref
from bots.slack.rendering import render
from bots.slack.tokens import InstalledTokens
from core.callbacks import decode
from core.delivery import OutcomeKind, Recipient
from core.intents import Join, ShowComments
from core.model import Actor, Platform
from core.screens import Notice
from core.services.dispatching import BACKOFF
from core.sweeps import announce_openings, close_due, sweep_reminders
from tests.bots.conftest import create
from tests.bots.delivery.slack_pushes import CHANNEL, SlackPushes
from tests.bots.slack.conftest import buttons, find_button, texts
from tests.fakes.slack import Call
from tests.fakes.slack_teams import FakeTeam
from tests.fakes.slack_workspace import TEAM_ID

ADA, BOB = "U0ADA", "U0BOB"


def labels(message: dict[str, object] | Call) -> list[str]:
    blocks = message.params.get("blocks") if isinstance(message, Call) else message.get("blocks")
    return [text for text, _, _ in buttons(blocks)]


async def test_a_release_reaches_a_participants_dm_and_a_linked_channel(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.enrol(ADA)
    await slack_pushes.link()
    plan = await slack_pushes.release()

    assert await slack_pushes.dispatcher().dispatch_due() == 2

    [opened] = slack_pushes.fake.calls_to("conversations.open")
    assert opened.params["users"] == ADA
    [card] = slack_pushes.fake.messages("D" + ADA)
    assert str(card["text"]).startswith("P1 · 1 of 5: The plan sets out")
    assert "The plan sets out what the city will do." in texts(card["blocks"])
    assert labels(card)[:2] == ["Agree", "Disagree"]
    [post] = slack_pushes.fake.messages(CHANNEL)
    assert str(post["text"]).startswith("P1 · 1 of 5")
    assert "Participate" in labels(post)
    assert not any(call.missing_text_fallback for call in slack_pushes.posts())
    report = await slack_pushes.report(plan.broadcast_id)
    assert (report.sent, report.pending, report.failed) == (2, 0, 0)


async def test_a_push_goes_out_as_compact_utf8_json_with_the_workspaces_token(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.enrol(ADA)
    await slack_pushes.release()

    assert await slack_pushes.dispatcher().dispatch_due() == 1

    [card] = slack_pushes.posts("D" + ADA)
    assert card.authorization == f"Bearer {slack_pushes.fake.token}"
    assert json.loads(card.body) == card.params
    assert b'", "' not in card.body  # no padding
    assert b'": ' not in card.body
    assert "·".encode() in card.body  # UTF-8, not escapes
    assert b"\\u" not in card.body


async def test_a_reminder_is_marked_as_one_with_continue_and_mute(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.enrol(ADA)
    await slack_pushes.plan_reminders(ADA)
    slack_pushes.clock.advance(timedelta(days=9, hours=12))  # the 7-day and 1-day ones are due
    assert await sweep_reminders(slack_pushes.app, "w1") == 1

    await slack_pushes.dispatcher().dispatch_due()

    reminder = slack_pushes.fake.messages("D" + ADA)[-1]
    text = str(reminder["text"])
    assert text.startswith("⏰ Reminder · Plan: you have responded to 0 of 5 paragraphs")
    assert texts(reminder["blocks"])[0].startswith("⏰ *Reminder* · *Plan*\nYou have responded")
    assert labels(reminder) == ["Continue", "Mute reminders"]


async def test_the_closing_summary_goes_to_participants_and_linked_channels(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.enrol(ADA, BOB)
    await slack_pushes.link()
    slack_pushes.clock.advance(timedelta(days=10, seconds=1))
    assert len(await close_due(slack_pushes.app)) == 1

    assert await slack_pushes.dispatcher().dispatch_due() == 3

    for channel in ("D" + ADA, "D" + BOB, CHANNEL):
        [summary] = slack_pushes.fake.messages(channel)
        assert summary["text"] == "Figures for “Plan”"
        assert "Level of agreement" in texts(summary["blocks"])[0]


async def test_a_reply_to_a_comment_reaches_its_author_with_a_button_to_the_thread(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.enrol(ADA, BOB)
    mine = await slack_pushes.comment(ADA, "Who pays for *this*?")
    await slack_pushes.comment(BOB, "The city <!channel>.", reply_to=mine)

    assert await slack_pushes.dispatcher().dispatch_due() == 1

    [reply] = slack_pushes.fake.messages("D" + ADA)
    assert reply["text"] == "Person U0BOB replied to your comment on P1 · Plan"
    shown = texts(reply["blocks"])
    assert "Who pays for *this*?" in shown
    assert "The city <!channel>." in shown
    assert labels(reply)[-2:] == ["Open the thread (P1)", "Mute"]
    _, value = find_button(reply["blocks"], "Open the thread")
    assert isinstance(decode(value), ShowComments)
    assert slack_pushes.fake.messages("D" + BOB) == []


async def test_an_opening_on_the_calendar_is_announced_in_a_linked_channel(
    slack_pushes: SlackPushes,
) -> None:
    await create(slack_pushes.memory, slack_pushes.clock, slug="later", opens_in=timedelta(days=1))
    await slack_pushes.link(slug="later")
    early = await slack_pushes.app.handle(
        Actor(ref=slack_ref(TEAM_ID, BOB), display_name="Bob"), Join(payload="later")
    )
    welcome = render(early, "/townhall")
    assert "🗓 Opens 16 Jan 2027, 12:00 UTC: votes and comments are accepted from then." in texts(
        list(welcome.blocks)
    )
    slack_pushes.clock.advance(timedelta(days=1))

    assert len(await announce_openings(slack_pushes.app)) == 1
    assert await slack_pushes.dispatcher().dispatch_due() == 1

    [post] = slack_pushes.fake.messages(CHANNEL)
    assert post["text"] == "“Plan” is open"
    assert texts(post["blocks"])[0] == "📣 *Plan* is open: your votes count."
    _, value = find_button(post["blocks"], "Participate")
    assert decode(value) == Join(payload="later")
    assert slack_pushes.fake.messages("D" + BOB) == []


async def test_a_429_is_retried_at_the_time_its_retry_after_states(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.enrol(ADA)
    plan = await slack_pushes.release()
    slack_pushes.fake.fail_next(
        "chat.postMessage", error="ratelimited", status=429, retry_after=30
    )
    dispatcher = slack_pushes.dispatcher()

    await dispatcher.dispatch_due()
    slack_pushes.clock.advance(timedelta(seconds=29))
    assert await dispatcher.dispatch_due() == 0
    slack_pushes.clock.advance(timedelta(seconds=1))
    assert await dispatcher.dispatch_due() == 1

    assert [call.status for call in slack_pushes.posts()] == [429, 200]
    assert (await slack_pushes.report(plan.broadcast_id)).sent == 1


async def test_a_deactivated_account_is_unreachable_and_left_out_from_then_on(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.enrol(ADA, BOB)
    plan = await slack_pushes.release((1, 2, 3), every=timedelta(days=1))
    slack_pushes.fake.fail_next("chat.postMessage", error="account_inactive")
    dispatcher = slack_pushes.dispatcher()

    assert await dispatcher.dispatch_due(limit=1) == 1  # Ada's first row: her account is gone
    for _ in range(3):
        await dispatcher.dispatch_due()
        slack_pushes.clock.advance(timedelta(days=1))
    later = await slack_pushes.release((4,))
    await dispatcher.dispatch_due()

    assert [call.error for call in slack_pushes.posts("D" + ADA)] == ["account_inactive"]
    assert len(slack_pushes.fake.messages("D" + BOB)) == 4
    report = await slack_pushes.report(plan.broadcast_id)
    assert (report.sent, report.unreachable, report.skipped, report.pending) == (3, 1, 2, 0)
    assert later.recipients == 1
    assert not await slack_pushes.reachable(ADA)
    assert await slack_pushes.reachable(BOB)


async def test_a_linked_channel_slack_cannot_find_is_unreachable(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.link("C0GONE")
    plan = await slack_pushes.release()
    slack_pushes.fake.fail_next("chat.postMessage", error="channel_not_found")

    await slack_pushes.dispatcher().dispatch_due()

    report = await slack_pushes.report(plan.broadcast_id)
    assert (report.unreachable, report.sent, report.pending) == (1, 0, 0)


async def test_a_server_error_backs_off_then_succeeds(slack_pushes: SlackPushes) -> None:
    await slack_pushes.enrol(ADA)
    plan = await slack_pushes.release()
    slack_pushes.fake.fail_next("chat.postMessage", error="fatal_error", status=500, times=2)
    dispatcher = slack_pushes.dispatcher()

    await dispatcher.dispatch_due()
    slack_pushes.clock.advance(BACKOFF - timedelta(seconds=1))
    assert await dispatcher.dispatch_due() == 0
    slack_pushes.clock.advance(timedelta(seconds=1))
    await dispatcher.dispatch_due()  # the second 500: the wait doubles
    slack_pushes.clock.advance(BACKOFF * 2)
    assert await dispatcher.dispatch_due() == 1

    assert [call.status for call in slack_pushes.posts()] == [500, 500, 200]
    assert (await slack_pushes.report(plan.broadcast_id)).sent == 1


@pytest.mark.parametrize(
    ("method", "error", "status", "expected"),
    [
        ("chat.postMessage", "ratelimited", 429, OutcomeKind.RETRY_AFTER),
        ("conversations.open", "ratelimited", 429, OutcomeKind.RETRY_AFTER),
        ("chat.postMessage", "not_in_channel", 200, OutcomeKind.UNREACHABLE),
        ("chat.postMessage", "is_archived", 200, OutcomeKind.UNREACHABLE),
        ("conversations.open", "user_not_found", 200, OutcomeKind.UNREACHABLE),
        ("conversations.open", "user_disabled", 200, OutcomeKind.UNREACHABLE),
        ("conversations.open", "cannot_dm_bot", 200, OutcomeKind.UNREACHABLE),
        ("chat.postMessage", "invalid_blocks", 200, OutcomeKind.FAILED),
        ("chat.postMessage", "msg_too_long", 200, OutcomeKind.FAILED),
        ("chat.postMessage", "invalid_auth", 200, OutcomeKind.FAILED),
        ("chat.postMessage", "service_unavailable", 503, OutcomeKind.TRANSIENT),
        ("conversations.open", "fatal_error", 500, OutcomeKind.TRANSIENT),
    ],
)
async def test_each_web_api_error_becomes_the_outcome_the_outbox_expects(
    slack_pushes: SlackPushes, method: str, error: str, status: int, expected: OutcomeKind
) -> None:
    slack_pushes.fake.fail_next(method, error=error, status=status, retry_after=7)
    person = Recipient(platform=Platform.SLACK, tenant=TEAM_ID, address=ADA, participant_id=1)

    outcome = await slack_pushes.delivery().deliver(person, Notice(text="Hello"))

    assert (outcome.kind, outcome.detail) == (expected, error)
    wait = timedelta(seconds=7) if expected is OutcomeKind.RETRY_AFTER else None
    assert outcome.retry_after == wait


async def test_a_web_api_that_cannot_be_reached_is_a_transient_failure(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.fake.stop()  # its port now refuses connections
    channel = Recipient(platform=Platform.SLACK, tenant=TEAM_ID, address=CHANNEL, channel_id=1)

    outcome = await slack_pushes.delivery().deliver(channel, Notice(text="Hello"))

    assert outcome.kind is OutcomeKind.TRANSIENT


# --- several workspaces (OAuth) ----------------------------------------------------------------


async def test_each_installed_team_is_pushed_to_with_its_own_token(
    slack_pushes: SlackPushes, tmp_path: Path
) -> None:
    other = slack_pushes.fake.teams.add(
        FakeTeam(
            team_id="T2",
            name="Second",
            bot_token="xoxb-T2-7",
            bot_user_id="U0BOT2",
            bot_id="B0BOT2",
            url="https://t2.slack.com/",
        )
    )
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'installations.db'}")
    store = AsyncSQLAlchemyInstallationStore(client_id="1111.2222", engine=engine)
    await store.create_tables()  # type: ignore[no-untyped-call]
    for team, token in ((TEAM_ID, slack_pushes.fake.token), (other.team_id, other.bot_token)):
        await store.async_save(
            Installation(
                app_id="A0APP",
                team_id=team,
                bot_token=token,
                bot_id="B0",
                bot_user_id="U0BOT",
                bot_scopes="chat:write,im:write",
                user_id="U0ADMIN",
            )
        )
    await slack_pushes.enrol(ADA)
    await slack_pushes.enrol(BOB, team="T2")
    await slack_pushes.enrol("U0CY", team="T3")  # the app was never installed there
    plan = await slack_pushes.release()
    delivery = slack_pushes.delivery(tokens=InstalledTokens(store))

    try:
        await slack_pushes.dispatcher(delivery).dispatch_due()
    finally:
        await engine.dispose()

    def authorization(user: str) -> list[str]:
        return [call.authorization for call in slack_pushes.posts("D" + user)]

    assert authorization(ADA) == [f"Bearer {slack_pushes.fake.token}"]
    assert authorization(BOB) == ["Bearer xoxb-T2-7"]
    assert authorization("U0CY") == []
    report = await slack_pushes.report(plan.broadcast_id)
    assert (report.sent, report.unreachable) == (2, 1)
    assert not await slack_pushes.reachable("U0CY", team="T3")
