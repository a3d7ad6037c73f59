"""What the figures depend on: the machine, the versions, and how durable a commit is."""

import os
import platform
import sqlite3
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

SQLITE_SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
MEMORY_FILESYSTEMS = {"tmpfs", "ramfs"}
LIBRARIES = ("sqlalchemy", "aiosqlite", "asyncpg", "alembic")


def describe_machine() -> list[str]:
    """CPU count, memory, Python and library versions."""
    libraries = ", ".join(f"{name} {_installed(name)}" for name in LIBRARIES)
    return [
        f"machine: {os.cpu_count()} CPUs (nproc), {_memory_gib():.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}",
        f"python {platform.python_version()}; {libraries}",
    ]


def _installed(name: str) -> str:
    try:
        return version(name)
    except ModuleNotFoundError:
        return "not installed"


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def storage_medium(path: Path) -> str:
    """'tmpfs (memory)' or 'ext4 on /dev/vda (disk)': the mount that holds `path`."""
    mounts = [line.split()[:3] for line in Path("/proc/mounts").read_text().splitlines()]
    resolved = str(path.resolve())
    device, mount_point, filesystem = max(
        (mount for mount in mounts if _is_under(resolved, mount[1])), key=lambda m: len(m[1])
    )
    if filesystem in MEMORY_FILESYSTEMS:
        return f"{filesystem} (memory, not disk)"
    return f"{filesystem} on {device} mounted at {mount_point} (disk)"


def _is_under(path: str, mount_point: str) -> bool:
    return path == mount_point or path.startswith(mount_point.rstrip("/") + "/")


async def sqlite_synchronous(engine: AsyncEngine) -> str:
    """The `PRAGMA synchronous` a connection of this engine runs with, by name."""
    async with engine.connect() as connection:
        value = await connection.scalar(text("PRAGMA synchronous"))
    return SQLITE_SYNCHRONOUS.get(int(value or 0), str(value))


async def describe_sqlite(engine: AsyncEngine, path: Path) -> str:
    """SQLite version, journal mode and synchronous setting of a pooled connection."""
    async with engine.connect() as connection:
        journal = await connection.scalar(text("PRAGMA journal_mode"))
    return (
        f"SQLite {sqlite3.sqlite_version}, journal_mode={journal}, "
        f"synchronous={await sqlite_synchronous(engine)}; "
        f"file {path} on {storage_medium(path)}"
    )


async def describe_postgres(engine: AsyncEngine) -> str:
    """Server version, fsync and synchronous_commit, and the medium of the data directory."""
    async with engine.connect() as connection:
        # pg_settings hides data_directory from unprivileged roles instead of failing.
        rows = await connection.execute(
            text(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('server_version', 'fsync', 'synchronous_commit', 'data_directory')"
            )
        )
        settings = {str(name): str(setting) for name, setting in rows}
    data = settings.get("data_directory", "a hidden directory")
    medium = data_directory_medium(data)
    return (
        f"PostgreSQL {settings['server_version']}, fsync={settings['fsync']}, "
        f"synchronous_commit={settings['synchronous_commit']}; data in {data} on {medium}"
    )


def data_directory_medium(directory: str) -> str:
    """The medium of a server's data directory, if the server runs on this machine."""
    path = Path(directory)
    return storage_medium(path) if path.exists() else "an unknown medium (another machine?)"
