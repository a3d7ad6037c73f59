"""A suggested wording's diff in plain text, as the terminal and notices show it.

Removed words are marked `[-removed-]` and added ones `{+added+}`; Telegram and Slack render
diffs in their own markup (bots/telegram/diffs.py, bots/slack/diffs.py).
"""

from core.diffs import Diff, DiffKind

_MARKS = {DiffKind.SAME: ("", ""), DiffKind.REMOVED: ("[-", "-]"), DiffKind.ADDED: ("{+", "+}")}


def marked(diff: Diff) -> str:
    """The new text with its changes marked, unescaped (the notice's renderer escapes it)."""
    return "".join(f"{t.space}{_MARKS[t.kind][0]}{t.text}{_MARKS[t.kind][1]}" for t in diff)
