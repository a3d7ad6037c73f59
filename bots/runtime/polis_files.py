"""`townhall export --format polis`: Polis's open-data files, so its tools read a consultation.

The four files Polis's report export writes (compdemocracy/polis server/src/routes/export.ts and
math's participants-votes table), with its column names and order: paragraphs are Polis
"statements" (comment-id: the paragraph number), votes are 1 (agree) and -1 (disagree),
timestamps are Unix seconds with Polis's `datetime` spelling beside them. Voter ids are whole
numbers, as Polis's and red-dwarf's readers require: 1, 2, ... in the order people were first
seen (0 is the document's author, the organiser, like a Polis conversation's owner). Files are
UTF-8 without a byte order mark, rows end with a bare line feed, as Polis writes them. townhall
has no "pass" and no opinion groups: no 0 votes, and group-id stays empty. Participants write
no statements (their comments are discussion, not statements), so n-comments is 0 and the one
commenter is the document's author; counting their comments there would also tie the names the
comments show to the votes beside them, and nobody sees who voted what.
"""

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from bots.runtime.export_folders import CsvFile, csv_file, write_private_text
from bots.runtime.open_data_files import vote_pages
from bots.runtime.report_text import spreadsheet_cell
from core.app import ConsultationApp
from core.model import Choice
from core.open_data import OpenDataExport, VoteRecord

COMMENTS = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
VOTES = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
PARTICIPANT_COLUMNS = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
FILES = frozenset({"summary.csv", "comments.csv", "votes.csv", "participants-votes.csv"})
VALUES = {Choice.AGREE: 1, Choice.DISAGREE: -1}
DOCUMENT_AUTHOR = 0
APPROVED = 1  # Polis's `moderated` for a statement accepted into the conversation


def seconds(at: datetime) -> int:
    return int(at.timestamp())


def polis_datetime(at: datetime) -> str:
    """How Polis's export spells a time (JavaScript's Date.toString, in UTC)."""
    return at.strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)")


@contextmanager
def polis_file(path: Path, header: Sequence[str]) -> Iterator[CsvFile]:
    with csv_file(path, header, encoding="utf-8", terminator="\n") as file:
        yield file


async def write_polis(app: ConsultationApp, data: OpenDataExport, folder: Path) -> None:
    """Write Polis's four files into the empty `folder`."""
    export = data.export
    numbers = {p.id: p.number for p in export.paragraphs}
    voters = {p.id: index for index, p in enumerate(data.participants, start=1)}
    header = [*PARTICIPANT_COLUMNS, *(str(p.number) for p in export.paragraphs)]
    with (
        polis_file(folder / "votes.csv", VOTES) as votes,
        polis_file(folder / "participants-votes.csv", header) as matrix,
    ):
        rows = _Matrix(numbers)
        async for page in vote_pages(app, export.consultation.slug, history=False):
            await votes.write_off_loop(_vote_row(v, numbers, voters) for v in page)
            await matrix.write_off_loop(rows.take(page, voters))
        matrix.write(rows.finish(voters))
    with polis_file(folder / "comments.csv", COMMENTS) as statements:
        statements.write(_statement_rows(data))
    _write_summary(folder / "summary.csv", data, rows.voters)


def _vote_row(
    vote: VoteRecord, numbers: Mapping[int, int], voters: Mapping[int, int]
) -> tuple[object, ...]:
    return (
        seconds(vote.cast_at),
        polis_datetime(vote.cast_at),
        numbers[vote.paragraph_id],
        voters[vote.participant_id],
        VALUES[vote.choice],
    )


class _Matrix:
    """participants-votes.csv's rows, made as the votes stream by, one person after another."""

    def __init__(self, numbers: Mapping[int, int]) -> None:
        self._columns = {number: index for index, number in enumerate(sorted(numbers.values()))}
        self._numbers = numbers
        self._person: int | None = None
        self._cells: list[object] = []
        self.voters = 0

    def take(self, page: Sequence[VoteRecord], voters: Mapping[int, int]) -> list[list[object]]:
        """The rows of the people whose votes ended in this page (votes come by person)."""
        rows = []
        for vote in page:
            if vote.participant_id != self._person:
                rows += self.finish(voters)
                self._person, self._cells = vote.participant_id, [""] * len(self._columns)
            self._cells[self._columns[self._numbers[vote.paragraph_id]]] = VALUES[vote.choice]
        return rows

    def finish(self, voters: Mapping[int, int]) -> list[list[object]]:
        """The row of the person read last, if any."""
        if self._person is None:
            return []
        person, self._person = self._person, None
        self.voters += 1
        agree, disagree = self._cells.count(1), self._cells.count(-1)
        return [[voters[person], "", 0, agree + disagree, agree, disagree, *self._cells]]


def _statement_rows(data: OpenDataExport) -> list[list[object]]:
    opened = data.export.consultation.opens_at
    tallies = {t.paragraph_id: t for t in data.export.statistics.paragraphs}
    return [
        [
            seconds(opened),
            polis_datetime(opened),
            p.number,
            DOCUMENT_AUTHOR,
            tallies[p.id].agree,
            tallies[p.id].disagree,
            APPROVED,
            spreadsheet_cell(p.text),
        ]
        for p in data.export.paragraphs
    ]


def _write_summary(path: Path, data: OpenDataExport, voters: int) -> None:
    """Polis's key,value lines (no header); "comments" counts the statements.

    A simulated consultation (townhall demo-votes) adds a last line, `simulated,true`.
    """
    consultation = data.export.consultation
    lines = [
        ("topic", spreadsheet_cell(consultation.title)),
        ("url", f"townhall:{consultation.slug}"),
        ("voters", voters),
        ("voters-in-conv", voters),
        ("commenters", 1 if data.export.paragraphs else 0),  # the document's author
        ("comments", len(data.export.paragraphs)),
        ("groups", 0),
        ("conversation-description", spreadsheet_cell(consultation.description)),
    ]
    if consultation.simulated:  # townhall demo-votes; a real consultation keeps Polis's 8 keys
        lines.append(("simulated", "true"))
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(lines)
    write_private_text(path, text.getvalue())
