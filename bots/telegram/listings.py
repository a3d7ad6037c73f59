"""A filtered list of paragraphs as one Telegram message: a line each, a button each."""

from bots.chat.listings import entry_figures, list_heading
from bots.telegram.layout import Outgoing, escape, keyboard
from core.screens import ParagraphList


def render_paragraph_list(screen: ParagraphList) -> Outgoing:
    lines = [f"<b>{escape(list_heading(screen))}</b> — {escape(screen.title)}"]
    for entry in screen.entries:
        lines.append(f"\n<b>{entry.label}</b> · {escape(entry_figures(entry))}")
        lines.append(f"<i>{escape(entry.excerpt)}</i>")
    if not screen.entries:
        lines.append(escape(screen.empty))
    return Outgoing(text="\n".join(lines), markup=keyboard(screen.buttons))
