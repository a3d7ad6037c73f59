"""The ORM session every unit of work uses: rows a SELECT returns replace the loaded ones.

Repositories change rows with UPDATE and upsert statements that bypass the identity map;
without this a later SELECT in the same transaction would return the stale loaded object.
The listener is registered once, on the class, not on every session (that cost a unit of
work about a tenth of a millisecond).

The hot path's units of work (storage/writer_session.py on SQLite's thread,
storage/asyncpg_session.py on PostgreSQL) run prebuilt statements and need no ORM: their
sessions are `LazyOrmSession`s, which make their ORM session only when something asks for it.
"""

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session


class RefreshingSession(Session):
    """A Session whose SELECTs always refresh the objects they load (populate_existing)."""


@event.listens_for(RefreshingSession, "do_orm_execute")
def _refresh_loaded_rows(state: ORMExecuteState) -> None:
    if state.is_select:
        state.update_execution_options(populate_existing=True)


# The session.info entry that names the session's current transaction, where the session
# keeps its transactions itself (storage/writer_session.py); elsewhere the ORM's transaction
# does (storage/repositories/remembered.py).
TRANSACTION = "townhall.transaction"


class LazyOrmSession(AsyncSession):
    """An AsyncSession whose ORM session is made the first time something asks for it.

    AsyncSession.__init__ makes one at once (a Session, its identity map, its weak
    registries): for a unit of work that runs only prebuilt statements, as a vote does, that
    was about a third of the unit's own cost. Subclasses call `_lazy_init` instead of
    AsyncSession.__init__ and say how their ORM session is made (`_make_orm`).
    """

    def _lazy_init(self, bind: Any) -> None:
        self._async_bind = bind
        self._async_binds = {}
        self._info: dict[Any, Any] = {TRANSACTION: object()}  # remembered.py keys on it

    def _make_orm(self) -> Session:
        raise NotImplementedError

    def __getattr__(self, name: str) -> Any:
        """The ORM session, made when first asked for (only missing attributes come here)."""
        if name not in ("sync_session", "_proxied"):
            raise AttributeError(name)
        orm = self._make_orm()
        orm.info.update(self._info)  # what was kept before it existed stays visible there
        self._info = orm.info
        self.sync_session = self._proxied = self._assign_proxied(orm)
        return orm

    @property
    def info(self) -> dict[Any, Any]:
        """The session's info: its ORM session's once it has one."""
        return self._info

    def _orm(self) -> Session | None:
        """The ORM session if something made it, without making it."""
        made: Session | None = self.__dict__.get("sync_session")
        return made

    def _orm_in_use(self) -> bool:
        orm = self._orm()
        if orm is None:
            return False
        return orm.get_transaction() is not None or bool(orm.new or orm.deleted or orm.dirty)
