"""A filtered list of paragraphs as terminal lines; the numbers press its buttons."""

from bots.chat.listings import entry_figures, list_heading
from bots.terminal.safe_text import clean
from core.screens import ParagraphList


def paragraph_list_lines(screen: ParagraphList) -> list[str]:
    lines = [f"── {clean(list_heading(screen))} · {clean(screen.title)} ──"]
    for entry in screen.entries:
        lines += [f"{entry.label} · {entry_figures(entry)}", f"  {clean(entry.excerpt)}"]
    if not screen.entries:
        lines.append(screen.empty)
    return lines
