"""`selloff export`: published tables only, one run's rows, CSV and Parquet via DuckDB's COPY."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_cli


def _project_run(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return str(con.execute("select run_id from meta.runs where kind = 'project'").fetchone()[0])


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_one_runs_rows_equal_the_table(projected_warehouse: Path, tmp_path: Path, fmt: str) -> None:
    run_id = _project_run(projected_warehouse)
    target = tmp_path / "out" / f"fiscal.{fmt}"
    result = run_cli(
        "--warehouse",
        str(projected_warehouse),
        "export",
        "--table",
        "proj.fiscal_annual",
        "--run",
        run_id,
        "--format",
        fmt,
        "--out",
        str(target),
    )
    assert result.returncode == 0, result.stderr
    reader = "read_csv_auto" if fmt == "csv" else "read_parquet"
    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        expected = con.execute(
            "select scenario, fy, delta_interest_usd_bn from proj.fiscal_annual "
            "where run_id = ? order by 1, 2",
            [run_id],
        ).fetchall()
        exported = con.execute(
            f"select scenario, fy, delta_interest_usd_bn from {reader}(?) order by 1, 2", [str(target)]
        ).fetchall()
    assert exported == expected  # DuckDB writes doubles to CSV as shortest round-trip decimals
    assert len(exported) == 77  # 7 bundled scenarios x 11 fiscal years (July 2026 - September 2036)
    assert "wrote 77 rows of proj.fiscal_annual" in result.stderr
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no partial file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--table", "pg_catalog.pg_tables"], "unknown table"),
        (["--table", "proj.fiscal_annual; drop table x"], "unknown table"),
        (["--table", "marts.coverage", "--run", "x"], "no run_id column"),
        (["--table", "proj.fiscal_annual", "--run", "project-nope"], "no rows for run"),
    ],
)
def test_export_refuses_bad_requests(
    projected_warehouse: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "x.csv"
    result = run_cli(
        "--warehouse", str(projected_warehouse), "export", *args, "--format", "csv", "--out", str(target)
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    ("make_out", "message"),
    [
        (lambda tmp: tmp, "must name a file, not the directory"),
        (lambda tmp: Path(""), "must name a file"),
        (lambda tmp: tmp / "a-file" / "x.csv", "cannot write"),  # its parent is a file
    ],
)
def test_export_to_an_unwritable_path_is_one_line_and_leaves_nothing(
    projected_warehouse: Path, tmp_path: Path, make_out: Callable[[Path], Path], message: str
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "a-file").write_text("in the way")
    result = run_cli(
        "--warehouse", str(projected_warehouse), "export", "--table", "proj.fiscal_annual",
        "--format", "csv", "--out", str(make_out(out_dir)),
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["a-file"]
    assert not list(tmp_path.rglob("*.partial"))  # no partial file left anywhere


def test_every_stored_and_report_table_is_exportable_and_nothing_else(projected_warehouse: Path) -> None:
    from selloff.calibration.store import CALIB_TABLES
    from selloff.delivery import exports
    from selloff.projection.store import PROJ_TABLES

    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        exportable = set(exports.published_tables(con))
    assert {
        *CALIB_TABLES,
        *PROJ_TABLES,
        "raw.observations",
        "meta.runs",
        "report.fiscal_annual",
    } <= exportable
    assert {name.split(".")[0] for name in exportable} == set(exports.PUBLISHED_SCHEMAS)


# --- what --out may replace (D2) ---------------------------------------------------------------------


def _fifo(tmp: Path) -> Path:
    path = tmp / "pipe"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("make_out", "message"),
    [
        (lambda tmp, wh: "/dev/null", "is not a regular file (a device, pipe or socket)"),
        (lambda tmp, wh: str(_fifo(tmp)), "is not a regular file"),
        (lambda tmp, wh: str(tmp / "newdir") + "/", "must name a file, not the directory"),
        (lambda tmp, wh: str(wh), "is the warehouse or one of its files"),
        (lambda tmp, wh: str(wh) + ".lock", "is the warehouse or one of its files"),
        (lambda tmp, wh: str(wh) + ".wal", "is the warehouse or one of its files"),
        (lambda tmp, wh: str(wh.parent / f".{wh.name}.staging" / "x.csv"), "is the warehouse or one of"),
        (lambda tmp, wh: str(wh.parent / "sub" / ".." / wh.name), "is the warehouse or one of its files"),
        (lambda tmp, wh: str(_link(tmp / "link.csv", wh)), "is the warehouse or one of its files"),
    ],
    ids=["dev-null", "fifo", "trailing-slash", "warehouse", "lock", "wal", "stage", "dotdot", "symlink"],
)
def test_export_target_refuses_anything_but_a_new_or_regular_file(
    tmp_path: Path, make_out: Callable[[Path, Path], str], message: str
) -> None:
    from selloff.delivery.exports import ExportError, export_target

    warehouse = tmp_path / "wh" / "selloff.duckdb"
    (warehouse.parent / "sub").mkdir(parents=True)
    warehouse.write_bytes(b"")
    with pytest.raises(ExportError, match=re.escape(message)):
        export_target(make_out(tmp_path, warehouse), warehouse)


def _link(link: Path, to: Path) -> Path:
    link.symlink_to(to)
    return link


def test_export_target_accepts_a_new_file_a_regular_file_and_follows_a_link(tmp_path: Path) -> None:
    from selloff.delivery.exports import export_target

    warehouse = tmp_path / "selloff.duckdb"
    existing = tmp_path / "old.csv"
    existing.write_text("old")
    assert export_target(str(tmp_path / "new.csv"), warehouse) == (tmp_path / "new.csv").resolve()
    assert export_target(str(existing), warehouse) == existing.resolve()
    assert export_target(str(_link(tmp_path / "l.csv", existing)), warehouse) == existing.resolve()


def test_export_onto_the_warehouse_is_refused_and_leaves_it_intact(
    projected_warehouse: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "selloff.duckdb"  # a copy: the shared fixture is not put at risk
    shutil.copyfile(projected_warehouse, warehouse)
    before = warehouse.read_bytes()
    result = run_cli(
        "--warehouse", str(warehouse), "export", "--table", "proj.fiscal_annual",
        "--format", "csv", "--out", str(warehouse),
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "is the warehouse or one of its files" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert warehouse.read_bytes() == before
