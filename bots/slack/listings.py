"""A filtered list of paragraphs as a Slack message: a section each, then the buttons."""

from bots.chat.listings import entry_figures, list_heading
from bots.slack.blocks import Block, SlackMessage, button_rows, escape, message, note, section
from core.screens import ParagraphList


def render_paragraph_list(screen: ParagraphList) -> SlackMessage:
    heading = list_heading(screen)
    blocks: list[Block] = [section(f"*{escape(heading)}* — {escape(screen.title)}")]
    for entry in screen.entries:
        blocks.append(
            section(f"*{entry.label}* · {escape(entry_figures(entry))}\n_{escape(entry.excerpt)}_")
        )
    if not screen.entries:
        blocks.append(note(escape(screen.empty)))
    return message(f"{heading} — {screen.title}", [*blocks, *button_rows(screen.buttons)])
