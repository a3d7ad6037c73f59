"""Contract: moderation settings, words, reports, queue, moderators, blocks, log, notices."""

import dataclasses
from datetime import timedelta

from core.model import CommentState
from core.moderation import LogAction, ModerationSettings, NewLogEntry, Report, ReportReason
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, person
from tests.storage.test_comments import new_comment


async def test_settings_default_until_configured_and_words_are_added_and_removed_once(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    cid = seeded.consultation.id
    async with uow_factory() as uow:
        default = await uow.moderation.settings(cid)
        await uow.moderation.configure(cid, premoderate=True, hide_after=5)
        added = await uow.moderation.add_words(cid, ["idiot", "cretin"])
        again = await uow.moderation.add_words(cid, ["idiot", "spam"])
        await uow.commit()
    async with uow_factory() as uow:
        configured = await uow.moderation.settings(cid)
        removed = await uow.moderation.remove_words(cid, ["spam", "absent"])
        await uow.moderation.configure(cid, premoderate=False, hide_after=2)
        await uow.commit()
    async with uow_factory() as uow:
        last = await uow.moderation.settings(cid)
    assert default == ModerationSettings()
    assert (added, again, removed) == (["cretin", "idiot"], ["spam"], ["spam"])
    assert configured == ModerationSettings(
        premoderate=True, hide_after=5, words=frozenset({"idiot", "cretin", "spam"})
    )
    assert last == ModerationSettings(hide_after=2, words=frozenset({"idiot", "cretin"}))


async def test_premoderation_alone_keeps_the_configured_report_threshold(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    cid = seeded.consultation.id
    async with uow_factory() as uow:
        await uow.moderation.configure(cid, premoderate=True, hide_after=None)
        await uow.commit()
    async with uow_factory() as uow:
        settings = await uow.moderation.settings(cid)
    assert settings == ModerationSettings(premoderate=True, hide_after=None)
    assert (settings.threshold(7), ModerationSettings(hide_after=2).threshold(7)) == (7, 2)


async def test_a_person_reports_a_comment_once_and_the_queue_lists_held_and_hidden_ones(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    at = seeded.consultation.opens_at
    async with uow_factory() as uow:
        shown, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "Fine."))
        held, _ = await uow.comments.add(
            dataclasses.replace(
                new_comment(seeded, seeded.alice.id, "Wait."), state=CommentState.HELD
            )
        )
        hidden, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "Bad."))
        await uow.comments.set_state(hidden.id, CommentState.HIDDEN)
        report = Report(
            comment_id=shown.id,
            consultation_id=seeded.consultation.id,
            participant_id=seeded.bob.id,
            reason=ReportReason.OFF_TOPIC,
            created_at=at,
        )
        first = await uow.moderation.add_report(report)
        second = await uow.moderation.add_report(
            dataclasses.replace(report, reason=ReportReason.SPAM, created_at=at + timedelta(1))
        )
        await uow.commit()
    async with uow_factory() as uow:
        reports = await uow.moderation.reports(shown.id)
        queue = await uow.moderation.queue(seeded.consultation.id)
    assert (first, second) == (True, False)
    assert reports == [report]
    assert queue == [held.id, hidden.id]


async def test_moderators_blocks_notices_and_the_log_are_kept_per_consultation(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    cid, at = seeded.consultation.id, seeded.consultation.opens_at
    carol = person("carol")
    async with uow_factory() as uow:
        added = [await uow.moderation.add_moderator(cid, carol) for _ in range(2)]
        blocked = [await uow.moderation.block(cid, seeded.bob.id, at) for _ in range(2)]
        await uow.moderation.set_notified(cid, carol, at)
        await uow.moderation.set_notified(cid, carol, at + timedelta(minutes=10))
        entry = NewLogEntry(
            consultation_id=cid,
            action=LogAction.BLOCK,
            actor="telegram:main:carol",
            created_at=at,
            participant_id=seeded.bob.id,
            reason="abuse",
        )
        await uow.moderation.log(entry)
        await uow.commit()
    async with uow_factory() as uow:
        state = (
            await uow.moderation.moderators(cid),
            await uow.moderation.is_blocked(cid, seeded.bob.id),
            await uow.moderation.notified_at(cid, carol),
            await uow.moderation.notified_at(cid, person("dan")),
        )
        log = await uow.moderation.entries(cid)
        removed = [await uow.moderation.remove_moderator(cid, carol) for _ in range(2)]
        unblocked = [await uow.moderation.unblock(cid, seeded.bob.id) for _ in range(2)]
        after = (await uow.moderation.moderators(cid), await uow.moderation.is_blocked(cid, 1))
    assert (added, blocked, removed, unblocked) == ([True, False],) * 2 + ([True, False],) * 2
    assert state == ([carol], True, at + timedelta(minutes=10), None)
    assert [(e.action, e.actor, e.participant_id, e.reason, e.created_at) for e in log] == [
        (LogAction.BLOCK, "telegram:main:carol", seeded.bob.id, "abuse", at)
    ]
    assert after == ([], False)
