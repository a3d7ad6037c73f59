"""A participant's right to be forgotten: asked, confirmed with a button, then erased.

What goes: the person's name and platform id (their row stays, anonymous, so the figures
keep counting their votes), the text of their comments (state `removed`: replies stay under
"comment removed"), their place in each consultation with its reminders, their votes'
history, and every push not yet sent to them. What stays: their current votes, as anonymous
counts, and their votes on others' comments, as counts. Nothing is sent to them again: they
have no enrolment left, and the row is unreachable under an identity no platform will send.
In moderation's records their reports stay, counted, on the anonymous row; the audit log
names that row instead of them; they moderate nothing any more (PersonalDataRepository.erase).
"""

from datetime import datetime

from core.delivery import Recipient
from core.errors import AccessDenied, InvalidPayload
from core.hints import Command, hint
from core.intents import ConfirmForget, ForgetMe
from core.model import Actor, ActorKind, CommentState, Participant
from core.ports import UnitOfWork
from core.screens import Button, ButtonStyle, Notice, Tone

NOTHING_LEFT = "townhall holds nothing about you: there is nothing left to forget."
FORGOTTEN = (
    "Done: townhall has forgotten you. Your name and id are erased, your comments say "
    "“comment removed”, and you will get no more messages. Your votes still count, "
    "anonymously. If you write again, you start as a new participant."
)


async def ask_to_forget(uow: UnitOfWork, actor: Actor, intent: ForgetMe, now: datetime) -> Notice:
    """What forgetting erases, with the button that does it; asking changes nothing."""
    participant = await _known(uow, actor)
    if participant is None:
        return Notice(text=NOTHING_LEFT, tone=Tone.INFO)
    text = (
        "This erases what townhall holds about you: your name and id, the text of your "
        "comments (replies to them stay, under “comment removed”), your place in each "
        "consultation and your reminders. Your votes stay only as anonymous counts. It cannot "
        f"be undone: type {hint(Command.MYDATA)} first for a copy. To keep everything, do "
        "nothing."
    )
    erase = Button(
        label="Forget me",
        intent=ConfirmForget(participant_id=participant.id),
        style=ButtonStyle.DANGER,
    )
    return Notice(text=text, tone=Tone.INFO, buttons=((erase,),))


async def forget(uow: UnitOfWork, actor: Actor, intent: ConfirmForget, now: datetime) -> Notice:
    """Erase the person, if the button was made for them; a second time finds nothing."""
    participant = await _known(uow, actor)
    if participant is None:
        return Notice(text=NOTHING_LEFT, tone=Tone.INFO)
    if participant.id != intent.participant_id:
        raise InvalidPayload("This button was not made for you; nothing was erased.")
    records = await uow.personal_data.gather(participant)
    for comment in records.comments:
        if not comment.state.erased:  # a comment its author deleted stays "deleted"
            await uow.comments.set_state(comment.id, CommentState.REMOVED)
    ref = participant.ref
    chat = Recipient(platform=ref.platform, tenant=ref.tenant, address=ref.external_id)
    await uow.outbox.drop_pending_for(chat, "the person asked townhall to forget them")
    await uow.personal_data.erase(participant)
    return Notice(text=FORGOTTEN, tone=Tone.SUCCESS)


async def _known(uow: UnitOfWork, actor: Actor) -> Participant | None:
    if actor.kind is not ActorKind.PERSON:
        raise AccessDenied("Only a person in a chat can ask to be forgotten.")
    return await uow.participants.find(actor.ref)
