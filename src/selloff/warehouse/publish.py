"""Staged writes with an atomic publish, and read-only connections to the published file.

Publishing (contract)
---------------------
A writing run never touches the published file. It takes the writer lock (a kernel ``flock`` on
``<warehouse>.lock``; a second writer waits up to ``lock_timeout_seconds`` and then fails clearly),
copies the published file into ``<dir>/.staging/``, does all its work there, then checkpoints and
closes the copy, fsyncs it, ``os.replace``-s it over the published file and fsyncs the directory.
A run killed at any point leaves the previous warehouse in place; readers holding a read-only
connection keep the inode they opened and see a consistent state throughout.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from selloff.warehouse import faults
from selloff.warehouse.errors import WarehouseError, WarehouseLockedError
from selloff.warehouse.schema import apply_sql, load_catalog_table

READ_ONLY_CONFIG: dict[str, Any] = {
    # DuckDB's own guards for ad-hoc SQL: no writes, no files, no network, no extensions, and no
    # statement can switch these back on.
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse with external access and extensions off."""
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `selloff refresh` (or `selloff run`) first")
    try:
        return duckdb.connect(str(path), read_only=True, config=READ_ONLY_CONFIG)
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open {path} read-only: {exc}") from None


@contextmanager
def writer_lock(published: Path, timeout_s: float, poll_s: float = 0.05) -> Iterator[None]:
    """Hold the exclusive writer lock of ``published`` (kernel flock on ``<published>.lock``)."""
    lock_path = published.with_name(published.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
                    raise WarehouseLockedError(
                        f"another selloff writer (pid {holder}) still holds {lock_path} after "
                        f"{timeout_s:g} s; wait for it to finish or raise SELLOFF_LOCK_TIMEOUT_SECONDS"
                    ) from None
                time.sleep(poll_s)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


@dataclass
class Stage:
    """A private, writable copy of the warehouse that replaces the published file on success."""

    published: Path
    path: Path
    _connections: list[duckdb.DuckDBPyConnection] = field(default_factory=list, repr=False)

    def connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(self.path))
        self._connections.append(con)
        return con

    def close_all(self) -> None:
        for con in self._connections:
            con.close()
        self._connections.clear()


def _fsync_path(path: Path, *, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(stage: Stage) -> None:
    stage.close_all()
    con = duckdb.connect(str(stage.path))
    con.execute("checkpoint")
    con.close()
    wal = stage.path.with_name(stage.path.name + ".wal")
    if wal.exists():  # a checkpointed, closed database has folded its WAL in; anything else is a bug
        raise WarehouseError(f"staged warehouse still has a WAL after checkpoint: {wal}")
    _fsync_path(stage.path)
    faults.hit("before_rename")
    os.replace(stage.path, stage.published)
    _fsync_path(stage.published.parent, directory=True)
    faults.hit("after_rename")


@contextmanager
def staged(published: Path, *, lock_timeout_s: float) -> Iterator[Stage]:
    """Work on a copy of ``published`` and publish it atomically when the block ends without error.

    On an exception the copy is discarded and the published file is untouched. The caller must not
    keep connections of its own to ``stage.path`` beyond the block (those from ``stage.connect()``
    are closed here).
    """
    published = published.absolute()
    published.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(published, lock_timeout_s):
        wal = published.with_name(published.name + ".wal")
        if wal.exists():
            raise WarehouseError(
                f"{wal} exists: a read-write session on the published warehouse has not been closed "
                "cleanly. Close it (ad-hoc SQL should use `selloff sql` or `duckdb -readonly`) and retry"
            )
        staging_dir = published.parent / ".staging"
        shutil.rmtree(staging_dir, ignore_errors=True)  # left by a killed run; we hold the lock
        staging_dir.mkdir()
        stage = Stage(published=published, path=staging_dir / published.name)
        try:
            if published.exists():
                shutil.copyfile(published, stage.path)
            faults.hit("after_copy")
            con = stage.connect()
            apply_sql(con)
            load_catalog_table(con)
            yield stage
            _publish(stage)
        finally:
            stage.close_all()
            shutil.rmtree(staging_dir, ignore_errors=True)


@contextmanager
def writing(published: Path, stage_path: str | Path | None, *, lock_timeout_s: float) -> Iterator[Path]:
    """The file a step writes to: its own stage (published at the end) or the caller's ``stage_path``.

    The nightly job stages once and runs every step in that one copy, publishing once at the end.
    """
    if stage_path is not None:
        yield Path(stage_path)
        return
    with staged(published, lock_timeout_s=lock_timeout_s) as stage:
        yield stage.path


def initialise(published: Path, *, lock_timeout_s: float) -> None:
    """Create (or bring up to date) the warehouse schema and publish it."""
    with staged(published, lock_timeout_s=lock_timeout_s):
        pass
