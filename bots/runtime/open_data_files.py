"""`townhall export --format csv`: one CSV file per record kind, for spreadsheets and open data.

paragraphs.csv, votes.csv, vote_history.csv, comments.csv and participants.csv: UTF-8 with a
byte order mark, times in ISO 8601 UTC to the second, every text cell defused for spreadsheets
(report_text.spreadsheet_cell). People appear under their pseudonym (core.open_data), never
under a platform id or a name. Votes are read and written a page at a time.

Nobody sees who voted what (README, "Who sees what"), organisers included: so a comment shown
with its author's name carries no pseudonym, which would tie that name to the author's votes;
where comments are anonymous, comments.csv gives each comment's pseudonym instead.
"""

from collections.abc import AsyncIterator, Callable, Mapping
from datetime import datetime
from pathlib import Path

from bots.runtime.export_folders import SPREADSHEET_ENCODING, csv_file, write_private_text
from bots.runtime.report_text import spreadsheet_cell
from core.app import ConsultationApp
from core.model import CLI_ACTOR, Comment, CommentState
from core.open_data import OpenDataExport, ReadVotePage, VoteRecord

PARAGRAPHS = (
    "number",
    "section",
    "text",
    "agree",
    "disagree",
    "votes",
    "agreement_pct",
    "comments",
    "controversy",
    # "true" on every row of a simulated consultation's export (townhall demo-votes).
    "simulated",
)
VOTES = ("participant", "paragraph", "choice", "cast_at", "changed_at", "reason_comment")
VOTE_HISTORY = ("participant", "paragraph", "choice", "cast_at")
COMMENTS = (
    "id",
    "parent_id",
    "paragraph",
    "participant",
    "author",
    "body",
    "created_at",
    "up",
    "down",
)
PARTICIPANTS = ("participant", "platform")
# The organiser's export adds each comment's state (moderation).
ORGANISER_COMMENTS = (*COMMENTS, "state")
SIMULATED_NOTE = "README.txt"  # written only for a simulated consultation
FILES = frozenset(
    {
        "paragraphs.csv",
        "votes.csv",
        "vote_history.csv",
        "comments.csv",
        "participants.csv",
        SIMULATED_NOTE,
    }
)
SIMULATED_TEXT = (
    "Simulated data: the votes and comments of this consultation were made up by\n"
    "`townhall demo-votes` to show what townhall's reports look like. No real person cast them.\n"
)


def moment(at: datetime) -> str:
    """ISO 8601, UTC, to the second: 2027-01-15T12:00:00Z."""
    return at.replace(microsecond=0).isoformat().replace("+00:00", "Z")


async def vote_pages(
    app: ConsultationApp, slug: str, *, history: bool
) -> AsyncIterator[tuple[VoteRecord, ...]]:
    """Every vote (or vote event), a page at a time, each read in its own unit of work."""
    after = (0, 0)
    while page := await app.handle(
        CLI_ACTOR,
        ReadVotePage(slug=slug, after_participant=after[0], after_id=after[1], history=history),
    ):
        yield page
        after = (page[-1].participant_id, page[-1].id)


async def write_open_data(app: ConsultationApp, data: OpenDataExport, folder: Path) -> None:
    """Write the five files of the csv export into the empty `folder`."""
    export = data.export
    numbers = {p.id: p.number for p in export.paragraphs}
    people = _people(data)
    with csv_file(folder / "paragraphs.csv", PARAGRAPHS, encoding=SPREADSHEET_ENCODING) as f:
        f.write(_paragraph_rows(data))
    with csv_file(folder / "votes.csv", VOTES, encoding=SPREADSHEET_ENCODING) as f:
        shown = {c.id for c in export.comments if c.state is CommentState.PUBLISHED}
        async for page in vote_pages(app, export.consultation.slug, history=False):
            await f.write_off_loop(_vote_row(v, numbers, people, shown) for v in page)
    with csv_file(folder / "vote_history.csv", VOTE_HISTORY, encoding=SPREADSHEET_ENCODING) as f:
        async for page in vote_pages(app, export.consultation.slug, history=True):
            await f.write_off_loop(
                (people(v.participant_id), numbers[v.paragraph_id], v.choice, moment(v.cast_at))
                for v in page
            )
    _write_comments(folder, data, numbers, people)
    _write_participants(folder, data)
    if export.consultation.simulated:
        write_private_text(folder / SIMULATED_NOTE, SIMULATED_TEXT)


def _people(data: OpenDataExport) -> Callable[[int], str]:
    pseudonyms: Mapping[int, str] = data.pseudonyms
    return pseudonyms.__getitem__


def _paragraph_rows(data: OpenDataExport) -> list[list[object]]:
    tallies = {t.paragraph_id: t for t in data.export.statistics.paragraphs}
    rows: list[list[object]] = []
    for paragraph in data.export.paragraphs:
        tally = tallies[paragraph.id]
        rows.append(
            [
                paragraph.number,
                spreadsheet_cell(tally.section),
                spreadsheet_cell(paragraph.text),
                tally.agree,
                tally.disagree,
                tally.votes,
                "" if tally.agreement_pct is None else tally.agreement_pct,
                tally.comments,
                f"{tally.controversy:.3f}",
                str(data.export.consultation.simulated).lower(),
            ]
        )
    return rows


def _vote_row(
    vote: VoteRecord, numbers: Mapping[int, int], people: Callable[[int], str], shown: set[int]
) -> tuple[object, ...]:
    changed = vote.cast_at if vote.cast_at != vote.first_cast_at else None
    reason = vote.reason_comment_id if vote.reason_comment_id in shown else None
    return (
        people(vote.participant_id),
        numbers[vote.paragraph_id],
        vote.choice,
        moment(vote.first_cast_at),
        "" if changed is None else moment(changed),
        "" if reason is None else reason,
    )


def _write_comments(
    folder: Path, data: OpenDataExport, numbers: Mapping[int, int], people: Callable[[int], str]
) -> None:
    organiser = data.export.organiser
    header = ORGANISER_COMMENTS if organiser else COMMENTS
    anonymous = data.export.consultation.anonymous_comments
    with csv_file(folder / "comments.csv", header, encoding=SPREADSHEET_ENCODING) as f:
        f.write(
            _comment_row(c, numbers, people if anonymous else None, organiser)
            for c in data.export.comments
        )


def _comment_row(
    comment: Comment,
    numbers: Mapping[int, int],
    people: Callable[[int], str] | None,
    organiser: bool,
) -> list[object]:
    # A placeholder of the public export (a hidden comment kept for its replies) has no author.
    placeholder = not organiser and comment.state is not CommentState.PUBLISHED
    row: list[object] = [
        comment.id,
        comment.parent_id or "",
        numbers[comment.paragraph_id],
        "" if placeholder or people is None else people(comment.participant_id),
        spreadsheet_cell(comment.author_name),
        spreadsheet_cell(comment.body),
        moment(comment.created_at),
        comment.up,
        comment.down,
    ]
    return [*row, comment.state] if organiser else row


def _write_participants(folder: Path, data: OpenDataExport) -> None:
    with csv_file(folder / "participants.csv", PARTICIPANTS, encoding=SPREADSHEET_ENCODING) as f:
        f.write([data.pseudonyms[p.id], p.platform] for p in data.participants)
