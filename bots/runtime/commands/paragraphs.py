"""`townhall paragraph SLUG P7 --status decided|voting`: mark a paragraph decided, or not."""

from typing import TextIO

from bots.runtime.bootstrap import Townhall
from core.model import CLI_ACTOR, ParagraphStatus
from core.paragraph_status import SetParagraphStatus

STATUSES = tuple(status.value for status in ParagraphStatus)


async def set_status(
    townhall: Townhall, slug: str, paragraph: str, status: str, out: TextIO
) -> int:
    order = SetParagraphStatus(slug=slug, paragraph=paragraph, status=ParagraphStatus(status))
    change = await townhall.app.handle(CLI_ACTOR, order)
    label, title = change.paragraph.label, change.consultation.title
    if not change.changed:
        out.write(f"{label} of “{title}” was already {_described(change.paragraph.status)}.\n")
    elif change.paragraph.decided:
        out.write(
            f"{label} of “{title}” is decided: its text is final, its card says so and takes "
            "no more votes (the votes it has stay in the figures).\n"
        )
    else:
        out.write(f"{label} of “{title}” is back to the vote.\n")
    return 0


def _described(status: ParagraphStatus) -> str:
    return "decided" if status is ParagraphStatus.DECIDED else "in voting"
