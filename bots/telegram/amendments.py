"""Suggested wordings as Telegram messages: the prompt, the diff to publish, a paragraph's list.

The prompt shows the current text in `<code>` (a tap copies it, to edit) under the Cancel
button, then asks for the wording with the reply box open; the person's reply is free text,
which the core takes as the awaited wording. A list is a header, one message per wording (its
diff, votes and buttons, so that a vote redraws just that message) and the way back. Every
word from a paragraph or a person is escaped (bots.telegram.diffs).
"""

from bots.chat.amendment_words import STATE_WORDS, YOUR_VOTE
from bots.telegram.diffs import LEGEND, fit_diff
from bots.telegram.hints import say
from bots.telegram.layout import (
    Outgoing,
    body_budget,
    escape,
    force_reply,
    keyboard,
    split_text,
    spread,
)
from core.screens import AmendmentItem, AmendmentList, WordingPrompt, WordingReview


def render_wording_prompt(screen: WordingPrompt) -> list[Outgoing]:
    head = f"✏️ <b>Suggest wording for {escape(screen.label)}</b>\nThe current text (tap to copy):"
    parts = split_text(screen.current, body_budget(head, ""))
    current = spread(head, [f"<code>{escape(part)}</code>" for part in parts], "", None)
    current[-1] = Outgoing(text=current[-1].text, markup=keyboard(screen.buttons))
    ask = f"{escape(say(screen.text))} Send /cancel to stop."
    placeholder = f"Your wording of {screen.label}"
    return [*current, Outgoing(text=ask, markup=force_reply(placeholder))]


def render_wording_review(screen: WordingReview) -> list[Outgoing]:
    head = f"✏️ <b>{escape(screen.label)}</b> · {escape(say(screen.text))}"
    return fit_diff(head, screen.diff, LEGEND, keyboard(screen.buttons))


def render_amendment_list(screen: AmendmentList) -> list[Outgoing]:
    """The header, each wording as its own message, then Suggest wording and the way back."""
    navigation = keyboard(screen.buttons)
    heading = f"📝 {escape(say(screen.text))}"
    if not screen.items:
        return [Outgoing(text=heading, markup=navigation)]
    messages = [Outgoing(text=heading)]
    for item in screen.items:
        messages += render_amendment(item)
    messages.append(Outgoing(text=LEGEND, markup=navigation))
    return messages


def render_amendment(item: AmendmentItem) -> list[Outgoing]:
    """One suggested wording: who, where it stands, its votes, the diff, and its buttons."""
    head = (
        f"<b>#{item.amendment_id}</b> · {escape(item.author)} · {STATE_WORDS[item.state]} · "
        f"👍 {item.agree} · 👎 {item.disagree}"
    )
    lines = []
    if item.choice is not None:
        lines.append(YOUR_VOTE[item.choice])
    if item.outdated:
        lines.append("<i>Written for an earlier version of the paragraph.</i>")
    return fit_diff(head, item.diff, "\n".join(lines), keyboard(item.buttons))


def voted_wording(screen: AmendmentList, amendment_id: int) -> Outgoing:
    """The pressed wording's message redrawn after a vote: its new tally and ✓ on the vote."""
    for item in screen.items:
        if item.amendment_id == amendment_id:
            return render_amendment(item)[-1]
    return Outgoing(text=escape(say(screen.text)), markup=keyboard(screen.buttons))
