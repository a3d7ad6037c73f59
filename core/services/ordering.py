"""Which unvoted paragraph a participant is shown next, in the consultation's order.

Document order takes the next paragraph without the person's vote, wrapping round: one
indexed read that brings the paragraph's tally along (storage/repositories/votes.py). Smart
order (core.priorities) draws among every released paragraph the person has not voted on,
weighted by the counters each paragraph's tally already keeps and its extremity on the latest
opinion map: it reads the tallies and the person's own votes, never the whole vote table.

In both orders the card keeps its document neighbours as Back and Next (core.services.cards):
smart order decides what comes after a vote, a skipped question or /next, not where Back goes.
"""

from collections.abc import Mapping

from core.model import Paragraph, ParagraphOrder
from core.paragraph_status import decided_ids
from core.ports import UnitOfWork
from core.priorities import Chance, Standing, draw
from core.services.participation import Participation
from core.services.releasing import Holds


class Drawing:
    """Smart order's draw: its source of chance, and where it reads each paragraph's extremity.

    One per ConsultationApp (core.routes binds it to the use cases that show a next card).
    """

    def __init__(self, chance: Chance) -> None:
        self.chance = chance

    async def extremities(self, uow: UnitOfWork, consultation_id: int) -> Mapping[int, float]:
        """Each paragraph's extremity E on the consultation's latest opinion map.

        Empty, so E = 0 for every paragraph, while townhall computes no opinion map.
        """
        return {}


async def next_paragraph(
    uow: UnitOfWork,
    participation: Participation,
    after_position: int,
    holds: Holds,
    *,
    drawing: Drawing,
    current: int | None = None,
) -> Paragraph | None:
    """The paragraph to show after `after_position`, or None once every released one is voted.

    `current` is the position the person stands at (/next): smart order keeps it while it is
    unvoted, as document order does by starting just before it.
    """
    consultation, participant = participation.consultation, participation.participant
    # Decided paragraphs (core.paragraph_status) take no votes: never someone's next one. The
    # content is cached by revision, so this costs no database round trip.
    skipping = holds.ids | decided_ids(await uow.paragraphs.content(consultation))
    if consultation.order is ParagraphOrder.SMART:
        return await _drawn(uow, participation, after_position, skipping, drawing, current)
    return await uow.votes.first_unvoted(
        consultation.id, participant.id, after_position=after_position, skipping=skipping
    ) or await uow.votes.first_unvoted(
        consultation.id, participant.id, after_position=0, skipping=skipping
    )


async def _drawn(
    uow: UnitOfWork,
    participation: Participation,
    after_position: int,
    skipping: frozenset[int],
    drawing: Drawing,
    current: int | None,
) -> Paragraph | None:
    """A draw among the released unvoted paragraphs; the one just left comes last, as it would.

    The paragraph at `after_position` (a Disagree still waiting for its reason) is drawn only
    when nothing else is left, as document order reaches it only after wrapping round.
    """
    consultation = participation.consultation
    content = await uow.paragraphs.content(consultation)
    voted = await uow.votes.choices(consultation.id, participation.participant.id)
    kept = None if current is None else content.at_position(current)
    if kept is not None and kept.id not in voted and kept.id not in skipping:
        return kept
    left = content.at_position(after_position)
    extremities = await drawing.extremities(uow, consultation.id)
    candidates = [
        Standing(
            paragraph_id=tally.paragraph_id,
            agree=tally.agree,
            disagree=tally.disagree,
            extremity=extremities.get(tally.paragraph_id, 0.0),
        )
        for tally in await uow.statistics.tallies(consultation.id)
        if tally.paragraph_id not in voted and tally.paragraph_id not in skipping
    ]
    others = [c for c in candidates if left is None or c.paragraph_id != left.id]
    chosen = draw(others or candidates, drawing.chance)
    return None if chosen is None else content.paragraph(chosen.paragraph_id)
