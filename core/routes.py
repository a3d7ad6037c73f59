"""Which use case carries out each intent and order: a table, one row for each.

Every use case has the one shape `async def verb(uow, actor, intent, now)`: it runs inside
the unit of work ConsultationApp opened and never opens one of its own. A chat intent's use
case returns a Screen; an order's (core.orders) returns the result the order names. A setting
a use case needs besides (the zone organisers' dates are read in) is bound when the table is
built. tests/core/test_routes.py checks that every intent and order has exactly one row.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime, tzinfo
from functools import partial
from random import Random
from typing import TypeVar, cast

from core.amendment_intents import (
    CancelWording,
    ConfirmWording,
    DecideAmendment,
    ShowAmendments,
    SubmitWording,
    SuggestWording,
    VoteOnAmendment,
)
from core.amendment_orders import ReadAmendments, SettleAmendment
from core.dashboard_orders import (
    IssueDashboardLink,
    OpenDashboard,
    PublishDashboard,
    ReadDashboardFigures,
    RevokeDashboardLinks,
)
from core.dashboards import LinkSettings
from core.intents import (
    BroadcastParagraphs,
    Cancel,
    CancelBroadcast,
    CancelComment,
    CastVote,
    CloseConsultation,
    ConfirmDraft,
    ConfirmForget,
    CreateConsultation,
    CreateInvitation,
    DeleteComment,
    DiscardDraft,
    ExportMyData,
    ForgetMe,
    FreeText,
    ImportDocument,
    Intent,
    Join,
    Leave,
    LinkChannel,
    ListConsultations,
    MarkParagraph,
    ModerateComment,
    OfferDocument,
    OpenCommentMenu,
    OpenConsultation,
    PostParagraph,
    RememberPost,
    ReportComment,
    Resume,
    SetDigests,
    SetMuted,
    ShowComments,
    ShowDashboardLink,
    ShowDeliveryReport,
    ShowFullStatistics,
    ShowHelp,
    ShowOverview,
    ShowParagraph,
    ShowProgress,
    ShowReading,
    ShowReviewQueue,
    ShowStatistics,
    SkipReason,
    StartComment,
    StartDraft,
    SubmitComment,
    VoteOnComment,
)
from core.model import Actor
from core.moderation import DEFAULT_HIDE_AFTER_REPORTS
from core.moderation_orders import (
    DecideComment,
    EditWords,
    ListModerators,
    ReadModerationLog,
    ReadReviewQueue,
    SetBlocked,
    SetModerator,
)
from core.open_data import CollectOpenData, ReadVotePage
from core.opinion_orders import (
    DueOpinionGroups,
    ReadOpinionGroups,
    ReadOpinionInputs,
    ReadOpinionVotes,
    SaveOpinionGroups,
)
from core.orders import (
    AddConsultation,
    AddInvitation,
    AddOrganiser,
    ChangeOrder,
    CloseNow,
    CollectExport,
    DescribeConsultation,
    ListOverviews,
    MoveDeadline,
    OpenNow,
    Order,
    QueueBroadcast,
    ReadDeliveryReport,
    ReadDigest,
    ReadStatistics,
    SetDigest,
    SimulateVotes,
    StopBroadcast,
)
from core.paragraph_status import SetParagraphStatus, SupportRule
from core.ports import UnitOfWork
from core.priorities import Chance
from core.services import (
    administration,
    amending,
    amendment_lists,
    broadcasting,
    calendar,
    cancelling,
    channels,
    comment_menus,
    commenting,
    dashboards,
    data_rights,
    deciding,
    digesting,
    discussion,
    drafting,
    forgetting,
    free_text,
    joining,
    moderation_desk,
    navigation,
    open_data,
    opinions,
    organising,
    paragraph_statuses,
    posts,
    reachability,
    reading,
    reasons,
    reminding,
    reporting,
    reporting_comments,
    reviewing,
    simulating,
    standing,
    voting,
)
from core.services.ordering import Drawing
from core.upkeep import (
    AnnounceOpening,
    ClaimReminders,
    CloseOnTime,
    DiscardAbandonedDrafts,
    DueClosings,
    DueDigests,
    DueOpenings,
    MoveChannel,
    QueueDigest,
    SendReminder,
    SetReachable,
)

I = TypeVar("I")  # noqa: E741 (the intent or order a use case takes)
Request = Intent | Order[object]
UseCase = Callable[[UnitOfWork, Actor, I, datetime], Awaitable[object]]
Route = tuple[type[Request], UseCase[Request]]


def route(kind: type[I], use_case: UseCase[I]) -> Route:
    """One row: the use case is only ever called with an intent of `kind` (the table's key)."""
    return cast(type[Request], kind), cast(UseCase[Request], use_case)


def route_table(
    zone: tzinfo,
    *,
    hide_after_reports: int = DEFAULT_HIDE_AFTER_REPORTS,
    links: LinkSettings = LinkSettings(),  # noqa: B008 (frozen: one shared default is safe)
    chance: Chance | None = None,
    support: SupportRule = SupportRule(),  # noqa: B008 (frozen too)
) -> list[Route]:
    """Every intent with its use case; `zone` reads the dates organisers type.

    `hide_after_reports` is the report threshold of consultations that set none of their own;
    `links` signs and checks dashboard links; `chance` draws the next paragraph in smart order
    (core.priorities; a new `random.Random` by default); `support` says when a paragraph is
    supported.
    """
    return [
        *_participating(Drawing(chance or Random()), support),
        route(FreeText, partial(free_text.receive_text, zone=zone)),
        route(CreateConsultation, partial(drafting.create_at_once, zone=zone)),
        *_organising(support),
        *_ordering(support),
        *_moderating(hide_after_reports),
        *_upkeep(),
        *_digests(zone),
        *_dashboard(links, support),
        *_amendments(),
    ]


def _amendments() -> list[Route]:
    return [
        route(SuggestWording, amending.suggest_wording),
        route(SubmitWording, amending.submit_wording),
        route(ConfirmWording, amending.confirm_wording),
        route(CancelWording, amending.cancel_wording),
        route(ShowAmendments, amendment_lists.show_amendments),
        route(VoteOnAmendment, amendment_lists.vote_on_amendment),
        route(DecideAmendment, deciding.decide_from_chat),
        route(SettleAmendment, deciding.settle),
        route(ReadAmendments, deciding.read_amendments),
    ]


def _dashboard(links: LinkSettings, support: SupportRule) -> list[Route]:
    return [
        route(ShowDashboardLink, partial(dashboards.show_link, settings=links)),
        route(IssueDashboardLink, partial(dashboards.issue_link, settings=links)),
        route(RevokeDashboardLinks, dashboards.revoke_links),
        route(PublishDashboard, partial(dashboards.publish, settings=links)),
        route(OpenDashboard, partial(dashboards.open_dashboard, settings=links, support=support)),
        route(
            ReadDashboardFigures, partial(dashboards.read_figures, settings=links, support=support)
        ),
    ]


def _participating(drawing: Drawing, support: SupportRule) -> list[Route]:
    return [
        route(ListConsultations, joining.list_consultations),
        route(Join, joining.join),
        route(Resume, partial(navigation.resume, drawing=drawing)),
        route(ShowParagraph, navigation.show_paragraph),
        route(CastVote, partial(voting.cast_vote, drawing=drawing)),
        route(StartComment, commenting.start_comment),
        route(SubmitComment, commenting.submit_comment),
        route(CancelComment, commenting.cancel_comment),
        route(SkipReason, partial(reasons.skip_reason, drawing=drawing)),
        route(Cancel, cancelling.cancel),
        route(ShowComments, discussion.show_comments),
        route(VoteOnComment, discussion.vote_on_comment),
        route(ShowProgress, standing.show_progress),
        route(ShowOverview, standing.show_overview),
        route(ShowStatistics, partial(standing.show_statistics, support=support)),
        route(ShowReading, partial(reading.show_reading, rule=support)),
        route(SetMuted, standing.set_muted),
        route(Leave, standing.leave),
        route(ShowHelp, standing.show_help),
        route(ExportMyData, data_rights.export_my_data),
        route(ForgetMe, forgetting.ask_to_forget),
        route(ConfirmForget, forgetting.forget),
    ]


def _organising(support: SupportRule) -> list[Route]:
    return [
        route(StartDraft, drafting.start_draft),
        route(OfferDocument, drafting.offer_document),
        route(ImportDocument, drafting.import_document),
        route(ConfirmDraft, drafting.confirm),
        route(DiscardDraft, drafting.discard),
        route(OpenConsultation, administration.open_now),
        route(CloseConsultation, administration.close_now),
        route(CreateInvitation, administration.invite),
        route(ShowFullStatistics, partial(administration.full_statistics, support=support)),
        route(BroadcastParagraphs, administration.release),
        route(ShowDeliveryReport, administration.report),
        route(CancelBroadcast, administration.cancel_broadcast),
        route(RememberPost, posts.remember_post),
        route(LinkChannel, channels.link_channel),
        route(PostParagraph, channels.post_paragraph),
        route(MarkParagraph, paragraph_statuses.mark_paragraph),
    ]


def _ordering(support: SupportRule) -> list[Route]:
    return [
        route(AddConsultation, organising.add_consultation),
        route(OpenNow, organising.open_consultation),
        route(CloseNow, organising.close_consultation),
        route(MoveDeadline, organising.change_deadline),
        route(ChangeOrder, organising.change_order),
        route(AddInvitation, organising.create_invitation),
        route(AddOrganiser, organising.add_organiser),
        route(QueueBroadcast, broadcasting.broadcast),
        route(StopBroadcast, broadcasting.cancel),
        route(ReadDeliveryReport, broadcasting.delivery_report),
        route(ListOverviews, reporting.list_overviews),
        route(DescribeConsultation, reporting.describe),
        route(ReadStatistics, partial(reporting.consultation_statistics, support=support)),
        route(CollectExport, partial(reporting.collect_export, support=support)),
        route(SimulateVotes, simulating.simulate_votes),
        route(CollectOpenData, open_data.collect_open_data),
        route(ReadVotePage, open_data.read_vote_page),
        route(SetParagraphStatus, paragraph_statuses.set_paragraph_status),
        *_opinions(),
    ]


def _opinions() -> list[Route]:
    return [
        route(ReadOpinionInputs, opinions.read_inputs),
        route(ReadOpinionVotes, opinions.read_votes),
        route(SaveOpinionGroups, opinions.save_groups),
        route(ReadOpinionGroups, opinions.read_groups),
        route(DueOpinionGroups, opinions.due_groups),
    ]


def _moderating(hide_after_reports: int) -> list[Route]:
    report = partial(reporting_comments.report_comment, hide_after=hide_after_reports)
    return [
        route(ReportComment, report),
        route(DeleteComment, reporting_comments.delete_comment),
        route(OpenCommentMenu, comment_menus.open_comment_menu),
        route(ShowReviewQueue, reviewing.show_review_queue),
        route(ModerateComment, reviewing.moderate_comment),
        route(ReadReviewQueue, moderation_desk.read_queue),
        route(DecideComment, moderation_desk.decide_comment),
        route(SetBlocked, moderation_desk.set_blocked),
        route(EditWords, moderation_desk.edit_words),
        route(SetModerator, moderation_desk.set_moderator),
        route(ListModerators, moderation_desk.list_moderators),
        route(ReadModerationLog, moderation_desk.read_log),
    ]


def _upkeep() -> list[Route]:
    return [
        route(DueOpenings, calendar.due_openings),
        route(AnnounceOpening, calendar.announce_opening),
        route(DueClosings, calendar.due_closings),
        route(CloseOnTime, calendar.close_on_time),
        route(ClaimReminders, reminding.claim_reminders),
        route(SendReminder, reminding.send_reminder),
        route(DiscardAbandonedDrafts, drafting.discard_abandoned_drafts),
        route(SetReachable, reachability.set_reachable),
        route(MoveChannel, channels.move_channel),
    ]


def _digests(zone: tzinfo) -> list[Route]:
    return [
        route(SetDigest, digesting.set_digest),
        route(ReadDigest, digesting.read_digest),
        route(SetDigests, partial(digesting.set_digests, zone=zone)),
        route(DueDigests, digesting.due_digests),
        route(QueueDigest, partial(digesting.queue_digest, zone=zone)),
    ]
