"""What the HTML report shows, arranged for its template: bars, sections, rows and threads.

Everything here is read from a core.orders.ConsultationExport; nothing is counted again. A
section's figures are the sums of its paragraphs' tallies, its level of agreement computed by
core.statistics from those sums, as the consultation's totals are.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from core.model import Comment
from core.orders import ConsultationExport
from core.statistics import DisagreementReason, ParagraphTally, agreement_pct


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    """A diverging agree/disagree bar: disagree to the left of the middle, agree to the right.

    Widths are percentages of each half, so the two sides of a paragraph add up to one half.
    """

    agree: int
    disagree: int

    @property
    def votes(self) -> int:
        return self.agree + self.disagree

    @property
    def agreement_pct(self) -> int | None:
        return agreement_pct(self.agree, self.disagree)

    @property
    def agree_width(self) -> float:
        return round(100 * self.agree / self.votes, 2) if self.votes else 0.0

    @property
    def disagree_width(self) -> float:
        return round(100 * self.disagree / self.votes, 2) if self.votes else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ParagraphRow:
    """One paragraph of the document with its figures."""

    tally: ParagraphTally
    text: str
    bar: Bar


@dataclass(frozen=True, slots=True, kw_only=True)
class SectionGroup:
    """A heading (None: the paragraphs before the first one) and its paragraphs, in order."""

    heading: str | None
    rows: tuple[ParagraphRow, ...]

    @property
    def bar(self) -> Bar:
        return Bar(
            agree=sum(r.tally.agree for r in self.rows),
            disagree=sum(r.tally.disagree for r in self.rows),
        )

    @property
    def comments(self) -> int:
        return sum(r.tally.comments for r in self.rows)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadItem:
    """A comment in thread order; `opens`: its replies follow, one level deeper.

    `closes` is how many levels of replies end after it, so that the template nests the
    lists without recursion (a long chain of replies is as safe as a short one).
    """

    comment: Comment
    depth: int
    opens: bool
    closes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Discussion:
    """The comments of one paragraph, threaded."""

    label: str
    number: int
    items: tuple[ThreadItem, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReasonGroup:
    """The reasons for disagreeing given on one paragraph."""

    label: str
    number: int
    reasons: tuple[DisagreementReason, ...]


def section_groups(export: ConsultationExport) -> list[SectionGroup]:
    """The paragraphs in document order, grouped under their section headings."""
    tallies = {t.paragraph_id: t for t in export.statistics.paragraphs}
    groups: list[tuple[str | None, list[ParagraphRow]]] = []
    for paragraph in sorted(export.paragraphs, key=lambda p: p.position):
        tally = tallies[paragraph.id]
        if not groups or groups[-1][0] != tally.section:
            groups.append((tally.section, []))
        bar = Bar(agree=tally.agree, disagree=tally.disagree)
        groups[-1][1].append(ParagraphRow(tally=tally, text=paragraph.text, bar=bar))
    return [SectionGroup(heading=heading, rows=tuple(rows)) for heading, rows in groups]


def discussions(export: ConsultationExport) -> list[Discussion]:
    """Each paragraph with comments, in document order, its comments threaded."""
    by_paragraph: dict[int, list[Comment]] = {}
    for comment in export.comments:
        by_paragraph.setdefault(comment.paragraph_id, []).append(comment)
    return [
        Discussion(label=p.label, number=p.number, items=tuple(thread(by_paragraph[p.id])))
        for p in sorted(export.paragraphs, key=lambda p: p.position)
        if p.id in by_paragraph
    ]


def thread(comments: Iterable[Comment]) -> list[ThreadItem]:
    """The comments in thread order: each followed by its replies, oldest first at each level.

    A reply whose parent is not among them (none is, in an export) starts a thread of its own.
    """
    listed = list(comments)
    known = {c.id for c in listed}
    replies: dict[int | None, list[Comment]] = {}
    for comment in listed:
        parent = comment.parent_id if comment.parent_id in known else None
        replies.setdefault(parent, []).append(comment)
    ordered: list[tuple[Comment, int]] = []
    stack = [(c, 0) for c in reversed(replies.get(None, []))]
    while stack:
        comment, depth = stack.pop()
        ordered.append((comment, depth))
        stack += [(c, depth + 1) for c in reversed(replies.get(comment.id, []))]
    return _nested(ordered, replies)


def _nested(
    ordered: list[tuple[Comment, int]], replies: dict[int | None, list[Comment]]
) -> list[ThreadItem]:
    items = []
    for index, (comment, depth) in enumerate(ordered):
        following = ordered[index + 1][1] if index + 1 < len(ordered) else 0
        opens = comment.id in replies
        items.append(
            ThreadItem(
                comment=comment,
                depth=depth,
                opens=opens,
                closes=0 if opens else depth - following,
            )
        )
    return items


def reason_groups(export: ConsultationExport) -> list[ReasonGroup]:
    """The reasons for disagreeing, by paragraph in document order."""
    statistics = export.statistics
    return [
        ReasonGroup(label=p.label, number=p.number, reasons=statistics.reasons_on(p.id))
        for p in sorted(export.paragraphs, key=lambda p: p.position)
        if statistics.reasons_on(p.id)
    ]
