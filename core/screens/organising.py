"""Screens only organisers see: figures, drafts, invitations, posts in groups and channels."""

from dataclasses import dataclass

from core.screens.cards import ParagraphCard
from core.screens.elements import ButtonRows
from core.statistics import ConsultationStatistics


@dataclass(frozen=True, slots=True, kw_only=True)
class StatisticsReport:
    """The consultation's figures; `every_paragraph` asks for each paragraph's too (organisers)."""

    consultation_id: int
    title: str
    deadline: str
    statistics: ConsultationStatistics
    buttons: ButtonRows = ()
    every_paragraph: bool = False
    # The figures are made up (core.simulation.SIMULATED_NOTE says so on every surface).
    simulated: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """Ask for a typed answer (front ends open the reply box where they can)."""

    text: str
    placeholder: str
    buttons: ButtonRows = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftReview:
    """A consultation being created from chat, shown for the organiser to confirm."""

    consultation_id: int
    slug: str
    title: str
    sections: int
    paragraphs: int
    deadline: str
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationCreated:
    """A new invitation; front ends turn the token into their deep link."""

    consultation_id: int
    slug: str
    title: str
    token: str
    uses: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelPost:
    """A paragraph as posted to a group or channel: shared vote buttons, no personal state."""

    card: ParagraphCard
    join_payload: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PostEdit:
    """A post already in a group or channel, redrawn: `message_ref` names the message."""

    message_ref: str
    post: ChannelPost
