"""Contract: each consultation's dashboard state, and the server's secrets made once."""

import asyncio

from core.dashboards import DashboardState
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded


async def test_a_dashboard_is_unpublished_at_generation_0_until_changed(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    cid = seeded.consultation.id
    async with uow_factory() as uow:
        before = await uow.dashboards.state(cid)
        await uow.dashboards.set_published(cid, True)
        first = await uow.dashboards.revoke(cid)
        second = await uow.dashboards.revoke(cid)
        await uow.commit()
    async with uow_factory() as uow:
        published = await uow.dashboards.state(cid)
        await uow.dashboards.set_published(cid, False)
        await uow.commit()
    async with uow_factory() as uow:
        unpublished = await uow.dashboards.state(cid)
    assert before == DashboardState()
    assert (first, second) == (1, 2)
    assert published == DashboardState(published=True, generation=2)
    assert unpublished == DashboardState(published=False, generation=2)


async def test_revoking_a_never_published_dashboard_leaves_it_unpublished(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    cid = seeded.consultation.id
    async with uow_factory() as uow:
        generation = await uow.dashboards.revoke(cid)
        await uow.commit()
    async with uow_factory() as uow:
        state = await uow.dashboards.state(cid)
    assert generation == 1
    assert state == DashboardState(published=False, generation=1)


async def test_a_rolled_back_change_is_not_kept(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    cid = seeded.consultation.id
    async with uow_factory() as uow:
        await uow.dashboards.set_published(cid, True)
    async with uow_factory() as uow:
        assert await uow.dashboards.state(cid) == DashboardState()


async def test_the_first_secret_stored_is_the_one_everybody_gets(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async def ask(candidate: str) -> str:
        async with uow_factory() as uow:
            secret = await uow.dashboards.secret("links", candidate)
            await uow.commit()
            return secret

    first, second = await asyncio.gather(ask("a" * 64), ask("b" * 64))
    later = await ask("c" * 64)
    assert first == second == later
    assert later in ("a" * 64, "b" * 64)
