"""Publishing under adversity (issue 12): two warehouses in one directory, a read-write session opened
mid-run, a symlinked warehouse, paths that are not a warehouse, and readers opening during the rename.

Each test reproduces a defect the adversarial review found; the docstrings say what the unfixed code did.
Readers and read-write sessions are real processes (tests/fault_helpers.py style), the files real DuckDB.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from selloff.warehouse import publish
from selloff.warehouse.errors import NotAWarehouseError, WarehouseError, WarehouseLockedError
from tests.conftest import table_counts
from tests.fault_helpers import fingerprint

HANG_GUARD_S = 120.0  # only stops a stuck wait from hanging CI


def _write_marker(stage: publish.Stage, run_id: str) -> None:
    stage.connect().execute(
        "insert into meta.runs (run_id, kind, started_at, status, package_version) "
        "values (?, 'refresh', now(), 'ok', 't')",
        [run_id],
    )


def _run_ids(path: Path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {r[0] for r in con.execute("select run_id from meta.runs").fetchall()}


# --- D1: stages are per warehouse, and the staged file is verified before the rename -----------------


def test_two_warehouses_in_one_directory_never_touch_each_others_stage(
    snapshot_warehouse: Path,
) -> None:
    """Unfixed: both used ``<dir>/.staging`` and each writer deleted it on start, so ``b``'s writer
    removed ``a``'s stage mid-run and ``a`` was published as an empty 12 KB database (exit 0)."""
    a = snapshot_warehouse
    b = a.with_name("b.duckdb")
    shutil.copyfile(a, b)
    counts_a = table_counts(a)
    with publish.staged(a, lock_timeout_s=5) as stage_a:
        _write_marker(stage_a, "a-run")
        with publish.staged(b, lock_timeout_s=5) as stage_b:  # b's writer starts and ends meanwhile
            _write_marker(stage_b, "b-run")
    after_a = table_counts(a)
    assert after_a["raw.observations"] == counts_a["raw.observations"] > 0
    assert after_a["meta.runs"] == counts_a["meta.runs"] + 1
    assert "a-run" in _run_ids(a) and "b-run" in _run_ids(b)
    assert sorted(p.name for p in a.parent.iterdir()) == sorted(
        [a.name, b.name, a.name + ".lock", b.name + ".lock"]
    )


def test_a_stage_removed_under_a_writer_is_refused_not_published_empty(snapshot_warehouse: Path) -> None:
    """Unfixed: the publish reconnected to the missing stage path, which made an empty database, and
    renamed that over the warehouse."""
    before = fingerprint(snapshot_warehouse)
    with pytest.raises(WarehouseError, match="disappeared before publishing; nothing was published"):
        with publish.staged(snapshot_warehouse, lock_timeout_s=5) as stage:
            _write_marker(stage, "x")
            stage.close_all()
            shutil.rmtree(stage.path.parent)  # as another process's cleanup did
    assert fingerprint(snapshot_warehouse) == before


def test_a_staged_file_that_lost_its_tables_is_refused(snapshot_warehouse: Path) -> None:
    """The publish checks what it renames: every relation the stage held and at least its runs."""
    before = fingerprint(snapshot_warehouse)
    with pytest.raises(WarehouseError, match=r"the staged warehouse lacks \d+ of its relations"):
        with publish.staged(snapshot_warehouse, lock_timeout_s=5) as stage:
            stage.close_all()
            stage.path.unlink()
            duckdb.connect(str(stage.path)).close()  # an empty database where the stage was
    assert fingerprint(snapshot_warehouse) == before


def test_a_staged_file_that_lost_runs_is_refused(snapshot_warehouse: Path) -> None:
    before = fingerprint(snapshot_warehouse)
    with pytest.raises(WarehouseError, match=r"holds 0 runs, fewer than the 1 it was copied with"):
        with publish.staged(snapshot_warehouse, lock_timeout_s=5) as stage:
            stage.connect().execute("delete from meta.runs")
    assert fingerprint(snapshot_warehouse) == before


def test_a_connection_left_open_on_the_stage_stops_the_publish(snapshot_warehouse: Path) -> None:
    """A connection to the stage that outlives the publish could write into the published file after
    the rename; the read-only verification cannot open a file this process still has open read-write."""
    before = fingerprint(snapshot_warehouse)
    leaked: list[duckdb.DuckDBPyConnection] = []
    with pytest.raises(WarehouseError, match="does not open read-only"):
        with publish.staged(snapshot_warehouse, lock_timeout_s=5) as stage:
            leaked.append(duckdb.connect(str(stage.path)))  # not through stage.connect(): not closed
    leaked[0].close()
    assert fingerprint(snapshot_warehouse) == before


# --- D7: a read-write session is refused right before the rename, not only at the start ---------------

_SESSION = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
if sys.argv[2] == "write":
    con.execute("update meta.runs set status = 'failed'")  # a change that sits in the WAL
print("ready", flush=True)
sys.stdin.read()  # hold the session until the test closes stdin
con.close()
"""


class ReadWriteSession:
    """Another process with a DuckDB file open read-write; ``mode`` "write" leaves a change in its WAL."""

    def __init__(self, path: Path, mode: str) -> None:
        self.path, self.mode = path, mode
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _SESSION, str(self.path), self.mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready"

    def close(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            self.proc.stdin.close()
            self.proc.wait(timeout=HANG_GUARD_S)


@pytest.mark.parametrize("mode", ["write", "open"])
def test_a_read_write_session_opened_mid_run_stops_the_publish(snapshot_warehouse: Path, mode: str) -> None:
    """Unfixed: the WAL was checked only when the run started. A session opened afterwards let the
    publish through, and its WAL (kept by path) was replayed onto the new file later: runs deleted, a
    value changed. Now the check runs again right before the rename, and also catches a session that
    has changed nothing yet (``open``: DuckDB's write lock on the file), whose next change would go to
    that WAL."""
    session = ReadWriteSession(snapshot_warehouse, mode)
    try:
        with pytest.raises(WarehouseError, match="read-write") as info:
            with publish.staged(snapshot_warehouse, lock_timeout_s=5) as stage:
                _write_marker(stage, "calibrate-x")
                session.start()  # after the run's own check at the start
    finally:
        session.close()
    assert "\n" not in str(info.value)
    assert "calibrate-x" not in _run_ids(snapshot_warehouse)
    assert not publish.staging_dir(snapshot_warehouse).exists()


# --- D8: a symlinked warehouse stays a symlink, and every name of one file takes one lock -------------


def test_a_symlinked_warehouse_is_published_through_the_link(
    snapshot_warehouse: Path, tmp_path: Path
) -> None:
    """Unfixed: the rename replaced the symlink itself with a regular file (the real warehouse kept its
    old content), and the lock was taken on ``link.lock``, beside the link."""
    link = tmp_path / "elsewhere" / "selloff.duckdb"
    link.parent.mkdir()
    link.symlink_to(snapshot_warehouse)
    with publish.staged(link, lock_timeout_s=5) as stage:
        _write_marker(stage, "through-the-link")
    assert link.is_symlink() and link.resolve() == snapshot_warehouse.resolve()
    assert "through-the-link" in _run_ids(snapshot_warehouse)
    assert sorted(p.name for p in link.parent.iterdir()) == ["selloff.duckdb"]  # no lock or stage here


def test_two_names_of_one_warehouse_share_one_lock(snapshot_warehouse: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.duckdb"
    link.symlink_to(snapshot_warehouse)
    with publish.writer_lock(snapshot_warehouse, timeout_s=5):
        with pytest.raises(WarehouseLockedError, match=r"another selloff writer \(pid \d+\)"):
            with publish.staged(link, lock_timeout_s=0.3):
                pass


# --- D11: a --warehouse that is not a selloff warehouse --------------------------------------------------


def _foreign_duckdb(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create table customers (id integer, name varchar)")
        con.execute("insert into customers values (1, 'Ada')")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a directory; name the DuckDB file"),
        (lambda p: p.write_text("hello\n"), "is not a DuckDB database"),
        (lambda p: p.write_bytes(os.urandom(64 * 1024)), "is not a DuckDB database"),
        (_foreign_duckdb, "is a DuckDB database of another application (no meta.runs table)"),
    ],
    ids=["directory", "text-file", "random-bytes", "foreign-duckdb"],
)
def test_a_path_that_is_not_a_selloff_warehouse_is_refused_untouched(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    """Unfixed: tracebacks from DuckDB or the file system, and ``refresh`` added selloff's tables to
    another application's database."""
    path = tmp_path / "target.duckdb"
    make(path)
    before = fingerprint(path) if path.is_file() else None
    with pytest.raises(NotAWarehouseError, match=re.escape(message)) as info:
        with publish.staged(path, lock_timeout_s=5):
            pass
    assert "\n" not in str(info.value)
    if before is not None:
        assert fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target.duckdb"]  # no lock, no stage


def test_an_empty_duckdb_file_and_a_new_path_are_fine(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    publish.check_warehouse_file(empty)
    publish.check_warehouse_file(tmp_path / "new" / "selloff.duckdb")
    with pytest.raises(NotAWarehouseError, match="is not a directory"):
        publish.check_warehouse_file(empty / "selloff.duckdb")


# --- D14: selloff's readers never open the file while a publish renames it ----------------------------


def test_a_reader_waits_for_a_rename_in_progress(snapshot_warehouse: Path) -> None:
    """The rename holds the gate exclusively; a reader's ``duckdb.connect`` starts only after it.
    (A wrong gate lets the reader open at once; a slow machine can only hide that, never fake it.)"""
    publish.initialise(snapshot_warehouse, lock_timeout_s=5)  # the lock file the gate lives in
    opened = threading.Event()

    def read() -> None:
        publish.connect_read_only(snapshot_warehouse).close()
        opened.set()

    with publish.rename_gate(snapshot_warehouse, exclusive=True):
        reader = threading.Thread(target=read)
        reader.start()
        assert not opened.wait(0.5)
    assert opened.wait(HANG_GUARD_S)
    reader.join()


def test_a_publish_waits_for_a_reader_opening_the_file(snapshot_warehouse: Path) -> None:
    publish.initialise(snapshot_warehouse, lock_timeout_s=5)
    inode = snapshot_warehouse.stat().st_ino
    done = threading.Event()

    def write() -> None:
        with publish.staged(snapshot_warehouse, lock_timeout_s=5) as stage:
            _write_marker(stage, "after-the-reader")
        done.set()

    with publish.rename_gate(snapshot_warehouse, exclusive=False):  # a reader inside duckdb.connect
        writer = threading.Thread(target=write)
        writer.start()
        assert not done.wait(0.5)
        assert snapshot_warehouse.stat().st_ino == inode
    assert done.wait(HANG_GUARD_S)
    writer.join()
    assert snapshot_warehouse.stat().st_ino != inode
    assert "after-the-reader" in _run_ids(snapshot_warehouse)
