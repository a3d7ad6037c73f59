"""The amendment commands: decide a suggested wording, list them all, paragraph versions."""

import json
from typing import TextIO

from bots.runtime.amendment_record import (
    amendment_lines,
    labels,
    record_document,
    version_lines,
)
from bots.runtime.bootstrap import Townhall
from core.amendment_orders import ReadAmendments, SettleAmendment
from core.model import CLI_ACTOR


async def decide(townhall: Townhall, amendment_id: int, accept: bool, out: TextIO) -> int:
    """Accept or reject; the same decision again says so and changes nothing (exit 0)."""
    order = SettleAmendment(amendment_id=amendment_id, accept=accept)
    decision = await townhall.app.handle(CLI_ACTOR, order)
    label, state = decision.paragraph.label, decision.amendment.state
    if not decision.changed:
        out.write(f"Amendment #{amendment_id} of {label} was already {state}.\n")
        return 0
    out.write(f"Amendment #{amendment_id} of {label} is {state}.\n")
    if decision.version is not None:
        out.write(
            f"{label} is now version {decision.version.number}; its votes start afresh "
            f"(the earlier ones stay with version {decision.version.number - 1}). "
            f"{decision.notified} people who voted on it will be told.\n"
        )
    return 0


async def list_amendments(townhall: Townhall, slug: str, as_json: bool, out: TextIO) -> int:
    """Every confirmed amendment, by paragraph, with its diff, votes and state."""
    record = await townhall.app.handle(CLI_ACTOR, ReadAmendments(slug=slug))
    if as_json:
        out.write(json.dumps(record_document(record), ensure_ascii=False, indent=2) + "\n")
        return 0
    if not record.amendments:
        out.write(f"Nobody has suggested a wording in {slug} yet.\n")
        return 0
    named = labels(record)
    for amendment in record.amendments:
        out.write("\n".join(amendment_lines(amendment, named[amendment.paragraph_id])) + "\n")
    return 0


async def show_versions(townhall: Townhall, slug: str, out: TextIO) -> int:
    """Each amended paragraph's versions, oldest first."""
    record = await townhall.app.handle(CLI_ACTOR, ReadAmendments(slug=slug))
    if not record.versions:
        out.write(f"No paragraph of {slug} has been amended: every text is as imported.\n")
        return 0
    for paragraph in record.paragraphs:
        versions = record.versions.get(paragraph.id)
        if versions:
            out.write("\n".join(version_lines(paragraph, versions)) + "\n")
    return 0
