"""The terminal chat loop driven in-process through StringIO streams, over the in-memory core."""

import io
from datetime import timedelta

import pytest

from bots.chat.identities import terminal_ref
from bots.terminal.runner import TerminalChat
from core.app import ConsultationApp
from core.intents import Join, SubmitComment
from core.model import Actor, Privacy
from core.screens import CommentPosted, Welcome
from tests.bots.conftest import create, document
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.organiser import add_organiser


def actor(name: str) -> Actor:
    return Actor(ref=terminal_ref(name), display_name=name)


async def chat(
    app: ConsultationApp,
    *lines: str,
    name: str = "ana",
    payload: str = "plan",
    interactive: bool = False,
) -> tuple[bool, str]:
    """Run a whole chat session on these typed lines; the result of run() and the output."""
    output = io.StringIO()
    session = TerminalChat(
        app,
        actor(name),
        input=io.StringIO("".join(f"{line}\n" for line in lines)),
        output=output,
        interactive=interactive,
    )
    joined = await session.run(payload)
    return joined, output.getvalue()


async def post_comment(app: ConsultationApp, name: str, body: str) -> int:
    """Comment on P1 as someone else, through the core; returns the comment id."""
    welcome = await app.handle(actor(name), Join(payload="plan"))
    assert isinstance(welcome, Welcome)
    cid = welcome.consultation.consultation_id
    posted = await app.handle(
        actor(name), SubmitComment(consultation_id=cid, paragraph_id=1, body=body)
    )
    assert isinstance(posted, CommentPosted)
    return posted.comment.comment_id


async def test_starting_shows_the_welcome_card_then_the_first_paragraph(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    joined, output = await chat(app, "quit")

    assert joined
    assert output.startswith("== Plan ==\nA plan for the city.\n3 paragraphs · closes")
    assert "§ 1. Purpose\nP1 · 1 of 3\nThe plan sets out what the city will do." in output
    assert (
        "[1] Agree  [2] Disagree  [3] Comment  [4] Comments (0)  [5] Suggest wording  "
        "[6] Suggested wordings  [7] Next (P2) ▶" in output
    )


async def test_typing_a_number_presses_that_button_of_the_last_screen(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, "2", "7")

    assert "✓ Noted: you disagree with P1." in output
    # after the vote P2 is shown; its button 7 is "◀ Back (P1)"
    assert output.rstrip().endswith(
        "[1] Agree  [2] ✓ Disagree  [3] Comment  [4] Comments (0)  [5] Suggest wording  "
        "[6] Suggested wordings  [7] Next (P2) ▶"
    )


async def test_a_number_with_no_such_button_is_refused_with_a_hint(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, "9")

    assert "There is no button [9] on the last screen." in output


@pytest.mark.parametrize("typed", ["²", "١", "０", "-1", "+1", "2147483648", "9" * 5000])
async def test_a_button_number_not_typed_in_plain_digits_presses_nothing(
    typed: str, app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, typed)

    assert output.count("P1 · 1 of 3") == 1
    assert "Noted" not in output
    assert f"I don't know {typed}" in output or f"no button [{typed}]" in output


@pytest.mark.parametrize("typed", ["١", "-1", "+1", "0", "2147483648", "99999999999"])
async def test_a_comment_number_out_of_the_integer_range_gets_the_usage(
    typed: str, app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    await post_comment(app, "ben", "Who pays?")

    _, output = await chat(app, f"up {typed}", f"reply {typed} Me neither")

    assert "Usage: up N, with a whole number such as 3." in output
    assert "Usage: reply N [TEXT], with a whole number such as 3." in output
    assert memory.tables.comment_votes == {}
    assert len(memory.tables.comments) == 1


async def test_agree_and_disagree_apply_to_the_card_shown_last(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, "agree", "d", "progress")

    assert "Noted: you agree with P1." in output
    assert "Noted: you disagree with P2." in output
    assert "you have voted on 2 of 3 paragraphs" in output


async def test_a_line_after_a_comment_prompt_is_the_comment(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, "comment", "next time, say who pays", "comments")

    assert "Send your comment on P1 as your next message." in output
    assert "✓ Thank you: your comment on P1 is saved." in output
    assert "#1 ana · 15 Jan 2027, 12:00 UTC · +0 −0\n  next time, say who pays" in output


async def test_an_empty_comment_is_refused_with_the_cores_message(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, "comment", "   ", "\u200b\u2060", "cancel", "comments")

    assert output.count("✗ A comment cannot be empty.") == 2
    assert "Comment cancelled." in output
    assert "No comments on P1 yet." in output


async def test_a_command_still_works_while_a_comment_is_awaited(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, "comment", "progress", "Fine by me")

    assert "you have voted on 0 of 3 paragraphs" in output
    assert "your comment on P1 is saved" in output


async def test_comment_with_text_posts_it_at_once_and_escapes_nothing(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, "comment Too vague & <b>bold</b>")

    assert "  Too vague & <b>bold</b>" in output


async def test_a_vote_after_the_consultation_closed_shows_the_card_closed(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    clock.advance(timedelta(days=11))

    _, output = await chat(app, "agree", "progress")

    assert "Closed on 25 Jan 2027\n" in output
    assert "you have voted on 0 of 3 paragraphs" in output


async def test_end_of_input_ends_the_chat_cleanly(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    joined, output = await chat(app, "agree")

    assert joined
    assert output.endswith("\n\n")


async def test_unknown_commands_get_a_one_line_hint(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, "frobnicate now", "next please")

    assert "I don't know frobnicate — help lists what you can do\n" in output
    assert "Usage: continue for the next paragraph, or next voted|commented|" in output


async def test_next_and_back_walk_the_document_and_stop_at_its_ends(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, "back", "n", "next", "next", "b")

    assert "P1 is the first paragraph." in output
    assert "P3 · 3 of 3" in output
    assert "P3 is the last paragraph." in output
    assert output.rstrip().splitlines()[-1].endswith("[8] Next (P3) ▶")


async def test_reply_answers_a_listed_comment_on_its_own_paragraph(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    comment_id = await post_comment(app, "ben", "Who pays?")

    _, output = await chat(app, "comments", "next", f"reply {comment_id} The budget", "1")

    assert "your reply on P1 is saved" in output  # though P2 was shown when replying
    assert "    ↳ #2 ana" in output


async def test_up_down_and_unvote_set_a_vote_on_a_comment(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    comment_id = await post_comment(app, "ben", "Who pays?")

    _, output = await chat(app, f"up {comment_id}", f"up {comment_id}")
    assert output.count("You voted this comment up.") == 2
    assert "+1 −0" in output
    assert "withdrawn" not in output

    _, output = await chat(app, f"down {comment_id}", f"unvote {comment_id}")
    assert "You voted this comment down." in output
    assert "Your vote on this comment is withdrawn." in output


async def test_help_shows_the_cores_help_and_the_terminal_syntax(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, "?")

    assert "What you can do:" in output
    assert "progress                how far you are and when it closes" in output
    assert "In this terminal:" in output


async def test_joining_a_private_consultation_without_invitation_fails_with_the_notice(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock, privacy=Privacy.PRIVATE)

    joined, output = await chat(app, "agree")

    assert not joined
    assert output == "! “Plan” is by invitation only. Ask its organisers for a link.\n\n"


async def test_escape_sequences_in_the_document_never_reach_the_terminal(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    hostile = document(("\x1b]0;owned\x07Intro", ("Read \x1b[2J\x1b[3Jthis\x9b.",)))
    await create(memory, clock, content=hostile)

    _, output = await chat(app, "quit")

    assert "\x1b" not in output
    assert "\x9b" not in output
    assert "§ Intro\nP1 · 1 of 1\nRead this." in output


async def test_the_prompt_is_printed_only_for_an_interactive_terminal(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, piped = await chat(app, "quit")
    _, interactive = await chat(app, "quit", interactive=True)

    assert "> " not in piped
    assert interactive.endswith("\n\n> ")


async def test_stats_with_a_slug_shows_every_figure_to_an_organiser_only(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    await add_organiser(FakeUnitOfWork(memory), terminal_ref("ana"))

    _, organisers = await chat(app, "stats plan", name="ana")
    _, participants = await chat(app, "stats plan", name="ben")

    assert "Figures for “Plan”" in organisers
    assert "Only the consultation's organisers can do that." in participants
    assert "Figures for" not in participants
