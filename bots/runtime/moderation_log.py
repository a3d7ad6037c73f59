"""The moderation audit log as JSON and Markdown, for `moderation log` and organiser exports."""

from collections.abc import Callable
from datetime import UTC, datetime

from core.moderation import LogEntry
from core.wording import format_moment


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def log_document(entry: LogEntry) -> dict[str, object]:
    """One entry: when, what, who (`platform:tenant:id`, `cli` or `townhall`), on what, why."""
    return {
        "at": _iso(entry.created_at),
        "action": str(entry.action),
        "actor": entry.actor,
        "comment_id": entry.comment_id,
        "participant_id": entry.participant_id,
        "reason": entry.reason,
    }


def log_lines(entries: tuple[LogEntry, ...], escape: Callable[[str], str]) -> list[str]:
    """The log as a Markdown list, `escape` making people's text literal."""
    lines = ["## Moderation log", ""]
    for entry in entries:
        target = f" #{entry.comment_id}" if entry.comment_id is not None else ""
        why = f": {escape(entry.reason)}" if entry.reason else ""
        lines.append(
            f"- {format_moment(entry.created_at)} · {entry.action}{target} by "
            f"{escape(entry.actor)}{why}"
        )
    return [*lines, ""] if entries else [*lines, "Nothing logged.", ""]
