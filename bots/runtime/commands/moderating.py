"""The moderation commands: the review queue, decisions, blocks, words, moderators, the log."""

import json
from typing import TextIO

from bots.chat.identities import format_identity
from bots.runtime.bootstrap import Townhall
from bots.runtime.exporting import iso
from bots.runtime.moderation_log import log_document
from core.model import CLI_ACTOR, ParticipantRef
from core.moderation import ModerationAction
from core.moderation_orders import (
    DecideComment,
    EditWords,
    ListModerators,
    QueuedComment,
    ReadModerationLog,
    ReadReviewQueue,
    SetBlocked,
    SetModerator,
)
from core.wording import format_moment

EXCERPT = 60  # characters of a comment in the queue's table


async def show_queue(townhall: Townhall, slug: str, as_json: bool, out: TextIO) -> int:
    queued = await townhall.app.handle(CLI_ACTOR, ReadReviewQueue(slug=slug))
    if as_json:
        out.write(json.dumps([_queued_document(q) for q in queued], ensure_ascii=False, indent=2))
        out.write("\n")
        return 0
    if not queued:
        out.write(f"No comment awaits review in {slug}.\n")
        return 0
    out.write(f"{'ID':>6} {'PARA':<6} {'STATE':<7} {'REPORTS':<24} {'AUTHOR':<16} COMMENT\n")
    for item in queued:
        out.write(_queued_row(item))
    return 0


def _why(item: QueuedComment) -> str:
    reports = ", ".join(f"{reason} ×{count}" for reason, count in item.reports.items())
    if item.caught:
        reports = ", ".join(filter(None, [reports, "words: " + ", ".join(item.caught)]))
    return reports or "-"


def _queued_row(item: QueuedComment) -> str:
    comment = item.comment
    text = " ".join(comment.body.split())
    text = text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
    return (
        f"{comment.id:>6} {item.label:<6} {comment.state:<7} {_why(item):<24} "
        f"{comment.author_name[:16]:<16} {text}\n"
    )


def _queued_document(item: QueuedComment) -> dict[str, object]:
    comment = item.comment
    return {
        "id": comment.id,
        "paragraph": item.label,
        "state": str(comment.state),
        "author": comment.author_name,
        "body": comment.body,
        "created_at": iso(comment.created_at),
        "reports": item.reports,
        "filtered_words": list(item.caught),
    }


async def decide(
    townhall: Townhall,
    slug: str,
    comment_id: int,
    action: ModerationAction,
    reason: str,
    out: TextIO,
) -> int:
    order = DecideComment(slug=slug, comment_id=comment_id, action=action, reason=reason)
    out.write(await townhall.app.handle(CLI_ACTOR, order) + "\n")
    return 0


async def set_blocked(
    townhall: Townhall, slug: str, ref: ParticipantRef, blocked: bool, reason: str, out: TextIO
) -> int:
    order = SetBlocked(slug=slug, ref=ref, blocked=blocked, reason=reason)
    changed = await townhall.app.handle(CLI_ACTOR, order)
    who = format_identity(ref)
    if blocked:
        done = "may no longer comment in" if changed else "was blocked already in"
    else:
        done = "may comment again in" if changed else "was not blocked in"
    out.write(f"{who} {done} {slug}.\n")
    return 0


async def edit_words(
    townhall: Townhall, slug: str, add: list[str], remove: list[str], out: TextIO
) -> int:
    order = EditWords(slug=slug, add=tuple(add), remove=tuple(remove))
    added, removed, words = await townhall.app.handle(CLI_ACTOR, order)
    if added:
        out.write(f"Added: {', '.join(added)}\n")
    if removed:
        out.write(f"Removed: {', '.join(removed)}\n")
    out.write(f"Filtered words of {slug}: {', '.join(words) if words else 'none'}\n")
    return 0


async def set_moderator(
    townhall: Townhall, slug: str, ref: ParticipantRef, moderator: bool, out: TextIO
) -> int:
    order = SetModerator(slug=slug, ref=ref, moderator=moderator)
    changed = await townhall.app.handle(CLI_ACTOR, order)
    who = format_identity(ref)
    if moderator:
        done = "now moderates" if changed else "already moderates"
    else:
        done = "no longer moderates" if changed else "did not moderate"
    out.write(f"{who} {done} {slug}.\n")
    return 0


async def list_moderators(townhall: Townhall, slug: str, out: TextIO) -> int:
    refs = await townhall.app.handle(CLI_ACTOR, ListModerators(slug=slug))
    out.write(f"Moderators of {slug} (besides the organisers):\n")
    out.write("".join(f"  {format_identity(ref)}\n" for ref in refs) or "  none\n")
    return 0


async def show_log(townhall: Townhall, slug: str, as_json: bool, out: TextIO) -> int:
    entries = await townhall.app.handle(CLI_ACTOR, ReadModerationLog(slug=slug))
    if as_json:
        out.write(json.dumps([log_document(e) for e in entries], ensure_ascii=False, indent=2))
        out.write("\n")
        return 0
    if not entries:
        out.write(f"Nothing in the moderation log of {slug} yet.\n")
        return 0
    out.write(f"{'WHEN':<23} {'ACTION':<8} {'COMMENT':>7} {'WHO':<28} WHY\n")
    for entry in entries:
        comment = "" if entry.comment_id is None else str(entry.comment_id)
        out.write(
            f"{format_moment(entry.created_at):<23} {entry.action:<8} {comment:>7} "
            f"{entry.actor:<28} {entry.reason}\n"
        )
    return 0
