"""Modals and the App Home tab as Block Kit views; pure functions.

A modal remembers what it is about in its `private_metadata`: the core's payload for the
intent (core.callbacks), and for a comment modal where to confirm it. Nothing is kept in
memory between opening a modal and submitting it.
"""

import json
from dataclasses import dataclass

from bots.slack.blocks import (
    SURFACE_BLOCKS,
    Block,
    button_rows,
    escape,
    header,
    note,
    plain,
    section,
    shorten,
    within,
)
from bots.slack.comments import comment_list_blocks
from bots.slack.hints import say
from bots.slack.rendering import TONE_MARKS, progress_blocks
from core.callbacks import decode, encode
from core.errors import InvalidPayload
from core.intents import Intent, ShowComments, StartComment
from core.screens import CommentList, CommentShown, Notice, Overview, WordingPrompt

View = dict[str, object]

COMMENT_CALLBACK = "comment"
COMMENTS_CALLBACK = "comments"
NEW_CALLBACK = "new_consultation"
WORDING_CALLBACK = "wording"
WORDING_BLOCK, WORDING_INPUT = "wording", "body"
COMMENT_BLOCK, COMMENT_INPUT = "comment", "body"
TITLE_BLOCK, CLOSES_BLOCK, FILE_BLOCK, TEXT_BLOCK = "title", "closes", "file", "text"
VALUE_INPUT, FILES_INPUT = "value", "files"
INPUT_LIMIT = 3000  # Slack's longest plain_text_input; the core's own limit is checked too
TITLE_LIMIT = 24
DOCUMENT_TYPES = ["md", "markdown", "txt", "docx"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ModalContext:
    """What a modal is about: the intent's payload, the DM to confirm in, a list to refresh."""

    payload: str
    channel: str | None = None
    list_view: str | None = None

    def dump(self) -> str:
        fields = {"p": self.payload, "c": self.channel, "l": self.list_view}
        return json.dumps({key: value for key, value in fields.items() if value})

    @property
    def intent(self) -> Intent:
        return decode(self.payload)


def load_context(metadata: str) -> ModalContext:
    """The context a modal was opened with; InvalidPayload for anything we did not write."""
    try:
        fields = json.loads(metadata)
    except ValueError:
        fields = None
    if not isinstance(fields, dict) or not isinstance(fields.get("p"), str):
        raise InvalidPayload("This form is not valid any more. Please start again.")
    channel, list_view = fields.get("c"), fields.get("l")
    return ModalContext(
        payload=fields["p"],
        channel=channel if isinstance(channel, str) else None,
        list_view=list_view if isinstance(list_view, str) else None,
    )


def _modal(title: str, blocks: list[Block], **extra: object) -> View:
    view: View = {
        "type": "modal",
        "title": plain(shorten(title, TITLE_LIMIT)),
        "close": plain("Close"),
        "blocks": within(blocks, SURFACE_BLOCKS, "More than fits here."),
    }
    return view | extra


def comment_modal(intent: StartComment, context: ModalContext) -> View:
    """A multiline input for a comment or a reply; opened before the core is asked anything."""
    what = "reply" if intent.reply_to else "comment"
    field: Block = {
        "type": "input",
        "block_id": COMMENT_BLOCK,
        "label": plain(f"Your {what}"),
        "element": {
            "type": "plain_text_input",
            "action_id": COMMENT_INPUT,
            "multiline": True,
            "max_length": INPUT_LIMIT,
            "focus_on_load": True,
        },
    }
    hint = note("It is published with your name once you send it.")
    return _modal(
        f"Your {what}",
        [field, hint],
        callback_id=COMMENT_CALLBACK,
        submit=plain("Send"),
        close=plain("Cancel"),
        private_metadata=context.dump(),
    )


def wording_modal(prompt: WordingPrompt, context: ModalContext) -> View:
    """A multiline input holding the paragraph's text, to edit into the suggested wording.

    Slack's inputs hold 3,000 characters: a longer paragraph is not filled in, and said so.
    Closing the modal is reported (notify_on_close), so the chat stops waiting for a wording.
    """
    element: Block = {
        "type": "plain_text_input",
        "action_id": WORDING_INPUT,
        "multiline": True,
        "max_length": INPUT_LIMIT,
        "focus_on_load": True,
    }
    hint = "Edit the text as you would have it: you see your changes before anything is published."
    if len(prompt.current) <= INPUT_LIMIT:
        element["initial_value"] = prompt.current
    else:
        hint = (
            f"{prompt.label} is longer than a Slack form holds ({INPUT_LIMIT:,} characters), "
            "so it is not filled in: write your wording here."
        )
    field: Block = {
        "type": "input",
        "block_id": WORDING_BLOCK,
        "label": plain(f"Your wording of {prompt.label}"),
        "element": element,
    }
    return _modal(
        "Suggest wording",
        [field, note(escape(hint))],
        callback_id=WORDING_CALLBACK,
        submit=plain("Show changes"),
        close=plain("Cancel"),
        notify_on_close=True,
        private_metadata=context.dump(),
    )


def loading_modal(title: str) -> View:
    """Opened at once with the trigger; the content follows by views.update."""
    return _modal(title, [section("Loading…")], callback_id=COMMENTS_CALLBACK)


def comment_list_modal(
    screen: CommentList, toast: str | None = None, shown: CommentShown | None = None
) -> View:
    """A page of comments; its metadata is the page's payload, to redraw it after a vote.

    `shown` is a comment of the page with a step of its menu open.
    """
    blocks = comment_list_blocks(screen, limit=SURFACE_BLOCKS - 1, shown=shown)
    if toast:
        blocks.insert(0, note(escape(toast)))
    page = ShowComments(
        consultation_id=screen.consultation_id, paragraph_id=screen.paragraph_id, page=screen.page
    )
    return _modal(
        f"Comments on {screen.label}",
        blocks,
        callback_id=COMMENTS_CALLBACK,
        private_metadata=ModalContext(payload=encode(page)).dump(),
    )


def notice_modal(title: str, notice: Notice, command: str) -> View:
    text = f"{TONE_MARKS[notice.tone]}{escape(say(notice.text, command))}"
    return _modal(title, [section(text)], callback_id=COMMENTS_CALLBACK)


def new_consultation_modal() -> View:
    """Title, closing date, and the document as a file or pasted text."""
    return _modal(
        "New consultation",
        [
            _text_input(TITLE_BLOCK, "Title", "The city's climate plan"),
            _text_input(CLOSES_BLOCK, "Closes", "2027-03-31, or: in 30 days"),
            {
                "type": "input",
                "block_id": FILE_BLOCK,
                "optional": True,
                "label": plain("The draft as a file (.md, .txt or .docx)"),
                "element": {
                    "type": "file_input",
                    "action_id": FILES_INPUT,
                    "filetypes": DOCUMENT_TYPES,
                    "max_files": 1,
                },
            },
            _text_input(TEXT_BLOCK, "…or paste the text (Markdown)", "", multiline=True),
            note("It is saved as a draft; open it when you are ready."),
        ],
        callback_id=NEW_CALLBACK,
        submit=plain("Create"),
        close=plain("Cancel"),
    )


def _text_input(block_id: str, label: str, placeholder: str, *, multiline: bool = False) -> Block:
    element: dict[str, object] = {"type": "plain_text_input", "action_id": VALUE_INPUT}
    if placeholder:
        element["placeholder"] = plain(placeholder)
    if multiline:
        element |= {"multiline": True, "max_length": INPUT_LIMIT}
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label)}
    return block | {"element": element, "optional": multiline}


def home_view(screen: Overview | Notice, command: str) -> View:
    """The App Home tab: the person's consultations with Continue buttons."""
    blocks: list[Block] = [header("Your consultations")]
    if isinstance(screen, Notice):
        blocks.append(section(escape(say(screen.text, command))))
    else:
        for item in screen.consultations:
            blocks += [*progress_blocks(item), {"type": "divider"}]
        if not screen.consultations:
            blocks.append(section("You take part in no consultation yet."))
        blocks += button_rows(screen.buttons)
    blocks.append(note(f"Type `{escape(command)} help` anywhere for the commands."))
    return {"type": "home", "blocks": within(blocks, SURFACE_BLOCKS, "More than fits here.")}
