"""What each claimed outbox row shows, built from today's data for a whole batch at once.

Most rows of a broadcast are the same paragraph for many people. Their cards share everything
but the reader's own vote, so a batch loads the shared part once per paragraph (the tally; the
paragraph, its section, the count, Back and Next come from the consultation's content, cached
per revision), each consultation and its holds once, and the readers' enrolments and votes in
one query each; every card still shows its own reader's vote. The
other rows (reminders, replies, summaries, channel posts, ...) are built one by one, in the
same transaction.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from core.delivery import DeliveryKind, OutboxItem
from core.intents import SetMuted
from core.model import Consultation
from core.ports import UnitOfWork
from core.screens import Button, ChannelPost, Opened, ParagraphCard, Screen, StatisticsReport
from core.services.cards import card_for, card_parts, channel_card
from core.services.deciding import amended_notice
from core.services.digesting import digest_screen
from core.services.joining import summarise
from core.services.moderation_notices import moderation_screen
from core.services.participation import Participation
from core.services.posts import refreshed_post
from core.services.releasing import Holds, current_holds
from core.services.replies import reply_screen
from core.services.reporting import gather_statistics
from core.services.standing import progress_of
from core.wording import describe_deadline

Screens = dict[int, Screen | None]


async def build_screens(
    uow: UnitOfWork, deliveries: Sequence[OutboxItem], now: datetime
) -> Screens:
    """Each row's screen by row id; None for a row that should no longer be sent."""
    screens: Screens = {}
    cards: dict[tuple[int, int], list[OutboxItem]] = {}
    for delivery in deliveries:
        if _is_personal_card(delivery):
            key = (delivery.consultation_id, delivery.paragraph_id or 0)
            cards.setdefault(key, []).append(delivery)
        else:
            screens[delivery.id] = await _screen(uow, delivery, now)
    holds: dict[int, Holds] = {}
    for (consultation_id, paragraph_id), readers in cards.items():
        consultation = await uow.consultations.get(consultation_id)
        if consultation is None or not consultation.is_accepting(now):
            screens.update(dict.fromkeys((d.id for d in readers), None))
            continue
        if consultation_id not in holds:
            holds[consultation_id] = await current_holds(uow, consultation_id, now)
        built = await _paragraph_cards(
            uow, consultation, paragraph_id, readers, holds[consultation_id], now
        )
        screens.update(built)
    return screens


def _is_personal_card(delivery: OutboxItem) -> bool:
    return delivery.kind is DeliveryKind.PARAGRAPH and delivery.recipient.channel_id is None


async def _paragraph_cards(
    uow: UnitOfWork,
    consultation: Consultation,
    paragraph_id: int,
    readers: Sequence[OutboxItem],
    holds: Holds,
    now: datetime,
) -> Screens:
    """One paragraph's card for each reader, with that reader's own vote."""
    paragraph = (await uow.paragraphs.content(consultation)).paragraph(paragraph_id)
    if paragraph is None:
        return dict.fromkeys((d.id for d in readers), None)
    people = [d.recipient.participant_id or 0 for d in readers]
    enrolments = await uow.enrolments.get_many(consultation.id, people)
    choices = await uow.votes.choices_on(paragraph.id, people)
    parts = await card_parts(uow, consultation, paragraph, holds)
    screens: Screens = {}
    for delivery, person in zip(readers, people, strict=True):
        enrolment = enrolments.get(person)
        if enrolment is None or not enrolment.active or enrolment.muted:
            screens[delivery.id] = None
        else:
            screens[delivery.id] = _with_mute(card_for(parts, choices.get(person), now))
    return screens


def _with_mute(card: ParagraphCard) -> ParagraphCard:
    """A push nobody asked for carries its own way out."""
    muting = SetMuted(muted=True, consultation_id=card.consultation_id)
    return replace(card, buttons=(*card.buttons, (Button(label="Mute", intent=muting),)))


async def _screen(uow: UnitOfWork, delivery: OutboxItem, now: datetime) -> Screen | None:
    """Any other row's screen, from today's data; None when it should no longer be sent."""
    consultation = await uow.consultations.get(delivery.consultation_id)
    if consultation is None:
        return None
    if delivery.kind is DeliveryKind.REFRESH:  # closed too: the post shows the final result
        return await refreshed_post(uow, consultation, delivery.post_id, now)
    if delivery.kind is DeliveryKind.SUMMARY:
        return StatisticsReport(
            consultation_id=consultation.id,
            title=consultation.title,
            deadline=describe_deadline(consultation.closes_at, now),
            statistics=await gather_statistics(uow, consultation),
            simulated=consultation.simulated,
        )
    if delivery.kind is DeliveryKind.DIGEST:
        return await digest_screen(uow, delivery, consultation, now)
    if delivery.kind in (DeliveryKind.MODERATION, DeliveryKind.REVIEW):
        return await moderation_screen(uow, delivery, consultation)
    if not consultation.is_accepting(now):
        return None  # a release or reminder after the close would only confuse
    if delivery.kind is DeliveryKind.OPENING:
        summary = await summarise(uow, consultation, now)
        return Opened(consultation=summary, join_payload=consultation.slug)
    if delivery.recipient.channel_id is not None:
        paragraph = await uow.paragraphs.get(delivery.paragraph_id or 0)
        if paragraph is None:
            return None
        card = await channel_card(uow, consultation, paragraph, now)
        return ChannelPost(card=card, join_payload=consultation.slug)
    return await _personal_screen(uow, delivery, consultation, now)


async def _personal_screen(
    uow: UnitOfWork, delivery: OutboxItem, consultation: Consultation, now: datetime
) -> Screen | None:
    participant_id = delivery.recipient.participant_id or 0
    participant = await uow.participants.get(participant_id)
    enrolment = await uow.enrolments.get(consultation.id, participant_id)
    if participant is None or enrolment is None or not enrolment.active:
        return None
    participation = Participation(
        participant=participant, consultation=consultation, enrolment=enrolment
    )
    if delivery.kind is DeliveryKind.REMINDER:
        progress = await progress_of(uow, participation, now, reminder=True)
        finished = progress.voted >= progress.total
        return None if finished or enrolment.muted else progress
    if delivery.kind is DeliveryKind.REPLY:
        return await reply_screen(uow, delivery, participation, now)
    if delivery.kind is DeliveryKind.AMENDED:
        return None if enrolment.muted else await amended_notice(uow, delivery, consultation)
    return None  # paragraph cards are built by the batch
