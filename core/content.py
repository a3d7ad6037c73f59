"""A consultation's content: its paragraphs and section headings, which never change under it.

Paragraphs, sections, positions and the paragraph count are written when the consultation is
created and stay as they are under one revision; the consultation's `content_revision` names
them. So storage may keep one `ConsultationContent` per revision in memory and hand it to
every unit of work that read that revision from the database: a card is built without asking
the database for the paragraph, its neighbours, its section or the count. Anything that ever
changes the content must give the consultation a new revision.

A paragraph's status (decided or in voting, core.paragraph_status) is content too, although
organisers change it while the consultation runs: a card shows it and every vote checks it,
so keeping it here lets the vote path refuse a decided paragraph without a database round trip
(issue 11), where reading it apart would cost every vote a query. A change of status is rare,
and gives the consultation a new revision: each process reads the content once more.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from core.model import Paragraph


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationContent:
    """The paragraphs in document order and the heading of each section, by section id."""

    consultation_id: int
    revision: str
    paragraphs: tuple[Paragraph, ...]
    headings: Mapping[int, str]
    _by_id: Mapping[int, Paragraph] = field(init=False, repr=False, compare=False)
    _by_position: Mapping[int, Paragraph] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {p.id: p for p in self.paragraphs})
        object.__setattr__(self, "_by_position", {p.position: p for p in self.paragraphs})

    @property
    def count(self) -> int:
        return len(self.paragraphs)

    def paragraph(self, paragraph_id: int) -> Paragraph | None:
        """The paragraph with this id if it belongs to this consultation."""
        return self._by_id.get(paragraph_id)

    def at_position(self, position: int) -> Paragraph | None:
        return self._by_position.get(position)

    def neighbours(self, position: int) -> tuple[Paragraph | None, Paragraph | None]:
        """The paragraphs just before and just after `position` (None at either end)."""
        return self.at_position(position - 1), self.at_position(position + 1)

    def heading(self, paragraph: Paragraph) -> str | None:
        """The heading of the section the paragraph is in; None before the first heading."""
        return None if paragraph.section_id is None else self.headings.get(paragraph.section_id)
