"""`townhall groups` as text and as JSON: groups, consensus and each paragraph's GAC."""

import dataclasses
from collections.abc import Mapping
from datetime import datetime

from core.model import Choice, Paragraph
from core.opinion_orders import OpinionReport
from core.opinions import (
    MIN_PLACED,
    MIN_VOTES,
    OpinionGroups,
    ParagraphOpinion,
    Representative,
    Verdict,
)
from core.wording import counted, format_moment

EXCERPT = 60


def groups_lines(report: OpinionReport, groups: OpinionGroups) -> list[str]:
    """Everything `townhall groups SLUG` prints."""
    paragraphs = {paragraph.id: paragraph for paragraph in report.paragraphs}
    stamp = groups.stamp
    since = report.vote_count - stamp.vote_count
    lines = [
        f"{report.consultation.title} ({report.consultation.slug})",
        f"Computed {format_moment(stamp.computed_at)} on {counted(stamp.vote_count, 'vote')}"
        f" in {stamp.duration_seconds:.2f} s"
        + (f"; {counted(since, 'vote')} cast since" if since > 0 else ""),
        _verdict_line(groups),
    ]
    if groups.verdict is Verdict.TOO_FEW_VOTERS:
        return lines
    for group in groups.groups:
        lines += ["", f"Group {group.number} · {counted(group.size, 'person')}"]
        lines += [
            _representative_line(r, groups, group.number, paragraphs)
            for r in group.representatives
        ]
    lines += ["", "Consensus (most people share this view, in every group):"]
    lines += [
        f"  {_label(c.paragraph_id, paragraphs)}  {c.choice.value} {_percent(c.count, c.seen)}"
        f" of {c.seen}  {_excerpt(c.paragraph_id, paragraphs)}"
        for c in groups.consensus
    ] or ["  none"]
    lines += ["", "Per paragraph (GAC, group-informed consensus: 1 when every group agrees):"]
    lines += [_paragraph_line(p, paragraphs) for p in groups.paragraphs]
    return lines


def _verdict_line(groups: OpinionGroups) -> str:
    placed = f"{groups.clustered:,} of {counted(groups.voters, 'voter')} placed"
    if groups.verdict is Verdict.GROUPS:
        return (
            f"{len(groups.groups)} opinion groups (silhouette {groups.silhouette:.2f}); {placed}."
        )
    if groups.verdict is Verdict.ONE_CAMP:
        return f"One camp: no split clearer than chance among the votes; {placed}."
    return (
        f"Too few voters to find opinion groups: {placed}, at least {MIN_PLACED} needed "
        f"(a voter is placed after voting on {MIN_VOTES} paragraphs, or on all of them if "
        "there are fewer)."
    )


def _representative_line(
    representative: Representative,
    groups: OpinionGroups,
    number: int,
    paragraphs: Mapping[int, Paragraph],
) -> str:
    opinion = groups.paragraph(representative.paragraph_id)
    inside, outside = _rates(opinion, number, representative.choice)
    mark = "" if representative.significant else " (not significant)"
    return (
        f"  {_label(representative.paragraph_id, paragraphs)}  {representative.choice.value}"
        f" {inside} in the group, {outside} elsewhere{mark}  "
        f"{_excerpt(representative.paragraph_id, paragraphs)}"
    )


def _rates(opinion: ParagraphOpinion | None, number: int, choice: Choice) -> tuple[str, str]:
    """The share of `choice` among the group's votes and among everyone else's."""
    if opinion is None:
        return "-", "-"
    mine = next(votes for votes in opinion.groups if votes.group == number)
    count = mine.agree if choice is Choice.AGREE else mine.disagree
    total = opinion.agree if choice is Choice.AGREE else opinion.disagree
    rest_seen = opinion.agree + opinion.disagree - mine.seen
    return _percent(count, mine.seen), _percent(total - count, rest_seen)


def _paragraph_line(opinion: ParagraphOpinion, paragraphs: Mapping[int, Paragraph]) -> str:
    per_group = "  ".join(
        f"g{votes.group} {_percent(votes.agree, votes.seen)}" for votes in opinion.groups
    )
    return (
        f"  {_label(opinion.paragraph_id, paragraphs)}  GAC {opinion.gac:.2f}"
        f"  agree {opinion.agree:,} disagree {opinion.disagree:,}  {per_group}"
    )


def _percent(count: int, seen: int) -> str:
    return f"{round(100 * count / seen)}%" if seen else "-"


def _label(paragraph_id: int, paragraphs: Mapping[int, Paragraph]) -> str:
    paragraph = paragraphs.get(paragraph_id)
    return paragraph.label if paragraph is not None else "P?"


def _excerpt(paragraph_id: int, paragraphs: Mapping[int, Paragraph]) -> str:
    paragraph = paragraphs.get(paragraph_id)
    if paragraph is None:
        return ""
    text = " ".join(paragraph.text.split())
    return f"“{text[:EXCERPT]}…”" if len(text) > EXCERPT else f"“{text}”"


def groups_document(report: OpinionReport, groups: OpinionGroups) -> dict[str, object]:
    """The stored result as JSON: every figure, each paragraph id with its label beside it."""
    labels = {paragraph.id: paragraph.label for paragraph in report.paragraphs}
    document = dataclasses.asdict(groups)
    return {
        "consultation": report.consultation.slug,
        "votes_now": report.vote_count,
        **_labelled(document, labels),
    }


def _labelled(value: Mapping[str, object], labels: Mapping[int, str]) -> dict[str, object]:
    """`value` (a dict from dataclasses.asdict) with "paragraph": "P3" beside paragraph ids."""
    result: dict[str, object] = {}
    for key, item in value.items():
        result[key] = _json_value(item, labels)
        if key == "paragraph_id":
            result["paragraph"] = labels.get(item, "P?") if isinstance(item, int) else "P?"
    return result


def _json_value(item: object, labels: Mapping[int, str]) -> object:
    if isinstance(item, dict):
        return _labelled(item, labels)
    if isinstance(item, list | tuple):
        return [_json_value(each, labels) for each in item]
    if isinstance(item, datetime):
        return item.isoformat()
    return item
