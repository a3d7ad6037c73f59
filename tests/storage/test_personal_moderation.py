"""Contract: a person's reports in their records, and forgetting them in moderation's records."""

from datetime import timedelta

from core.model import Choice, Participant, Vote
from core.moderation import LogAction, NewLogEntry, Report, ReportReason
from core.personal_data import ReportRecord, forgotten_ref
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded
from tests.storage.test_personal_data import comment_by


def report_by(seeded: Seeded, comment_id: int, who: Participant, minutes: int) -> Report:
    return Report(
        comment_id=comment_id,
        consultation_id=seeded.consultation.id,
        participant_id=who.id,
        reason=ReportReason.OFFENSIVE if minutes else ReportReason.SPAM,
        created_at=seeded.consultation.opens_at + timedelta(minutes=minutes),
    )


async def alice_reports_and_moderates(uow_factory: UnitOfWorkFactory, seeded: Seeded) -> int:
    """Bob writes a comment; Alice and Bob report it, Alice moderates and is logged."""
    cid, alice, at = seeded.consultation.id, seeded.alice, seeded.consultation.opens_at
    async with uow_factory() as uow:
        bobs, _ = await uow.comments.add(comment_by(seeded, seeded.bob.id, "Bob's words."))
        await uow.moderation.add_report(report_by(seeded, bobs.id, alice, 5))
        await uow.moderation.add_report(report_by(seeded, bobs.id, seeded.bob, 0))
        await uow.moderation.add_moderator(cid, alice.ref)
        await uow.moderation.set_notified(cid, alice.ref, at)
        for who in (alice, seeded.bob):
            entry = NewLogEntry(
                consultation_id=cid,
                action=LogAction.REPORT,
                actor=str(who.ref),
                created_at=at,
                comment_id=bobs.id,
                reason="spam",
            )
            await uow.moderation.log(entry)
        await uow.commit()
    return bobs.id


async def test_gather_lists_the_reports_the_person_made_and_nobody_elses(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    comment = await alice_reports_and_moderates(uow_factory, seeded)

    async with uow_factory() as uow:
        records = await uow.personal_data.gather(seeded.alice)

    at = seeded.consultation.opens_at + timedelta(minutes=5)
    expected = ReportRecord(
        comment=comment, consultation=seeded.consultation.slug, reason="offensive", reported_at=at
    )
    assert records.reports == (expected,)


async def test_gather_names_the_comment_given_as_a_disagrees_reason(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    c, first = seeded.consultation, seeded.paragraphs[0].id
    async with uow_factory() as uow:
        vote = Vote(
            consultation_id=c.id,
            paragraph_id=first,
            participant_id=seeded.alice.id,
            choice=Choice.DISAGREE,
            cast_at=c.opens_at,
        )
        await uow.votes.record(vote)
        reason, _ = await uow.comments.add(comment_by(seeded, seeded.alice.id, "Too vague."))
        await uow.votes.set_reason(first, seeded.alice.id, reason.id)
        await uow.commit()

    async with uow_factory() as uow:
        records = await uow.personal_data.gather(seeded.alice)

    assert [v.reason_comment for v in records.votes] == [reason.id]


async def test_erase_keeps_the_reports_counted_and_forgets_the_reporter_and_moderator(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    comment = await alice_reports_and_moderates(uow_factory, seeded)
    cid, alice = seeded.consultation.id, seeded.alice

    async with uow_factory() as uow:
        await uow.personal_data.erase(alice)
        await uow.commit()

    async with uow_factory() as uow:
        reports = await uow.moderation.reports(comment)
        moderators = await uow.moderation.moderators(cid)
        notified = await uow.moderation.notified_at(cid, alice.ref)
        log = await uow.moderation.entries(cid)
    assert sorted(r.participant_id for r in reports) == sorted([alice.id, seeded.bob.id])
    assert (moderators, notified) == ([], None)
    assert [(e.action, e.actor) for e in log] == [
        (LogAction.REPORT, str(forgotten_ref(alice))),
        (LogAction.REPORT, str(seeded.bob.ref)),
    ]
