"""Several workspaces: installing through Slack's OAuth flow, then serving each team its own way.

The real Bolt OAuth flow and slack-sdk's SQLAlchemy stores run on townhall's SQLite database,
migrated by Alembic; the fake Web API plays Slack (oauth.v2.access issues `xoxb-T2-1` for team
T2). A browser is an httpx client on the project's Starlette server (`https://`, so it keeps
Bolt's Secure state cookie); Slack's own requests are signed as usual.
"""

import asyncio
import io
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from slack_bolt.async_app import AsyncApp
from sqlalchemy import text

from bots.chat.settings import ConfigError
from bots.runtime.bootstrap import Townhall
from bots.runtime.commands.running import run
from bots.runtime.config import MAX_BODY_BYTES, Config, ServerConfig, parse_config
from bots.runtime.front_ends.slack import SlackFrontEnd
from bots.runtime.server import build_server
from bots.slack.application import build_slack_app
from bots.slack.arrivals import SlackArrivals
from bots.slack.runner import EVENTS_PATH, check_slack_config, slack_routes
from bots.slack.settings import MANIFEST_BOT_SCOPES, SlackConfig, SlackInstallConfig, SlackMode
from tests.bots.slack.conftest import SECRET
from tests.bots.slack.test_running import free_port, sqlite_townhall, started
from tests.fakes.memory import FakeClock
from tests.fakes.slack import FakeSlackApi
from tests.fakes.slack_payloads import event_callback, signed_headers, slash_command

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "test-client-secret"
STATE_COOKIE = "slack-app-oauth-state"
MANIFEST = Path(__file__).parents[3] / "slack-manifest.yml"

# slack-sdk's AsyncWebClient sends oauth.v2.access's client credentials with aiohttp.BasicAuth,
# which aiohttp 3.14 deprecates; harmless (the header is right) and not ours to change.
pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")


def installing_config(fake: FakeSlackApi) -> SlackConfig:
    install = SlackInstallConfig(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        authorization_url=f"{fake.root_url}/oauth/v2/authorize",
    )
    return SlackConfig(
        mode=SlackMode.HTTP, base_url=fake.base_url, signing_secret=SECRET, install=install
    )


@dataclass
class Installing:
    """townhall's Slack app in OAuth mode on SQLite, served to a browser and to Slack."""

    fake: FakeSlackApi
    townhall: Townhall
    bolt: AsyncApp
    browser: httpx.AsyncClient

    async def install(self, team_id: str, name: str = "Second Team") -> httpx.Response:
        """A person installs the app: install page, Slack's consent, back with code and state."""
        started = await self.browser.get("/slack/install")
        state = query(started.headers["location"])["state"]
        code = self.fake.teams.grant(team_id, name)
        return await self.browser.get(
            "/slack/oauth_redirect", params={"code": code, "state": state}
        )

    async def post(self, request: tuple[str, dict[str, str]]) -> httpx.Response:
        """Slack posting a signed request to /slack/events."""
        body, headers = request
        return await self.browser.post(EVENTS_PATH, content=body, headers=headers)

    async def rows(self, table: str) -> list[Mapping[str, object]]:
        assert self.townhall.engine is not None
        async with self.townhall.engine.connect() as connection:
            result = await connection.execute(text(f"SELECT * FROM {table}"))
            return [dict(row) for row in result.mappings()]


def query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
async def installing(
    fake_slack_api: FakeSlackApi, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[Installing]:
    fake_slack_api.teams.register_app(CLIENT_ID, CLIENT_SECRET)
    async with sqlite_townhall(tmp_path, clock) as townhall:
        config = installing_config(fake_slack_api)
        bolt = build_slack_app(config, townhall.app, townhall.engine)
        arrivals = SlackArrivals(bolt, townhall.inbox, townhall.clock, SECRET)
        server = build_server(townhall.check_database, slack_routes(bolt, arrivals))
        transport = httpx.ASGITransport(app=server)
        async with httpx.AsyncClient(transport=transport, base_url="https://townhall.test") as web:
            yield Installing(fake=fake_slack_api, townhall=townhall, bolt=bolt, browser=web)
        await arrivals.processor.drain()


# --- installing --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/slack/install", "/slack/oauth_redirect"])
async def test_the_install_pages_refuse_a_body_over_the_limit_unread(
    installing: Installing, path: str
) -> None:
    response = await installing.browser.request("GET", path, content=b"x" * (MAX_BODY_BYTES + 1))

    assert response.status_code == 413
    assert await installing.rows("slack_oauth_states") == []


async def test_the_install_page_redirects_to_slacks_consent_page_with_a_fresh_state(
    installing: Installing,
) -> None:
    response = await installing.browser.get("/slack/install")

    assert response.status_code == 302
    location = response.headers["location"]
    assert location.startswith(f"{installing.fake.root_url}/oauth/v2/authorize?")
    asked = query(location)
    assert asked["client_id"] == CLIENT_ID
    assert asked["scope"] == ",".join(MANIFEST_BOT_SCOPES)
    assert installing.browser.cookies[STATE_COOKIE] == asked["state"]
    [stored] = await installing.rows("slack_oauth_states")
    assert stored["state"] == asked["state"]


async def test_coming_back_with_the_code_saves_the_teams_installation_in_townhalls_database(
    installing: Installing,
) -> None:
    response = await installing.install("T2", "Second Team")

    assert response.status_code == 200
    [exchange] = installing.fake.calls_to("oauth.v2.access")
    assert exchange.ok
    assert exchange.authorization.startswith("Basic ")  # the app's client id and secret
    [installation] = await installing.rows("slack_installations")
    assert (installation["team_id"], installation["team_name"]) == ("T2", "Second Team")
    assert (installation["bot_token"], installation["bot_id"]) == ("xoxb-T2-1", "B0BOTT2")
    assert installation["client_id"] == CLIENT_ID
    [bot] = await installing.rows("slack_bots")
    assert bot["bot_user_id"] == "U0BOTT2"
    assert await installing.rows("slack_oauth_states") == []  # a state is used once


@pytest.mark.parametrize(
    ("cookie", "state", "status"),
    [
        (None, None, 400),  # no state at all
        (None, "issued", 400),  # a state, but not from this browser
        ("forged", "forged", 401),  # this browser's, but never issued
        ("used", "used", 401),  # issued, then used already
    ],
)
async def test_a_redirect_without_a_valid_state_is_refused_and_saves_nothing(
    installing: Installing, cookie: str | None, state: str | None, status: int
) -> None:
    issued = query((await installing.browser.get("/slack/install")).headers["location"])["state"]
    if "used" in (cookie, state):
        await installing.browser.get("/slack/oauth_redirect", params={"state": issued})
    installing.browser.cookies.clear()
    values = {"forged": "0bad", "issued": issued, "used": issued}
    params = {"code": installing.fake.teams.grant("T2", "Second Team")}
    if state is not None:
        params["state"] = values[state]
    headers = {"cookie": f"{STATE_COOKIE}={values[cookie]}"} if cookie else {}

    response = await installing.browser.get(
        "/slack/oauth_redirect", params=params, headers=headers
    )

    assert response.status_code == status
    assert installing.fake.calls_to("oauth.v2.access") == []
    assert await installing.rows("slack_installations") == []


# --- serving installed teams -------------------------------------------------------------------


async def test_each_installed_team_is_answered_with_its_own_bot_token(
    installing: Installing,
) -> None:
    await installing.install("T2")
    await installing.install("T3", "Third Team")
    installing.fake.clear()

    for team, person in (("T2", "U0002"), ("T3", "U0003")):
        joined = await installing.post(
            slash_command(
                SECRET, text="join plan", team_id=team, user_id=person, channel_id="D" + person
            )
        )
        assert joined.status_code == 200
    calls = await installing.fake.wait_for("chat.postMessage", count=4)

    posted = {(str(call.params["channel"]), call.authorization) for call in calls}
    assert posted == {("DU0002", "Bearer xoxb-T2-1"), ("DU0003", "Bearer xoxb-T3-2")}
    [checked_t2, checked_t3] = installing.fake.calls_to("auth.test")  # Bolt's authorize
    assert checked_t2.authorization == "Bearer xoxb-T2-1"
    assert checked_t3.authorization == "Bearer xoxb-T3-2"


async def test_a_team_without_an_installation_gets_bolts_reinstall_notice_and_nothing_else(
    installing: Installing,
) -> None:
    reply_to = installing.fake.response_url("stranger")
    command = slash_command(SECRET, text="join plan", team_id="T9", response_url=reply_to)

    response = await installing.post(command)
    await installing.fake.wait_for("response_url")

    assert (response.status_code, response.text) == (200, "")
    [notice] = installing.fake.responses("stranger")
    assert "reinstall this app" in str(notice["text"])
    assert [call.method for call in installing.fake.calls] == ["response_url"]
    assert await installing.rows("participants") == []


async def test_uninstalling_the_app_deletes_the_teams_installation_and_logs_it(
    installing: Installing, caplog: pytest.LogCaptureFixture
) -> None:
    await installing.install("T2")
    await installing.install("T3", "Third Team")

    with caplog.at_level(logging.INFO, logger="bots.slack"):
        response = await installing.post(
            event_callback(SECRET, {"type": "app_uninstalled"}, team_id="T2")
        )
        await eventually(lambda: installed_teams(installing), {"T3"})

    assert response.status_code == 200
    assert {row["team_id"] for row in await installing.rows("slack_bots")} == {"T3"}
    assert "the app was uninstalled in team T2" in caplog.text
    assert "xoxb-" not in caplog.text


async def test_a_revoked_bot_token_deletes_the_teams_installation(installing: Installing) -> None:
    await installing.install("T2")
    event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0BOTT2"]}}

    await installing.post(event_callback(SECRET, event, team_id="T2"))

    await eventually(lambda: installed_teams(installing), set())


async def installed_teams(installing: Installing) -> set[object]:
    return {row["team_id"] for row in await installing.rows("slack_installations")}


Reader = Callable[[], Awaitable[object]]


async def eventually(read: Reader, expected: object, timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """Listeners run after ack(): wait until `read()` gives `expected`."""
    async with asyncio.timeout(timeout):
        while (seen := await read()) != expected:  # noqa: ASYNC110 - no event announces it
            await asyncio.sleep(0.02)
    assert seen == expected


# --- running and configuring -------------------------------------------------------------------


async def test_run_slack_serves_the_install_page_over_real_http_next_to_the_events(
    fake_slack_api: FakeSlackApi, tmp_path: Path, clock: FakeClock
) -> None:
    port = free_port()
    config = Config(slack=installing_config(fake_slack_api), server=ServerConfig(port=port))
    stop = asyncio.Event()
    async with sqlite_townhall(tmp_path, clock) as townhall:
        running = asyncio.create_task(SlackFrontEnd().serve(config, townhall, stop))
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            await started(client)
            install = await client.get("/slack/install")
            body = "{}"
            unsigned = await client.post(
                EVENTS_PATH, content=body, headers=signed_headers(body, "x")
            )
        stop.set()
        await asyncio.wait_for(running, 5)

    assert install.status_code == 302
    assert "state=" in install.headers["location"]
    assert unsigned.status_code == 401


async def test_townhall_run_with_only_a_client_id_names_the_missing_secret() -> None:
    config = Config(slack=SlackConfig(install=SlackInstallConfig(client_id=CLIENT_ID)))
    streams = {"input": io.StringIO(), "output": io.StringIO(), "errors": io.StringIO()}

    with pytest.raises(ConfigError, match=r"^SLACK_CLIENT_SECRET: required with SLACK_CLIENT_ID"):
        await run(config, "ana", **streams)


def test_both_client_credentials_in_the_environment_turn_installing_on() -> None:
    environ = {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET}
    consent = "https://slack-gov.com/oauth/v2/authorize"
    table = {
        "slack": {
            "mode": "http",
            "scopes": ["chat:write", "commands"],
            "authorization_url": consent,
        }
    }

    slack = parse_config(table, environ).slack

    assert slack.install.enabled
    assert slack.install.scopes == ("chat:write", "commands")
    assert slack.install.authorization_url == consent
    assert (slack.install.install_path, slack.install.redirect_path) == (
        "/slack/install",
        "/slack/oauth_redirect",
    )
    assert CLIENT_SECRET not in repr(slack)
    assert not parse_config({}, {}).slack.install.enabled


@pytest.mark.parametrize(
    ("slack", "named"),
    [
        ({"scopes": ["chat:write", "bad scope"]}, "slack.scopes[1]"),
        ({"install_path": "install"}, "slack.install_path"),
        ({"redirect_path": "/slack/install"}, "slack.redirect_path"),
        ({"authorization_url": "slack.com/oauth"}, "slack.authorization_url"),
        ({"redirect_url": "/x"}, "slack.redirect_url"),  # a typo: unknown key
    ],
)
def test_a_bad_install_key_is_refused_by_name(slack: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError, match=f"^{re.escape(named)}:"):
        parse_config({"slack": slack}, {})


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"mode": SlackMode.SOCKET, "app_token": "xapp-1"}, "slack.mode"),
        ({"bot_token": "xoxb-1"}, "SLACK_BOT_TOKEN"),
        ({"install": SlackInstallConfig(client_id=CLIENT_ID)}, "SLACK_CLIENT_SECRET"),
        ({"install": SlackInstallConfig(client_secret=CLIENT_SECRET)}, "SLACK_CLIENT_ID"),
        ({"signing_secret": None}, "SLACK_SIGNING_SECRET"),
    ],
)
def test_installing_needs_http_mode_both_credentials_a_signing_secret_and_no_bot_token(
    fake_slack_api: FakeSlackApi, change: dict[str, object], named: str
) -> None:
    slack = replace(installing_config(fake_slack_api), **change)  # type: ignore[arg-type]

    with pytest.raises(ConfigError, match=f"^{named}:"):
        check_slack_config(slack)


def test_the_default_scopes_are_the_bot_scopes_of_the_manifest() -> None:
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    start = lines.index("    bot:") + 1
    scopes = []
    for line in lines[start:]:
        if not line.startswith("      - "):
            break
        scopes.append(line.removeprefix("      - ").strip())

    assert tuple(scopes) == MANIFEST_BOT_SCOPES
