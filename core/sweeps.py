"""The worker's sweeps, each a run of system orders through ConsultationApp.handle.

A sweep reads what is due in one unit of work, then acts on each item in a unit of its own,
so a failure leaves what was done before it kept. Every step is a conditional change (open ->
closed, not announced -> announced, a reminder claimed under a lease), so two workers that
sweep at once act once.
"""

import logging
from collections.abc import Callable

from core.app import ConsultationApp
from core.model import SYSTEM_ACTOR
from core.orders import Order
from core.upkeep import (
    AnnounceOpening,
    ClaimReminders,
    CloseOnTime,
    DueClosings,
    DueDigests,
    DueOpenings,
    QueueDigest,
    SendReminder,
)

logger = logging.getLogger(__name__)
REMINDERS_PER_SWEEP = 200


async def announce_openings(app: ConsultationApp) -> list[int]:
    """Announce every consultation that has opened on its calendar; returns their ids."""
    return await _each_due(
        app,
        DueOpenings(),
        lambda consultation_id: AnnounceOpening(consultation_id=consultation_id),
        "consultation %s opened: announced to its linked chats",
    )


async def close_due(app: ConsultationApp) -> list[int]:
    """Close every open consultation whose closing time has passed; returns their ids."""
    return await _each_due(
        app,
        DueClosings(),
        lambda consultation_id: CloseOnTime(consultation_id=consultation_id),
        "consultation %s closed on time",
    )


async def queue_digests(app: ConsultationApp) -> list[int]:
    """Queue the digest of every consultation whose latest period is unclaimed and not quiet."""
    return await _each_due(
        app,
        DueDigests(),
        lambda consultation_id: QueueDigest(consultation_id=consultation_id),
        "consultation %s: digest queued",
    )


async def _each_due(
    app: ConsultationApp,
    due: Order[list[int]],
    act: Callable[[int], Order[bool]],
    done: str,
) -> list[int]:
    """Act on each consultation the `due` order names, each in a unit of its own."""
    acted = [
        consultation_id
        for consultation_id in await app.handle(SYSTEM_ACTOR, due)
        if await app.handle(SYSTEM_ACTOR, act(consultation_id))
    ]
    for consultation_id in acted:
        logger.info(done, consultation_id)
    return acted


async def sweep_reminders(
    app: ConsultationApp, worker: str, *, limit: int = REMINDERS_PER_SWEEP
) -> int:
    """Turn due reminders into outbox rows; returns how many were queued.

    When several of a person's reminders are due at once (the deadline moved, or no worker
    ran for a while), only the latest (the smallest offset) is sent; the others are skipped.
    """
    due = await app.handle(SYSTEM_ACTOR, ClaimReminders(worker=worker, limit=limit))
    queued = 0
    for reminder in due:
        queued += await app.handle(SYSTEM_ACTOR, SendReminder(reminder=reminder, worker=worker))
    return queued
