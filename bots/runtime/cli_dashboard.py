"""The CLI's live dashboard commands, which bots.runtime.cli adds to its command table.

`dashboard SLUG [--expires 7d]` prints a signed link (`--revoke` stops every link given so
far); `publish SLUG` opens a public consultation's dashboard to anyone, results visibility
permitting (`--off` closes it again); `serve` runs the HTTP server with the dashboard alone.
Like every handler of the table, these import their command when they run (see bots.runtime.cli).
"""

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from bots.chat.selections import parse_interval
from bots.runtime import cli_arguments as arguments
from bots.runtime.cli_commands import Handler, connected

if TYPE_CHECKING:
    from bots.runtime.bootstrap import Townhall
    from bots.runtime.config import Config

AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]


def add_dashboard_commands(command: AddCommand) -> None:
    """Add `dashboard`, `publish` and `serve` to the table through `command`."""
    dashboard = command(
        "dashboard",
        connected(_dashboard),
        "print a signed link to a consultation's live dashboard",
    )
    dashboard.add_argument("slug")
    dashboard.add_argument(
        "--expires",
        type=arguments.checked(parse_interval),
        metavar="INTERVAL",
        help="how long the link works: 30m, 12h, 7d (default: 7d; at most 366d)",
    )
    dashboard.add_argument(
        "--revoke",
        action="store_true",
        help="instead, stop every link given so far for this consultation",
    )
    publish = command(
        "publish", connected(_publish), "let anyone read a public consultation's dashboard"
    )
    publish.add_argument("slug")
    publish.add_argument("--off", action="store_true", help="stop publishing it")
    command("serve", _serve, "run the HTTP server with the live dashboard (and /healthz) only")


async def _dashboard(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import dashboards
    from core.dashboards import DEFAULT_LINK_LIFETIME

    if args.revoke:
        return await dashboards.revoke(townhall, args.slug, sys.stdout)
    lifetime = args.expires or DEFAULT_LINK_LIFETIME
    return await dashboards.print_link(townhall, args.slug, lifetime, sys.stdout)


async def _publish(args: argparse.Namespace, townhall: "Townhall") -> int:
    from bots.runtime.commands import dashboards

    return await dashboards.publish(townhall, args.slug, not args.off, sys.stdout)


async def _serve(args: argparse.Namespace, config: "Config") -> int:
    from bots.runtime.commands.serving import serve
    from bots.runtime.server import serve_dashboard

    where = config.server.dashboard_base
    return await serve(
        config,
        [serve_dashboard],
        errors=sys.stderr,
        started=f"Serving the live dashboard at {where}/dashboard/SLUG; Ctrl-C stops it.\n",
        stopped="The dashboard server has stopped.\n",
    )
