"""The CLI's commands, one typed async function each; bots.runtime.cli only parses arguments."""


class CommandError(Exception):
    """A command cannot go on; the message says why and is printed as `townhall: error: ...`."""
