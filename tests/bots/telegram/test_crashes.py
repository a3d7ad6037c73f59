"""Kill tests: `townhall run` SIGKILLed in the middle of 300 presses loses none, doubles none.

Each runs the real command line as a child process against the fake Bot API: polling, then
webhook mode on SQLite, then two webhook processes on one PostgreSQL database. Each press is a
person's Agree on a paragraph: 30 people, 10 paragraphs. After the kill the presses still
waiting are past Telegram's answer window, so they are confirmed by message.
"""

import asyncio
from pathlib import Path

import pytest

from bots.telegram.webhook import WEBHOOK_PATH
from storage.migrate import upgrade_database
from tests.bots.telegram.crashes import (
    Answers,
    Press,
    Redelivery,
    queue_presses,
    telegram_environment,
    write_config,
)
from tests.bots.townhall_process import (
    DEADLINE,
    ChildTownhall,
    assert_each_press_stored_once,
    free_port,
    seed,
)
from tests.fakes.telegram import FakeBotApi

PEOPLE = range(7001, 7031)
PARAGRAPHS = 10
PRESSES = len(PEOPLE) * PARAGRAPHS
KILLED_AFTER = 90  # answered presses


@pytest.fixture
async def presses_on_sqlite(fake_bot_api: FakeBotApi, tmp_path: Path) -> tuple[str, list[Press]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'townhall.db'}"
    await upgrade_database(url)
    consultation_id, paragraph_ids = await seed(url, PARAGRAPHS)
    return url, queue_presses(fake_bot_api, consultation_id, paragraph_ids, PEOPLE)


async def killed_and_restarted(
    fake: FakeBotApi, presses: list[Press], victim: ChildTownhall
) -> None:
    """Kill `victim` once some presses are answered; presses left wait past their window."""
    answers = Answers(fake, presses)
    await fake.wait_until(lambda: answers.left() <= PRESSES - KILLED_AFTER, DEADLINE)
    await victim.kill()
    assert answers.left() > 0, "killed too late: every press was answered already"
    fake.expire_callback_queries(press.query_id for press in presses)
    await victim.start()
    await fake.wait_until(lambda: answers.left() == 0, DEADLINE)


async def test_polling_killed_in_the_middle_of_300_presses_stores_and_answers_each_once(
    fake_bot_api: FakeBotApi,
    tmp_path: Path,
    presses_on_sqlite: tuple[str, list[Press]],
    children: list[ChildTownhall],
) -> None:
    url, presses = presses_on_sqlite
    for press in presses:
        await fake_bot_api.push_update(press.update)
    config = write_config(tmp_path / "townhall.toml", database_url=url, fake=fake_bot_api, lease=3)
    child = ChildTownhall(
        config, tmp_path / "townhall.log", telegram_environment(fake_bot_api.token)
    )
    children.append(child)

    await child.start()
    await killed_and_restarted(fake_bot_api, presses, child)
    assert await child.stop() == 0, child.output()

    await assert_each_press_stored_once(url, PRESSES)
    assert fake_bot_api.pending_updates == []


async def test_webhook_killed_in_the_middle_of_300_presses_stores_and_answers_each_once(
    fake_bot_api: FakeBotApi,
    tmp_path: Path,
    presses_on_sqlite: tuple[str, list[Press]],
    children: list[ChildTownhall],
) -> None:
    url, presses = presses_on_sqlite
    port = free_port()
    config = write_config(
        tmp_path / "townhall.toml", database_url=url, fake=fake_bot_api, lease=3, webhook_port=port
    )
    child = ChildTownhall(
        config, tmp_path / "townhall.log", telegram_environment(fake_bot_api.token)
    )
    children.append(child)
    telegram = Redelivery([f"http://127.0.0.1:{port}{WEBHOOK_PATH}"], [p.update for p in presses])

    await child.start()
    delivering = asyncio.create_task(telegram.run())
    await killed_and_restarted(fake_bot_api, presses, child)
    await asyncio.wait_for(delivering, DEADLINE)
    assert await child.stop() == 0, child.output()

    await assert_each_press_stored_once(url, PRESSES)


async def test_two_webhook_processes_on_postgresql_one_killed_store_and_answer_each_once(
    fake_bot_api: FakeBotApi, tmp_path: Path, postgres_url: str, children: list[ChildTownhall]
) -> None:
    await upgrade_database(postgres_url)  # `townhall db upgrade`, as PostgreSQL requires
    consultation_id, paragraph_ids = await seed(postgres_url, PARAGRAPHS)
    presses = queue_presses(fake_bot_api, consultation_id, paragraph_ids, PEOPLE)
    ports = [free_port(), free_port()]
    for number, port in enumerate(ports):
        config = write_config(
            tmp_path / f"townhall-{number}.toml",
            database_url=postgres_url,
            fake=fake_bot_api,
            lease=10,
            webhook_port=port,
        )
        log = tmp_path / f"townhall-{number}.log"
        children.append(ChildTownhall(config, log, telegram_environment(fake_bot_api.token)))
    urls = [f"http://127.0.0.1:{port}{WEBHOOK_PATH}" for port in ports]
    telegram = Redelivery(urls, [press.update for press in presses])

    for child in children:
        await child.start()
    delivering = asyncio.create_task(telegram.run())
    await killed_and_restarted(fake_bot_api, presses, children[0])
    await asyncio.wait_for(delivering, DEADLINE)
    for child in children:
        assert await child.stop() == 0, child.output()

    await assert_each_press_stored_once(postgres_url, PRESSES)
