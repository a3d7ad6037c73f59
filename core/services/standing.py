"""A participant's standing: progress, figures, reminders, leaving, help."""

from dataclasses import replace
from datetime import datetime

from core.errors import AccessDenied
from core.hints import Command, hint
from core.intents import (
    Leave,
    ListConsultations,
    Resume,
    SetMuted,
    ShowHelp,
    ShowOverview,
    ShowProgress,
    ShowReading,
    ShowStatistics,
)
from core.model import Actor, Consultation, ReadingFilter, ResultsVisibility
from core.paragraph_status import SupportRule, decided_ids
from core.ports import UnitOfWork
from core.screens import (
    Button,
    ButtonStyle,
    Help,
    HelpEntry,
    Notice,
    Overview,
    Progress,
    StatisticsReport,
    Tone,
)
from core.services.participation import Participation, load_participation, present
from core.services.releasing import standing_of
from core.services.reporting import gather_statistics
from core.wording import describe_deadline, format_moment

HELP = Help(
    entries=(
        HelpEntry(action="start", description="join a consultation or list the open ones"),
        HelpEntry(
            action="next",
            description="continue with the next paragraph you have not voted on; followed by "
            "voted, commented, controversial, supported, decided or mine, it lists the most "
            "voted (etc.) paragraphs, or your own",
        ),
        HelpEntry(action="progress", description="how far you are and when it closes"),
        HelpEntry(action="stats", description="the figures, when the organisers publish them"),
        HelpEntry(
            action="mute",
            description="no more reminders or released paragraphs "
            f"({hint(Command.UNMUTE)} to get them back)",
        ),
        HelpEntry(
            action="subscribe",
            description="the consultation's daily or weekly digest, when its organisers send "
            f"one ({hint(Command.UNSUBSCRIBE)} to stop it)",
        ),
        HelpEntry(action="leave", description="leave the consultation; your votes still count"),
        HelpEntry(action="mydata", description="everything townhall holds about you, as a file"),
        HelpEntry(action="forget", description="erase what townhall holds about you"),
        HelpEntry(action="help", description="this list"),
    )
)


async def show_help(uow: UnitOfWork, actor: Actor, intent: ShowHelp, now: datetime) -> Help:
    """The same list for everyone."""
    return HELP


async def show_progress(
    uow: UnitOfWork, actor: Actor, intent: ShowProgress, now: datetime
) -> Progress:
    """How many paragraphs the person voted on and commented, and the deadline."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    return await progress_of(uow, participation, now)


def _reading_buttons(consultation_id: int) -> tuple[Button, ...]:
    # Filters that reveal no votes, so always open; the list they show offers the others.
    return tuple(
        Button(label=kind.heading, intent=ShowReading(consultation_id=consultation_id, kind=kind))
        for kind in (ReadingFilter.COMMENTED, ReadingFilter.DECIDED, ReadingFilter.MINE)
    )


async def show_overview(
    uow: UnitOfWork, actor: Actor, intent: ShowOverview, now: datetime
) -> Overview:
    """Every consultation the person takes part in, most recently active first."""
    participant = await present(uow, actor)
    items = []
    for enrolment in await uow.enrolments.active_for(participant.id):
        consultation = await uow.consultations.get(enrolment.consultation_id)
        if consultation is not None:
            participation = Participation(
                participant=participant, consultation=consultation, enrolment=enrolment
            )
            items.append(await progress_of(uow, participation, now))
    browse = Button(label="Find a consultation", intent=ListConsultations())
    return Overview(consultations=tuple(items), buttons=((browse,),))


async def progress_of(
    uow: UnitOfWork, participation: Participation, now: datetime, *, reminder: bool = False
) -> Progress:
    """The person's progress in one consultation, with Continue and Mute buttons."""
    consultation, participant = participation.consultation, participation.participant
    muted = participation.enrolment.muted
    mute = Button(
        label="Unmute reminders" if muted else "Mute reminders",
        intent=SetMuted(consultation_id=consultation.id, muted=not muted),
    )
    resume = Button(
        label="Continue", intent=Resume(consultation_id=consultation.id), style=ButtonStyle.PRIMARY
    )
    standing = await standing_of(uow, consultation, participant.id, now)
    return Progress(
        consultation_id=consultation.id,
        title=consultation.title,
        voted=standing.voted,
        total=standing.released,
        held=standing.held,
        comments=await uow.comments.count_by(consultation.id, participant.id),
        deadline=describe_deadline(consultation.closes_at, now),
        muted=muted,
        # A pushed reminder keeps to Continue and Mute; asked for, Progress offers reading too.
        buttons=((resume, mute),)
        if reminder
        else ((resume, mute), _reading_buttons(consultation.id)),
        reminder=reminder,
    )


async def show_statistics(
    uow: UnitOfWork,
    actor: Actor,
    intent: ShowStatistics,
    now: datetime,
    *,
    support: SupportRule = SupportRule(),  # noqa: B008 (frozen: one shared default is safe)
) -> StatisticsReport:
    """The figures, if the consultation's results visibility lets this person see them."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    consultation = participation.consultation
    if not await may_see_results(uow, actor, participation, now):
        raise AccessDenied(hidden_reason(consultation))
    return StatisticsReport(
        consultation_id=consultation.id,
        title=consultation.title,
        deadline=describe_deadline(consultation.closes_at, now),
        statistics=await gather_statistics(uow, consultation, support=support),
        simulated=consultation.simulated,
    )


async def may_see_results(
    uow: UnitOfWork, actor: Actor, participation: Participation, now: datetime
) -> bool:
    """Whether the results visibility lets this person see the votes now."""
    consultation = participation.consultation
    if consultation.results_visibility is ResultsVisibility.LIVE or consultation.is_closed(now):
        return True
    if await uow.organisers.is_organiser(actor.ref):
        return True
    if consultation.results_visibility is ResultsVisibility.AFTER_VOTE:
        # Every paragraph one can vote on: a decided one takes no more votes.
        content = await uow.paragraphs.content(consultation)
        unvoted = await uow.votes.first_unvoted(
            consultation.id,
            participation.participant.id,
            after_position=0,
            skipping=decided_ids(content),
        )
        return unvoted is None
    return False


def hidden_reason(consultation: Consultation) -> str:
    if consultation.results_visibility is ResultsVisibility.AFTER_VOTE:
        return "The figures are shown once you have voted on every paragraph."
    closes = format_moment(consultation.closes_at)
    return f"The figures are published when the consultation closes ({closes})."


async def set_muted(uow: UnitOfWork, actor: Actor, intent: SetMuted, now: datetime) -> Notice:
    """Turn reminders off or on for one consultation."""
    muted = intent.muted
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    await uow.enrolments.save(replace(participation.enrolment, muted=muted))
    title = participation.consultation.title
    if muted:
        text = (
            f"Reminders and released paragraphs of “{title}” are off. "
            f"Type {hint(Command.UNMUTE)} to turn them back on."
        )
    else:
        text = f"Reminders and released paragraphs of “{title}” are on again."
    return Notice(text=text, tone=Tone.SUCCESS)


async def leave(uow: UnitOfWork, actor: Actor, intent: Leave, now: datetime) -> Notice:
    """Leave: no reminders or broadcasts any more; votes and comments stay counted."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    await uow.enrolments.save(
        replace(
            participation.enrolment,
            active=False,
            awaiting_paragraph_id=None,
            awaiting_reply_to=None,
            awaiting_reason=False,
        )
    )
    title = participation.consultation.title
    return Notice(
        text=f"You have left “{title}”. Your votes and comments still count; "
        "join again with the same link at any time.",
        tone=Tone.SUCCESS,
    )
