"""Amendment screens as terminal text, diffs marked `[-removed-]{+added+}` (git --word-diff)."""

from bots.terminal.safe_text import clean
from core.diffs import Diff, DiffKind
from core.screens import AmendmentItem, AmendmentList, WordingPrompt, WordingReview

_MARKS = {DiffKind.SAME: ("", ""), DiffKind.REMOVED: ("[-", "-]"), DiffKind.ADDED: ("{+", "+}")}


def diff_text(diff: Diff) -> str:
    """The new text with the changes marked; each token's text cleaned of control characters."""
    return "".join(
        f"{clean(t.space)}{_MARKS[t.kind][0]}{clean(t.text)}{_MARKS[t.kind][1]}" for t in diff
    )


def wording_prompt_lines(screen: WordingPrompt) -> list[str]:
    return [
        screen.text,
        f"Current text of {screen.label}:",
        clean(screen.current),
        "Type the whole paragraph as you would have it and press Enter (or type cancel).",
    ]


def wording_review_lines(screen: WordingReview) -> list[str]:
    return [screen.text, diff_text(screen.diff)]


def amendment_list_lines(screen: AmendmentList) -> list[str]:
    lines = [clean(screen.text)]
    for item in screen.items:
        lines += _item_lines(item)
    if any(item.buttons for item in screen.items):
        lines.append("(agree N · disagree N vote on wording #N; organisers: accept N · reject N)")
    return lines


def _item_lines(item: AmendmentItem) -> list[str]:
    votes = f"{item.agree} agree, {item.disagree} disagree"
    state = item.state.value + (" (written for an earlier text)" if item.outdated else "")
    mine = f" · your vote: {item.choice}" if item.choice else ""
    head = f"#{item.amendment_id} {clean(item.author)} · {state} · {votes}{mine}"
    return [head, f"  {diff_text(item.diff)}"]
