"""Organiser reports: the `stats --json` document and export files in JSON, Markdown and HTML.

Every writer takes a core.orders.ConsultationExport and returns the file's text (the CSV and
Polis exports, several files each, are bots.runtime.commands.folder_exports');
`write_atomically` puts it in place through a temporary file and a rename, so an interrupted
export never leaves a half-written file where a complete one was.
"""

import json
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bots.runtime.amendment_record import markdown_amendments, paragraph_amendments
from bots.runtime.moderation_log import log_document, log_lines
from bots.runtime.reasons_report import reason_document, reason_lines
from bots.runtime.report_text import iso as iso
from bots.runtime.report_text import markdown_text as markdown_text
from core.model import Comment, CommentState, Consultation
from core.orders import ConsultationExport
from core.paragraph_status import describe_statuses
from core.simulation import SIMULATED_NOTE
from core.statistics import ConsultationStatistics, ParagraphTally
from core.wording import format_moment


def consultation_document(consultation: Consultation, now: datetime) -> dict[str, object]:
    return {
        "slug": consultation.slug,
        "title": consultation.title,
        "phase": consultation.phase(now),
        "opens_at": iso(consultation.opens_at),
        "closes_at": iso(consultation.closes_at),
        "privacy": str(consultation.privacy),
        "results_visibility": str(consultation.results_visibility),
        # True: the votes and comments were made up by `townhall demo-votes`.
        "simulated": consultation.simulated,
    }


def tally_document(tally: ParagraphTally) -> dict[str, object]:
    return {
        "number": tally.number,
        "section": tally.section,
        "agree": tally.agree,
        "disagree": tally.disagree,
        "votes": tally.votes,
        "agreement_pct": tally.agreement_pct,
        "comments": tally.comments,
    }


def statistics_document(
    consultation: Consultation, statistics: ConsultationStatistics, now: datetime
) -> dict[str, object]:
    """The `townhall stats --json` document (its shape is public interface)."""
    totals = statistics.totals
    return {
        "consultation": consultation_document(consultation, now),
        "totals": {
            "agree": totals.agree,
            "disagree": totals.disagree,
            "votes": totals.votes,
            "agreement_pct": totals.agreement_pct,
            "comments": totals.comments,
            "contributors": totals.contributors,
        },
        "statuses": _statuses_document(statistics),
        "paragraphs": [
            tally_document(t)
            | _status_document(statistics, t.paragraph_id)
            | _reasons_document(statistics, t.paragraph_id)
            for t in statistics.paragraphs
        ],
        "most_voted": [tally_document(t) for t in statistics.most_voted],
        "most_commented": [tally_document(t) for t in statistics.most_commented],
        "most_controversial": [tally_document(t) for t in statistics.most_controversial],
        "activity": [
            {
                "day": a.day.isoformat(),
                "votes": a.votes,
                "comments": a.comments,
                "new_participants": a.new_participants,
            }
            for a in statistics.activity
        ],
    }


def _statuses_document(statistics: ConsultationStatistics) -> dict[str, int] | None:
    """Paragraphs in voting, supported and decided (core.paragraph_status)."""
    counts = statistics.statuses
    if counts is None:
        return None
    return {"in_voting": counts.voting, "supported": counts.supported, "decided": counts.decided}


def _status_document(statistics: ConsultationStatistics, paragraph_id: int) -> dict[str, object]:
    counts = statistics.statuses
    return {} if counts is None else {"status": counts.of_paragraph.get(paragraph_id)}


def _reasons_document(statistics: ConsultationStatistics, paragraph_id: int) -> dict[str, object]:
    return {"reasons": [reason_document(r) for r in statistics.reasons_on(paragraph_id)]}


def _tallies(export: ConsultationExport) -> dict[int, ParagraphTally]:
    return {tally.paragraph_id: tally for tally in export.statistics.paragraphs}


def _comments_by_paragraph(export: ConsultationExport) -> dict[int, list[Comment]]:
    grouped: dict[int, list[Comment]] = {}
    for comment in export.comments:
        grouped.setdefault(comment.paragraph_id, []).append(comment)
    return grouped


def _comment_document(comment: Comment) -> dict[str, object]:
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "author": comment.author_name,
        "body": comment.body,
        "created_at": iso(comment.created_at),
        "up": comment.up,
        "down": comment.down,
        "state": str(comment.state),
    }


def export_json(export: ConsultationExport) -> str:
    """The stats document, plus the description, sections, paragraph texts and comments."""
    consultation, now = export.consultation, export.exported_at
    document = statistics_document(consultation, export.statistics, now)
    document["consultation"] = consultation_document(consultation, now) | {
        "description": consultation.description
    }
    tallies, comments = _tallies(export), _comments_by_paragraph(export)
    document["exported_at"] = iso(now)
    document["sections"] = [section.heading for section in export.sections]
    document["paragraphs"] = [
        tally_document(tallies[p.id])
        | _status_document(export.statistics, p.id)
        | _reasons_document(export.statistics, p.id)
        | {"text": p.text, "discussion": [_comment_document(c) for c in comments.get(p.id, [])]}
        | paragraph_amendments(p.id, export.amendments, export.versions, p.label)
        for p in export.paragraphs
    ]
    if export.organiser:
        document["moderation_log"] = [log_document(entry) for entry in export.log]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_markdown(export: ConsultationExport) -> str:
    """A readable report: figures, a table of paragraphs, then each paragraph and its thread."""
    stats = export.statistics
    totals = stats.totals
    lines = [
        *_markdown_header(export),
        "## Figures",
        "",
        f"votes: {totals.votes} ({totals.agree} agree, {totals.disagree} disagree) · "
        f"agreement: {_percent(totals.agreement_pct)} · comments: {totals.comments} · "
        f"contributors: {totals.contributors}",
        *(
            []
            if stats.statuses is None
            else ["", f"paragraphs: {describe_statuses(stats.statuses)}"]
        ),
        "",
        *_markdown_table(stats),
        "",
    ]
    for title, ranking in (
        ("Most voted", stats.most_voted),
        ("Most commented", stats.most_commented),
        ("Most controversial", stats.most_controversial),
    ):
        lines.append(f"- {title}: {', '.join(t.label for t in ranking) or 'none yet'}")
    log = log_lines(export.log, markdown_text) if export.organiser else []
    return "\n".join([*lines, "", *_markdown_paragraphs(export), *log]) + "\n"


def _markdown_header(export: ConsultationExport) -> list[str]:
    consultation = export.consultation
    lines = [
        f"# {markdown_text(consultation.title)}",
        "",
        f"`{consultation.slug}` · {consultation.phase(export.exported_at)} · "
        f"{format_moment(consultation.opens_at)} – {format_moment(consultation.closes_at)} · "
        f"exported {format_moment(export.exported_at)}",
        "",
    ]
    if consultation.simulated:
        lines += [f"> **{SIMULATED_NOTE}**", ""]
    if consultation.description:
        lines += [markdown_text(consultation.description), ""]
    return lines


def _percent(value: int | None) -> str:
    return "–" if value is None else f"{value}%"


def _markdown_statuses(stats: ConsultationStatistics) -> list[str]:
    return (
        [] if stats.statuses is None else ["", f"paragraphs: {describe_statuses(stats.statuses)}"]
    )


def _markdown_table(stats: ConsultationStatistics) -> list[str]:
    lines = [
        "| Paragraph | Section | Agree | Disagree | Votes | Agreement | Comments |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for t in stats.paragraphs:
        section = markdown_text(t.section or "")
        lines.append(
            f"| {t.label} | {section} | {t.agree} | {t.disagree} | {t.votes} | "
            f"{_percent(t.agreement_pct)} | {t.comments} |"
        )
    return lines


def _markdown_paragraphs(export: ConsultationExport) -> list[str]:
    lines = ["## Paragraphs", ""]
    tallies, comments = _tallies(export), _comments_by_paragraph(export)
    for paragraph in export.paragraphs:
        tally = tallies[paragraph.id]
        heading = f" · {markdown_text(tally.section)}" if tally.section else ""
        lines += [
            f"### {paragraph.label}{heading}",
            "",
            *(f"> {markdown_text(line)}" for line in paragraph.text.splitlines()),
            "",
            f"agreement: {_percent(tally.agreement_pct)} ({tally.agree} agree, "
            f"{tally.disagree} disagree) · comments: {tally.comments}",
            "",
            *reason_lines(export.statistics.reasons_on(paragraph.id), markdown_text),
            *markdown_amendments(paragraph.id, export.amendments, export.versions),
        ]
        thread = comments.get(paragraph.id, [])
        lines += _markdown_thread(thread, None, 0)
        if thread:
            lines.append("")
    return lines


def _markdown_thread(comments: list[Comment], parent_id: int | None, depth: int) -> list[str]:
    lines = []
    indent = "  " * depth
    for comment in (c for c in comments if c.parent_id == parent_id):
        body = markdown_text(comment.body).splitlines() or [""]
        state = "" if comment.state is CommentState.PUBLISHED else f" [{comment.state}]"
        lines.append(
            f"{indent}- **#{comment.id}{state} {markdown_text(comment.author_name)}** "
            f"({format_moment(comment.created_at)}, +{comment.up} −{comment.down}): {body[0]}"
        )
        lines += [f"{indent}  {line}" for line in body[1:]]
        lines += _markdown_thread(comments, comment.id, depth + 1)
    return lines


def export_html(export: ConsultationExport) -> str:
    """The self-contained HTML report (bots.reports.html); Jinja2 is loaded only for it."""
    from bots.reports.html import render_report

    return render_report(export, now=export.exported_at)


FORMATS: dict[str, Callable[[ConsultationExport], str]] = {
    "html": export_html,
    "json": export_json,
    "md": export_markdown,
}


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8) to `path` through a temporary file and a rename."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
