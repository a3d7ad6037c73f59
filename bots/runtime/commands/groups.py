"""`townhall groups SLUG [--json]`: the consultation's opinion groups, brought up to date."""

import json
from typing import TextIO

from bots.runtime.bootstrap import Townhall
from bots.runtime.opinion_groups import compute_groups
from bots.runtime.opinion_text import groups_document, groups_lines
from core.model import CLI_ACTOR
from core.opinion_orders import ReadOpinionGroups


async def show_groups(townhall: Townhall, slug: str, as_json: bool, out: TextIO) -> int:
    """Print the stored groups, computed first if none are stored or votes came in since."""
    report = await townhall.app.handle(CLI_ACTOR, ReadOpinionGroups(slug=slug))
    groups = report.groups
    if groups is None or groups.stamp.vote_count != report.vote_count:
        groups = await compute_groups(townhall.app, CLI_ACTOR, slug, townhall.clock)
        report = await townhall.app.handle(CLI_ACTOR, ReadOpinionGroups(slug=slug))
    if as_json:
        document = groups_document(report, groups)
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write("\n".join(groups_lines(report, groups)) + "\n")
    return 0
