"""No bot at all: raw HTTP calls for each press, to measure the fake Bot API's own ceiling.

    python -m bench.raw_telegram --base-url URL

Long polling and, for each press, the same three calls as the bots (answer, edit, send), with
bodies of the same size, 16 presses in flight, no database and no library above aiohttp: as
little client work as possible, so that what limits the rate is the fake.
"""

import argparse
import asyncio
import contextlib
import json
from collections.abc import Mapping, Sequence

import aiohttp

TOKEN = "123456:TEST-token"
IN_FLIGHT = 16
TEXT = "The plan sets out what the city will do over the next ten years. " * 6


def card(number: int) -> dict[str, object]:
    buttons = [
        {"text": label, "callback_data": f"v:{number}:{code}"}
        for label, code in (("Agree", "a"), ("Disagree", "d"))
    ]
    return {
        "text": f"<b>¶ {number}</b>\n{TEXT}",
        "parse_mode": "HTML",
        "reply_markup": json.dumps({"inline_keyboard": [buttons]}),
    }


class RawClient:
    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self.session = session
        self.url = f"{base_url}{TOKEN}/"
        self.slots = asyncio.Semaphore(IN_FLIGHT)

    async def call(self, method: str, body: Mapping[str, object]) -> object:
        async with self.session.post(self.url + method, json=body) as response:
            answer = await response.json()
        return answer.get("result")

    async def serve(self) -> None:
        offset, tasks = 0, set[asyncio.Task[None]]()
        while True:
            body = {"offset": offset, "timeout": 30, "limit": 100}
            updates = await self.call("getUpdates", body)
            for update in updates if isinstance(updates, list) else []:
                offset = max(offset, int(update["update_id"]) + 1)
                task = asyncio.create_task(self.handle(update))
                tasks.add(task)
                task.add_done_callback(tasks.discard)

    async def handle(self, update: Mapping[str, object]) -> None:
        async with self.slots:
            message, query = update.get("message"), update.get("callback_query")
            if isinstance(message, Mapping):
                chat = message["chat"]["id"]
                for number in (1, 2):
                    await self.call("sendMessage", {"chat_id": chat, **card(number)})
            elif isinstance(query, Mapping):
                await self.press(query)

    async def press(self, query: Mapping[str, object]) -> None:
        sent: Mapping[str, object] = query["message"]  # type: ignore[assignment]
        chat = sent["chat"]["id"]  # type: ignore[index]
        number = int(str(query["data"]).split(":")[1])
        await self.call("answerCallbackQuery", {"callback_query_id": query["id"]})
        edited = {"chat_id": chat, "message_id": sent["message_id"], **card(number)}
        edited["text"] = f"{edited['text']}\n✅ You agree"
        await self.call("editMessageText", edited)
        await self.call("sendMessage", {"chat_id": chat, **card(number + 1)})


async def serve(base_url: str) -> None:
    async with aiohttp.ClientSession() as session:
        await RawClient(session, base_url).serve()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--base-url", required=True)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.base_url))


if __name__ == "__main__":
    main()
