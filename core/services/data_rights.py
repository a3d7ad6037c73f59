"""A participant's data rights: everything townhall holds about them, as a file."""

from datetime import datetime

from core.errors import AccessDenied
from core.intents import ExportMyData
from core.model import Actor, ActorKind
from core.personal_data import mydata_document, mydata_filename
from core.ports import UnitOfWork
from core.screens import Notice, PersonalDataFile, Tone
from core.wording import counted

NOTHING_HELD = "townhall holds nothing about you: you have not taken part in a consultation here."


async def export_my_data(
    uow: UnitOfWork, actor: Actor, intent: ExportMyData, now: datetime
) -> PersonalDataFile | Notice:
    """The person's records as a `townhall.mydata/1` file; asking stores nothing new."""
    if actor.kind is not ActorKind.PERSON:
        raise AccessDenied("Only a person in a chat has data of their own to export.")
    participant = await uow.participants.find(actor.ref)
    if participant is None:
        return Notice(text=NOTHING_HELD, tone=Tone.INFO)
    records = await uow.personal_data.gather(participant)
    consultations = counted(len(records.enrolments), "consultation")
    text = (
        f"Everything townhall holds about you: {consultations}, "
        f"{counted(len(records.votes), 'vote')}, {counted(len(records.comments), 'comment')}. "
        "The file's format is described in townhall's README, under “Your data”."
    )
    return PersonalDataFile(
        filename=mydata_filename(now), content=mydata_document(records, now), text=text
    )
