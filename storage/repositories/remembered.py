"""What one statement learned for a later read in the same transaction, instead of a query.

A vote's statements can bring along what the next ones would read: the tally a write left,
the tally of the paragraph read next, whether the paragraph has posts to refresh, when the
consultation's last release is due. Such facts are kept in the session, tagged with its
current transaction (the ORM's, or the one the writer's session names: sessions.TRANSACTION),
and a read in that same transaction uses them; after a commit or a rollback they are gone
(the transaction is another one). A repository that changes what a
fact describes forgets it or remembers the new value.
"""

from collections.abc import Hashable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.sessions import TRANSACTION

_KEY = "townhall.remembered"  # the session.info entry: (transaction, {key: value})

UNKNOWN: Any = object()  # what `recall` and `take` return for a fact not remembered


def remember(session: AsyncSession, key: Hashable, value: object) -> None:
    """Keep `value` under `key` for reads in the session's current transaction."""
    _facts(session, create=True)[key] = value


def recall(session: AsyncSession, key: Hashable) -> Any:
    """The value kept under `key` in this transaction, or UNKNOWN."""
    return _facts(session).get(key, UNKNOWN)


def take(session: AsyncSession, key: Hashable) -> Any:
    """Like `recall`, but the value is handed out once."""
    return _facts(session).pop(key, UNKNOWN)


def forget(session: AsyncSession, key: Hashable) -> None:
    """Drop what was kept under `key`: it may have changed."""
    _facts(session).pop(key, None)


def _facts(session: AsyncSession, *, create: bool = False) -> dict[Hashable, Any]:
    transaction = session.info.get(TRANSACTION) or session.sync_session.get_transaction()
    kept = session.info.get(_KEY)
    if kept is not None and kept[0] is transaction and transaction is not None:
        facts: dict[Hashable, Any] = kept[1]
        return facts
    if not create:
        return {}
    facts = {}
    session.info[_KEY] = (transaction, facts)
    return facts
