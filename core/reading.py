"""What a participant reads next, filtered as Discuto filters a document's paragraphs.

`most voted`, `most commented` and `most controversial` rank the paragraphs with votes (or
comments) by those figures (core.statistics, ties to the earlier paragraph); `supported` and
`decided` list the paragraphs with that status (core.paragraph_status) in document order;
`mine` lists those the person voted on or commented on. Only paragraphs released to
participants are listed.
"""

from collections.abc import Callable, Collection, Sequence

from core.content import ConsultationContent
from core.model import Paragraph, ReadingFilter
from core.paragraph_status import ShownStatus, SupportRule, shown_status
from core.statistics import ParagraphTally

PAGE_SIZE = 8  # paragraphs a list shows at once: a button each, and their figures


def select_paragraphs(
    kind: ReadingFilter,
    content: ConsultationContent,
    tallies: Sequence[ParagraphTally],
    *,
    rule: SupportRule,
    mine: Collection[int] = frozenset(),
    held: Collection[int] = frozenset(),
) -> list[ParagraphTally]:
    """The tallies of the paragraphs `kind` lists, in the order it lists them.

    `tallies` may leave out paragraphs without votes or comments; `held` are not released yet.
    """
    by_id = {t.paragraph_id: t for t in tallies}
    shown = [(p, by_id.get(p.id) or _no_tally(p)) for p in content.paragraphs if p.id not in held]
    if kind is ReadingFilter.VOTED:
        return _ranked([t for _, t in shown if t.votes], lambda t: t.votes)
    if kind is ReadingFilter.COMMENTED:
        return _ranked([t for _, t in shown if t.comments], lambda t: t.comments)
    if kind is ReadingFilter.CONTROVERSIAL:
        return _ranked([t for _, t in shown if t.agree and t.disagree], lambda t: t.controversy)
    if kind is ReadingFilter.MINE:
        return [t for p, t in shown if p.id in mine]
    wanted = ShownStatus.SUPPORTED if kind is ReadingFilter.SUPPORTED else ShownStatus.DECIDED
    return [t for p, t in shown if shown_status(p, t, rule) is wanted]


def _ranked(
    tallies: list[ParagraphTally], key: Callable[[ParagraphTally], float]
) -> list[ParagraphTally]:
    return sorted(tallies, key=lambda t: (-key(t), t.position))


def _no_tally(paragraph: Paragraph) -> ParagraphTally:
    return ParagraphTally(
        paragraph_id=paragraph.id,
        number=paragraph.number,
        position=paragraph.position,
        section=None,
        agree=0,
        disagree=0,
        comments=0,
    )
