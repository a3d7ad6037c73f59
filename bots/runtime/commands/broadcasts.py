"""Organiser commands that push: broadcast (with an ETA and a progress bar), report, deadline.

The CLI only queues: outbox rows, sent by whichever `townhall run` or `townhall worker` runs.
The ETA comes from the configured limits: each platform sends its share at its overall rate,
in parallel with the others, and no chat gets two messages closer than its interval (a group
no more than its cap a minute), whichever takes longer.
"""

import asyncio
import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TextIO

from bots.chat.selections import describe_interval
from bots.chat.settings import DeliveryConfig
from bots.runtime.bootstrap import Townhall
from bots.runtime.commands import CommandError
from core.delivery import DeliveryReport, Recipient
from core.model import CLI_ACTOR, Platform
from core.orders import (
    BroadcastPlan,
    MoveDeadline,
    QueueBroadcast,
    ReadDeliveryReport,
    StopBroadcast,
)
from core.services.broadcasting import describe_cancellation
from core.wording import counted, format_moment

POLL_SECONDS = 0.5
BAR_WIDTH = 30
GROUP_WINDOW = 60.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    """What the organiser asked for: paragraph numbers (None: all, or from `first` on)."""

    numbers: tuple[int, ...] | None = None
    first: int | None = None
    platforms: frozenset[Platform] | None = None
    every: timedelta | None = None


async def broadcast(
    townhall: Townhall,
    limits: DeliveryConfig,
    slug: str,
    release: Release,
    *,
    detach: bool,
    out: TextIO,
    err: TextIO,
    poll_seconds: float = POLL_SECONDS,
) -> int:
    """Queue the release, print its size and ETA, then follow it unless detached."""
    order = QueueBroadcast(
        slug=slug,
        numbers=release.numbers,
        first=release.first,
        platforms=release.platforms,
        every=release.every,
    )
    plan = await townhall.app.handle(CLI_ACTOR, order)
    takes = eta(limits, list(plan.audience), plan, release.every)
    out.write(describe_plan(plan, release.every, takes))
    if detach or release.every is not None or plan.deliveries == 0:
        out.write(f"Follow it with: townhall report {plan.broadcast_id}\n")
        return 0
    err.write("Sent by a running `townhall run` or `townhall worker`; Ctrl-C stops following.\n")
    report = await follow(townhall, plan.broadcast_id, err, poll_seconds)
    out.write(f"Done: {describe_counts(report)}.\n")
    return 0


def eta(
    limits: DeliveryConfig,
    recipients: list[Recipient],
    plan: BroadcastPlan,
    every: timedelta | None,
) -> timedelta:
    """How long one release takes (all of it, without a drip) at the configured limits."""
    paragraphs = 1 if every is not None else len(plan.paragraphs)
    shares = Counter(r.platform for r in recipients)
    rates = {
        Platform.TELEGRAM: limits.paid_rate
        if limits.allow_paid_broadcast
        else limits.telegram_rate,
        Platform.SLACK: limits.slack_workspace_rate,
    }
    overall = max(
        (count * paragraphs / rates[p] for p, count in shares.items() if p in rates), default=0
    )
    return timedelta(seconds=max(overall, _per_chat(limits, recipients, paragraphs)))


def _per_chat(limits: DeliveryConfig, recipients: list[Recipient], paragraphs: int) -> float:
    """The longest any one chat must wait between its messages."""
    longest = 0.0
    for recipient in recipients:
        interval = (
            limits.telegram_chat_interval
            if recipient.platform is Platform.TELEGRAM
            else limits.slack_channel_interval
        )
        longest = max(longest, (paragraphs - 1) * interval)
        if recipient.platform is Platform.TELEGRAM and recipient.channel_id is not None:
            minutes = math.ceil(paragraphs / limits.telegram_group_per_minute) - 1
            longest = max(longest, minutes * GROUP_WINDOW)
    return longest


def describe_plan(plan: BroadcastPlan, every: timedelta | None, takes: timedelta) -> str:
    labels = [p.label for p in plan.paragraphs]
    shown = ", ".join(labels) if len(labels) <= 6 else f"{labels[0]} to {labels[-1]}"
    lines = [
        f"Broadcast {plan.broadcast_id} of “{plan.consultation.title}”: {shown} to "
        f"{counted(plan.recipients, 'recipient')} ({counted(plan.deliveries, 'message')} queued).",
    ]
    if every is not None and len(labels) > 1:
        lines.append(
            f"{labels[0]} goes out now, then one paragraph every {describe_interval(every)}; "
            f"the last ({labels[-1]}) on {format_moment(plan.last_due)}."
        )
        lines.append(f"Each release takes about {describe_duration(takes)} at the limits.")
    else:
        lines.append(f"At the configured rate limits it takes about {describe_duration(takes)}.")
    return "\n".join(lines) + "\n"


def describe_duration(duration: timedelta) -> str:
    seconds = math.ceil(duration.total_seconds())
    if seconds < 60:
        return f"{max(seconds, 1)} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


async def follow(
    townhall: Townhall, broadcast_id: int, err: TextIO, poll: float
) -> DeliveryReport:
    """Redraw a progress bar on `err` until nothing is pending; Ctrl-C stops following."""
    try:
        while True:
            report = await townhall.app.handle(
                CLI_ACTOR, ReadDeliveryReport(broadcast_id=broadcast_id)
            )
            err.write(f"\r{progress_bar(report)}")
            err.flush()
            if report.pending == 0:
                err.write("\n")
                return report
            await asyncio.sleep(poll)
    except asyncio.CancelledError:
        err.write(f"\nStopped following; the broadcast goes on: townhall report {broadcast_id}\n")
        raise


def progress_bar(report: DeliveryReport) -> str:
    finished = report.total - report.pending
    filled = BAR_WIDTH * finished // report.total if report.total else BAR_WIDTH
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    return f"[{bar}] {finished}/{report.total} · {describe_counts(report)}"


def describe_counts(report: DeliveryReport) -> str:
    counts = (
        f"{report.sent} sent, {report.pending} pending, {report.unreachable} unreachable, "
        f"{report.failed} failed"
    )
    return f"{counts}, {report.skipped} skipped" if report.skipped else counts


async def report(townhall: Townhall, broadcast_id: int, out: TextIO) -> int:
    counts = await townhall.app.handle(CLI_ACTOR, ReadDeliveryReport(broadcast_id=broadcast_id))
    if counts.total == 0:
        raise CommandError(f"there is no broadcast {broadcast_id}")
    rows = [
        ("sent", counts.sent),
        ("pending", counts.pending),
        ("unreachable", counts.unreachable),
        ("failed", counts.failed),
        ("skipped", counts.skipped),
    ]
    lines = [f"Broadcast {broadcast_id}: {counted(counts.total, 'message')}"]
    lines += [f"  {name:<12} {value:>7}" for name, value in rows]
    out.write("\n".join(lines) + "\n")
    return 0


async def cancel(townhall: Townhall, broadcast_id: int, out: TextIO) -> int:
    """Stop a broadcast's releases still ahead and say how many stopped."""
    cancellation = await townhall.app.handle(CLI_ACTOR, StopBroadcast(broadcast_id=broadcast_id))
    out.write(describe_cancellation(cancellation) + "\n")
    return 0


async def deadline(townhall: Townhall, slug: str, closes_at: datetime, out: TextIO) -> int:
    order = MoveDeadline(slug=slug, closes_at=closes_at)
    consultation = await townhall.app.handle(CLI_ACTOR, order)
    out.write(
        f"“{consultation.title}” now closes {format_moment(consultation.closes_at)}; "
        "the reminders not sent yet moved with it.\n"
    )
    return 0
