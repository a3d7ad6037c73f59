"""Organiser commands that read: list, show, stats and export."""

import asyncio
import json
from pathlib import Path
from typing import TextIO

from bots.runtime.bootstrap import Townhall
from bots.runtime.commands import CommandError
from bots.runtime.commands.folder_exports import FOLDER_FORMATS, export_folder
from bots.runtime.exporting import FORMATS, statistics_document, write_atomically
from bots.terminal.figures import headline, ranking_lines, statistics_lines
from core.model import CLI_ACTOR
from core.orders import (
    CollectExport,
    ConsultationOverview,
    DescribeConsultation,
    ListOverviews,
    ReadStatistics,
)
from core.simulation import SIMULATED_NOTE
from core.wording import counted, format_moment


async def list_consultations(townhall: Townhall, out: TextIO) -> int:
    overviews = await townhall.app.handle(CLI_ACTOR, ListOverviews())
    if not overviews:
        out.write(
            "No consultations yet. Import one with:\n"
            '  townhall import FILE --slug SLUG --title TITLE --closes "in 30 days"\n'
        )
        return 0
    out.write(f"{'SLUG':<28} {'PHASE':<10} {'PARAS':>5} {'PEOPLE':>6}  {'CLOSES':<23} TITLE\n")
    for item in overviews:
        out.write(_overview_row(item))
    return 0


def _overview_row(item: ConsultationOverview) -> str:
    consultation = item.consultation
    marker = " [simulated]" if consultation.simulated else ""
    return (
        f"{consultation.slug:<28} {item.phase:<10} {item.paragraphs:>5} {item.participants:>6}  "
        f"{format_moment(consultation.closes_at):<23} {consultation.title}{marker}\n"
    )


async def show(townhall: Townhall, slug: str, out: TextIO) -> int:
    detail = await townhall.app.handle(CLI_ACTOR, DescribeConsultation(slug=slug))
    item, sections, statistics = detail.overview, detail.sections, detail.statistics
    consultation = item.consultation
    lines = [f"{consultation.title} ({consultation.slug})"]
    if consultation.description:
        lines.append(consultation.description)
    lines += [
        f"phase: {item.phase} · {consultation.privacy} · "
        f"results {consultation.results_visibility} · reasons {consultation.reasons} · "
        f"{consultation.order} order"
        + (" · anonymous comments" if consultation.anonymous_comments else ""),
        f"opens: {format_moment(consultation.opens_at)} · "
        f"closes: {format_moment(consultation.closes_at)}",
        f"paragraphs: {item.paragraphs} · participants: {item.participants}",
        *([SIMULATED_NOTE] if consultation.simulated else []),
        "",
        "Sections:",
        *(f"  {section.heading}" for section in sections),
        "",
        headline(statistics),
        *ranking_lines(statistics),
    ]
    out.write("\n".join(lines) + "\n")
    return 0


async def show_statistics(townhall: Townhall, slug: str, as_json: bool, out: TextIO) -> int:
    consultation, statistics = await townhall.app.handle(CLI_ACTOR, ReadStatistics(slug=slug))
    now = townhall.clock.now()
    if as_json:
        document = statistics_document(consultation, statistics, now)
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return 0
    heading = f"{consultation.title} ({consultation.slug}) · {consultation.phase(now)}"
    note = [SIMULATED_NOTE] if consultation.simulated else []
    out.write("\n".join([heading, *note, *statistics_lines(statistics)]) + "\n")
    return 0


async def export(
    townhall: Townhall,
    slug: str,
    file_format: str,
    destination: str,
    out: TextIO,
    organiser: bool = False,
    zipped: bool = False,
) -> int:
    """Write the export to `destination` atomically, or to `out` when it is `-`.

    The public export by default (what anyone may see); `organiser`: the full one. The
    formats of several files (folder_exports) write a folder, or with `zipped` a .zip.
    """
    if file_format in FOLDER_FORMATS:
        return await export_folder(
            townhall, slug, file_format, destination, out, zipped=zipped, organiser=organiser
        )
    if zipped:
        raise CommandError(f"--zip goes with --format csv or polis, not {file_format}")
    order = CollectExport(slug=slug, organiser=organiser)
    collected = await townhall.app.handle(CLI_ACTOR, order)
    text = FORMATS[file_format](collected)
    if destination == "-":
        out.write(text)
        return 0
    path = Path(destination)
    try:
        await asyncio.to_thread(write_atomically, path, text)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from None
    paragraphs = counted(len(collected.paragraphs), "paragraph")
    out.write(
        f"Exported {slug} to {path} ({file_format}): {paragraphs}, "
        f"{counted(len(collected.comments), 'comment')}.\n"
    )
    return 0
