"""Consultation content kept in memory per database and per content revision.

A consultation's paragraphs and headings never change under its `content_revision`
(core.content), so once read they are kept here, keyed by (consultation id, revision), and
every unit of work of this process on the same database shares them. A unit of work asks with
the consultation it read in its own transaction: a revision another process wrote is simply a
key not seen yet, so the cache is right with any number of processes. Only the content is
kept; conversation state, votes and tallies are always read from the database.

Other readers of content (the outbox worker building pushed cards) get it through
`uow.paragraphs.content(consultation)`, which uses this cache.
"""

from collections import OrderedDict
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Engine

from core.content import ConsultationContent

CONSULTATIONS_KEPT = 64  # least recently used content beyond this is read again when needed

_CACHES: "WeakKeyDictionary[Engine, ContentCache]" = WeakKeyDictionary()


class ContentCache:
    """The most recently used consultations' content, by (consultation id, revision)."""

    def __init__(self, capacity: int = CONSULTATIONS_KEPT) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[tuple[int, str], ConsultationContent] = OrderedDict()

    def get(self, consultation_id: int, revision: str) -> ConsultationContent | None:
        key = (consultation_id, revision)
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def keep(self, content: ConsultationContent) -> None:
        """Remember `content`; a revision without a name is never kept."""
        if not content.revision:
            return
        self._entries[(content.consultation_id, content.revision)] = content
        self._entries.move_to_end((content.consultation_id, content.revision))
        while len(self._entries) > self._capacity:
            self._entries.popitem(last=False)


def content_cache_for(bind: object) -> ContentCache:
    """The cache shared by every unit of work on this engine (a private one without one)."""
    sync_engine = getattr(bind, "sync_engine", None)
    if not isinstance(sync_engine, Engine):
        return ContentCache()
    cache = _CACHES.get(sync_engine)
    if cache is None:
        cache = _CACHES[sync_engine] = ContentCache()
    return cache
