"""A bare slack-bolt async app: what a Slack press costs without townhall, for comparison.

    python -m bench.bare_slack --base-url URL --port PORT --database FILE --document FILE

HTTP mode on slack-bolt's own aiohttp server, signatures verified ($SLACK_SIGNING_SECRET). The
slash command (`/townhall join …`) posts the first two paragraphs as cards in the person's DM
(the benchmark's setup). A press on a card's `vote` button is acknowledged at once, then stored
with one upsert in an SQLite file (WAL, synchronous=FULL, committed), the card updated
(`chat.update`) and the next paragraph's card posted (`chat.postMessage`): the same Web API
calls as townhall's press in a DM.
"""

import argparse
import asyncio
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiosqlite
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bench.bare_telegram import SCHEMA, UPSERT, read_paragraphs

TOKEN = "xoxb-test"
CHOSEN = {"a": ":white_check_mark: You agree — tap to change", "d": ":x: You disagree"}
Body = dict[str, Any]


class BareSlack:
    def __init__(self, paragraphs: Sequence[str], database: Path) -> None:
        self.paragraphs = paragraphs
        self.database = database
        self.db: aiosqlite.Connection | None = None
        self.opening = asyncio.Lock()

    async def connection(self) -> aiosqlite.Connection:
        """One connection, opened by the first press (Bolt's server has no start-up hook)."""
        async with self.opening:
            if self.db is None:
                db = await aiosqlite.connect(self.database)
                await db.execute("PRAGMA journal_mode=WAL")
                await db.execute("PRAGMA synchronous=FULL")
                await db.execute(SCHEMA)
                await db.commit()
                self.db = db
        return self.db

    def card(self, number: int, chosen: str | None = None) -> list[dict[str, object]]:
        status = CHOSEN[chosen] if chosen else "Do you agree?"
        buttons = [
            {
                "type": "button",
                "action_id": "vote",
                "value": f"{number}:{code}",
                "text": {"type": "plain_text", "text": label},
            }
            for label, code in (("Agree", "a"), ("Disagree", "d"))
        ]
        return [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*¶ {number}*"}},
            {
                "type": "section",
                "text": {"type": "plain_text", "text": self.paragraphs[number - 1]},
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": status}]},
            {"type": "actions", "block_id": f"vote-{number}", "elements": buttons},
        ]

    async def on_command(self, ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        channel = f"D{body['user_id']}"
        for number in (1, 2):
            await client.chat_postMessage(
                channel=channel, text=f"¶ {number}", blocks=self.card(number)
            )

    async def on_vote(self, ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        number_text, choice = str(body["actions"][0]["value"]).split(":")
        number, person = int(number_text), str(body["user"]["id"])
        db = await self.connection()
        await db.execute(UPSERT, (int(person.lstrip("UW") or 0), number, choice, time.time()))
        await db.commit()
        channel, ts = body["channel"]["id"], body["container"]["message_ts"]
        blocks = self.card(number, choice)
        await client.chat_update(channel=channel, ts=ts, text=f"¶ {number}", blocks=blocks)
        following = number % len(self.paragraphs) + 1
        await client.chat_postMessage(
            channel=channel, text=f"¶ {following}", blocks=self.card(following)
        )


def build(bare: BareSlack, base_url: str, signing_secret: str) -> AsyncApp:
    client = AsyncWebClient(token=TOKEN, base_url=base_url)
    app = AsyncApp(signing_secret=signing_secret, client=client)
    app.command("/townhall")(bare.on_command)
    app.action("vote")(bare.on_vote)
    return app


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--document", type=Path, required=True)
    args = parser.parse_args(argv)
    bare = BareSlack(read_paragraphs(args.document), args.database)
    app = build(bare, args.base_url, os.environ["SLACK_SIGNING_SECRET"])
    app.start(port=args.port, host="127.0.0.1")


if __name__ == "__main__":
    main()
