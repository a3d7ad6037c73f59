"""`townhall export --format csv`: a folder (or .zip) of open-data files, pseudonymous ids."""

import asyncio
import csv
import json
import re
import stat
import zipfile
from pathlib import Path

import pytest

from bots.chat.identities import terminal_ref
from bots.runtime.bootstrap import open_townhall
from bots.runtime.clock import SystemClock
from bots.runtime.config import DatabaseConfig
from core.intents import CastVote, Join, SubmitComment
from core.model import Actor, Choice
from tests.bots.runtime.test_cli import FAR, PLAN, _take_part, import_plan, townhall

FILES = ["comments.csv", "paragraphs.csv", "participants.csv", "vote_history.csv", "votes.csv"]
PSEUDONYM = re.compile(r"p-[0-9a-f]{16}")
MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
HOSTILE = [
    '=HYPERLINK("http://x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "line one\nline two",
    'she said "no", twice',
    "a, b, c",
    "Привет, 世界",
]


def rows(path: Path) -> list[dict[str, str]]:
    """A file read back as a spreadsheet-minded reader would: BOM first, then the csv module."""
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def export(*extra: str) -> int:
    return townhall("export", "plan", "--format", "csv", *extra)


def test_the_csv_export_writes_one_file_per_record_with_the_figures_of_stats_json(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    asyncio.run(_take_part(database_url))
    capsys.readouterr()
    assert townhall("stats", "plan", "--json") == 0
    stats = json.loads(capsys.readouterr().out)

    assert export("--out", "open") == 0

    assert "Exported plan to open (csv): 3 paragraphs, 2 comments, 4 participants." in (
        capsys.readouterr().out
    )
    assert sorted(p.name for p in (scratch / "open").iterdir()) == FILES
    paragraphs = rows(scratch / "open" / "paragraphs.csv")
    figures = ["number", "agree", "disagree", "votes", "agreement_pct", "comments"]
    assert [{k: row[k] for k in figures} for row in paragraphs] == [
        {k: "" if p[k] is None else str(p[k]) for k in figures} for p in stats["paragraphs"]
    ]
    assert [row["section"] for row in paragraphs] == [p["section"] for p in stats["paragraphs"]]
    votes = rows(scratch / "open" / "votes.csv")
    assert len(votes) == stats["totals"]["votes"] == 6
    assert sum(row["choice"] == "agree" for row in votes) == stats["totals"]["agree"]
    people = rows(scratch / "open" / "participants.csv")
    assert list(people[0]) == ["participant", "platform"]
    assert {row["platform"] for row in people} == {"terminal"}
    assert all(PSEUDONYM.fullmatch(row["participant"]) for row in people)
    assert {row["participant"] for row in votes} <= {row["participant"] for row in people}
    assert all(MOMENT.fullmatch(row["cast_at"]) and row["changed_at"] == "" for row in votes)
    comments = rows(scratch / "open" / "comments.csv")
    assert [(c["author"], c["body"], c["parent_id"]) for c in comments] == [
        ("ana", "Why?", ""),
        ("ben", "Cost.", comments[0]["id"]),
    ]
    # A named comment carries no pseudonym: it would tell everyone how ana voted.
    assert [c["participant"] for c in comments] == ["", ""]
    assert "state" not in comments[0]
    assert len(rows(scratch / "open" / "vote_history.csv")) == 6
    assert not [p for p in scratch.iterdir() if p.name.startswith(".open")]
    # Readable by the organiser only, as the single-file exports: they hold people's comments.
    assert stat.S_IMODE((scratch / "open").stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in (scratch / "open").iterdir()} == {0o600}


async def _vote_twice_and_comment(url: str, bodies: list[str]) -> None:
    """Ana agrees with P1, then disagrees; she comments each body on P1."""
    async with open_townhall(DatabaseConfig(url=url), SystemClock()) as wired:
        ana = Actor(ref=terminal_ref("ana"), display_name="ana")
        await wired.app.handle(ana, Join(payload="plan"))
        for choice in (Choice.AGREE, Choice.DISAGREE):
            await wired.app.handle(ana, CastVote(consultation_id=1, paragraph_id=1, choice=choice))
        for body in bodies:
            await wired.app.handle(
                ana, SubmitComment(consultation_id=1, paragraph_id=1, body=body)
            )


def test_a_changed_vote_shows_when_it_changed_and_the_history_holds_both(
    scratch: Path, draft: Path, database_url: str
) -> None:
    import_plan(draft)
    asyncio.run(_vote_twice_and_comment(database_url, []))

    assert export("--out", "open") == 0

    [vote] = rows(scratch / "open" / "votes.csv")
    assert vote["choice"] == "disagree"
    assert MOMENT.fullmatch(vote["changed_at"])
    assert vote["cast_at"] <= vote["changed_at"]
    history = rows(scratch / "open" / "vote_history.csv")
    assert [(h["participant"], h["paragraph"], h["choice"]) for h in history] == [
        (vote["participant"], "1", "agree"),
        (vote["participant"], "1", "disagree"),
    ]


def test_hostile_comments_round_trip_through_the_csv_module_defused(
    scratch: Path, draft: Path, database_url: str
) -> None:
    import_plan(draft)
    asyncio.run(_vote_twice_and_comment(database_url, HOSTILE))

    assert export("--out", "open") == 0

    bodies = [row["body"] for row in rows(scratch / "open" / "comments.csv")]
    assert bodies == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "line one\nline two",
        'she said "no", twice',
        "a, b, c",
        "Привет, 世界",
    ]


def test_pseudonyms_stay_from_one_export_to_the_next_and_differ_between_consultations(
    scratch: Path, draft: Path, database_url: str
) -> None:
    import_plan(draft)
    asyncio.run(_vote_twice_and_comment(database_url, []))
    assert townhall("import", str(draft), "--slug", "other", "--title", "Other", *FAR) == 0
    asyncio.run(_join_other(database_url))

    assert export("--out", "first") == 0
    assert export("--out", "second") == 0
    assert townhall("export", "other", "--format", "csv", "--out", "elsewhere") == 0

    [first] = rows(scratch / "first" / "participants.csv")
    [second] = rows(scratch / "second" / "participants.csv")
    [elsewhere] = rows(scratch / "elsewhere" / "participants.csv")
    assert first == second
    assert elsewhere["participant"] != first["participant"]
    assert "ana" not in first["participant"]


async def _join_other(url: str) -> None:
    async with open_townhall(DatabaseConfig(url=url), SystemClock()) as wired:
        ana = Actor(ref=terminal_ref("ana"), display_name="ana")
        await wired.app.handle(ana, Join(payload="other"))


def test_the_organiser_export_adds_states_but_ties_no_name_to_any_vote(
    scratch: Path, draft: Path, database_url: str
) -> None:
    import_plan(draft)
    asyncio.run(_take_part(database_url))

    assert export("--out", "full", "--organiser") == 0

    comments = rows(scratch / "full" / "comments.csv")
    assert [(c["author"], c["participant"], c["state"]) for c in comments] == [
        ("ana", "", "published"),
        ("ben", "", "published"),
    ]
    people = rows(scratch / "full" / "participants.csv")
    assert list(people[0]) == ["participant", "platform"]


def test_an_anonymous_consultation_exports_no_names_only_pseudonyms(
    scratch: Path, draft: Path, database_url: str
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR, "--anonymous-comments") == 0
    asyncio.run(_take_part(database_url))

    assert export("--out", "full", "--organiser") == 0
    assert export("--zip", "--out", "public.zip") == 0

    text = "".join(p.read_text(encoding="utf-8-sig") for p in (scratch / "full").iterdir())
    with zipfile.ZipFile(scratch / "public.zip") as bundle:
        text += "".join(bundle.read(name).decode("utf-8-sig") for name in bundle.namelist())
    words = set(re.findall(r"\w+", PSEUDONYM.sub("", text)))  # hex ids may spell "dee"
    assert words & {"ana", "ben", "cy", "dee"} == set()
    assert {c["author"] for c in rows(scratch / "full" / "comments.csv")} == {"Anonymous"}
    assert all(
        PSEUDONYM.fullmatch(c["participant"]) for c in rows(scratch / "full" / "comments.csv")
    )


def test_zip_writes_one_archive_of_the_same_files(
    scratch: Path, draft: Path, database_url: str
) -> None:
    import_plan(draft)
    asyncio.run(_take_part(database_url))

    assert export("--zip", "--out", "plan.zip") == 0

    assert stat.S_IMODE((scratch / "plan.zip").stat().st_mode) == 0o600
    with zipfile.ZipFile(scratch / "plan.zip") as bundle:
        assert sorted(bundle.namelist()) == FILES
        assert bundle.read("votes.csv").startswith(b"\xef\xbb\xbfparticipant,paragraph,")
    assert sorted(p.name for p in scratch.iterdir() if "plan" in p.name) == ["plan.zip"]


def test_a_failed_export_leaves_the_earlier_complete_one_in_place(
    scratch: Path, draft: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_plan(draft)
    asyncio.run(_take_part(database_url))
    assert export("--out", "open") == 0
    assert export("--zip", "--out", "open.zip") == 0
    before = {p.name: p.read_bytes() for p in (scratch / "open").iterdir()}
    archive = (scratch / "open.zip").read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("bots.runtime.export_folders.CsvFile.write", full_disk)
    assert export("--out", "open") == 1
    assert export("--zip", "--out", "open.zip") == 1

    assert {p.name: p.read_bytes() for p in (scratch / "open").iterdir()} == before
    assert (scratch / "open.zip").read_bytes() == archive
    assert sorted(p.name for p in scratch.iterdir() if "open" in p.name) == ["open", "open.zip"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--out", "-"], "--format csv writes several files: give --out FOLDER"),
        (["--zip", "--out", "plan"], "with --zip, --out names a .zip file"),
        (["--out", "missing/open"], "missing is not a folder"),
        (["--out", "draft.md"], "draft.md is a file; the export writes a folder"),
        (["--out", "mine"], "holds files that are not this export's (notes.txt)"),
    ],
)
def test_a_destination_the_export_cannot_take_is_refused_and_left_alone(
    argv: list[str],
    message: str,
    scratch: Path,
    draft: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import_plan(draft)
    (scratch / "mine").mkdir()
    (scratch / "mine" / "notes.txt").write_text("mine", encoding="utf-8")
    listing = sorted(p.name for p in scratch.iterdir())
    capsys.readouterr()

    assert export(*argv) == 1

    assert message in capsys.readouterr().err
    assert sorted(p.name for p in scratch.iterdir()) == listing
    assert (scratch / "mine" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_zip_goes_only_with_the_formats_of_several_files(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    capsys.readouterr()
    assert townhall("export", "plan", "--format", "json", "--zip", "--out", "plan.zip") == 1
    assert "--zip goes with --format csv or polis, not json" in capsys.readouterr().err
    assert not (scratch / "plan.zip").exists()
