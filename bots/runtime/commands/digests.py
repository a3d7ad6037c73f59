"""`townhall digest SLUG [--every 1d|1w|off]`: a consultation's digest, shown or changed."""

from datetime import tzinfo
from typing import TextIO

from bots.runtime.bootstrap import Townhall
from core.digests import DIGEST_HOUR, DigestEvery, DigestSetting
from core.model import CLI_ACTOR
from core.orders import ReadDigest, SetDigest
from core.wording import format_moment

_EVERY = {DigestEvery.DAILY: "every day", DigestEvery.WEEKLY: "every Friday"}


async def digest(
    townhall: Townhall, slug: str, every: str | None, *, zone: tzinfo, out: TextIO
) -> int:
    """Print the setting; with `every`, change it first (`off` turns the digest off)."""
    if every is None:
        _, setting = await townhall.app.handle(CLI_ACTOR, ReadDigest(slug=slug))
    else:
        chosen = None if every == "off" else DigestEvery(every)
        setting = await townhall.app.handle(CLI_ACTOR, SetDigest(slug=slug, every=chosen))
    out.write(f"{slug}: {describe(setting, zone)}\n")
    return 0


def describe(setting: DigestSetting | None, zone: tzinfo) -> str:
    if setting is None:
        return "no digest (townhall digest SLUG --every 1d or 1w turns it on)"
    return (
        f"digest {_EVERY[setting.every]} at {DIGEST_HOUR}:00 {zone}, to its linked groups and "
        f"channels and the participants who subscribed (on since "
        f"{format_moment(setting.since)}); quiet periods are skipped"
    )
