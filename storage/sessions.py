"""The ORM session every unit of work uses: rows a SELECT returns replace the loaded ones.

Repositories change rows with UPDATE and upsert statements that bypass the identity map;
without this a later SELECT in the same transaction would return the stale loaded object.
The listener is registered once, on the class, not on every session (that cost a unit of
work about a tenth of a millisecond).
"""

from sqlalchemy import event
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
