"""The `townhall` command line: parses arguments, then runs the one command chosen.

Each subcommand is a handler in bots.runtime.cli_commands, a small adapter from parsed arguments to
a typed function in bots.runtime.commands. A refusal prints `townhall: error: <message>` and exits
1 (see bots.runtime.cli_running, which also configures logging); usage errors exit 2.
"""

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from bots.runtime import cli_arguments as arguments
from bots.runtime import cli_commands as handlers
from bots.runtime.cli_amendments import add_amendment_commands
from bots.runtime.cli_commands import Handler, connected
from bots.runtime.cli_dashboard import add_dashboard_commands
from bots.runtime.cli_delivery import add_delivery_commands
from bots.runtime.cli_moderation import add_moderation_commands
from bots.runtime.cli_results import add_results_commands

# Named here so that the command table imports neither the exporters nor the core's model
# (tests/bots/runtime/test_cli_imports.py keeps them equal to bots.runtime.exporting.FORMATS with
# bots.runtime.commands.folder_exports.FOLDER_FORMATS, and to core.model.ResultsVisibility).
EXPORT_FORMATS = ("csv", "html", "json", "md", "polis")
RESULTS = ("live", "after-vote", "after-close")
REASONS = ("off", "optional", "required")
ORDERS = ("document", "smart")


def main(argv: Sequence[str] | None = None) -> int:
    """Run `townhall` with these arguments (sys.argv's by default); returns the exit code."""
    args = build_parser().parse_args(argv)
    from bots.runtime.cli_running import run_command  # configuration and database: only now

    return run_command(args.handler, args)


# --- the command table -----------------------------------------------------------------------
#
# Building the table must stay cheap: `townhall --help` builds it, and every command starts
# with it. So it imports no command: a handler (bots.runtime.cli_commands,
# bots.runtime.cli_delivery) imports what its command needs inside its body, when it runs, and
# argument types (bots.runtime.cli_arguments) use only the standard library and the core. A new
# command follows the same pattern; tests/bots/runtime/test_cli_imports.py fails if the table
# or --help loads Telegram, Slack, the database, Alembic or the scheduler.


AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _add_global_options(common, default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="townhall",
        description="Run a public consultation on a draft document, paragraph by paragraph, "
        "in chat.",
    )
    _add_global_options(parser, default=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    def command(name: str, handler: Handler, summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=summary, description=summary)
        sub.set_defaults(handler=handler)
        return sub

    _add_organising(command)
    _add_organiser(commands, common)
    _add_reporting(command)
    chat = command(
        "chat", connected(handlers.chat), "take part in a consultation from this terminal"
    )
    chat.add_argument("slug", help="the consultation's slug, or an invitation token")
    chat.add_argument(
        "--as", dest="name", type=arguments.name, metavar="NAME", help="your name (default: $USER)"
    )
    command(
        "run", handlers.run, "start every configured front end (the terminal chat without tokens)"
    )
    add_delivery_commands(command)
    add_dashboard_commands(command)
    add_moderation_commands(commands, common)
    add_amendment_commands(commands, common)
    add_results_commands(command)
    _add_db(commands, common)
    return parser


def _add_organising(command: AddCommand) -> None:
    _add_import(
        command(
            "import",
            handlers.dated(handlers.import_document),
            "import a draft as a new consultation",
        )
    )
    command("list", connected(handlers.list_consultations), "list every consultation")
    show = command(
        "show", connected(handlers.show), "a consultation's settings, sections and figures"
    )
    show.add_argument("slug")
    show.add_argument(
        "--versions", action="store_true", help="each amended paragraph's history instead"
    )
    for name, handler, summary in (
        ("open", handlers.open_now, "open a consultation now"),
        ("close", handlers.close_now, "close a consultation now (closing twice is harmless)"),
    ):
        command(name, connected(handler), summary).add_argument("slug")
    order = command(
        "order",
        connected(handlers.change_order),
        "choose which paragraph people read next: document or smart",
    )
    order.add_argument("slug")
    order.add_argument("order", choices=ORDERS, help="document: in sequence; smart: drawn")
    paragraph = command(
        "paragraph",
        connected(handlers.paragraph_status),
        "mark a paragraph decided (its text final, no more votes) or back to the vote",
    )
    paragraph.add_argument("slug")
    paragraph.add_argument("paragraph", metavar="PARAGRAPH", help="the paragraph, e.g. P7")
    paragraph.add_argument(
        "--status",
        required=True,
        choices=("decided", "voting"),
        help="decided: the text is final; voting: put it to the vote again",
    )
    invite = command("invite", handlers.invite, "create an invitation token")
    invite.add_argument("slug")
    invite.add_argument(
        "--uses", type=arguments.positive, help="how many people it admits (unlimited)"
    )


def _add_reporting(command: AddCommand) -> None:
    stats = command("stats", connected(handlers.stats), "a consultation's figures")
    stats.add_argument("slug")
    stats.add_argument("--json", action="store_true", help="print JSON for scripts")
    groups = command(
        "groups",
        connected(handlers.groups),
        "opinion groups: who votes alike, what sets each group apart, what they share",
    )
    groups.add_argument("slug")
    groups.add_argument("--json", action="store_true", help="print JSON for scripts")
    export = command(
        "export", connected(handlers.export), "write the document, figures and comments to a file"
    )
    export.add_argument("slug")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="a file, or - for stdout; csv and polis: a folder (a .zip file with --zip)",
    )
    export.add_argument(
        "--zip", action="store_true", help="csv and polis: write one .zip file, not a folder"
    )
    export.add_argument(
        "--organiser",
        action="store_true",
        help="the full export: hidden and held comments marked, the moderation log "
        "(default: the public one)",
    )
    chart = command(
        "chart", connected(handlers.chart), "write the figures as PNG charts to a folder"
    )
    chart.add_argument("slug")
    chart.add_argument("--out", required=True, metavar="DIR", help="the folder (created)")


def _add_global_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=default,
        metavar="FILE",
        help="configuration file (default: $TOWNHALL_CONFIG, else built-in defaults)",
    )
    verbose_default = argparse.SUPPRESS if default is argparse.SUPPRESS else False
    parser.add_argument(
        "-v", "--verbose", action="store_true", default=verbose_default, help="log more"
    )


def _add_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a .md, .txt or .docx file")
    parser.add_argument("--slug", required=True, help="short name in links: lower-case, digits, -")
    parser.add_argument("--title", required=True)
    parser.add_argument("--closes", required=True, metavar="DATE", help=arguments.DATES)
    parser.add_argument("--opens", metavar="DATE", help="the same forms; default: now")
    parser.add_argument("--draft", action="store_true", help="do not open it yet")
    parser.add_argument("--private", action="store_true", help="by invitation only")
    parser.add_argument(
        "--anonymous-comments",
        action="store_true",
        help="comments show no author's name anywhere, exports included",
    )
    parser.add_argument(
        "--results",
        choices=RESULTS,
        default="after-close",
        help="when participants see the figures (default: after-close)",
    )
    parser.add_argument(
        "--reasons",
        choices=REASONS,
        default="optional",
        help="after a Disagree ask what the person would change: off, optional (Skip), or "
        "required (the Disagree counts once the reason is given); default: optional",
    )
    parser.add_argument(
        "--order",
        choices=ORDERS,
        default="document",
        help="which unvoted paragraph each participant reads next: the next in the document, "
        "or smart (as Polis: the less voted and the more divisive first); default: document",
    )
    parser.add_argument("--description", default="", metavar="TEXT")
    parser.add_argument(
        "--remind",
        type=arguments.offsets,
        metavar="7d,1d,2h",
        help="when to remind those who have not finished, before the close; or none "
        "(default: 7d,1d,2h)",
    )
    parser.add_argument(
        "--premoderate", action="store_true", help="hold new comments until a moderator approves"
    )
    parser.add_argument(
        "--hide-after",
        type=arguments.positive,
        metavar="N",
        help="hide a comment pending review at N reports "
        "(default: [moderation] hide_after_reports, 3 unless configured)",
    )


def _add_organiser(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
) -> None:
    organiser = commands.add_parser("organiser", help="manage organisers")
    actions = organiser.add_subparsers(metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", parents=[common], help="let an identity run organiser commands"
    )
    add.add_argument(
        "identity",
        type=arguments.identity,
        metavar="PLATFORM:ID",
        help="telegram:ID, slack:TEAM:USER or terminal:NAME",
    )
    add.set_defaults(handler=connected(handlers.add_organiser))


def _add_db(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
) -> None:
    database = commands.add_parser("db", help="manage the database")
    actions = database.add_subparsers(metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", parents=[common], help="apply every migration")
    upgrade.set_defaults(handler=handlers.db_upgrade)
