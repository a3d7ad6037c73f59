"""Computing a consultation's opinion groups: votes read page by page, maths off the loop.

Each page of votes is its own short unit of work (the open-data reader's keyset pages), so a
big consultation holds neither SQLite's writer nor a long transaction; the matrix keeps one
byte per participant and paragraph. The computation (numpy, scikit-learn: imported here,
when one runs) goes to a worker thread: the event loop keeps serving the bots meanwhile, and
numpy's and scikit-learn's heavy parts release the GIL. Only counts and times are logged.
"""

import asyncio
import dataclasses
import logging
import time

from core.app import ConsultationApp
from core.model import SYSTEM_ACTOR, Actor
from core.open_data import PAGE_SIZE
from core.opinion_orders import (
    DueOpinionGroups,
    ReadOpinionInputs,
    ReadOpinionVotes,
    SaveOpinionGroups,
)
from core.opinions import OpinionGroups
from core.ports import Clock

logger = logging.getLogger(__name__)


async def compute_groups(
    app: ConsultationApp, actor: Actor, slug: str, clock: Clock, *, page_size: int = PAGE_SIZE
) -> OpinionGroups:
    """Compute the consultation's opinion groups now, store them and return them."""
    from bots.opinions.analysis import analyse
    from bots.opinions.matrix import VoteMatrix

    started = time.perf_counter()
    inputs = await app.handle(actor, ReadOpinionInputs(slug=slug))
    consultation_id = inputs.consultation.id
    matrix = VoteMatrix(inputs.paragraph_ids)
    after = (0, 0)
    while True:
        page = await app.handle(
            actor,
            ReadOpinionVotes(
                consultation_id=consultation_id,
                after_participant=after[0],
                after_id=after[1],
                limit=page_size,
            ),
        )
        matrix.add_all((vote.participant_id, vote.paragraph_id, vote.choice) for vote in page)
        if len(page) < page_size:
            break
        after = (page[-1].participant_id, page[-1].id)
    read = time.perf_counter() - started
    result, points = await asyncio.to_thread(
        analyse, matrix, consultation_id=consultation_id, computed_at=clock.now()
    )
    duration = time.perf_counter() - started
    stamp = dataclasses.replace(result.stamp, duration_seconds=round(duration, 3))
    result = dataclasses.replace(result, stamp=stamp)
    await app.handle(actor, SaveOpinionGroups(result=result, points=tuple(points)))
    logger.info(
        "opinion groups of consultation %s: %s, %s groups, %s of %s voters placed, "
        "%s votes; %.2fs (votes read in %.2fs)",
        consultation_id,
        result.verdict.value,
        len(result.groups),
        result.clustered,
        result.voters,
        stamp.vote_count,
        duration,
        read,
    )
    return result


async def recompute_due(app: ConsultationApp, clock: Clock, due: DueOpinionGroups) -> int:
    """The worker's sweep: recompute every open consultation that gained enough votes.

    One consultation failing is logged and does not hold back the others; how many were
    recomputed is returned.
    """
    done = 0
    for slug in await app.handle(SYSTEM_ACTOR, due):
        try:
            await compute_groups(app, SYSTEM_ACTOR, slug, clock)
        except Exception:
            logger.exception("opinion groups of %s could not be computed", slug)
        else:
            done += 1
    return done
