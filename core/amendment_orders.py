"""What the command line asks of amendments: decide one, read them all with the versions."""

from dataclasses import dataclass

from core.amendments import Amendment, ParagraphVersion
from core.model import Consultation, Paragraph
from core.orders import Order


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """What deciding an amendment did: `changed` is False when it was already so decided.

    `version` is the paragraph's new version (accepted); `notified` the people told.
    """

    amendment: Amendment
    paragraph: Paragraph
    changed: bool
    version: ParagraphVersion | None = None
    notified: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SettleAmendment(Order[Decision]):
    """Accept or reject an amendment by id (`townhall amendment accept|reject ID`)."""

    amendment_id: int
    accept: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class AmendmentRecord:
    """A consultation's paragraphs (current text), every confirmed amendment, every version.

    `versions` holds only the paragraphs that were amended, oldest version first.
    """

    consultation: Consultation
    paragraphs: tuple[Paragraph, ...]
    amendments: tuple[Amendment, ...]
    versions: dict[int, tuple[ParagraphVersion, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadAmendments(Order[AmendmentRecord]):
    """The record of a consultation's amendments and versions, for the CLI and the reports."""

    slug: str
