"""Moderation in the terminal chat: report, delete, review and its actions, and every refusal."""

from bots.chat.grammar import PRIVATE, Usage, read, report_comment
from bots.terminal.events import OnScreen, read_line
from core.app import ConsultationApp
from core.hints import Command
from core.intents import ReportComment, ShowDeliveryReport
from core.moderation import ReportReason
from tests.bots.conftest import create
from tests.bots.terminal.test_runner import actor, chat, post_comment
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.organiser import add_organiser


async def test_report_hide_at_three_review_and_restore_end_to_end(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    await add_organiser(FakeUnitOfWork(memory), actor("mo").ref)
    comment = await post_comment(app, "zed", "You are all fools.")
    for name in ("ana", "ben", "cy"):
        _, output = await chat(app, f"report {comment} offensive", name=name)
        assert (
            f"✓ Thank you: comment #{comment} is reported to the moderators (offensive)." in output
        )
    _, listed = await chat(app, "comments", name="dee")
    _, reviewed = await chat(app, "review plan", "1", "review plan", "comments", name="mo")

    assert "No comments on P1 yet." in listed
    assert f"#{comment} on P1 by zed" in reviewed
    assert "hidden pending review" in reviewed
    assert "Reports: offensive ×3" in reviewed
    assert "[1] Restore  [2] Hide  [3] Hide and block author" in reviewed
    assert (
        f"✓ Comment #{comment} is restored: everyone sees it. Nothing else awaits review."
        in reviewed
    )
    assert "No comment awaits review in “Plan”." in reviewed
    assert "You are all fools." in reviewed.split("No comment awaits review")[1]


async def test_the_terminal_shows_each_refusal_of_a_report(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    mine = await post_comment(app, "ana", "My own.")
    _, output = await chat(
        app,
        f"report {mine}",
        "report 999 spam",
        f"report {mine} rude",
        "report",
        name="ana",
    )
    _, twice = await chat(app, f"report {mine} spam", f"report {mine} spam", name="ben")
    _, stranger = await chat(app, "review plan", name="ben")

    assert "! You cannot report your own comment." in output
    assert "There is no comment #999 in “Plan”." in output
    assert output.count("Usage: report N [spam|offensive|off-topic|other]") == 2
    assert f"You reported comment #{mine} already; the moderators know." in twice
    assert "Only the moderators of “Plan” can do that." in stranger


async def test_delete_removes_ones_text_and_refuses_someone_elses(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    mine = await post_comment(app, "ana", "Second thoughts.")
    _, other = await chat(app, f"delete {mine}", name="ben")
    _, output = await chat(app, f"delete {mine}", f"delete {mine}", "comments", name="ana")

    assert "Only its author can delete a comment." in other
    assert f"✓ Your comment #{mine} is deleted; replies to it stay." in output
    assert f"Comment #{mine} is deleted already." in output
    assert "Second thoughts." not in output.split("is deleted already.")[1]


def test_report_is_a_comment_report_in_the_terminal_and_a_delivery_report_elsewhere() -> None:
    assert read(Command.REPORT, "7", PRIVATE) == ShowDeliveryReport(broadcast_id=7)
    assert report_comment(["7", "spam"], 3) == ReportComment(
        consultation_id=3, comment_id=7, reason=ReportReason.SPAM
    )
    assert report_comment(["#7"], 3) == ReportComment(
        consultation_id=3, comment_id=7, reason=ReportReason.OTHER
    )
    assert isinstance(report_comment(["7", "rude"], 3), Usage)
    assert isinstance(read_line("report 7 spam", OnScreen()), Usage)  # no paragraph shown yet
