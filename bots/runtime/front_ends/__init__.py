"""The front ends townhall can run, as the composition root sees them: one registry, no branches.

A front end is enabled by the configuration (a token, say), serves until told to stop, and
gives the outbox its Messenger, or none when the configuration gives it nothing to send with.
`townhall run` serves every enabled one side by side, in the registry's order, with the worker;
`townhall worker` only takes their Messengers. Adding a chat platform is a folder under bots/,
a `Platform` member, its table in the configuration, and one entry in FRONT_ENDS.

An entry imports its platform's libraries only when it serves or sends, so that the terminal
chat and the command line load none of them.
"""

from collections.abc import Callable, Sequence

from bots.runtime.config import Config
from bots.runtime.front_ends.front_end import FrontEnd
from bots.runtime.front_ends.slack import SlackFrontEnd
from bots.runtime.front_ends.telegram import TelegramFrontEnd

FRONT_ENDS: tuple[Callable[[], FrontEnd], ...] = (SlackFrontEnd, TelegramFrontEnd)


def build_front_ends() -> list[FrontEnd]:
    """Every front end there is, in the order they start."""
    return [make() for make in FRONT_ENDS]


def enabled_front_ends(config: Config) -> list[FrontEnd]:
    return [front_end for front_end in build_front_ends() if front_end.enabled(config)]


def http_server_clash(config: Config, front_ends: Sequence[FrontEnd]) -> str | None:
    """Why these front ends cannot run in one process, if two of them need the HTTP server.

    The ones that could do without it are named last, beside the way to do so.
    """
    uses = [use for front_end in front_ends if (use := front_end.http_server(config))]
    if len(uses) < 2:
        return None
    uses.sort(key=lambda use: use.instead is not None)
    instead = "".join(f", or {use.instead}" for use in uses if use.instead)
    names = " and ".join(use.what for use in uses)
    return f"{names} would each start the HTTP server; run them as two processes{instead}."
