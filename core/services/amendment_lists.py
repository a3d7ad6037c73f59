"""A paragraph's suggested wordings, and the votes people cast on them."""

from datetime import datetime

from core.amendment_intents import (
    DecideAmendment,
    ShowAmendments,
    SuggestWording,
    VoteOnAmendment,
)
from core.amendments import Amendment, AmendmentState
from core.diffs import diff_words
from core.errors import InvalidPayload, NotAccepting
from core.intents import ShowParagraph
from core.model import Actor, ActorKind, Choice, Paragraph
from core.ports import UnitOfWork
from core.screens import AmendmentItem, AmendmentList, Button, ButtonStyle
from core.services.amending import current_version
from core.services.participation import Participation, load_paragraph, load_participation
from core.services.releasing import require_released
from core.wording import counted

# What a list shows: the wordings still open first, then those decided; never the pending or
# hidden ones.
LISTED = frozenset({AmendmentState.PROPOSED, AmendmentState.ACCEPTED, AmendmentState.REJECTED})


async def show_amendments(
    uow: UnitOfWork, actor: Actor, intent: ShowAmendments, now: datetime
) -> AmendmentList:
    """The paragraph's wordings with their diffs, votes and this person's buttons."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    paragraph = await load_paragraph(uow, participation.consultation, intent.paragraph_id)
    await require_released(uow, paragraph, now)
    return await amendment_list(uow, actor, participation, paragraph, now, said=None)


async def vote_on_amendment(
    uow: UnitOfWork, actor: Actor, intent: VoteOnAmendment, now: datetime
) -> AmendmentList:
    """Record agree or disagree on a proposed wording; the same vote again changes nothing."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    amendment = await uow.amendments.get(intent.amendment_id)
    if amendment is None or amendment.consultation_id != participation.consultation.id:
        raise InvalidPayload("That suggested wording does not exist (any more).")
    paragraph = await load_paragraph(uow, participation.consultation, amendment.paragraph_id)
    participation.consultation.check_accepting(now)
    if amendment.state is not AmendmentState.PROPOSED:
        raise NotAccepting(_closed_to_votes(amendment, paragraph))
    changed = await uow.amendments.vote(
        amendment.id, participation.participant.id, intent.choice, now
    )
    what = "Agree" if intent.choice is Choice.AGREE else "Disagree"
    said = (
        f"Your {what} on wording #{amendment.id} is saved."
        if changed
        else f"Your {what} on wording #{amendment.id} was already saved."
    )
    return await amendment_list(uow, actor, participation, paragraph, now, said=said)


def _closed_to_votes(amendment: Amendment, paragraph: Paragraph) -> str:
    if amendment.state is AmendmentState.HIDDEN:
        return "That suggested wording was hidden by the moderators."
    return (
        f"Wording #{amendment.id} of {paragraph.label} was already {amendment.state.value}: "
        "votes on it are closed."
    )


async def amendment_list(
    uow: UnitOfWork,
    actor: Actor,
    participation: Participation,
    paragraph: Paragraph,
    now: datetime,
    *,
    said: str | None,
) -> AmendmentList:
    """The list screen; `said` leads it (what the press that drew it did)."""
    consultation = participation.consultation
    found = await uow.amendments.for_paragraph(paragraph.id, LISTED)
    found.sort(key=lambda a: (a.state is not AmendmentState.PROPOSED, a.id))
    accepting = consultation.is_accepting(now)
    organiser = actor.kind is ActorKind.PERSON and await uow.organisers.is_organiser(actor.ref)
    version = await current_version(uow, paragraph)
    items = []
    for amendment in found:
        choice = await uow.amendments.vote_of(amendment.id, participation.participant.id)
        items.append(_item(amendment, choice, accepting, organiser, version))
    proposed = sum(a.state is AmendmentState.PROPOSED for a in found)
    heading = f"{counted(proposed, 'suggested wording')} of {paragraph.label} open to votes."
    if not found:
        heading = f"Nobody has suggested a wording of {paragraph.label} yet."
    cid, pid = consultation.id, paragraph.id
    row = [
        Button(
            label=f"Back to {paragraph.label}",
            intent=ShowParagraph(consultation_id=cid, paragraph_id=pid),
        )
    ]
    if accepting:
        suggest = SuggestWording(consultation_id=cid, paragraph_id=pid)
        row.insert(0, Button(label="Suggest wording", intent=suggest))
    return AmendmentList(
        consultation_id=cid,
        paragraph_id=pid,
        label=paragraph.label,
        text=f"{said} {heading}" if said else heading,
        items=tuple(items),
        buttons=(tuple(row),),
    )


def _item(
    amendment: Amendment, choice: Choice | None, accepting: bool, organiser: bool, version: int
) -> AmendmentItem:
    open_to_votes = accepting and amendment.state is AmendmentState.PROPOSED
    outdated = amendment.state is AmendmentState.PROPOSED and amendment.base_version != version
    buttons: list[tuple[Button, ...]] = []
    if open_to_votes:
        buttons.append(tuple(_vote_button(amendment, c, choice) for c in Choice))
    if open_to_votes and organiser:
        buttons.append(_decision_buttons(amendment, outdated))
    return AmendmentItem(
        amendment_id=amendment.id,
        author=amendment.author_name,
        diff=diff_words(amendment.base_text, amendment.body),
        agree=amendment.agree,
        disagree=amendment.disagree,
        state=amendment.state,
        choice=choice,
        buttons=tuple(buttons),
        outdated=outdated,
    )


def _vote_button(amendment: Amendment, choice: Choice, current: Choice | None) -> Button:
    label = "Agree" if choice is Choice.AGREE else "Disagree"
    chosen = choice is current
    intent = VoteOnAmendment(
        consultation_id=amendment.consultation_id, amendment_id=amendment.id, choice=choice
    )
    return Button(
        label=f"✓ {label}" if chosen else label,
        intent=intent,
        style=ButtonStyle.PRIMARY if chosen else ButtonStyle.DEFAULT,
    )


def _decision_buttons(amendment: Amendment, outdated: bool) -> tuple[Button, ...]:
    cid, aid = amendment.consultation_id, amendment.id
    reject = Button(
        label="Reject",
        intent=DecideAmendment(consultation_id=cid, amendment_id=aid, accept=False),
        style=ButtonStyle.DANGER,
    )
    if outdated:
        return (reject,)
    accept = Button(
        label="Accept",
        intent=DecideAmendment(consultation_id=cid, amendment_id=aid, accept=True),
        style=ButtonStyle.PRIMARY,
    )
    return (accept, reject)
