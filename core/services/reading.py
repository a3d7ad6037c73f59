"""What to read next: the paragraphs one filter picks, each a button to its card.

The filters that tell how people voted (most voted, most controversial, supported) follow
the results visibility exactly as the figures do (core.services.standing): where the person
may not see the figures yet they are refused, saying when they open. The others (most
commented, decided, my contributions) reveal no vote, so they are always open; their entries
show the votes only where the person may see them.
"""

from datetime import datetime
from math import ceil

from core.errors import AccessDenied
from core.intents import ShowParagraph, ShowReading
from core.model import Actor, Consultation, Paragraph, ReadingFilter
from core.paragraph_status import ShownStatus, SupportRule, shown_status
from core.ports import UnitOfWork
from core.reading import PAGE_SIZE, select_paragraphs
from core.screens import Button, ButtonRows, ListedParagraph, ParagraphList, Tally
from core.services.participation import Participation, load_participation
from core.services.releasing import current_holds
from core.services.standing import hidden_reason, may_see_results
from core.statistics import ParagraphTally

EXCERPT_LENGTH = 90  # characters of a paragraph's text shown in a list
_EMPTY = {
    ReadingFilter.VOTED: "Nobody has voted yet.",
    ReadingFilter.COMMENTED: "Nobody has commented yet.",
    ReadingFilter.CONTROVERSIAL: "No paragraph has both Agree and Disagree votes yet.",
    ReadingFilter.SUPPORTED: "No paragraph has reached {votes} votes with {pct}% agreement yet.",
    ReadingFilter.DECIDED: "The organisers have not marked any paragraph decided.",
    ReadingFilter.MINE: "You have not voted on or commented any paragraph yet.",
}


async def show_reading(
    uow: UnitOfWork, actor: Actor, intent: ShowReading, now: datetime, *, rule: SupportRule
) -> ParagraphList:
    """A page of the paragraphs the filter picks (pages past the last show the last)."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    consultation, kind = participation.consultation, intent.kind
    figures = await may_see_results(uow, actor, participation, now)
    if kind.reveals_figures and not figures:
        raise AccessDenied(f"{hidden_reason(consultation)} “{kind.heading}” opens then.")
    content = await uow.paragraphs.content(consultation)
    holds = await current_holds(uow, consultation.id, now)
    picked = select_paragraphs(
        kind,
        content,
        await uow.statistics.tallies(consultation.id),
        rule=rule,
        mine=await _contributions(uow, participation) if kind is ReadingFilter.MINE else (),
        held=holds.ids,
    )
    pages = max(1, ceil(len(picked) / PAGE_SIZE))
    page = min(intent.page, pages)
    shown = picked[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    entries = tuple(
        _entry(paragraph, tally, rule, figures=figures)
        for tally in shown
        if (paragraph := content.paragraph(tally.paragraph_id)) is not None
    )
    return ParagraphList(
        consultation_id=consultation.id,
        title=consultation.title,
        heading=kind.heading,
        entries=entries,
        page=page,
        pages=pages,
        found=len(picked),
        empty=_EMPTY[kind].format(votes=rule.min_votes, pct=rule.threshold_pct),
        buttons=_buttons(consultation, kind, entries, page, pages),
    )


async def _contributions(uow: UnitOfWork, participation: Participation) -> set[int]:
    cid, pid = participation.consultation.id, participation.participant.id
    voted = await uow.votes.choices(cid, pid)
    return set(voted) | await uow.comments.commented_paragraphs(cid, pid)


def _entry(
    paragraph: Paragraph, tally: ParagraphTally, rule: SupportRule, *, figures: bool
) -> ListedParagraph:
    status = shown_status(paragraph, tally, rule)
    if status is ShownStatus.SUPPORTED and not figures:  # supported tells how people voted
        status = ShownStatus.VOTING
    text = " ".join(paragraph.text.split())
    cut = text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"
    return ListedParagraph(
        paragraph_id=paragraph.id,
        label=paragraph.label,
        excerpt=cut,
        comments=tally.comments,
        tally=Tally(agree=tally.agree, disagree=tally.disagree, agreement_pct=tally.agreement_pct)
        if figures
        else None,
        status=status.value,
    )


def _buttons(
    consultation: Consultation,
    kind: ReadingFilter,
    entries: tuple[ListedParagraph, ...],
    page: int,
    pages: int,
) -> ButtonRows:
    """A button per paragraph (four a row), then the pages, then the other filters."""
    cid = consultation.id
    opens = [
        Button(
            label=e.label, intent=ShowParagraph(consultation_id=cid, paragraph_id=e.paragraph_id)
        )
        for e in entries
    ]
    rows = [tuple(opens[i : i + 4]) for i in range(0, len(opens), 4)]
    paging = []
    if page > 1:
        paging.append(Button(label="◀ Previous", intent=_page(cid, kind, page - 1)))
    if page < pages:
        paging.append(Button(label="More ▶", intent=_page(cid, kind, page + 1)))
    if paging:
        rows.append(tuple(paging))
    others = [
        Button(label=f.heading, intent=_page(cid, f, 1)) for f in ReadingFilter if f is not kind
    ]
    rows += [tuple(others[:3]), tuple(others[3:])]
    return tuple(rows)


def _page(cid: int, kind: ReadingFilter, page: int) -> ShowReading:
    return ShowReading(consultation_id=cid, kind=kind, page=page)
