"""Comments as Telegram messages: the prompt, one comment, a page, a reply; pure functions.

A comment list is one message per comment, so that replying to a comment's message is a
threaded reply. Authors' names and comment bodies are HTML-escaped.
"""

from datetime import datetime

from bots.telegram.hints import say
from bots.telegram.layout import Outgoing, escape, fit, force_reply, keyboard
from core.intents import SkipReason
from core.screens import (
    ButtonRows,
    CommentItem,
    CommentList,
    CommentPosted,
    CommentPrompt,
    ReplyReceived,
)

QUOTE = 200  # characters of the person's own comment quoted above a reply to it


def render_comment_prompt(screen: CommentPrompt) -> Outgoing:
    """The reply box opens for the answer; the question after a Disagree shows Skip instead."""
    skip = tuple(b for row in screen.buttons for b in row if isinstance(b.intent, SkipReason))
    if skip:
        return Outgoing(text=escape(say(screen.text)), markup=keyboard((skip,)))
    lines = []
    if screen.replying_to is not None:
        quoted = screen.replying_to
        lines.append(
            f"Replying to {escape(quoted.author)}:\n<blockquote>{_short(quoted.body)}</blockquote>"
        )
    lines.append(f"{escape(say(screen.text))} Send /cancel to stop.")
    what = "Your reply" if screen.replying_to else f"Your comment on {screen.label}"
    return Outgoing(text="\n".join(lines), markup=force_reply(what))


def render_comment_posted(screen: CommentPosted) -> list[Outgoing]:
    head = f"✅ {escape(screen.toast)}\n{_comment_head(screen.comment)}"
    return fit(head, screen.comment.body, "", keyboard(screen.buttons))


def render_comment(item: CommentItem, steps: ButtonRows = ()) -> list[Outgoing]:
    """One comment as its own message, with 👍 / 👎 / Reply / Report under it.

    `steps` are the rows of a step of its menu (the reasons to report it; deleting it), below.
    """
    return fit(_comment_head(item), item.body, "", keyboard((item.buttons, *steps)))


def _comment_head(item: CommentItem) -> str:
    marker = "↳ " * item.depth
    votes = f"👍 {item.up} · 👎 {item.down}"
    return f"{marker}<b>{escape(item.author)}</b> · {_moment(item.created_at)} · {votes}"


def render_reply_received(screen: ReplyReceived) -> list[Outgoing]:
    """Who replied to which comment of yours (quoted, shortened), the reply, then the thread."""
    item = screen.reply
    head = (
        f"💬 <b>{escape(item.author)}</b> replied to your comment on {escape(screen.label)} · "
        f"{escape(screen.title)}\n<blockquote>{_short(screen.comment, QUOTE)}</blockquote>"
    )
    return fit(head, item.body, "", keyboard((item.buttons, *screen.buttons)))


def render_comment_list(screen: CommentList) -> list[Outgoing]:
    """A header, one message per comment, then the paging and navigation buttons."""
    navigation = keyboard(screen.buttons)
    if not screen.comments:
        return [Outgoing(text=f"No comments on {screen.label} yet.", markup=navigation)]
    header = Outgoing(
        text=f"💬 <b>Comments on {screen.label}</b> ({screen.total}) · page {screen.page} of "
        f"{screen.page_count}"
    )
    messages = [header]
    for item in screen.comments:
        messages += render_comment(item)
    footer = "Reply to a comment's message to answer it."
    return [*messages, Outgoing(text=footer, markup=navigation)]


def _short(text: str, limit: int = 300) -> str:
    return escape(text if len(text) <= limit else f"{text[: limit - 1]}…")


def _moment(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"
