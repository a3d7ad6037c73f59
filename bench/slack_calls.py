"""CPU a Slack message costs its sender: slack-sdk's AsyncWebClient, bots/slack/web_calls.py.

    python -m bench.slack_calls [--calls 500] [--rounds 6]

Both send the same card (a paragraph card as a press redraws it) with chat.update to the fake
Slack Web API in a process of its own (bench/press_fake.py), one call at a time over one kept
session, with the retry handlers townhall gives its client and the logger Bolt gives its clients
(whose level, copied from the root logger's, spares slack-sdk its DEBUG lines); rounds alternate.
The figure is this process's CPU (user + system) a call: the fake's work is not in it.
"""

import argparse
import asyncio
import resource
import statistics
from collections.abc import Awaitable, Callable, Sequence

from slack_bolt.async_app import AsyncApp
from slack_bolt.logger import get_bolt_logger
from slack_sdk.web.async_client import AsyncWebClient

from bench.press_fake import PressFake
from bots.slack import web_calls
from bots.slack.application import aim, web_session
from bots.slack.settings import SlackConfig
from tests.fakes.slack import DEFAULT_TOKEN

CARD = [
    {"type": "header", "text": {"type": "plain_text", "text": "1. Purpose", "emoji": True}},
    {"type": "context", "elements": [{"type": "mrkdwn", "text": "*P1* · 1 of 3"}]},
    {
        "type": "section",
        "text": {
            "type": "plain_text",
            "text": "The plan sets out what the city will do, and how it will pay for it.",
            "emoji": True,
        },
    },
    {
        "type": "context",
        "elements": [
            {
                "type": "mrkdwn",
                "text": "✅ You agree — press Disagree to change · 💬 0 comments · "
                "📊 100% agree (1 agree, 0 disagree)",
            }
        ],
    },
    *(
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": label, "emoji": True},
                    "action_id": f"{kind}.{index}",
                    "value": f"1:{code}:1:1:{index}",
                }
                for index, (label, kind, code) in enumerate(row)
            ],
        }
        for row in (
            (("✓ Agree", "vote", "v"), ("Disagree", "vote", "v")),
            (("Comment", "comment", "c"), ("Comments (0)", "comments", "l")),
            (("Next (P2) ▶", "press", "p"),),
        )
    ),
]
Call = Callable[[], Awaitable[object]]


def cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


async def measure(base_url: str, calls: int, rounds: int) -> dict[str, list[float]]:
    config = SlackConfig(base_url=base_url, bot_token=DEFAULT_TOKEN)
    async with web_session() as session:
        client = AsyncWebClient(token=DEFAULT_TOKEN, logger=get_bolt_logger(AsyncApp))
        aim(client, config, session)
        opened = await client.conversations_open(users="U1")
        channel = str(opened["channel"]["id"])
        posted = await web_calls.send(client, "chat.postMessage", channel=channel, text="P1")
        fields = {"channel": channel, "ts": str(posted["ts"]), "text": "P1", "blocks": CARD}

        async def sdk() -> object:
            return await client.chat_update(**fields)  # type: ignore[arg-type]

        async def townhall() -> object:
            return await web_calls.send(client, "chat.update", **fields)

        sides: dict[str, Call] = {"slack-sdk": sdk, "web_calls": townhall}
        figures: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(rounds):
            for name, call in sides.items():
                started = cpu()
                for _ in range(calls):
                    await call()
                figures[name].append((cpu() - started) * 1000 / calls)
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--calls", type=int, default=500, help="calls a round")
    parser.add_argument("--rounds", type=int, default=6, help="rounds of each, alternated")
    args = parser.parse_args(argv)
    fake = PressFake("slack")
    fake.start()
    try:
        figures = asyncio.run(measure(fake.base_url, args.calls, args.rounds))
    finally:
        fake.stop()
    print("| sender | CPU ms a chat.update (median) | each round |")
    print("| --- | --- | --- |")
    for name, values in figures.items():
        rounds = ", ".join(f"{value:.3f}" for value in values)
        print(f"| {name} | {statistics.median(values):.3f} | {rounds} |")


if __name__ == "__main__":
    main()
