"""Button payloads: intents packed into short versioned strings, and checked on the way back.

A payload is `1:<code>:<field>:...` with integer ids only, so it fits Telegram's 64-byte
`callback_data` and Slack's action values, survives restarts (nothing is cached in memory) and
can be validated strictly: anything the core did not produce decodes to InvalidPayload.
"""

from collections.abc import Callable

from core.errors import InvalidPayload
from core.hints import Command, hint
from core.intents import (
    CancelComment,
    CastVote,
    ConfirmDraft,
    DiscardDraft,
    Intent,
    Join,
    Leave,
    ListConsultations,
    Resume,
    SetMuted,
    ShowComments,
    ShowHelp,
    ShowOverview,
    ShowParagraph,
    ShowProgress,
    ShowStatistics,
    StartComment,
    VoteOnComment,
)
from core.model import PAYLOAD_PATTERN, Choice, CommentVote

VERSION = "1"
MAX_PAYLOAD_BYTES = 64
_MAX_ID = 2**63 - 1
_CHOICES = {"a": Choice.AGREE, "d": Choice.DISAGREE}
_CHOICE_CODES = {choice: code for code, choice in _CHOICES.items()}
# Releases before target values wrote only "u" and "d", and meant "vote up/down": the same
# codes now mean "set up/down", so a card already in someone's chat keeps working, idempotently.
_COMMENT_VOTES = {"u": CommentVote.UP, "d": CommentVote.DOWN, "n": CommentVote.NONE}
_COMMENT_VOTE_CODES = {vote: code for code, vote in _COMMENT_VOTES.items()}


def encode(intent: Intent) -> str:
    """Pack a button's intent; raises ValueError for intents that carry free text."""
    fields = _fields(intent)
    payload = ":".join((VERSION, *fields))
    if len(payload.encode()) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"payload longer than {MAX_PAYLOAD_BYTES} bytes: {payload!r}")
    return payload


def _fields(intent: Intent) -> tuple[str, ...]:
    match intent:
        case Resume(consultation_id=cid):
            return ("r", _optional(cid))
        case ShowParagraph(consultation_id=cid, paragraph_id=pid):
            return ("p", str(cid), str(pid))
        case CastVote(consultation_id=cid, paragraph_id=pid, choice=choice):
            return ("v", str(cid), str(pid), _CHOICE_CODES[choice])
        case StartComment(consultation_id=cid, paragraph_id=pid, reply_to=reply_to):
            return ("c", str(cid), str(pid), _optional(reply_to))
        case ShowComments(consultation_id=cid, paragraph_id=pid, page=page):
            return ("l", str(cid), str(pid), str(page))
        case VoteOnComment(consultation_id=cid, comment_id=comment_id, vote=vote):
            return ("k", str(cid), str(comment_id), _COMMENT_VOTE_CODES[vote])
        case ShowProgress(consultation_id=cid):
            return ("g", _optional(cid))
        case ShowStatistics(consultation_id=cid):
            return ("s", _optional(cid))
        case SetMuted(consultation_id=cid, muted=muted):
            return ("m", _optional(cid), "1" if muted else "0")
        case CancelComment(consultation_id=cid):
            return ("x", _optional(cid))
        case Leave(consultation_id=cid):
            return ("q", _optional(cid))
        case Join(payload=payload):
            return ("j", payload)
        case ConfirmDraft(consultation_id=cid):
            return ("y", str(cid))
        case DiscardDraft(consultation_id=cid):
            return ("n", str(cid))
        case ShowHelp():
            return ("h",)
        case ShowOverview():
            return ("w",)
        case ListConsultations():
            return ("o",)
    raise ValueError(f"{type(intent).__name__} cannot be a button")


def decode(payload: str) -> Intent:
    """Unpack a payload produced by `encode`; anything else raises InvalidPayload."""
    if len(payload.encode()) > MAX_PAYLOAD_BYTES:
        raise _invalid()
    version, _, rest = payload.partition(":")
    code, *fields = rest.split(":")
    decoder = _DECODERS.get(code)
    if version != VERSION or decoder is None:
        raise _invalid()
    try:
        return decoder(fields)
    except (ValueError, KeyError) as error:
        raise _invalid() from error


def _invalid() -> InvalidPayload:
    return InvalidPayload(
        f"This button is not valid any more. Type {hint(Command.HELP)} to see where you are."
    )


def _optional(value: int | None) -> str:
    return "" if value is None else str(value)


def _id(field: str) -> int:
    # int() alone would accept " 7", "+7", "٧" and "7_0"; ids are plain ASCII decimals.
    if not (field.isascii() and field.isdigit()) or len(field) > 19:
        raise ValueError(field)
    value = int(field)
    if not 0 < value <= _MAX_ID:
        raise ValueError(field)
    return value


def _optional_id(field: str) -> int | None:
    return None if field == "" else _id(field)


def _flag(field: str, true: str, false: str) -> bool:
    if field not in (true, false):
        raise ValueError(field)
    return field == true


def _exactly(fields: list[str], count: int) -> list[str]:
    if len(fields) != count:
        raise ValueError(fields)
    return fields


def _join(fields: list[str]) -> Intent:
    (payload,) = _exactly(fields, 1)
    if not PAYLOAD_PATTERN.fullmatch(payload):
        raise ValueError(payload)
    return Join(payload=payload)


_DECODERS: dict[str, Callable[[list[str]], Intent]] = {
    "r": lambda f: Resume(consultation_id=_optional_id(*_exactly(f, 1))),
    "p": lambda f: ShowParagraph(consultation_id=_id(f[0]), paragraph_id=_id(_exactly(f, 2)[1])),
    "v": lambda f: CastVote(
        consultation_id=_id(f[0]), paragraph_id=_id(f[1]), choice=_CHOICES[_exactly(f, 3)[2]]
    ),
    "c": lambda f: StartComment(
        consultation_id=_id(f[0]), paragraph_id=_id(f[1]), reply_to=_optional_id(_exactly(f, 3)[2])
    ),
    "l": lambda f: ShowComments(
        consultation_id=_id(f[0]), paragraph_id=_id(f[1]), page=_id(_exactly(f, 3)[2])
    ),
    "k": lambda f: VoteOnComment(
        consultation_id=_id(f[0]), comment_id=_id(f[1]), vote=_COMMENT_VOTES[_exactly(f, 3)[2]]
    ),
    "g": lambda f: ShowProgress(consultation_id=_optional_id(*_exactly(f, 1))),
    "s": lambda f: ShowStatistics(consultation_id=_optional_id(*_exactly(f, 1))),
    "m": lambda f: SetMuted(
        consultation_id=_optional_id(f[0]), muted=_flag(_exactly(f, 2)[1], "1", "0")
    ),
    "x": lambda f: CancelComment(consultation_id=_optional_id(*_exactly(f, 1))),
    "q": lambda f: Leave(consultation_id=_optional_id(*_exactly(f, 1))),
    "j": _join,
    "y": lambda f: ConfirmDraft(consultation_id=_id(*_exactly(f, 1))),
    "n": lambda f: DiscardDraft(consultation_id=_id(*_exactly(f, 1))),
    "h": lambda f: (_exactly(f, 0), ShowHelp())[1],
    "o": lambda f: (_exactly(f, 0), ListConsultations())[1],
    "w": lambda f: (_exactly(f, 0), ShowOverview())[1],
}
