"""Amendment screens as a plain notice, for a front end that has no rendering of its own yet.

The diff is marked as the terminal marks it (`[-removed-]{+added+}`); each item's buttons
are labelled with the wording's number. Telegram and Slack render these screens natively
where they can (their own modules); this keeps every screen renderable meanwhile.
"""

from dataclasses import replace

from core.diffs import Diff, DiffKind
from core.screens import AmendmentList, Button, ButtonRows, Notice, WordingPrompt, WordingReview

_MARKS = {DiffKind.SAME: ("", ""), DiffKind.REMOVED: ("[-", "-]"), DiffKind.ADDED: ("{+", "+}")}

AmendmentScreen = WordingPrompt | WordingReview | AmendmentList


def marked(diff: Diff) -> str:
    """The new text with its changes marked, unescaped (the notice's renderer escapes it)."""
    return "".join(f"{t.space}{_MARKS[t.kind][0]}{t.text}{_MARKS[t.kind][1]}" for t in diff)


def as_notice(screen: AmendmentScreen) -> Notice:
    """The screen's words and buttons as one notice."""
    match screen:
        case WordingPrompt():
            text = f"{screen.text}\n\nCurrent text of {screen.label}:\n{screen.current}"
            return Notice(text=text, buttons=screen.buttons)
        case WordingReview():
            return Notice(text=f"{screen.text}\n\n{marked(screen.diff)}", buttons=screen.buttons)
        case AmendmentList():
            lines = [screen.text]
            rows: list[tuple[Button, ...]] = []
            for item in screen.items:
                lines.append(
                    f"\n#{item.amendment_id} {item.author} · {item.state.value} · "
                    f"{item.agree} agree, {item.disagree} disagree\n{marked(item.diff)}"
                )
                rows += _numbered(item.amendment_id, item.buttons)
            return Notice(text="\n".join(lines), buttons=(*rows, *screen.buttons))


def _numbered(number: int, rows: ButtonRows) -> list[tuple[Button, ...]]:
    return [tuple(replace(b, label=f"{b.label} #{number}") for b in row) for row in rows]
