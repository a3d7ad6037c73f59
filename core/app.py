"""The one entry point every chat front end calls: an intent in, a screen out."""

import logging
from datetime import UTC, tzinfo
from functools import partial
from typing import assert_never

from core.errors import AccessDenied, ConsultationError, InvalidPayload, NotAccepting
from core.intents import (
    BroadcastParagraphs,
    Cancel,
    CancelBroadcast,
    CancelComment,
    CastVote,
    CloseConsultation,
    ConfirmDraft,
    CreateConsultation,
    CreateInvitation,
    DiscardDraft,
    FreeText,
    ImportDocument,
    Intent,
    Join,
    Leave,
    LinkChannel,
    ListConsultations,
    OfferDocument,
    OpenConsultation,
    OrganiserIntent,
    PostParagraph,
    RememberPost,
    Resume,
    SetMuted,
    ShowComments,
    ShowDeliveryReport,
    ShowFullStatistics,
    ShowHelp,
    ShowOverview,
    ShowParagraph,
    ShowProgress,
    ShowStatistics,
    StartComment,
    StartDraft,
    SubmitComment,
    VoteOnComment,
)
from core.model import Actor
from core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from core.screens import Notice, Screen, Tone
from core.services import (
    administration,
    cancelling,
    channels,
    commenting,
    discussion,
    drafting,
    joining,
    navigation,
    posts,
    standing,
    voting,
)

logger = logging.getLogger(__name__)


class ConsultationApp:
    """Runs each intent as one unit of work and turns rule violations into notices.

    The screen is built inside the transaction and returned only after the commit, so a
    front end never acknowledges a vote or comment that was not stored.
    """

    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, *, zone: tzinfo = UTC
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._zone = zone  # dates organisers type without an offset are read in this zone

    async def handle(self, actor: Actor, intent: Intent) -> Screen:
        """Carry out the intent for the actor and describe what to show them."""
        try:
            return await self._uow_factory().perform(partial(self._unit, actor, intent))
        except ConsultationError as error:
            logger.info(
                "%s refused for %s: %s", type(intent).__name__, actor.ref, type(error).__name__
            )
            return notice_for(error)

    async def _unit(self, actor: Actor, intent: Intent, uow: UnitOfWork) -> Screen:
        screen = await self._dispatch(uow, actor, intent)
        await uow.commit()
        return screen

    async def _dispatch(self, uow: UnitOfWork, actor: Actor, intent: Intent) -> Screen:
        now = self._clock.now()
        match intent:
            case (
                StartDraft()
                | OfferDocument()
                | ImportDocument()
                | CreateConsultation()
                | ConfirmDraft()
                | DiscardDraft()
                | OpenConsultation()
                | CloseConsultation()
                | CreateInvitation()
                | ShowFullStatistics()
                | BroadcastParagraphs()
                | ShowDeliveryReport()
                | CancelBroadcast()
                | RememberPost()
                | LinkChannel()
                | PostParagraph()
            ):
                return await self._organise(uow, actor, intent)
            case ListConsultations():
                return await joining.list_consultations(uow, now)
            case Join(payload=payload):
                return await joining.join(uow, actor, payload, now)
            case Resume(consultation_id=cid):
                return await navigation.resume(uow, actor, cid, now)
            case ShowParagraph(consultation_id=cid, paragraph_id=pid):
                return await navigation.show_paragraph(uow, actor, cid, pid, now)
            case CastVote(consultation_id=cid, paragraph_id=pid, choice=choice):
                return await voting.cast_vote(uow, actor, cid, pid, choice, now)
            case StartComment():
                return await commenting.start_comment(uow, actor, intent, now)
            case SubmitComment():
                return await commenting.submit_comment(
                    uow,
                    actor,
                    consultation_id=intent.consultation_id,
                    paragraph_id=intent.paragraph_id,
                    body=intent.body,
                    reply_to=intent.reply_to,
                    idempotency_key=intent.idempotency_key,
                    now=now,
                )
            case FreeText(body=body, idempotency_key=key):
                draft = await uow.drafts.get(actor.ref, for_update=True)
                if draft is not None and drafting.awaits(draft, key):
                    return await drafting.answer(uow, draft, body, key, now, self._zone)
                return await commenting.submit_free_text(uow, actor, body, key, now)
            case CancelComment(consultation_id=cid):
                return await commenting.cancel_comment(uow, actor, cid, now)
            case Cancel():
                return await cancelling.cancel(uow, actor)
            case ShowComments():
                return await discussion.show_comments(uow, actor, intent, now)
            case VoteOnComment():
                return await discussion.vote_on_comment(uow, actor, intent, now)
            case ShowProgress(consultation_id=cid):
                return await standing.show_progress(uow, actor, cid, now)
            case ShowOverview():
                return await standing.show_overview(uow, actor, now)
            case ShowStatistics(consultation_id=cid):
                return await standing.show_statistics(uow, actor, cid, now)
            case SetMuted(consultation_id=cid, muted=muted):
                return await standing.set_muted(uow, actor, cid, muted, now)
            case Leave(consultation_id=cid):
                return await standing.leave(uow, actor, cid, now)
            case ShowHelp():
                return standing.HELP
            case _:
                assert_never(intent)

    async def _organise(self, uow: UnitOfWork, actor: Actor, intent: OrganiserIntent) -> Screen:
        now = self._clock.now()
        match intent:
            case StartDraft():
                return await drafting.start_draft(uow, actor, now)
            case OfferDocument():
                return await drafting.offer_document(uow, actor)
            case ImportDocument():
                return await drafting.import_document(uow, actor, intent, now)
            case CreateConsultation():
                return await drafting.create_at_once(uow, actor, intent, now, self._zone)
            case ConfirmDraft(consultation_id=cid):
                return await drafting.confirm(uow, actor, cid)
            case DiscardDraft(consultation_id=cid):
                return await drafting.discard(uow, actor, cid)
            case OpenConsultation(slug=slug):
                return await administration.open_now(uow, actor, slug, now)
            case CloseConsultation(slug=slug):
                return await administration.close_now(uow, actor, slug, now)
            case CreateInvitation(slug=slug, uses=uses):
                return await administration.invite(uow, actor, slug, uses, now)
            case ShowFullStatistics(slug=slug):
                return await administration.full_statistics(uow, actor, slug, now)
            case BroadcastParagraphs():
                return await administration.release(uow, actor, intent, now)
            case ShowDeliveryReport(broadcast_id=broadcast_id):
                return await administration.report(uow, actor, broadcast_id)
            case CancelBroadcast(broadcast_id=broadcast_id):
                return await administration.cancel_broadcast(uow, actor, broadcast_id, now)
            case RememberPost():
                return await posts.remember_post(uow, actor, intent, now)
            case LinkChannel(slug=slug, channel=channel, title=title):
                return await channels.link_channel(uow, actor, slug, channel, title, now)
            case PostParagraph():
                return await channels.post_paragraph(uow, actor, intent, now)
            case _:
                assert_never(intent)


def notice_for(error: ConsultationError) -> Notice:
    """The notice a person sees when the core refuses their request."""
    if isinstance(error, NotAccepting | AccessDenied | InvalidPayload):
        return Notice(text=error.message, tone=Tone.WARNING)
    return Notice(text=error.message, tone=Tone.ERROR)
