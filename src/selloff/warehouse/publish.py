"""Staged writes with an atomic publish, and read-only connections to the published file.

Publishing (contract)
---------------------
A writing run never touches the published file. It resolves the warehouse path once (symlinks and
``..`` followed, so a symlinked warehouse stays a symlink and two paths to one file share one lock),
takes the writer lock (a kernel ``flock`` on ``<warehouse>.lock``; a second writer waits up to
``lock_timeout_seconds`` and then fails clearly), copies the published file into its own stage
``<dir>/.<name>.staging/`` (one per warehouse: two warehouses in one directory never touch each other's
stage), does all its work there, then checkpoints and closes the copy, verifies it (it opens read-only,
holds every relation it held after the schema was applied and at least the runs it was copied with),
fsyncs it, checks once more that no read-write session has the published file open, ``os.replace``-s it
over the published file and fsyncs the directory. A run killed at any point leaves the previous
warehouse in place; readers holding a read-only connection keep the inode they opened and see a
consistent state throughout.

Environment failures (a full disk, a read-only file system, a permission refused) and a ``--warehouse``
that is not a selloff warehouse (a directory, a text file, another application's DuckDB database) are
:class:`~selloff.warehouse.errors.WarehouseError` with a one-line message; the published file is
unchanged.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from selloff.warehouse import faults
from selloff.warehouse.errors import NotAWarehouseError, WarehouseError, WarehouseLockedError, first_line

READ_ONLY_CONFIG: dict[str, Any] = {
    # DuckDB's own guards for ad-hoc SQL: no writes, no files, no network, no extensions, and no
    # statement can switch these back on.
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}

SELLOFF_SCHEMAS = ("raw", "meta", "stg", "marts", "calib", "proj", "report")
DUCKDB_MAGIC = b"DUCK"
"""Bytes 8-11 of every DuckDB database file."""
ENVIRONMENT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.EFBIG}
)
"""OS errors that say the machine, not the run, is at fault: reported as one line, never a traceback."""


# --- paths -----------------------------------------------------------------------------------------


def resolve(path: Path) -> Path:
    """The warehouse file itself: absolute, symlinks and ``..`` resolved (once per writing run)."""
    return Path(os.path.realpath(path))


def lock_path(published: Path) -> Path:
    return published.with_name(published.name + ".lock")


def wal_path(published: Path) -> Path:
    return published.with_name(published.name + ".wal")


def staging_dir(published: Path) -> Path:
    """This warehouse's own stage directory: ``<dir>/.<name>.staging``."""
    return published.with_name(f".{published.name}.staging")


def companions(published: Path) -> tuple[Path, ...]:
    """The warehouse file and what selloff and DuckDB keep beside it (nothing may overwrite these)."""
    published = resolve(published)
    return (published, lock_path(published), wal_path(published), staging_dir(published))


# --- what a --warehouse path may be ------------------------------------------------------------------


def check_warehouse_file(path: Path) -> None:
    """Refuse a warehouse path that is not a selloff warehouse; a path that does not exist yet is fine.

    Raises :class:`NotAWarehouseError` (bad input) for a directory, a special file, a file that is not
    a DuckDB database and a DuckDB database of another application (tables but no ``meta.runs``: its
    owner's data would otherwise gain selloff's tables). A DuckDB file with no tables at all counts as
    empty. Raises :class:`WarehouseError` when the file cannot be read (permissions, another process
    holding it read-write).
    """
    real = resolve(path)
    if not _check_file(path, real):
        return
    # attached to an in-memory instance of its own: duckdb.connect(path) would go through the process's
    # instance cache and fail beside a caller's connection to the same file opened with other settings
    con = duckdb.connect(":memory:")
    try:
        try:
            with rename_gate(real, exclusive=False):
                con.execute(f"attach {sql_literal(str(real))} as checked (read_only)")
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open the warehouse {path}: {first_line(exc)}") from None
        _check_tables(con, "checked", path)
    finally:
        con.close()


def connect_checked_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """:func:`check_warehouse_file` then :func:`connect_read_only`, opening the file once: the tables are
    checked on the reader's own connection (a quick command's start-up is mostly such fixed costs)."""
    if path.exists():
        _check_file(path, resolve(path))
    con = connect_read_only(path)
    try:
        (database,) = con.execute("select current_database()").fetchone() or ("",)
        _check_tables(con, database, path)
    except BaseException:
        con.close()
        raise
    return con


def _check_file(path: Path, real: Path) -> bool:
    """The checks that need no DuckDB; False for a path that does not exist yet (a writer creates it)."""
    shown = str(path)
    if not real.exists():
        parent = real.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise NotAWarehouseError(f"--warehouse {shown}: {parent} is not a directory")
        return False
    if real.is_dir():
        raise NotAWarehouseError(
            f"--warehouse {shown} is a directory; name the DuckDB file (e.g. {path / 'selloff.duckdb'})"
        )
    if not real.is_file():
        raise NotAWarehouseError(f"--warehouse {shown} is not a regular file")
    try:
        with real.open("rb") as handle:
            header = handle.read(12)
    except OSError as exc:
        raise WarehouseError(f"cannot read the warehouse {shown}: {exc.strerror}") from None
    if header[8:12] != DUCKDB_MAGIC:
        raise NotAWarehouseError(f"--warehouse {shown} is not a DuckDB database (a selloff warehouse)")
    return True


def _check_tables(con: duckdb.DuckDBPyConnection, database: str, path: Path) -> None:
    """A DuckDB file with tables but no ``meta.runs`` belongs to another application."""
    # the name as a literal, not a bound parameter: binding one makes DuckDB import pandas (~0.8 s)
    listed = (
        "select schema_name, table_name from duckdb_tables() "  # noqa: S608 (a quoted literal)
        f"where database_name = {sql_literal(database)} and not internal"
    )
    tables = {f"{schema}.{name}" for schema, name in con.execute(listed).fetchall()}
    if tables and "meta.runs" not in tables:
        raise NotAWarehouseError(
            f"--warehouse {path} is a DuckDB database of another application (no meta.runs table); "
            "selloff will not add its tables to it: name a new file or a selloff warehouse"
        )


def sql_literal(text: str) -> str:
    """``text`` as a SQL string literal, quotes doubled: for what DuckDB cannot bind as a parameter (the
    path of ATTACH and COPY) and for the read path, where binding any parameter makes DuckDB import
    pandas (~0.5–0.8 s of a quick command)."""
    if "\x00" in text:
        raise ValueError("a SQL string literal cannot contain NUL")
    return "'" + text.replace("'", "''") + "'"


@contextmanager
def environment_errors(published: Path) -> Iterator[None]:
    """Turn a full disk, a read-only file system or a refused permission into one-line
    :class:`WarehouseError`\\ s (and DuckDB's I/O errors, which are the same failures seen through it)."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in ENVIRONMENT_ERRNOS:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        raise WarehouseError(
            f"{exc.strerror}{where}; the published warehouse {published} is unchanged"
        ) from None
    except (duckdb.IOException, duckdb.FatalException) as exc:
        raise WarehouseError(f"{first_line(exc)}; the published warehouse {published} is unchanged") from None


# --- the rename gate --------------------------------------------------------------------------------

_GATE_RANGE = (0, 1)  # byte 0 of <warehouse>.lock: (start, length)


@contextmanager
def rename_gate(published: Path, *, exclusive: bool) -> Iterator[None]:
    """Keep the rename of a publish and selloff's readers' ``duckdb.connect`` apart.

    DuckDB opens a database by path three times (two 16-byte peeks at the header, then the open it
    keeps) and looks for ``<file>.wal`` by path; a publish renamed between them hands one open two
    different files. Readers hold this gate shared while they open; a publish holds it exclusively
    for the rename (milliseconds), so a selloff reader is never mid-open when the path is replaced.

    The gate is an open-file-description lock (``F_OFD_SETLKW``; POSIX ``lockf`` where the kernel has
    none) on byte 0 of ``<warehouse>.lock``, independent of the writers' ``flock`` on the same file. A
    reader that cannot open the lock file (none yet, no permission) opens without the gate.
    """
    try:
        fd = os.open(lock_path(published), os.O_RDWR if exclusive else os.O_RDONLY)
    except OSError:
        if exclusive:
            raise
        yield
        return
    try:
        _lock_range(fd, fcntl.F_WRLCK if exclusive else fcntl.F_RDLCK)
        yield
    finally:
        os.close(fd)  # releases the lock


def _lock_range(fd: int, kind: int) -> None:
    start, length = _GATE_RANGE
    if hasattr(fcntl, "F_OFD_SETLKW"):  # Linux: per open file, so threads of one process do not share it
        # struct flock: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid (0 for OFD)
        fcntl.fcntl(fd, fcntl.F_OFD_SETLKW, struct.pack("hhqqi4x", kind, os.SEEK_SET, start, length, 0))
    else:
        fcntl.lockf(fd, fcntl.LOCK_EX if kind == fcntl.F_WRLCK else fcntl.LOCK_SH, length, start)


# --- readers ---------------------------------------------------------------------------------------


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse with external access and extensions off.

    Opened through the :func:`rename_gate`, so never while a publish is renaming the file.
    """
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `selloff refresh` (or `selloff run`) first")
    try:
        with rename_gate(resolve(path), exclusive=False):
            return duckdb.connect(str(path), read_only=True, config=READ_ONLY_CONFIG)
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open {path} read-only: {exc}") from None


# --- the writer lock and open sessions ---------------------------------------------------------------


@contextmanager
def writer_lock(published: Path, timeout_s: float, poll_s: float = 0.05) -> Iterator[None]:
    """Hold the exclusive writer lock of ``published`` (kernel flock on ``<published>.lock``).

    The path is resolved first, so every name of one file (a symlink, a relative path) takes one lock.
    """
    lock = lock_path(resolve(published))
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise WarehouseError(f"cannot open the writer lock {lock}: {exc.strerror}") from None
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
                        f"another selloff writer (pid {holder}) still holds {lock} after "
                        f"{timeout_s:g} s; wait for it to finish or raise SELLOFF_LOCK_TIMEOUT_SECONDS"
                    ) from None
                time.sleep(poll_s)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _held_read_write(published: Path) -> bool:
    """Whether another process has ``published`` open read-write in DuckDB.

    DuckDB holds a POSIX write lock (``fcntl``) on the whole file for a read-write connection and a
    read lock for a read-only one, so a shared lock can be taken exactly when no read-write session is
    open. The probe is released at once. (Closing any descriptor of a file drops *this* process's
    POSIX locks on it; writers hold no connection to the published file, so nothing of ours is lost.)
    """
    try:
        fd = os.open(published, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            return True
        raise
    finally:
        os.close(fd)
    return False


def refuse_open_sessions(published: Path) -> None:
    """Refuse to replace ``published`` while a read-write session has it open or left its WAL.

    Such a session writes its changes to ``<published>.wal`` by path: after a publish, DuckDB would
    replay them onto the *new* file at its next open (deleting or changing rows nobody asked to).
    """
    wal = wal_path(published)
    if wal.exists():
        raise WarehouseError(
            f"{wal} exists: a read-write session on the published warehouse has not been closed "
            "cleanly. Close it (ad-hoc SQL should use `selloff sql` or `duckdb -readonly`) and retry"
        )
    if _held_read_write(published):
        raise WarehouseError(
            f"another process has {published} open read-write; nothing was published. Close that "
            "session (ad-hoc SQL should use `selloff sql` or `duckdb -readonly`) and retry"
        )


# --- the stage ---------------------------------------------------------------------------------------


@dataclass
class Stage:
    """A private, writable copy of the warehouse that replaces the published file on success.

    ``relations`` and ``runs`` are what the copy held once the schema was applied: the publish checks
    the file it is about to rename still holds them.
    """

    published: Path
    path: Path
    relations: frozenset[str] = frozenset()
    runs: int = 0
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


def _relations(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    rows = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in (select unnest(?::varchar[]))",
        [list(SELLOFF_SCHEMAS)],
    ).fetchall()
    return frozenset(r[0] for r in rows)


def _run_count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("select count(*) from meta.runs").fetchone()
    return int(row[0]) if row else 0


def _verify(stage: Stage) -> None:
    """The staged file opens read-only, holds its relations and at least the runs it started with.

    Opening read-only also proves no connection of this process still has the stage open read-write
    (DuckDB refuses a second configuration of a database already open in the process), so nothing can
    write to the file after it is renamed into place.
    """
    nothing = "; nothing was published"
    if not stage.path.is_file():
        raise WarehouseError(f"the staged warehouse {stage.path} disappeared before publishing{nothing}")
    try:
        con = duckdb.connect(str(stage.path), read_only=True)
    except duckdb.Error as exc:
        raise WarehouseError(
            f"the staged warehouse does not open read-only ({first_line(exc)}){nothing}"
        ) from None
    try:
        missing = sorted(stage.relations - _relations(con))
        if missing:
            raise WarehouseError(
                f"the staged warehouse lacks {len(missing)} of its relations ({', '.join(missing[:3])}…)"
                + nothing
            )
        runs = _run_count(con)
    except duckdb.Error as exc:
        raise WarehouseError(f"the staged warehouse cannot be read ({first_line(exc)}){nothing}") from None
    finally:
        con.close()
    if runs < stage.runs:
        raise WarehouseError(
            f"the staged warehouse holds {runs} runs, fewer than the {stage.runs} it was copied with{nothing}"
        )


def _publish(stage: Stage) -> None:
    stage.close_all()
    if stage.path.is_file():  # (connecting to a missing path would create an empty database)
        con = duckdb.connect(str(stage.path))
        con.execute("checkpoint")
        con.close()
    wal = wal_path(stage.path)
    if wal.exists():  # a checkpointed, closed database has folded its WAL in; anything else is a bug
        raise WarehouseError(f"staged warehouse still has a WAL after checkpoint: {wal}")
    _verify(stage)
    _fsync_path(stage.path)
    faults.hit("before_rename")
    with rename_gate(stage.published, exclusive=True):
        refuse_open_sessions(stage.published)  # again: a session may have opened since the run started
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
    published = resolve(published)
    check_warehouse_file(published)
    with environment_errors(published):
        published.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(published, lock_timeout_s):
        refuse_open_sessions(published)
        stage_dir = staging_dir(published)
        stage = Stage(published=published, path=stage_dir / published.name)
        try:
            with environment_errors(published):
                shutil.rmtree(stage_dir, ignore_errors=True)  # left by a killed run; we hold the lock
                stage_dir.mkdir()
                if published.exists():
                    shutil.copyfile(published, stage.path)
                faults.hit("after_copy")
                con = stage.connect()
                # imported here: readers (`selloff sql`) never load the schema and the catalog
                from selloff.warehouse.schema import ensure_schema

                ensure_schema(con)
                stage.relations, stage.runs = _relations(con), _run_count(con)
            with environment_errors(published):
                yield stage
                _publish(stage)
        finally:
            stage.close_all()
            shutil.rmtree(stage_dir, ignore_errors=True)


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
