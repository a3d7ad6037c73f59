"""Errors the core raises; each one becomes a notice the person can act on.

ConsultationError
├── NotFound                  the consultation, paragraph or comment does not exist
├── InvalidPayload            a forged, stale or malformed button payload
├── NotAccepting              the consultation does not take votes or comments now
│   ├── NotYetOpen
│   ├── Closed
│   └── NotReleased           a paragraph a drip release still holds back
├── AccessDenied              private consultation without invitation, or not an organiser
├── NotEnrolled               the person has not joined the consultation
├── InvalidComment            empty, too long, control characters, reply elsewhere
├── InvalidInvitation         unknown or used-up invitation token
├── InvalidDocument           a document with nothing to consult on
├── InvalidSetting            an organiser's value that cannot be used (slug, dates, ...)
└── Conflict                  the request clashes with existing state (duplicate slug, ...)
"""


class ConsultationError(Exception):
    """Base of every error the core turns into a notice."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ConsultationError):
    """The thing asked for does not exist."""


class InvalidPayload(ConsultationError):
    """A button payload that the core did not issue, or no longer honours."""


class NotAccepting(ConsultationError):
    """The consultation does not accept votes or comments at this moment."""


class NotYetOpen(NotAccepting):
    """The consultation has not opened yet."""


class Closed(NotAccepting):
    """The consultation has closed."""


class NotReleased(NotAccepting):
    """The paragraph is held back by a drip release until its release time."""


class AccessDenied(ConsultationError):
    """The person may not do this."""


class NotEnrolled(ConsultationError):
    """The person has not joined the consultation."""


class InvalidComment(ConsultationError):
    """The comment breaks a rule: empty, too long, control characters, wrong thread."""


class InvalidInvitation(ConsultationError):
    """The invitation token is unknown, used up or for another consultation."""


class InvalidDocument(ConsultationError):
    """The document cannot be consulted on: empty, binary, unsupported or without paragraphs."""


class InvalidSetting(ConsultationError):
    """A value an organiser supplied cannot be used: a bad slug, title or calendar."""


class Conflict(ConsultationError):
    """The request clashes with what already exists."""
