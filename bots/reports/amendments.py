"""The HTML report's amendments: each amended or amendable paragraph's versions and wordings."""

from dataclasses import dataclass

from core.amendments import Amendment, ParagraphVersion
from core.diffs import Diff, diff_words
from core.orders import ConsultationExport


@dataclass(frozen=True, slots=True, kw_only=True)
class AmendmentEntry:
    """One suggested wording with its diff against the text it was written for."""

    amendment: Amendment
    diff: Diff


@dataclass(frozen=True, slots=True, kw_only=True)
class AmendmentGroup:
    """A paragraph's versions (oldest first; empty if never amended) and suggested wordings."""

    label: str
    number: int
    versions: tuple[ParagraphVersion, ...]
    entries: tuple[AmendmentEntry, ...]


def amendment_groups(export: ConsultationExport) -> list[AmendmentGroup]:
    """The paragraphs with a version or a suggested wording, in document order."""
    groups = []
    for paragraph in sorted(export.paragraphs, key=lambda p: p.position):
        entries = tuple(
            AmendmentEntry(amendment=a, diff=diff_words(a.base_text, a.body))
            for a in export.amendments
            if a.paragraph_id == paragraph.id
        )
        versions = export.versions.get(paragraph.id, ())
        if entries or versions:
            groups.append(
                AmendmentGroup(
                    label=paragraph.label,
                    number=paragraph.number,
                    versions=versions,
                    entries=entries,
                )
            )
    return groups
