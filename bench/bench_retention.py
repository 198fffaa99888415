"""Benchmark: warehouse size and publish time after a year of nightly runs, with and without retention.

Run: ``.venv/bin/python bench/bench_retention.py [--nights 365] [--keep 30] [--base WAREHOUSE]``.

The first nightly is real: ``selloff run`` on the embedded snapshot into a fresh directory (1,000 draws
per scenario, as the nightly default). The other nights are *simulated*: 364 full runs would take hours
on a 2-core machine, so each later night inserts the rows a nightly writes (a copy of the first
nightly's refresh, calibrate, project, report and nightly runs — every row carrying one of their
run_ids, in every table — under new run ids, started one day later). New raw observations (a handful
of rows a night) are left out; they are negligible beside a calibration's draws and a projection's paths.

* **with retention**: nights 2 to ``--full`` (40) insert every row a nightly writes and prune the detail
  beyond ``--keep`` runs exactly as every calibrate and project run does, then checkpoint (as a publish
  does), in one session; the file's size is taken after each (it stops growing once pruning starts,
  DuckDB reusing the freed blocks). Later nights insert only what retention leaves of a night past
  ``--keep`` (its headline rows and run records): a real publish per night copies the whole file, and
  on this shared machine even the in-session simulation of every row took ~20 s a night. The last
  ``--timed`` nights are real publishes (``publish.staged``: copy the file to the stage, write every
  row, prune, checkpoint, verify, rename), timed. Then ``selloff prune`` (prune and compact), timed.
* **without retention** (what the warehouse did before): extrapolated from the growth per night
  measured over the nights before pruning starts (nights 2 to ``--keep``); growth is linear then.

``--bulk`` (what BENCHMARKS.md reports): the year is built set-based in a few statements instead
(:func:`bulk_year`: every night's headline rows and run records, the detail of the newest ``--keep``
nights only, or of every night with ``--without``), then published once, timed, and pruned and
compacted, timed. The night-by-night simulation above ran at ~25 s to 90 s a night on the shared
machine (load average up to 18), too slow for 365 nights; its first nights gave the growth per night.

Printed as a Markdown table for BENCHMARKS.md. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import duckdb

from selloff.warehouse import publish, retention
from selloff.warehouse.runs import utc_now

BIN = Path(sys.executable).parent
NIGHTLY_KINDS = ("refresh", "calibrate", "project", "report")


def run_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The base tables of ``meta``, ``calib`` and ``proj`` with a ``run_id`` column, except the run
    records themselves (``raw`` rows are keyed by date and vintage: a later night adds only new ones)."""
    rows = con.execute(
        "select c.table_schema || '.' || c.table_name from information_schema.columns as c "
        "join information_schema.tables as t using (table_schema, table_name) "
        "where c.column_name = 'run_id' and t.table_type = 'BASE TABLE' "
        "and c.table_schema in ('meta', 'calib', 'proj') "
        "and c.table_schema || '.' || c.table_name not in ('meta.runs', 'meta.pruned_runs') order by 1"
    ).fetchall()
    return [r[0] for r in rows]


def latest_nightly(con: duckdb.DuckDBPyConnection) -> tuple[str, list[str]]:
    row = con.execute(
        "select run_id, parent_run_ids from meta.runs where kind = 'nightly' order by started_at desc limit 1"
    ).fetchone()
    if row is None:
        raise SystemExit("no nightly run in the warehouse")
    return str(row[0]), [str(p) for p in row[1]]


def clone_nightly(
    con: duckdb.DuckDBPyConnection, tables: list[str], nightly: str, parents: list[str], night: int
) -> str:
    """Insert a copy of the nightly ``nightly`` and its step runs, ``night`` days later; its new id."""
    mapping = {old: f"{old.rsplit('-', 1)[0]}-n{night:04d}" for old in [*parents, nightly]}
    shift = timedelta(days=night)
    for old, new in mapping.items():
        for table in tables:
            con.execute(
                f"insert into {table} by name select * replace (? as run_id) from {table} where run_id = ?",
                [new, old],
            )
        con.execute(
            "insert into meta.runs by name select * replace (? as run_id, started_at + ? as started_at, "
            "finished_at + ? as finished_at, ?::varchar[] as parent_run_ids) from meta.runs where run_id = ?",
            [new, shift, shift, [mapping[p] for p in parents] if old == nightly else [], old],
        )
    return mapping[nightly]


def first_nightly(workdir: Path) -> Path:
    """A warehouse after one real `selloff run` on the snapshot."""
    warehouse = workdir / "warehouse" / "selloff.duckdb"
    env = {
        **os.environ,
        "PREFECT_HOME": str(workdir / "prefect"),
        # a loaded shared machine can take longer than Prefect's default 20 s to start its server
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    }
    log = workdir / "first-nightly.log"
    with log.open("w") as stderr:  # a file, not a pipe: a lingering Prefect server would hold a pipe open
        result = subprocess.run(
            [str(BIN / "selloff"), "--warehouse", str(warehouse), "run", "-q"],
            cwd=workdir,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            check=False,
        )
    if result.returncode != 0:
        raise SystemExit(f"the first nightly failed: {log.read_text().strip()[-2000:]}")
    return warehouse


def with_retention(base: Path, nights: int, keep: int, full: int, timed: int) -> dict[str, float]:
    path = base.with_name("retained.duckdb")
    shutil.copyfile(base, path)
    headline_tables = [t for t in run_tables(duckdb.connect(str(base), read_only=True)) if t not in DETAIL]
    with duckdb.connect(str(path)) as con:
        tables, (nightly, parents) = run_tables(con), latest_nightly(con)
        for night in range(1, nights - timed):
            if night < full:  # every row a nightly writes, then the prune every calibrate / project does
                clone_nightly(con, tables, nightly, parents, night)
                retention.prune_detail(con, keep=keep, now=utc_now())
                con.execute("checkpoint")  # as each night's publish does: freed blocks become reusable
                sizes_mb.append(path.stat().st_size / 1e6)
            else:  # what retention leaves of a night once it is past keep: its headline rows and runs
                clone_nightly(con, headline_tables, nightly, parents, night)
    publish_s: list[float] = []
    for night in range(nights - timed, nights):  # the last nights: real publishes, timed
        started = time.perf_counter()
        with publish.staged(path, lock_timeout_s=60) as stage:
            con = stage.connect()
            clone_nightly(con, tables, nightly, parents, night)
            retention.prune_detail(con, keep=keep, now=utc_now())
        publish_s.append(time.perf_counter() - started)
    size_mb = path.stat().st_size / 1e6
    started = time.perf_counter()
    retention.prune_warehouse(path, keep=keep, now=utc_now(), lock_timeout_s=60)
    prune_s = time.perf_counter() - started
    return {
        "size_mb": size_mb,
        "publish_s_mean": sum(publish_s) / len(publish_s),
        "publish_s_max": max(publish_s),
        "prune_s": prune_s,
        "compacted_mb": path.stat().st_size / 1e6,
    }


DETAIL = {t for tables in retention.DETAIL_TABLES.values() for t in tables}
sizes_mb: list[float] = []  # file size after each fully simulated night (with retention)


def bulk_year(base: Path, nights: int, detail_nights: int, name: str) -> Path:
    """The warehouse after ``nights`` nightlies built in a few set-based statements: every night's
    headline rows and run records, and the detail of the newest ``detail_nights`` nights only (what
    retention keeps; ``nights`` for no retention). Night ``i``'s run ids end in ``-y<i>``."""
    path = base.with_name(name)
    shutil.copyfile(base, path)
    with duckdb.connect(str(path)) as con:
        tables, (nightly, parents) = run_tables(con), latest_nightly(con)
        ids = [*parents, nightly]
        first_detail = nights - detail_nights
        for table in tables:
            low = first_detail if table in DETAIL else 1
            con.execute(
                f"insert into {table} by name select t.* replace (t.run_id || '-y' || r.i as run_id) "
                f"from {table} as t, range(greatest(?, 1), ?) as r(i) where t.run_id in (select unnest(?))",
                [low, nights, ids],
            )
        shifted = "t.started_at + to_days(r.i::integer) as started_at, "
        con.execute(
            "insert into meta.runs by name select t.* replace (t.run_id || '-y' || r.i as run_id, "
            + shifted
            + "t.finished_at + to_days(r.i::integer) as finished_at, "
            "list_transform(t.parent_run_ids, p -> p || '-y' || r.i) as parent_run_ids) "
            "from meta.runs as t, range(1, ?) as r(i) where t.run_id in (select unnest(?))",
            [nights, ids],
        )
        if first_detail > 0:  # night 0's detail, pruned like every night past the newest
            for table in DETAIL:
                con.execute(f"delete from {table} where run_id in (select unnest(?))", [ids])
        con.execute("checkpoint")
    return path


def timed_publish(path: Path) -> float:
    """One publish of ``path`` as it stands (copy to the stage, schema, verify, rename), seconds."""
    started = time.perf_counter()
    with publish.staged(path, lock_timeout_s=60):
        pass
    return time.perf_counter() - started


def bulk_main(base: Path, nights: int, keep: int, without: bool) -> None:
    one_mb = base.stat().st_size / 1e6
    print(f"| after {nights} nightlies | size (MB) | publish (s) |")
    print("|---|---:|---:|")
    print(f"| 1 nightly (real `selloff run`) | {one_mb:,.1f} | {timed_publish(base):.2f} |", flush=True)
    kept = bulk_year(base, nights, keep, "retained.duckdb")
    size = kept.stat().st_size / 1e6
    print(f"| retention, keep {keep} | {size:,.0f} | {timed_publish(kept):.2f} |", flush=True)
    started = time.perf_counter()
    retention.prune_warehouse(kept, keep=keep, now=utc_now(), lock_timeout_s=60)
    prune_s = time.perf_counter() - started
    print(
        f"| then `selloff prune` | {kept.stat().st_size / 1e6:,.0f} | {prune_s:.2f} (the prune) |", flush=True
    )
    if without:
        kept.unlink()
        everything = bulk_year(base, nights, nights, "unpruned.duckdb")
        size = everything.stat().st_size / 1e6
        print(f"| no retention (before) | {size:,.0f} | {timed_publish(everything):.2f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nights", type=int, default=365)
    parser.add_argument("--keep", type=int, default=30, help="SELLOFF_KEEP_RUN_DETAIL")
    parser.add_argument("--full", type=int, default=40, help="nights simulated with every row")
    parser.add_argument("--timed", type=int, default=3, help="last nights published for real and timed")
    parser.add_argument("--base", type=Path, help="a warehouse after one nightly (default: run one)")
    parser.add_argument("--bulk", action="store_true", help="build the year set-based (see bulk_year)")
    parser.add_argument("--without", action="store_true", help="with --bulk: also the year unpruned")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="selloff-retention-") as tmp:
        if args.base:
            base = Path(tmp) / "warehouse" / "selloff.duckdb"
            base.parent.mkdir()
            shutil.copyfile(args.base, base)
        else:
            base = first_nightly(Path(tmp))
        if args.bulk:
            bulk_main(base, args.nights, args.keep, args.without)
            return
        one_night_mb = base.stat().st_size / 1e6
        started = time.perf_counter()
        with publish.staged(base, lock_timeout_s=60):
            pass
        first_publish_s = time.perf_counter() - started
        print(f"after 1 nightly: {one_night_mb:,.1f} MB, publish {first_publish_s:.2f} s", file=sys.stderr)
        kept = with_retention(base, args.nights, args.keep, args.full, args.timed)
    growth_mb = (sizes_mb[args.keep - 2] - one_night_mb) / (args.keep - 1)  # before any pruning
    print("sizes (MB) after nights 2..:", " ".join(f"{s:.0f}" for s in sizes_mb), file=sys.stderr)
    print(f"| after {args.nights} nightlies | size (MB) | publish (s) |")
    print("|---|---:|---:|")
    print(f"| 1 nightly (real `selloff run`) | {one_night_mb:,.1f} | {first_publish_s:.2f} |")
    print(
        f"| no retention (before): {growth_mb:.1f} MB per night, measured over nights 2–{args.keep} | "
        f"{one_night_mb + growth_mb * (args.nights - 1):,.0f} (extrapolated) | — |"
    )
    print(
        f"| retention, keep {args.keep} | {kept['size_mb']:,.0f} | {kept['publish_s_mean']:.2f} "
        f"(mean of the last {args.timed} nights; max {kept['publish_s_max']:.2f}) |"
    )
    compacted, prune_s = kept["compacted_mb"], kept["prune_s"]
    print(f"| then `selloff prune` (compact) | {compacted:,.0f} | {prune_s:.2f} (the prune) |")


if __name__ == "__main__":
    main()
