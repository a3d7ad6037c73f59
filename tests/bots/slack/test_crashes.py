"""Kill tests: `townhall run` for Slack, SIGKILLed amid 300 presses, loses none and doubles none.

The real command line runs as a child process (tests/bots/townhall_process.py) against the fake
Web API: in HTTP mode, then in Socket Mode on the fake's Socket Mode end, on SQLite; then two
HTTP-mode processes on one PostgreSQL database behind one address, one of them killed. 300
people each press Agree on the first card the fake holds in their DM. The child is killed once
KILLED_AFTER cards are updated and started again; then every press must be stored once (one
inbox key, one vote, one vote event) and answered: its card updated, the next one posted.
Slack's side behaves as Slack does: in HTTP mode a request that got no 200 is sent again (signed
anew, the same body); in Socket Mode every envelope never acked is sent again on the new
connection. Nothing sleeps for a fixed time: every wait is for a condition, with a deadline.
"""

import asyncio
from collections.abc import Sequence
from pathlib import Path

import httpx
import pytest

from bots.slack.runner import EVENTS_PATH
from core.callbacks import encode
from core.intents import CastVote
from core.model import Choice
from storage.migrate import upgrade_database
from tests.bots.slack.conftest import SECRET
from tests.bots.townhall_process import (
    DEADLINE,
    ChildTownhall,
    assert_each_press_stored_once,
    child_environment,
    free_port,
    seed,
)
from tests.fakes.slack import FakeSlackApi
from tests.fakes.slack_payloads import SignedRequest, block_actions, signed_headers
from tests.fakes.slack_socket import APP_TOKEN

PEOPLE = [f"U{number:05d}" for number in range(1, 301)]
KILLED_AFTER = 100  # cards updated before the kill
SENDERS = 16  # requests Slack has in flight at once in HTTP mode
RETRY_PAUSE = 0.05  # seconds before Slack sends a request again


def queue_presses(
    fake: FakeSlackApi, consultation_id: int, paragraph_id: int
) -> list[SignedRequest]:
    """Each person's Agree on a card with the paragraph that the fake holds in their DM."""
    vote = encode(
        CastVote(consultation_id=consultation_id, paragraph_id=paragraph_id, choice=Choice.AGREE)
    )
    agree = {"type": "button", "text": {"type": "plain_text", "text": "Agree"}}
    blocks = [{"type": "actions", "elements": [agree | {"action_id": "vote.0", "value": vote}]}]
    presses = []
    for person in PEOPLE:
        opened = fake.workspace.conversations_open({"users": person})["channel"]
        assert isinstance(opened, dict)
        dm = str(opened["id"])
        card = fake.workspace.chat_post_message({"channel": dm, "text": "P1", "blocks": blocks})
        message = card["message"]
        assert isinstance(message, dict)
        presses.append(
            block_actions(
                SECRET,
                action_id="vote.0",
                value=vote,
                user_id=person,
                channel_id=dm,
                message=message,
                response_url=fake.response_url(person),
            )
        )
    return presses


class Answers:
    """Whose press is answered: the card updated and the next paragraph posted in the DM."""

    def __init__(self, fake: FakeSlackApi) -> None:
        self._calls = fake.calls
        self._seen = 0
        self.updated: set[str] = set()
        self.posted: set[str] = set()

    def left(self) -> int:
        """How many people are not answered yet (reads only the calls new since last time)."""
        for call in self._calls[self._seen :]:
            if call.status == 200 and call.method in ("chat.update", "chat.postMessage"):
                into = self.updated if call.method == "chat.update" else self.posted
                into.add(str(call.params["channel"]))
        self._seen = len(self._calls)
        return len(PEOPLE) - len(self.updated & self.posted)


def write_config(config: Path, url: str, fake: FakeSlackApi, mode: str, port: int) -> Path:
    """The child's configuration: the fake's URL, the mode, a short inbox lease."""
    config.write_text(
        f'[database]\nurl = "{url}"\n'
        f'[slack]\nmode = "{mode}"\nbase_url = "{fake.base_url}"\n'
        f'[server]\nhost = "127.0.0.1"\nport = {port}\n'
        "[inbox]\nlease = 3\nsweep_interval = 0.5\n",
        encoding="utf-8",
    )
    return config


def slack_environment(fake: FakeSlackApi) -> dict[str, str]:
    tokens = {"SLACK_BOT_TOKEN": fake.token, "SLACK_APP_TOKEN": APP_TOKEN}
    return child_environment(tokens | {"SLACK_SIGNING_SECRET": SECRET})


class Resending:
    """Slack's side of HTTP mode: posts each request until it is answered 200.

    Several URLs are taken in turn, as a load balancer in front of several processes would.
    """

    def __init__(self, urls: Sequence[str], requests: Sequence[SignedRequest]) -> None:
        self._urls = list(urls)
        self._turn = 0
        self._waiting = list(reversed(requests))

    async def run(self) -> None:
        async with httpx.AsyncClient(timeout=30.0) as client:
            await asyncio.gather(*(self._deliver(client) for _ in range(SENDERS)))

    async def _deliver(self, client: httpx.AsyncClient) -> None:
        while self._waiting:
            body, headers = self._waiting.pop()
            while True:  # until Slack hears back; the process may be down meanwhile
                if await self._post(client, body, headers["content-type"]):
                    break
                await asyncio.sleep(RETRY_PAUSE)

    async def _post(self, client: httpx.AsyncClient, body: str, content_type: str) -> bool:
        headers = signed_headers(body, SECRET, content_type=content_type)  # signed as sent
        self._turn += 1
        url = self._urls[self._turn % len(self._urls)]
        try:
            response = await client.post(url, content=body, headers=headers)
        except httpx.TransportError:
            return False  # the process is down
        return response.status_code == 200


@pytest.fixture
async def sqlite_presses(
    fake_slack_api: FakeSlackApi, tmp_path: Path
) -> tuple[str, list[SignedRequest]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'townhall.db'}"
    await upgrade_database(url)
    consultation_id, [first, *_] = await seed(url, paragraphs=3)
    return url, queue_presses(fake_slack_api, consultation_id, first)


async def killed_once_answering(fake: FakeSlackApi, child: ChildTownhall) -> Answers:
    """Kill the child once KILLED_AFTER people are answered (and before everyone is)."""
    answers = Answers(fake)
    await fake.wait_until(lambda: answers.left() <= len(PEOPLE) - KILLED_AFTER, DEADLINE)
    await child.kill()
    assert answers.left() > 0, "killed too late: every press was answered already"
    return answers


def child_in(
    folder: Path, url: str, fake: FakeSlackApi, mode: str, port: int, *, name: str = "townhall"
) -> ChildTownhall:
    """`townhall run` for Slack in `mode`, on the database and the fake."""
    config = write_config(folder / f"{name}.toml", url, fake, mode, port)
    return ChildTownhall(config, folder / f"{name}.log", slack_environment(fake))


def events_url(port: int) -> str:
    return f"http://127.0.0.1:{port}{EVENTS_PATH}"


async def test_http_mode_killed_amid_300_presses_stores_and_answers_each_once(
    fake_slack_api: FakeSlackApi,
    tmp_path: Path,
    sqlite_presses: tuple[str, list[SignedRequest]],
    children: list[ChildTownhall],
) -> None:
    url, presses = sqlite_presses
    port = free_port()
    child = child_in(tmp_path, url, fake_slack_api, "http", port)
    children.append(child)
    slack = Resending([events_url(port)], presses)

    await child.start()
    await child.serving(port)
    delivering = asyncio.create_task(slack.run())
    answers = await killed_once_answering(fake_slack_api, child)
    await child.start()
    await asyncio.wait_for(delivering, DEADLINE)
    await fake_slack_api.wait_until(lambda: answers.left() == 0, DEADLINE)
    assert await child.stop() == 0, child.output()

    await assert_each_press_stored_once(url, len(PEOPLE))


async def test_socket_mode_killed_amid_300_presses_stores_and_answers_each_once(
    fake_slack_api: FakeSlackApi,
    tmp_path: Path,
    sqlite_presses: tuple[str, list[SignedRequest]],
    children: list[ChildTownhall],
) -> None:
    url, presses = sqlite_presses
    child = child_in(tmp_path, url, fake_slack_api, "socket", free_port())
    children.append(child)
    socket = fake_slack_api.socket_mode

    await child.start()
    await socket.wait_until(
        lambda: len(socket.open_connections) == 1, "the first connection", DEADLINE
    )
    for press in presses:
        await socket.deliver(press)
    answers = await killed_once_answering(fake_slack_api, child)
    await socket.wait_until(lambda: not socket.open_connections, "the connection closed", DEADLINE)
    await child.start()
    await socket.wait_until(
        lambda: len(socket.open_connections) == 1, "a new connection", DEADLINE
    )
    await socket.redeliver_unacked()
    await fake_slack_api.wait_until(lambda: answers.left() == 0, DEADLINE)
    assert await child.stop() == 0, child.output()

    await assert_each_press_stored_once(url, len(PEOPLE))
    acked = {ack.envelope_id for ack in socket.acks}
    assert acked == set(socket.delivered)


async def test_two_http_processes_on_postgresql_one_killed_store_and_answer_each_once(
    fake_slack_api: FakeSlackApi,
    tmp_path: Path,
    postgres_url: str,
    children: list[ChildTownhall],
) -> None:
    await upgrade_database(postgres_url)  # `townhall db upgrade`, as PostgreSQL requires
    consultation_id, [first, *_] = await seed(postgres_url, paragraphs=3)
    presses = queue_presses(fake_slack_api, consultation_id, first)
    ports = [free_port(), free_port()]
    for number, port in enumerate(ports):
        name = f"townhall-{number}"
        children.append(child_in(tmp_path, postgres_url, fake_slack_api, "http", port, name=name))
    slack = Resending([events_url(port) for port in ports], presses)

    for child, port in zip(children, ports, strict=True):
        await child.start()
        await child.serving(port)
    delivering = asyncio.create_task(slack.run())
    answers = await killed_once_answering(fake_slack_api, children[0])
    await children[0].start()
    await children[0].serving(ports[0])  # else the SIGTERM below may find it still starting
    await asyncio.wait_for(delivering, DEADLINE)
    await fake_slack_api.wait_until(lambda: answers.left() == 0, DEADLINE)
    for child in children:
        assert await child.stop() == 0, child.output()

    await assert_each_press_stored_once(postgres_url, len(PEOPLE))
