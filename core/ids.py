"""The range of ids and counts: what a 32-bit INTEGER column holds on PostgreSQL.

A number past it is no row's, so a button payload or a typed number beyond it is refused where
it is read (core.callbacks, bots.chat.numbers), not by the database's driver. Kept apart from
core.model so that reading a number imports nothing else (the command line's `--help`).
"""

LARGEST_ID = 2**31 - 1
