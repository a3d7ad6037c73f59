"""The press path, townhall against bare bots, side by side in one run (issue 11).

    python -m bench.press_path [--townhall PATH] [--townhall-python PYTHON]
                               [--only telegram,paced,slack,ceiling] [--rounds 2]
                               [--persons 1000] [--paced-persons 100]
                               [--card-flows stream,in_place]
                               [--slack-presses 2000] [--slack-senders 8]

telegram  Telegram, long polling, SQLite on disk, townhall's pacing off ([delivery]
          telegram_rate = 1000000): `townhall run` (a real process, from --townhall's checkout)
          against bench/bare_telegram.py (python-telegram-bot, one durable SQLite upsert a
          press), rounds alternating which goes first, each on a fresh fake Bot API with the
          same presses (2 a person). Presses/s, CPU ms a press (the process's own), SQL
          statements a press (bench/sqlcount, townhall only). Target: townhall >= 80 %.
paced     Telegram at the default [delivery] limits (25 messages/s) with the fake enforcing
          Telegram's: townhall's presses/s in each `[telegram] card_flow` given (none: today's
          flow), against the limit divided by the messages a press (goal >= 95 %).
slack     Slack HTTP mode: townhall against bench/bare_slack.py (slack-bolt), 8 signed senders,
          counted on completed presses (the next card posted at the fake), acks timed too.
          Target: >= 70 %, ack p99 < 50 ms.
ceiling   The fake alone (bench/raw_telegram.py: raw HTTP, no bot): what it can take.

Each bot runs in its own folder under $BENCH_DIR (default /var/tmp, on disk). The report goes
to stdout as Markdown; progress to stderr. See bench/README.md.
"""

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.environment import describe_machine, storage_medium
from bench.press_processes import Townhall
from bench.press_report import ACK_HEADER, HEADER, acks, comparison, load, row
from bench.press_slack import BareSlackSide, SlackSide, TownhallSlack, run_slack_side
from bench.press_telegram import BareSide, RawSide, TelegramSide, TownhallSide, run_side
from bench.press_waiting import PressRun, Timing

PARTS = ("ceiling", "telegram", "paced", "slack")
TEXT = (
    "Paragraph {n}. The plan sets out what the city will do over the next ten years: housing, "
    "transport, parks and the services people rely on every day, with a budget for each and a "
    "date by which it is done. Each year the council reports on what was done and what was not, "
    "and why, so that anyone can hold it to what it promised here."
)


def document(folder: Path, paragraphs: int = 24) -> Path:
    """The draft both bots serve: one section of paragraphs of about 330 characters."""
    path = folder / "draft.md"
    body = "\n\n".join(TEXT.format(n=number) for number in range(1, paragraphs + 1))
    path.write_text(f"# The plan\n\n{body}\n")
    return path


class Bench:
    """The run's settings and where its bots keep their files."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.townhall = Townhall.at(args.townhall, args.townhall_python)
        self.root = Path(tempfile.mkdtemp(prefix="townhall-press.", dir=args.bench_dir))
        self.document = document(self.root)
        self.timing = Timing()

    def telegram(self, side: TelegramSide, *, persons: int, paced: bool = False) -> PressRun:
        folder = Path(tempfile.mkdtemp(dir=self.root))
        print(f"{side.name}: {persons:,} people, {2 * persons:,} presses…", file=sys.stderr)
        run = run_side(
            side,
            folder,
            self.document,
            persons=persons,
            per_person=2,
            paced=paced,
            timing=self.timing,
        )
        print(f"  {run.per_second:,.1f} presses/s, {run.cpu_ms:.2f} ms CPU", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
        return run

    def slack(self, side: SlackSide, *, persons: int, senders: int) -> PressRun:
        folder = Path(tempfile.mkdtemp(dir=self.root))
        print(f"{side.name} (Slack): {2 * persons:,} presses…", file=sys.stderr)
        run = run_slack_side(
            side, folder, self.document, persons=persons, senders=senders, timing=self.timing
        )
        print(f"  {run.per_second:,.1f} presses/s, {run.cpu_ms:.2f} ms CPU", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
        return run


def alternate(
    rounds: int, first: Callable[[], PressRun], second: Callable[[], PressRun]
) -> tuple[list[PressRun], list[PressRun]]:
    """Run both `rounds` times, the first going first in odd rounds, the second in even."""
    ours: list[PressRun] = []
    theirs: list[PressRun] = []
    for number in range(rounds):
        if number % 2 == 0:
            ours.append(first())
            theirs.append(second())
        else:
            theirs.append(second())
            ours.append(first())
    return ours, theirs


def telegram_part(bench: Bench) -> list[str]:
    persons = bench.args.persons
    ours, bare = alternate(
        bench.args.rounds,
        lambda: bench.telegram(TownhallSide(bench.townhall), persons=persons),
        lambda: bench.telegram(BareSide(), persons=persons),
    )
    lines = [
        f"### Telegram, polling, pacing off: {2 * persons:,} presses from {persons:,} people",
        "",
        HEADER,
    ]
    for number, (mine, theirs) in enumerate(zip(ours, bare, strict=True), start=1):
        lines += [row(number, mine), row(number, theirs)]
    return [*lines, "", *comparison(ours, bare, 0.80), ""]


def paced_part(bench: Bench) -> list[str]:
    persons, limit = bench.args.paced_persons, 25.0
    lines = [
        f"### Telegram at the default limits ({limit:.0f} messages/s): "
        f"{2 * persons:,} presses from {persons:,} people",
        "",
        HEADER,
    ]
    verdicts = []
    for flow in bench.args.card_flows or [None]:
        run = bench.telegram(TownhallSide(bench.townhall, flow), persons=persons, paced=True)
        lines.append(row(1, run))
        messages = (run.calls["editMessageText"] + run.calls["sendMessage"]) / run.presses
        ceiling = limit / messages
        verdicts.append(
            f"- {run.side}: {messages:.2f} messages a press, so at most {ceiling:.1f} presses/s;"
            f" measured {run.per_second:.2f} = {run.per_second / ceiling:.1%} of that "
            f"(goal ≥ 95 %), {run.refused} × 429"
        )
    return [*lines, "", *verdicts, ""]


def slack_part(bench: Bench) -> list[str]:
    persons, senders = bench.args.slack_presses // 2, bench.args.slack_senders
    ours, bare = alternate(
        bench.args.rounds,
        lambda: bench.slack(TownhallSlack(bench.townhall), persons=persons, senders=senders),
        lambda: bench.slack(BareSlackSide(), persons=persons, senders=senders),
    )
    lines = [
        f"### Slack HTTP mode, pacing off: {2 * persons:,} presses from {persons:,} people, "
        f"{senders} senders; done = the next card posted",
        "",
        HEADER,
    ]
    for number, (mine, theirs) in enumerate(zip(ours, bare, strict=True), start=1):
        lines += [row(number, mine), row(number, theirs)]
    lines += ["", *comparison(ours, bare, 0.70), "", ACK_HEADER]
    return [*lines, *(acks(run) for run in (*ours, *bare)), "", "ack p99 target: < 50 ms", ""]


def ceiling_part(bench: Bench) -> list[str]:
    run = bench.telegram(RawSide(), persons=bench.args.persons)
    return [
        "### The fake Bot API alone (raw HTTP client, no bot, 16 presses in flight)",
        "",
        HEADER,
        row(1, run),
        "",
    ]


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--townhall", type=Path, help="the checkout to run (default: this one)")
    parser.add_argument("--townhall-python", help="its interpreter (default: this one)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"of {', '.join(PARTS)}")
    parser.add_argument("--rounds", type=int, default=2, help="townhall/bare pairs per part")
    parser.add_argument("--persons", type=int, default=1000, help="two presses each")
    parser.add_argument("--paced-persons", type=int, default=100, help="at the default limits")
    parser.add_argument(
        "--card-flows", type=lambda text: text.split(","), help="e.g. stream,in_place"
    )
    parser.add_argument("--slack-presses", type=int, default=2000)
    parser.add_argument("--slack-senders", type=int, default=8)
    parser.add_argument("--bench-dir", default=os.environ.get("BENCH_DIR", "/var/tmp"))
    return parser.parse_args(argv)


def preamble(bench: Bench) -> list[str]:
    return [
        *describe_machine(),
        f"townhall: {bench.townhall.describe()}",
        f"files in {bench.root} on {storage_medium(bench.root)}",
        f"start: {load()}",
        "",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    bench = Bench(args)
    parts: dict[str, Callable[[Bench], list[str]]] = {
        "ceiling": ceiling_part,
        "telegram": telegram_part,
        "paced": paced_part,
        "slack": slack_part,
    }
    try:
        print("\n".join(preamble(bench)), flush=True)
        for name in args.only.split(","):
            print("\n".join(parts[name](bench)), flush=True)
        print(f"end: {load()}")
    finally:
        shutil.rmtree(bench.root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
