"""`townhall demo-votes`: simulated participation, and what it stored."""

from typing import TextIO

from bots.runtime.bootstrap import Townhall
from core.model import CLI_ACTOR
from core.orders import SimulateVotes
from core.wording import counted, format_moment


async def demo_votes(
    townhall: Townhall, slug: str, *, people: int, seed: int, days: int, out: TextIO
) -> int:
    """Store the simulation in one transaction and say what it holds."""
    order = SimulateVotes(slug=slug, people=people, seed=seed, days=days)
    summary = await townhall.app.handle(CLI_ACTOR, order)
    out.write(
        f"Simulated {counted(summary.people, 'participant')} in {slug} (seed {seed}): "
        f"{counted(summary.votes, 'vote')}, {counted(summary.comments, 'comment')}, "
        f"{counted(summary.replies, 'reply')}, {counted(summary.comment_votes, 'comment vote')}.\n"
    )
    if summary.moved_opening is not None:
        out.write(
            f"Its opening moved back to {format_moment(summary.moved_opening)}, so that the "
            "simulated activity spreads over the days since.\n"
        )
    out.write(
        f"{slug} is marked as simulated from now on: townhall stats, show, list and every "
        "export say so.\n"
    )
    return 0
