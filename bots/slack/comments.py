"""Comments in Block Kit: one comment, a page of them, the confirmation; pure functions.

Authors' names and comment bodies are shown as plain_text (literal; see bots.slack.blocks).
"""

from datetime import datetime

from bots.slack.blocks import (
    MESSAGE_BLOCKS,
    Block,
    SlackMessage,
    button_rows,
    context,
    escape,
    message,
    note,
    plain,
    plain_sections,
    section,
    shorten,
)
from core.screens import (
    CommentItem,
    CommentList,
    CommentPosted,
    CommentPrompt,
    CommentShown,
    CommentVoted,
    ReplyReceived,
)

QUOTE = 200  # characters of the person's own comment quoted above a reply to it


def render_comment_prompt(screen: CommentPrompt, text: str) -> SlackMessage:
    """The prompt, its `text` spelled for Slack by the caller."""
    blocks: list[Block] = []
    if screen.replying_to is not None:
        blocks += comment_blocks(screen.replying_to, with_buttons=False)
    blocks += [section(escape(text)), *button_rows(screen.buttons)]
    return message(text, blocks)


def render_comment_posted(screen: CommentPosted) -> SlackMessage:
    blocks = [
        section(f"✅ {escape(screen.toast)}"),
        *comment_blocks(screen.comment, with_buttons=False),
        *button_rows(screen.buttons),
    ]
    return message(screen.toast, blocks)


def comment_blocks(item: CommentItem, *, with_buttons: bool = True) -> list[Block]:
    """Who and when (as literal text), the comment as literal text, its 👍 / 👎 / Reply."""
    marker = "↳ " * item.depth
    head = f"{marker}{item.author} · {_moment(item.created_at)} · 👍 {item.up} · 👎 {item.down}"
    blocks: list[Block] = [context(plain(shorten(head, 2000))), *plain_sections(item.body)]
    if with_buttons and item.buttons:
        blocks += button_rows((item.buttons,))
    return blocks


def comment_list_blocks(
    screen: CommentList, *, limit: int = MESSAGE_BLOCKS, shown: CommentShown | None = None
) -> list[Block]:
    """The page's comments, cut to fit `limit` blocks with the paging buttons kept.

    `shown` is one of them with a step of its menu open (the reasons to report it; deleting it).
    """
    navigation = button_rows(screen.buttons)
    blocks: list[Block] = [
        note(
            f"💬 *Comments on {escape(screen.label)}* ({screen.total}) · "
            f"page {screen.page} of {screen.page_count}"
        )
    ]
    if not screen.comments:
        blocks.append(section(f"No comments on {escape(screen.label)} yet."))
    room = limit - len(blocks) - len(navigation) - 1  # one left for the note below
    for item in screen.comments:
        drawn: list[Block] = [{"type": "divider"}, *_item_blocks(item, shown)]
        if len(drawn) > room:
            blocks.append(note("More comments than fit here; page through with More."))
            break
        blocks += drawn
        room -= len(drawn)
    return [*blocks, *navigation]


def _item_blocks(item: CommentItem, shown: CommentShown | None) -> list[Block]:
    if shown is None or shown.comment.comment_id != item.comment_id:
        return comment_blocks(item)
    return [*comment_blocks(shown.comment), *button_rows(shown.buttons)]


def render_reply_received(screen: ReplyReceived) -> SlackMessage:
    """Who replied to which comment of yours (quoted, shortened), the reply, then the thread."""
    item = screen.reply
    text = f"{item.author} replied to your comment on {screen.label} · {screen.title}"
    blocks = [
        section(f"💬 {escape(text)}"),
        context(plain(shorten(screen.comment, QUOTE))),
        *comment_blocks(item),
        *button_rows(screen.buttons),
    ]
    return message(text, blocks)


def render_comment_voted(screen: CommentVoted) -> SlackMessage:
    return message(screen.toast, [note(escape(screen.toast)), *comment_blocks(screen.comment)])


def _moment(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def render_comment_shown(screen: CommentShown) -> SlackMessage:
    """A comment with the buttons of a step of its menu (outside a modal)."""
    blocks = [*comment_blocks(screen.comment), *button_rows(screen.buttons)]
    return message("A comment", blocks)
