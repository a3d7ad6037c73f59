"""Building the paragraph card and the screens that follow a person's progress.

A card's buttons are frozen values that depend on nothing but their arguments (the
consultation, the paragraph, its label, the choice, the comment count), so each is built once
and shared by every card that shows it (`functools.lru_cache`, at most BUTTONS_KEPT of each
kind): a vote draws two cards, and building their dozen buttons and intents anew each time was
a measurable part of its CPU (bench/README.md). A changed label or count is another key, never
a stale button.
"""

from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache

from core.amendment_intents import ShowAmendments, SuggestWording
from core.content import ConsultationContent
from core.intents import CastVote, ShowComments, ShowParagraph, ShowStatistics, StartComment
from core.model import Choice, Consultation, Paragraph, Reasons, ResultsVisibility, Status
from core.paragraph_status import DECIDED_NOTE, decided_ids
from core.ports import UnitOfWork
from core.screens import Button, ButtonRows, ButtonStyle, Finished, ParagraphCard, Tally
from core.services.ordering import Drawing, next_paragraph
from core.services.participation import Participation
from core.services.releasing import Holds, current_holds, next_release
from core.statistics import ParagraphTally
from core.wording import describe_deadline, format_moment

BUTTONS_KEPT = 4096
# A required reason not given yet: on the card, and after the question it asks.
WAITING = "Your Disagree counts once you say what you would change."


@dataclass(frozen=True, slots=True, kw_only=True)
class CardParts:
    """What every reader's card of one paragraph shares at one moment.

    `navigation` holds the Back and Next buttons of a personal card; None makes the shared
    card of a group or channel. Only the reader's own vote is missing (see `card_for`).
    """

    consultation: Consultation
    paragraph: Paragraph
    section: str | None
    total: int
    tally: ParagraphTally | None
    navigation: tuple[Button, ...] | None


async def build_card(
    uow: UnitOfWork,
    participation: Participation,
    paragraph: Paragraph,
    now: datetime,
    *,
    holds: Holds | None = None,
) -> ParagraphCard:
    """The card for one paragraph as this participant sees it now.

    Back and Next lead only to released paragraphs; `holds` saves looking them up again.
    """
    vote = await uow.votes.get(paragraph.id, participation.participant.id)
    if holds is None:
        holds = await current_holds(uow, participation.consultation.id, now)
    choice = vote.choice if vote else None
    return await _shown_card(uow, participation, paragraph, now, choice=choice, holds=holds)


async def _shown_card(
    uow: UnitOfWork,
    participation: Participation,
    paragraph: Paragraph,
    now: datetime,
    *,
    choice: Choice | None,
    holds: Holds,
) -> ParagraphCard:
    """The card with the vote stored, or with a Disagree waiting for its required reason."""
    if choice is not Choice.DISAGREE and _waiting_for_reason(participation, paragraph):
        card = await personal_card(
            uow, participation, paragraph, now, choice=Choice.DISAGREE, holds=holds
        )
        return replace(card, waiting=WAITING)
    return await personal_card(uow, participation, paragraph, now, choice=choice, holds=holds)


def _waiting_for_reason(participation: Participation, paragraph: Paragraph) -> bool:
    """A Disagree on this paragraph that counts once its required reason is given."""
    enrolment = participation.enrolment
    return (
        participation.consultation.reasons is Reasons.REQUIRED
        and enrolment.awaiting_reason
        and enrolment.awaiting_paragraph_id == paragraph.id
    )


async def personal_card(
    uow: UnitOfWork,
    participation: Participation,
    paragraph: Paragraph,
    now: datetime,
    *,
    choice: Choice | None,
    holds: Holds,
) -> ParagraphCard:
    """The participant's card when their vote on it (`choice`) is already known."""
    parts = await card_parts(uow, participation.consultation, paragraph, holds)
    return card_for(parts, choice, now)


async def channel_card(
    uow: UnitOfWork, consultation: Consultation, paragraph: Paragraph, now: datetime
) -> ParagraphCard:
    """A paragraph card for many readers at once: vote buttons, nobody's own vote."""
    return card_for(await card_parts(uow, consultation, paragraph, None), None, now)


async def card_parts(
    uow: UnitOfWork, consultation: Consultation, paragraph: Paragraph, holds: Holds | None
) -> CardParts:
    """The shared part of a personal card (with its holds), or of a shared one (None)."""
    content = await uow.paragraphs.content(consultation)
    return CardParts(
        consultation=consultation,
        paragraph=paragraph,
        section=content.heading(paragraph),
        total=content.count,
        tally=await uow.statistics.tally(paragraph.id),
        navigation=None if holds is None else _navigation(content, paragraph, holds),
    )


def card_for(parts: CardParts, choice: Choice | None, now: datetime) -> ParagraphCard:
    """The card as someone who cast `choice` (None: no vote, or a shared card) sees it now."""
    consultation, paragraph, tally = parts.consultation, parts.paragraph, parts.tally
    accepting = consultation.is_accepting(now)
    voting = accepting and not paragraph.decided
    if parts.navigation is None:
        buttons = _shared_buttons(consultation, paragraph) if voting else ()
    else:
        buttons = _card_buttons(parts, parts.navigation, choice, accepting=accepting)
    shown = visible_tally(consultation, tally, choice, now)
    return ParagraphCard(
        consultation_id=consultation.id,
        consultation_title=consultation.title,
        paragraph_id=paragraph.id,
        label=paragraph.label,
        position=paragraph.position,
        total=parts.total,
        section=parts.section,
        text=paragraph.text,
        choice=choice,
        comment_count=tally.comments if tally else 0,
        tally=shown,
        accepting=accepting,
        buttons=buttons,
        opens=opening_line(consultation, now),
        closed=closing_line(consultation, shown) if consultation.is_closed(now) else None,
        decided=DECIDED_NOTE if paragraph.decided else None,
    )


def opening_line(consultation: Consultation, now: datetime) -> str | None:
    """`Opens 12 Dec 2026, 09:00 UTC` for a consultation still waiting for its opening time."""
    if consultation.status is not Status.OPEN or now >= consultation.opens_at:
        return None
    return f"Opens {format_moment(consultation.opens_at)}"


def closing_line(consultation: Consultation, tally: Tally | None) -> str:
    """`Closed on 15 Feb 2027 — final result: 72% agree`, without a result it may not show."""
    closed = consultation.closes_at
    line = f"Closed on {closed.day} {closed:%b %Y}"
    if tally is None or tally.agreement_pct is None:
        return line
    return f"{line} — final result: {tally.agreement_pct}% agree"


def _shared_buttons(consultation: Consultation, paragraph: Paragraph) -> ButtonRows:
    # In a group the card is everybody's: each member's press counts for that member.
    cid, pid = consultation.id, paragraph.id
    return (
        (
            Button(
                label="Agree",
                intent=CastVote(consultation_id=cid, paragraph_id=pid, choice=Choice.AGREE),
            ),
            Button(
                label="Disagree",
                intent=CastVote(consultation_id=cid, paragraph_id=pid, choice=Choice.DISAGREE),
            ),
        ),
    )


def visible_tally(
    consultation: Consultation, tally: ParagraphTally | None, choice: Choice | None, now: datetime
) -> Tally | None:
    """The tally if the results visibility lets someone who cast `choice` see it now."""
    if tally is None:
        return None
    visibility = consultation.results_visibility
    visible = (
        visibility is ResultsVisibility.LIVE
        or (visibility is ResultsVisibility.AFTER_VOTE and choice is not None)
        or consultation.is_closed(now)
    )
    if not visible:
        return None
    return Tally(agree=tally.agree, disagree=tally.disagree, agreement_pct=tally.agreement_pct)


def _card_buttons(
    parts: CardParts,
    navigation: tuple[Button, ...],
    choice: Choice | None,
    *,
    accepting: bool,
) -> ButtonRows:
    cid, pid = parts.consultation.id, parts.paragraph.id
    comments = parts.tally.comments if parts.tally else 0
    rows: list[tuple[Button, ...]] = []
    if accepting and not parts.paragraph.decided:  # a decided text is no longer voted on
        rows.append(
            (
                _vote_button(cid, pid, Choice.AGREE, choice),
                _vote_button(cid, pid, Choice.DISAGREE, choice),
            )
        )
    comments_button = _comments_button(cid, pid, comments)
    rows.append((_comment_button(cid, pid), comments_button) if accepting else (comments_button,))
    wordings = _wordings_button(cid, pid)
    suggesting = accepting and not parts.paragraph.decided  # a decided text takes no wordings
    rows.append((_suggest_button(cid, pid), wordings) if suggesting else (wordings,))
    rows.append(navigation)
    return tuple(rows)


@lru_cache(maxsize=BUTTONS_KEPT)
def _comments_button(cid: int, pid: int, comments: int) -> Button:
    return Button(
        label=f"Comments ({comments})", intent=ShowComments(consultation_id=cid, paragraph_id=pid)
    )


@lru_cache(maxsize=BUTTONS_KEPT)
def _comment_button(cid: int, pid: int) -> Button:
    return Button(label="Comment", intent=StartComment(consultation_id=cid, paragraph_id=pid))


@lru_cache(maxsize=BUTTONS_KEPT)
def _suggest_button(cid: int, pid: int) -> Button:
    return Button(
        label="Suggest wording", intent=SuggestWording(consultation_id=cid, paragraph_id=pid)
    )


@lru_cache(maxsize=BUTTONS_KEPT)
def _wordings_button(cid: int, pid: int) -> Button:
    # No count on the card: counting would cost every card a query (bench/README.md); the
    # list it opens says how many wordings are open to votes.
    return Button(
        label="Suggested wordings", intent=ShowAmendments(consultation_id=cid, paragraph_id=pid)
    )


@lru_cache(maxsize=BUTTONS_KEPT)
def _vote_button(cid: int, pid: int, choice: Choice, current: Choice | None) -> Button:
    label = "Agree" if choice is Choice.AGREE else "Disagree"
    chosen = choice is current
    return Button(
        label=f"✓ {label}" if chosen else label,
        intent=CastVote(consultation_id=cid, paragraph_id=pid, choice=choice),
        style=ButtonStyle.PRIMARY if chosen else ButtonStyle.DEFAULT,
    )


def _navigation(
    content: ConsultationContent, paragraph: Paragraph, holds: Holds
) -> tuple[Button, ...]:
    buttons = []
    cid = content.consultation_id
    previous, following = content.neighbours(paragraph.position)
    if previous and previous.id not in holds.opens:
        buttons.append(_paragraph_button(cid, previous.id, f"◀ Back ({previous.label})"))
    if following and following.id not in holds.opens:
        buttons.append(_paragraph_button(cid, following.id, f"Next ({following.label}) ▶"))
    return tuple(buttons)


@lru_cache(maxsize=BUTTONS_KEPT)
def _paragraph_button(cid: int, pid: int, label: str) -> Button:
    return Button(label=label, intent=ShowParagraph(consultation_id=cid, paragraph_id=pid))


async def next_screen(
    uow: UnitOfWork,
    participation: Participation,
    after_position: int,
    now: datetime,
    *,
    drawing: Drawing,
    holds: Holds | None = None,
    current: int | None = None,
) -> ParagraphCard | Finished:
    """The next released paragraph without a vote, in the consultation's order.

    Document order: the first after `after_position`, wrapping round; smart order: drawn from
    `drawing` (core.services.ordering). Finished (saying when the next one opens) once every
    released paragraph has a vote.
    """
    consultation = participation.consultation
    if holds is None:
        holds = await current_holds(uow, consultation.id, now)
    paragraph = await next_paragraph(
        uow, participation, after_position, holds, drawing=drawing, current=current
    )
    if paragraph is not None:  # unvoted, so no choice to look up
        return await _shown_card(uow, participation, paragraph, now, choice=None, holds=holds)
    content = await uow.paragraphs.content(consultation)
    total = content.count - len(holds.ids | decided_ids(content))  # those one can vote on now
    first = content.at_position(1)
    buttons = [Button(label="Statistics", intent=ShowStatistics(consultation_id=consultation.id))]
    if first is not None:
        review = ShowParagraph(consultation_id=consultation.id, paragraph_id=first.id)
        buttons.append(Button(label=f"Review from {first.label}", intent=review))
    return Finished(
        consultation_id=consultation.id,
        title=consultation.title,
        voted=total,
        total=total,
        held=len(holds.opens),
        next_release=await next_release(uow, holds),
        deadline=describe_deadline(consultation.closes_at, now),
        buttons=(tuple(buttons),),
    )
