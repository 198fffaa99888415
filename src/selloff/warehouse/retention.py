"""Retention: per-run detail for the newest runs, headline rows for ever, and compaction.

Every calibrate run stores its joint draws (``calib.draws``: draws x tenors x methods, the bulk of a
calibration) and every project run its monthly paths (``proj.yield_paths``, ``proj.bond_prices``: scenarios
x months x tenors). Kept for every nightly, they grow the warehouse by megabytes a night, and every
publish copies the whole file. So the detail is kept for the newest ``keep`` calibrate runs and the
newest ``keep`` project runs (setting ``keep_run_detail``, env ``SELLOFF_KEEP_RUN_DETAIL``), plus the
runs the newest nightly job built on; everything else of a run (its ``meta.runs`` row, parameters,
scenarios, fiscal years, mitigations, diagnostics) is kept for ever. A pruned run is listed in
``meta.pruned_runs``.

:func:`prune_detail` runs inside every calibrate and project run's stage (so the file stops growing:
DuckDB reuses the freed blocks), and in ``selloff prune``, which also :func:`compact`\\ s the file (DuckDB
never shrinks a file on its own; a rewrite returns the free blocks to the file system).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

import duckdb

from selloff.warehouse.publish import SELLOFF_SCHEMAS, Stage, sql_literal, staged
from selloff.warehouse.schema import apply_sql, load_catalog_table

DETAIL_TABLES: Final[dict[str, tuple[str, ...]]] = {
    "calibrate": ("calib.draws",),
    "project": ("proj.yield_paths", "proj.bond_prices"),
}
"""The per-run detail of each run kind: the only tables retention deletes from (a fixed list, so the
names may be written into SQL)."""

_RUNS_BEYOND_KEEP = """
with
    newest_nightly as (
        select parent_run_ids from meta.runs
        where kind = 'nightly' and status in ('ok', 'partial')
        order by started_at desc
        limit 1
    ),
    protected as (select unnest(parent_run_ids) as run_id from newest_nightly),
    ranked as (
        select run_id, kind,
            row_number() over (partition by kind order by started_at desc, run_id desc) as newness
        from meta.runs
        where kind in ('calibrate', 'project') and status in ('ok', 'partial')
    )
select run_id, kind from ranked
where newness > $keep
    and run_id not in (select run_id from protected)
    and run_id not in (select run_id from meta.pruned_runs)
order by run_id
"""


@dataclass(frozen=True)
class PruneResult:
    """What :func:`prune_detail` deleted: the runs, and rows per table; for ``selloff prune``, also the
    warehouse file's size before and after (bytes)."""

    runs: tuple[str, ...]
    rows_deleted: dict[str, int]
    bytes_before: int | None = None
    bytes_after: int | None = None

    @property
    def total_rows(self) -> int:
        return sum(self.rows_deleted.values())


def runs_to_prune(con: duckdb.DuckDBPyConnection, *, keep: int) -> list[tuple[str, str]]:
    """``(run_id, kind)`` of the calibrate and project runs whose detail retention would delete.

    Runs that ended ``ok`` or ``partial`` are ranked per kind, newest first; those past ``keep`` go,
    except the parents of the newest nightly job (what the ``report.*`` views and the last report
    show) and runs already pruned. Failed runs hold no detail and do not count.
    """
    if keep < 1:
        raise ValueError(f"keep must be at least 1 run, got {keep}")
    return [(r[0], r[1]) for r in con.execute(_RUNS_BEYOND_KEEP, {"keep": keep}).fetchall()]


def prune_detail(con: duckdb.DuckDBPyConnection, *, keep: int, now: datetime) -> PruneResult:
    """Delete the detail of the runs :func:`runs_to_prune` names, in one transaction; list them in
    ``meta.pruned_runs`` (stamped ``now``, UTC)."""
    doomed = runs_to_prune(con, keep=keep)
    if not doomed:
        return PruneResult((), {})
    per_run: dict[str, int] = {run_id: 0 for run_id, _ in doomed}
    deleted: dict[str, int] = {}
    con.execute("begin transaction")
    try:
        for kind, tables in DETAIL_TABLES.items():
            ids = [run_id for run_id, k in doomed if k == kind]
            if not ids:
                continue
            for table in tables:
                counts = con.execute(
                    f"select run_id, count(*) from {table} where run_id in (select unnest($ids)) group by 1",  # noqa: S608
                    {"ids": ids},
                ).fetchall()
                for run_id, n in counts:
                    per_run[run_id] += int(n)
                con.execute(f"delete from {table} where run_id in (select unnest($ids))", {"ids": ids})  # noqa: S608
                deleted[table] = sum(int(n) for _, n in counts)
        con.executemany(
            "insert into meta.pruned_runs (run_id, pruned_at, rows_deleted) values (?, ?, ?)",
            [(run_id, now, n) for run_id, n in per_run.items()],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return PruneResult(tuple(per_run), deleted)


def compact(stage: Stage) -> None:
    """Rewrite the staged file without its free blocks: a fresh file gets the schema from ``sql/`` and
    every base table's rows, then takes the stage's place. (The stage's connections are closed.)"""
    stage.close_all()
    fresh = stage.path.with_name(stage.path.name + ".compact")
    fresh.unlink(missing_ok=True)
    con = duckdb.connect(str(fresh))
    try:
        apply_sql(con)
        load_catalog_table(con)
        con.execute(f"attach {sql_literal(str(stage.path))} as old (read_only)")
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where database_name = 'old' and schema_name in (select unnest(?::varchar[])) "
            "and not (schema_name = 'meta' and table_name = 'catalog') order by 1, 2",
            [list(SELLOFF_SCHEMAS)],
        ).fetchall()
        con.execute("begin transaction")
        for schema_name, table_name in tables:
            target = f"{_identifier(schema_name)}.{_identifier(table_name)}"
            con.execute(f"insert into {target} by name select * from old.{target}")  # noqa: S608
        con.execute("commit")
        con.execute("detach old")
        con.execute("checkpoint")
    finally:
        con.close()
    fresh.replace(stage.path)


def prune_warehouse(published: Path, *, keep: int, now: datetime, lock_timeout_s: float) -> PruneResult:
    """``selloff prune``: prune the detail beyond ``keep`` runs, compact, publish (one staged write)."""
    before = published.stat().st_size
    with staged(published, lock_timeout_s=lock_timeout_s) as stage:
        result = prune_detail(stage.connect(), keep=keep, now=now)
        compact(stage)
    return PruneResult(result.runs, result.rows_deleted, before, published.stat().st_size)


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
