"""Opinion groups as the JSON documents the opinion_groups table keeps, and back.

The result is one document (a few kilobytes per paragraph); the map is four parallel arrays,
about 45 bytes a participant (4.5 MB for 100,000), read only by the charts.
"""

import dataclasses
import json
from typing import Any

from core.model import Choice
from core.opinions import (
    Consensus,
    GroupVotes,
    OpinionGroup,
    OpinionGroups,
    OpinionStamp,
    ParagraphOpinion,
    ParticipantPoint,
    Representative,
    Verdict,
)


def dump_result(result: OpinionGroups) -> str:
    """Everything but the stamp (the table's columns hold it)."""
    document = dataclasses.asdict(result)
    del document["stamp"]
    return json.dumps(document, separators=(",", ":"))


def load_result(stamp: OpinionStamp, text: str) -> OpinionGroups:
    document = json.loads(text)
    return OpinionGroups(
        stamp=stamp,
        verdict=Verdict(document["verdict"]),
        voters=document["voters"],
        clustered=document["clustered"],
        silhouette=document["silhouette"],
        groups=tuple(_group(group) for group in document["groups"]),
        consensus=tuple(
            Consensus(**{**entry, "choice": Choice(entry["choice"])})
            for entry in document["consensus"]
        ),
        paragraphs=tuple(_paragraph(paragraph) for paragraph in document["paragraphs"]),
    )


def _group(document: dict[str, Any]) -> OpinionGroup:
    return OpinionGroup(
        number=document["number"],
        size=document["size"],
        representatives=tuple(
            Representative(**{**entry, "choice": Choice(entry["choice"])})
            for entry in document["representatives"]
        ),
    )


def _paragraph(document: dict[str, Any]) -> ParagraphOpinion:
    groups = tuple(GroupVotes(**votes) for votes in document["groups"])
    return ParagraphOpinion(**{**document, "groups": groups})


def dump_map(points: list[ParticipantPoint]) -> str:
    ordered = sorted(points, key=lambda point: point.participant_id)
    return json.dumps(
        {
            "participant_id": [point.participant_id for point in ordered],
            "x": [point.x for point in ordered],
            "y": [point.y for point in ordered],
            "group": [point.group for point in ordered],
        },
        separators=(",", ":"),
    )


def load_map(text: str) -> list[ParticipantPoint]:
    document = json.loads(text)
    return [
        ParticipantPoint(participant_id=participant_id, x=x, y=y, group=group)
        for participant_id, x, y, group in zip(
            document["participant_id"],
            document["x"],
            document["y"],
            document["group"],
            strict=True,
        )
    ]
