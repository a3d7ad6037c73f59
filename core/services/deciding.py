"""Organisers accept or reject suggested wordings; accepting makes the paragraph's next version.

The people who voted on the paragraph are told that its text changed, through the outbox (a
row each, written in this transaction, sent later by the worker). Their votes on the old
text stay in that version's figures; the new text starts with no votes.
"""

from datetime import datetime

from core.amendment_intents import DecideAmendment, ShowAmendments
from core.amendment_orders import AmendmentRecord, Decision, ReadAmendments, SettleAmendment
from core.amendments import Amendment, AmendmentState
from core.delivery import DeliveryKind, NewOutboxItem, OutboxItem, Priority
from core.errors import Conflict, NotAccepting, NotFound
from core.intents import ShowParagraph
from core.model import PUSH_PLATFORMS, Actor, Consultation, Paragraph
from core.ports import UnitOfWork
from core.screens import Button, Notice, Tone
from core.services.amending import current_version
from core.services.organising import require_organiser
from core.services.participation import find_consultation


async def settle(uow: UnitOfWork, actor: Actor, order: SettleAmendment, now: datetime) -> Decision:
    """Accept or reject; the same decision again changes nothing, the other one is refused."""
    await require_organiser(uow, actor)
    amendment = await uow.amendments.get(order.amendment_id)
    if amendment is None or amendment.state is AmendmentState.PENDING:
        raise NotFound(f"There is no suggested wording #{order.amendment_id}.")
    consultation = await uow.consultations.get(amendment.consultation_id)
    paragraph = await _paragraph(uow, consultation, amendment)
    if consultation is None or paragraph is None:  # pragma: no cover - rows cascade
        raise NotFound(f"There is no suggested wording #{order.amendment_id}.")
    wanted = AmendmentState.ACCEPTED if order.accept else AmendmentState.REJECTED
    if amendment.state is wanted:
        return Decision(amendment=amendment, paragraph=paragraph, changed=False)
    _check_decidable(amendment, consultation, paragraph, now)
    if not order.accept:
        await uow.amendments.set_state(
            amendment.id, wanted, expected=AmendmentState.PROPOSED, now=now
        )
        return await _decided(uow, amendment, paragraph)
    if amendment.base_version != await current_version(uow, paragraph):
        raise Conflict(
            f"{paragraph.label} has new wording since #{amendment.id} was suggested: "
            "it can only be rejected."
        )
    voters = await uow.amendments.voters(paragraph.id)
    version = await uow.amendments.adopt(amendment, now)
    notified = await _queue_notices(uow, consultation, amendment, voters, now)
    decision = await _decided(uow, amendment, paragraph)
    return Decision(
        amendment=decision.amendment,
        paragraph=decision.paragraph,
        changed=True,
        version=version,
        notified=notified,
    )


def _check_decidable(
    amendment: Amendment, consultation: Consultation, paragraph: Paragraph, now: datetime
) -> None:
    if amendment.state.decided:
        raise Conflict(
            f"Wording #{amendment.id} of {paragraph.label} was already {amendment.state.value}."
        )
    if amendment.state is AmendmentState.HIDDEN:
        raise Conflict(f"Wording #{amendment.id} was hidden by the moderators.")
    if consultation.is_closed(now):
        raise NotAccepting(
            f"“{consultation.title}” is closed: its wordings can no longer be decided."
        )


async def _paragraph(
    uow: UnitOfWork, consultation: Consultation | None, amendment: Amendment
) -> Paragraph | None:
    if consultation is None:
        return None
    return (await uow.paragraphs.content(consultation)).paragraph(amendment.paragraph_id)


async def _decided(uow: UnitOfWork, amendment: Amendment, paragraph: Paragraph) -> Decision:
    stored = await uow.amendments.get(amendment.id)
    return Decision(amendment=stored or amendment, paragraph=paragraph, changed=True)


async def _queue_notices(
    uow: UnitOfWork,
    consultation: Consultation,
    amendment: Amendment,
    voters: list[int],
    now: datetime,
) -> int:
    """A push to each reachable person who voted on the old text (and to the author)."""
    told = {*voters, amendment.participant_id}
    recipients = [
        r
        for r in await uow.enrolments.recipients(consultation.id)
        if r.participant_id in told and r.platform in PUSH_PLATFORMS
    ]
    items = [
        NewOutboxItem(
            key=f"amended:{amendment.id}:{recipient.participant_id}",
            recipient=recipient,
            kind=DeliveryKind.AMENDED,
            consultation_id=consultation.id,
            paragraph_id=amendment.paragraph_id,
            broadcast_id=None,
            priority=Priority.NOTICE,
            due_at=now,
        )
        for recipient in recipients
    ]
    return await uow.outbox.enqueue(items, now) if items else 0


async def decide_from_chat(
    uow: UnitOfWork, actor: Actor, intent: DecideAmendment, now: datetime
) -> Notice:
    """The Accept and Reject buttons an organiser sees under a wording."""
    order = SettleAmendment(amendment_id=intent.amendment_id, accept=intent.accept)
    decision = await settle(uow, actor, order, now)
    paragraph = decision.paragraph
    back = ShowAmendments(consultation_id=paragraph.consultation_id, paragraph_id=paragraph.id)
    buttons = ((Button(label="Suggested wordings", intent=back),),)
    state = decision.amendment.state.value
    if not decision.changed:
        text = f"Wording #{decision.amendment.id} of {paragraph.label} was already {state}."
        return Notice(text=text, tone=Tone.INFO, buttons=buttons)
    text = f"Wording #{decision.amendment.id} of {paragraph.label} is {state}."
    if decision.version is not None:
        text += (
            f" {paragraph.label} now reads as suggested (version {decision.version.number}); "
            f"{decision.notified} people who voted on it will be told."
        )
    return Notice(text=text, tone=Tone.SUCCESS, buttons=buttons)


async def read_amendments(
    uow: UnitOfWork, actor: Actor, order: ReadAmendments, now: datetime
) -> AmendmentRecord:
    """Every confirmed amendment of the consultation and every paragraph's versions."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    content = await uow.paragraphs.content(consultation)
    history = await uow.amendments.history(consultation.id)
    return AmendmentRecord(
        consultation=consultation,
        paragraphs=content.paragraphs,
        amendments=tuple(await uow.amendments.list(consultation.id)),
        versions={pid: tuple(versions) for pid, versions in history.items()},
    )


async def amended_notice(
    uow: UnitOfWork, delivery: OutboxItem, consultation: Consultation
) -> Notice | None:
    """The push telling a voter that a paragraph has new wording (None: nothing to say)."""
    paragraph = (await uow.paragraphs.content(consultation)).paragraph(delivery.paragraph_id or 0)
    if paragraph is None:
        return None
    read = ShowParagraph(consultation_id=consultation.id, paragraph_id=paragraph.id)
    return Notice(
        text=f"{paragraph.label} of “{consultation.title}” has new wording: the organisers "
        "accepted a suggested change. Your vote on the earlier text stays in its results; "
        "read the new text and vote on it.",
        tone=Tone.INFO,
        buttons=((Button(label=f"Read {paragraph.label}", intent=read),),),
    )
