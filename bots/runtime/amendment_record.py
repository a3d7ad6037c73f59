"""A consultation's amendments and paragraph versions as text and JSON: CLI and reports.

Diffs are written as the terminal writes them, `[-removed-]{+added+}`, with the wording
itself beside them in JSON, so a script needs no diff parser; the Markdown report strikes
removed words through and sets added ones in bold.
"""

from collections.abc import Mapping

from bots.chat.amendments import marked
from bots.runtime.report_text import iso, markdown_text
from core.amendment_orders import AmendmentRecord
from core.amendments import Amendment, ParagraphVersion
from core.diffs import Diff, DiffKind, diff_words
from core.model import Paragraph


def labels(record: AmendmentRecord) -> dict[int, str]:
    """Each paragraph's label (P7) by id."""
    return {paragraph.id: paragraph.label for paragraph in record.paragraphs}


def amendment_document(amendment: Amendment, label: str) -> dict[str, object]:
    """One amendment for JSON: who, against which text, the diff, votes and outcome."""
    return {
        "id": amendment.id,
        "paragraph": label,
        "state": str(amendment.state),
        "author": amendment.author_name,
        "created_at": iso(amendment.created_at),
        "decided_at": iso(amendment.decided_at) if amendment.decided_at else None,
        "base_version": amendment.base_version,
        "base_text": amendment.base_text,
        "wording": amendment.body,
        "diff": marked(diff_words(amendment.base_text, amendment.body)),
        "agree": amendment.agree,
        "disagree": amendment.disagree,
    }


def version_document(version: ParagraphVersion) -> dict[str, object]:
    """One version of a paragraph for JSON, with the votes it had when it was replaced."""
    return {
        "version": version.number,
        "text": version.text,
        "amendment": version.amendment_id,
        "since": iso(version.created_at),
        "agree": version.agree,
        "disagree": version.disagree,
    }


def record_document(record: AmendmentRecord) -> dict[str, object]:
    """Every amendment and every amended paragraph's versions."""
    named = labels(record)
    return {
        "amendments": [amendment_document(a, named[a.paragraph_id]) for a in record.amendments],
        "versions": {
            named[pid]: [version_document(v) for v in versions]
            for pid, versions in record.versions.items()
        },
    }


def amendment_lines(amendment: Amendment, label: str) -> list[str]:
    """`#12 P3 proposed · Ana · 4 agree, 1 disagree` and the diff below it."""
    head = (
        f"#{amendment.id} {label} {amendment.state} · {amendment.author_name} · "
        f"{amendment.agree} agree, {amendment.disagree} disagree"
    )
    return [head, f"    {marked(diff_words(amendment.base_text, amendment.body))}"]


def version_lines(paragraph: Paragraph, versions: tuple[ParagraphVersion, ...]) -> list[str]:
    """A paragraph's history, oldest first; the current version's votes are its tally."""
    lines = [f"{paragraph.label}: {len(versions)} versions"]
    for version in versions:
        source = f"amendment #{version.amendment_id}" if version.amendment_id else "imported"
        current = version.number == versions[-1].number
        votes = (
            "current"
            if current
            else f"{version.agree} agree, {version.disagree} disagree while current"
        )
        lines.append(f"  v{version.number} ({source}, {iso(version.created_at)}; {votes})")
        lines.append(f"    {version.text}")
    return lines


def paragraph_amendments(
    paragraph_id: int,
    amendments: tuple[Amendment, ...],
    versions: Mapping[int, tuple[ParagraphVersion, ...]],
    label: str,
) -> dict[str, object]:
    """A paragraph's amendments and versions, for the JSON export's paragraph entry."""
    return {
        "amendments": [
            amendment_document(a, label) for a in amendments if a.paragraph_id == paragraph_id
        ],
        "versions": [version_document(v) for v in versions.get(paragraph_id, ())],
    }


def markdown_diff(diff: Diff) -> str:
    """The diff in Markdown: removed words ~~struck~~, added ones **bold**, all escaped."""
    marks = {DiffKind.SAME: "", DiffKind.REMOVED: "~~", DiffKind.ADDED: "**"}
    return "".join(f"{t.space}{marks[t.kind]}{markdown_text(t.text)}{marks[t.kind]}" for t in diff)


def markdown_amendments(
    paragraph_id: int,
    amendments: tuple[Amendment, ...],
    versions: Mapping[int, tuple[ParagraphVersion, ...]],
) -> list[str]:
    """The Markdown report's lines on a paragraph's versions and suggested wordings."""
    lines: list[str] = []
    kept = versions.get(paragraph_id, ())
    if kept:
        lines += ["**Versions**", ""]
        for version in kept[:-1]:
            lines.append(
                f"- v{version.number} ({version.agree} agree, {version.disagree} disagree "
                f"while current): {markdown_text(' '.join(version.text.split()))}"
            )
        lines += [f"- v{kept[-1].number} (current, since {iso(kept[-1].created_at)})", ""]
    mine = [a for a in amendments if a.paragraph_id == paragraph_id]
    if mine:
        lines += ["**Suggested wordings**", ""]
        for a in mine:
            author = f" {markdown_text(a.author_name)}" if a.author_name else ""
            lines.append(
                f"- **#{a.id} {a.state}**{author} ({a.agree} agree, {a.disagree} disagree): "
                + markdown_diff(diff_words(a.base_text, a.body)).replace("\n", " ")
            )
        lines.append("")
    return lines
