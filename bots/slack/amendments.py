"""Suggested wordings as Block Kit messages: the prompt, the diff to publish, a paragraph's list.

Diffs are mrkdwn with everything typed neutralised (bots.slack.diffs); names go through the
same `literal`, the current text of a paragraph is plain_text. A list is one message: each
wording's line, diff and buttons, then the legend and the way back, within Slack's 50 blocks.
"""

from bots.chat.amendment_words import STATE_WORDS, YOUR_VOTE
from bots.slack.blocks import (
    Block,
    SlackMessage,
    button_rows,
    escape,
    message,
    note,
    plain_sections,
    section,
)
from bots.slack.diffs import LEGEND, diff_sections, literal
from bots.slack.hints import say
from core.screens import AmendmentItem, AmendmentList, WordingPrompt, WordingReview


def render_wording_prompt(screen: WordingPrompt, command: str) -> SlackMessage:
    text = say(screen.text, command)
    blocks = [
        section(f"✏️ {escape(text)}"),
        note(f"The current text of {escape(screen.label)}:"),
        *plain_sections(screen.current),
        *button_rows(screen.buttons),
    ]
    return message(text, blocks)


def render_wording_review(screen: WordingReview, command: str) -> SlackMessage:
    text = say(screen.text, command)
    blocks = [
        section(f"✏️ *{escape(screen.label)}* · {escape(text)}"),
        *diff_sections(screen.diff),
        note(LEGEND),
        *button_rows(screen.buttons),
    ]
    return message(text, blocks)


def render_amendment_list(screen: AmendmentList, command: str) -> SlackMessage:
    text = say(screen.text, command)
    blocks: list[Block] = [section(f"📝 {escape(text)}")]
    for item in screen.items:
        blocks += amendment_blocks(item)
    if screen.items:
        blocks.append(note(LEGEND))
    return message(text, [*blocks, *button_rows(screen.buttons)])


def amendment_blocks(item: AmendmentItem) -> list[Block]:
    """One wording: who, where it stands, its votes, the diff, and its buttons."""
    line = (
        f"*#{item.amendment_id}* · {literal(item.author)} · {STATE_WORDS[item.state]} · "
        f"👍 {item.agree} · 👎 {item.disagree}"
    )
    if item.choice is not None:
        line += f" · {YOUR_VOTE[item.choice]}"
    if item.outdated:
        line += "\n_Written for an earlier version of the paragraph._"
    return [
        {"type": "divider"},
        section(line),
        *diff_sections(item.diff),
        *button_rows(item.buttons),
    ]
