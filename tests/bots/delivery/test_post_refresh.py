"""Linked posts refresh their tally through the outbox: 50 votes in 30 s give one edit.

Real python-telegram-bot and slack-sdk against the fake Bot API and Web API.
"""

from datetime import timedelta

from bots.chat.identities import slack_ref, telegram_ref
from core.intents import CastVote, LinkChannel
from core.model import Actor, ChannelRef, Choice, Platform
from core.services.posts import REFRESH_WINDOW
from tests.bots.delivery.conftest import Pushes
from tests.bots.delivery.slack_pushes import CHANNEL, SlackPushes
from tests.bots.telegram.conftest import button_labels
from tests.fakes.memory import FakeUnitOfWork, MemoryDatabase
from tests.fakes.slack_workspace import TEAM_ID
from tests.organiser import add_organiser

GROUP = -100777


async def first_paragraph(memory: MemoryDatabase) -> tuple[int, int]:
    async with FakeUnitOfWork(memory) as uow:
        consultation = await uow.consultations.get_by_slug("plan")
        assert consultation is not None
        return consultation.id, (await uow.paragraphs.list(consultation.id))[0].id


async def fifty_votes(app_actor: list[Actor], pushes: Pushes | SlackPushes) -> None:
    """50 people vote on P1 within 30 seconds: 37 agree, 13 disagree."""
    cid, pid = await first_paragraph(pushes.memory)
    for n, voter in enumerate(app_actor):
        choice = Choice.DISAGREE if n % 4 == 0 else Choice.AGREE
        await pushes.app.handle(
            voter, CastVote(consultation_id=cid, paragraph_id=pid, choice=choice)
        )
        pushes.clock.advance(timedelta(milliseconds=500))


async def test_a_telegram_group_post_is_edited_once_for_fifty_votes(pushes: Pushes) -> None:
    organiser = Actor(ref=telegram_ref(1), display_name="Ada")
    await add_organiser(pushes.uow(), organiser.ref)
    group = ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id=str(GROUP))
    await pushes.app.handle(organiser, LinkChannel(slug="plan", channel=group, title="Group"))
    pushes.fake.register_chat(GROUP, "supergroup", "Group")
    await pushes.release()
    await pushes.delivery().dispatch_due()
    [post] = pushes.fake.messages(GROUP)

    voters = [Actor(ref=telegram_ref(1000 + n), display_name=f"V{n}") for n in range(50)]
    await fifty_votes(voters, pushes)
    assert await pushes.delivery().dispatch_due() == 0  # the window has not ended
    pushes.clock.advance(REFRESH_WINDOW)
    assert await pushes.delivery().dispatch_due() == 1

    [edit] = pushes.fake.calls_to("editMessageText")
    assert (edit.params["chat_id"], edit.params["message_id"]) == (GROUP, post["message_id"])
    assert "74% agree (37 agree, 13 disagree)" in str(edit.params["text"])
    [edited] = pushes.fake.messages(GROUP)
    assert button_labels(edited)[:2] == ["Agree", "Disagree"]
    assert "74% agree" in str(edited["text"])


async def test_a_slack_channel_post_is_updated_once_for_fifty_votes(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.link()
    await slack_pushes.release()
    await slack_pushes.dispatcher().dispatch_due()
    [posted] = slack_pushes.posts(CHANNEL)

    voters = [Actor(ref=slack_ref(TEAM_ID, f"U{n:04}"), display_name=f"V{n}") for n in range(50)]
    await fifty_votes(voters, slack_pushes)
    assert await slack_pushes.dispatcher().dispatch_due() == 0  # the window has not ended
    slack_pushes.clock.advance(REFRESH_WINDOW)
    assert await slack_pushes.dispatcher().dispatch_due() == 1

    [update] = slack_pushes.fake.calls_to("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (CHANNEL, posted.response["ts"])
    assert "74% agree (37 agree, 13 disagree)" in str(update.params["blocks"])
