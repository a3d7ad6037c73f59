"""The worker's messengers include Slack when it is configured: one bot token, or installations."""

from pathlib import Path

from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore

from bots.runtime.config import Config, DatabaseConfig
from bots.runtime.front_ends import build_front_ends
from bots.runtime.messaging import open_messengers
from bots.slack.settings import SlackConfig, SlackInstallConfig, SlackMode
from core.model import Platform
from core.services.dispatching import Dispatcher
from storage.engine import make_engine
from storage.migrate import upgrade_database
from tests.bots.delivery.slack_pushes import SlackPushes

ADA = "U0ADA"
CLIENT_ID = "1111.2222"


async def test_a_bot_token_makes_the_worker_push_to_slack(slack_pushes: SlackPushes) -> None:
    fake = slack_pushes.fake
    config = Config(slack=SlackConfig(base_url=fake.base_url, bot_token=fake.token))
    await slack_pushes.enrol(ADA)
    plan = await slack_pushes.release()

    async with open_messengers(config, slack_pushes.app, build_front_ends()) as messenger:
        assert messenger.platforms == frozenset({Platform.SLACK})
        dispatcher = Dispatcher(
            uow_factory=slack_pushes.uow, messenger=messenger, clock=slack_pushes.clock, worker="w"
        )
        assert await dispatcher.dispatch_due() == 1

    [card] = fake.messages("D" + ADA)
    assert "P1" in str(card["text"])
    assert (await slack_pushes.report(plan.broadcast_id)).sent == 1


async def test_installed_workspaces_get_their_tokens_from_townhalls_database(
    slack_pushes: SlackPushes, tmp_path: Path
) -> None:
    fake = slack_pushes.fake
    url = f"sqlite+aiosqlite:///{tmp_path / 'townhall.db'}"
    await upgrade_database(url)  # migration 0004 makes slack-sdk's tables
    engine = make_engine(url)
    store = AsyncSQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=engine)
    await store.async_save(
        Installation(app_id="A0APP", team_id="T0001", bot_token=fake.token, user_id="U0ADMIN")
    )
    await engine.dispose()
    install = SlackInstallConfig(client_id=CLIENT_ID, client_secret="secret")
    slack = SlackConfig(mode=SlackMode.HTTP, base_url=fake.base_url, install=install)
    config = Config(database=DatabaseConfig(url=url), slack=slack)
    await slack_pushes.enrol(ADA)
    await slack_pushes.release()

    # No engine given: the Slack front end makes its own.
    async with open_messengers(config, slack_pushes.app, build_front_ends()) as messenger:
        dispatcher = Dispatcher(
            uow_factory=slack_pushes.uow, messenger=messenger, clock=slack_pushes.clock, worker="w"
        )
        await dispatcher.dispatch_due()

    assert [call.authorization for call in slack_pushes.posts()] == [f"Bearer {fake.token}"]
