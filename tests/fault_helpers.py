"""Helpers for tests/test_fault_injection.py: file fingerprints, consistency invariants, reader processes.

Run as a script, this module is a reader process (only the standard library and duckdb are imported, so
it starts fast and never touches selloff's code)::

    python tests/fault_helpers.py loop WAREHOUSE STOP_FILE LOG   # connect, read, close, repeat
    python tests/fault_helpers.py hold WAREHOUSE STOP_FILE LOG   # one connection held open throughout

Each read appends one JSON line to LOG: the state it saw (``runs``: rows in meta.runs), the invariants
that failed (``violations``), and any error (``error``). The reader stops when STOP_FILE exists.
"""

from __future__ import annotations

import faulthandler
import hashlib
import json
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

INVARIANTS_SQL = """
with
    finished as (select run_id, kind from meta.runs where status in ('ok', 'partial')),
    pruned as (select run_id from meta.pruned_runs),  -- retention deleted their draws / paths
    parents as (select unnest(parent_run_ids) as parent_id from meta.runs),
    scenarios as (select distinct run_id, scenario from proj.scenarios),
    fiscal as (select distinct run_id, scenario from proj.fiscal_annual),
    paths as (select distinct run_id, scenario from proj.yield_paths)
select
    (select count(*) from meta.runs) as runs,
    -- a published warehouse holds finished runs only: 'running' means a half-written file
    (select count(*) from meta.runs where status = 'running' or finished_at is null) as unfinished_runs,
    (select count(*) from parents where parent_id not in (select run_id from meta.runs)) as dangling_parents,
    (select count(*) from (select distinct run_id from raw.observations)
        where run_id not in (select run_id from finished where kind = 'refresh')) as orphan_observations,
    (select count(*) from finished as r where r.kind = 'refresh'
        and r.run_id not in (select run_id from meta.load_checks)) as refresh_without_checks,
    (select count(*) from finished as r where r.kind = 'calibrate'
        and (r.run_id not in (select run_id from calib.calibrations)
            or r.run_id not in (select run_id from calib.parameters)
            or (r.run_id not in (select run_id from calib.draws)
                and r.run_id not in (select run_id from pruned)))) as calibration_incomplete,
    (select count(*) from (select distinct run_id from calib.parameters)
        where run_id not in (select run_id from finished where kind = 'calibrate')) as orphan_parameters,
    (select count(*) from finished as r where r.kind = 'project'
        and r.run_id not in (select run_id from scenarios)) as projection_without_scenarios,
    (select count(*) from (select * from scenarios except select * from fiscal))
        + (select count(*) from (select * from scenarios except select * from paths)
            where run_id not in (select run_id from pruned)) as scenario_incomplete,
    (select count(*) from (select distinct run_id from proj.fiscal_annual)
        where run_id not in (select run_id from finished where kind = 'project')) as orphan_fiscal_rows,
    -- a main job that ended lists its four step runs; one that failed lists none and names its step
    (select count(*) from meta.runs where kind = 'nightly'
        and (case when status = 'failed' then len(parent_run_ids) <> 0 or failed_step is null
             else len(parent_run_ids) <> 4 end)) as nightly_incomplete
"""
"""One row: ``runs`` (the state) and one count per invariant, each 0 in a consistent warehouse."""


def check_invariants(con: duckdb.DuckDBPyConnection) -> tuple[int, dict[str, int]]:
    """``(rows in meta.runs, {invariant: violations})`` read in one transaction of ``con``.

    meta.runs is counted twice, by two statements of the same transaction: a reader whose view moved
    between them would report ``runs_moved_within_transaction``.
    """
    con.execute("begin transaction")
    try:
        (runs_first,) = con.execute("select count(*) from meta.runs").fetchone() or (0,)
        cursor = con.execute(INVARIANTS_SQL)
        names = [d[0] for d in cursor.description]
        row = dict(zip(names, cursor.fetchone() or (), strict=True))
    finally:
        con.execute("commit")
    runs = int(row.pop("runs"))
    violations = {name: int(n) for name, n in row.items() if n}
    if runs != runs_first:
        violations["runs_moved_within_transaction"] = abs(runs - runs_first)
    return runs, violations


def fingerprint(path: Path) -> tuple[str, int, int]:
    """SHA-256, size and mtime (ns) of a file: equal fingerprints mean the file was not rewritten."""
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_size, stat.st_mtime_ns


def beside(path: Path) -> list[str]:
    """What lies in the warehouse's directory (names, sorted)."""
    return sorted(p.name for p in path.parent.iterdir())


def max_in_window(times: list[float], window_s: float) -> int:
    """The most ``times`` any half-open interval ``[t, t + window_s)`` holds."""
    times = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= window_s:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def densest_window(times: list[float], window_s: float) -> tuple[int, int]:
    """``(first, last)`` indices into sorted ``times`` of the densest half-open ``window_s`` interval."""
    times = sorted(times)
    best, lo, span = 0, 0, (0, -1)
    for hi, t in enumerate(times):
        while t - times[lo] >= window_s:
            lo += 1
        if hi - lo + 1 > best:
            best, span = hi - lo + 1, (lo, hi)
    return span


@dataclass(frozen=True)
class ReaderLog:
    """What one reader process saw."""

    reads: list[dict[str, Any]]

    @classmethod
    def load(cls, path: Path) -> ReaderLog:
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        return cls([json.loads(line) for line in lines if line.strip()])

    @property
    def errors(self) -> list[str]:
        return [r["error"] for r in self.reads if r["error"]]

    @property
    def violations(self) -> list[dict[str, int]]:
        return [r["violations"] for r in self.reads if r["violations"]]

    @property
    def states(self) -> list[int]:
        """The distinct meta.runs counts seen, in the order first seen."""
        seen: list[int] = []
        for r in self.reads:
            if r["runs"] is not None and r["runs"] not in seen:
                seen.append(r["runs"])
        return seen


def _append(log: Path, record: dict[str, Any]) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")
        out.flush()
        os.fsync(out.fileno())


def _error_text(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def reader_main(mode: str, warehouse: Path, stop_file: Path, log: Path, pause_s: float = 0.25) -> None:
    """Read until ``stop_file`` exists; see the module docstring."""
    faulthandler.enable()  # a crash in DuckDB leaves a traceback on stderr, not just a signal
    held = duckdb.connect(str(warehouse), read_only=True) if mode == "hold" else None
    try:
        while not stop_file.exists():
            record: dict[str, Any] = {"t": time.time(), "runs": None, "violations": {}, "error": None}
            try:
                if held is not None:
                    record["runs"], record["violations"] = check_invariants(held)
                else:
                    with duckdb.connect(str(warehouse), read_only=True) as con:
                        record["runs"], record["violations"] = check_invariants(con)
            except Exception as exc:  # every error is the finding; keep reading
                record["error"] = _error_text(exc)
            _append(log, record)
            time.sleep(pause_s)
    finally:
        if held is not None:
            held.close()


if __name__ == "__main__":
    mode, warehouse_arg, stop_arg, log_arg = sys.argv[1:5]
    if mode not in ("loop", "hold"):
        raise SystemExit(f"unknown reader mode {mode!r} (loop, hold)")
    reader_main(mode, Path(warehouse_arg), Path(stop_arg), Path(log_arg))
