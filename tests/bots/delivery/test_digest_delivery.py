"""A digest reaches a linked Telegram group, a Slack channel and subscribers, escaped for each.

The real Dispatcher sends through python-telegram-bot and slack-sdk to the fake Bot API and
Web API; the fake clock (Friday 15 Jan 2027, 12:00 UTC) moves to the digest's 18:00.
"""

from datetime import timedelta

from bots.chat.identities import slack_ref, telegram_ref
from core.digests import DigestEvery
from core.intents import CastVote, Join, LinkChannel, SetDigests
from core.model import CLI_ACTOR, Actor, ChannelRef, Choice, Platform
from core.orders import SetDigest
from core.ports import UnitOfWorkFactory
from core.sweeps import queue_digests
from tests.bots.delivery.conftest import Pushes
from tests.bots.delivery.slack_pushes import CHANNEL, SlackPushes
from tests.bots.slack.conftest import texts
from tests.fakes.slack_workspace import TEAM_ID
from tests.organiser import add_organiser

HOSTILE = "Plan <b>&amp; <!channel>"


async def busy_day(uow: UnitOfWorkFactory, app_actor: Actor, pushes: Pushes | SlackPushes) -> None:
    """A hostile title, a daily digest, a subscriber's vote at 13:00; then 18:05."""
    async with uow() as work:
        consultation = await work.consultations.get_by_slug("plan")
        assert consultation is not None
        await work.consultations.set_title(consultation.id, HOSTILE)
        paragraph = (await work.paragraphs.list(consultation.id))[0]
        await work.commit()
    await pushes.app.handle(CLI_ACTOR, SetDigest(slug="plan", every=DigestEvery.DAILY))
    await pushes.app.handle(app_actor, Join(payload="plan"))
    await pushes.app.handle(app_actor, SetDigests(consultation_id=consultation.id, on=True))
    pushes.clock.advance(timedelta(hours=1))
    vote = CastVote(
        consultation_id=consultation.id, paragraph_id=paragraph.id, choice=Choice.AGREE
    )
    await pushes.app.handle(app_actor, vote)
    pushes.clock.advance(timedelta(hours=5, minutes=5))
    assert len(await queue_digests(pushes.app)) == 1
    assert await queue_digests(pushes.app) == []


async def test_a_digest_reaches_a_linked_telegram_group_and_a_subscriber_escaped(
    pushes: Pushes,
) -> None:
    organiser = Actor(ref=telegram_ref(101), display_name="Ada")
    await add_organiser(pushes.uow(), organiser.ref)
    group = ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id="-100")
    await pushes.app.handle(organiser, LinkChannel(slug="plan", channel=group, title="Group"))
    pushes.fake.register_chat(-100, "group", "Group")
    await pushes.enrol(103)  # took part, did not subscribe
    bob = Actor(ref=telegram_ref(102), display_name="Bob")

    await busy_day(pushes.uow, bob, pushes)

    assert await pushes.delivery().dispatch_due() == 2
    [post] = pushes.fake.messages(-100)
    # The fake parses the HTML as Telegram does: the title shows as it was written.
    assert str(post["text"]).startswith(
        f"📰 “{HOSTILE}” — today: 1 new vote, 0 new comments, 1 new participant."
    )
    [personal] = pushes.fake.messages(102)
    assert "/unsubscribe stops these digests." in str(personal["text"])
    assert pushes.fake.messages(103) == []
    assert await pushes.delivery().dispatch_due() == 0


async def test_a_digest_reaches_a_linked_slack_channel_and_a_subscriber_escaped(
    slack_pushes: SlackPushes,
) -> None:
    await slack_pushes.link()
    bob = Actor(ref=slack_ref(TEAM_ID, "U0BOB"), display_name="Bob")

    await busy_day(slack_pushes.uow, bob, slack_pushes)

    assert await slack_pushes.dispatcher().dispatch_due() == 2
    [post] = slack_pushes.fake.messages(CHANNEL)
    assert texts(post["blocks"])[0].startswith(
        "📰 “Plan &lt;b&gt;&amp;amp; &lt;!channel&gt;” — today: 1 new vote, 0 new comments, "
        "1 new participant."
    )
    [personal] = slack_pushes.fake.messages("DU0BOB")
    assert "/townhall unsubscribe" in texts(personal["blocks"])[0]
