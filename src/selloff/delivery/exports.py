"""``selloff export``: one published table (or one run's rows of it) to CSV or Parquet via DuckDB COPY."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Literal

import duckdb

from selloff.warehouse.errors import WarehouseError
from selloff.warehouse.publish import companions, rename_gate, resolve, sql_literal

PUBLISHED_SCHEMAS: tuple[str, ...] = ("raw", "meta", "stg", "ref", "marts", "calib", "proj", "report")
"""What users may export: every table and view of these schemas, as the warehouse itself lists them (so a
table added in ``sql/`` is exportable without a second list to keep). A name is interpolated into SQL only
after it has been found in that list."""


class ExportError(ValueError):
    """Bad export request (unknown table, a run filter on a table without runs, an unknown run)."""


def published_tables(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """``{"schema.name": {column, …}}`` for every table and view of :data:`PUBLISHED_SCHEMAS`."""
    # literals, not bound parameters: binding one makes DuckDB import pandas (~0.5 s of the command)
    schemas = ", ".join(sql_literal(schema) for schema in PUBLISHED_SCHEMAS)
    listed = (
        "select table_schema || '.' || table_name, column_name from information_schema.columns "  # noqa: S608
        f"where table_schema in ({schemas})"
    )
    rows = con.execute(listed).fetchall()
    tables: dict[str, set[str]] = {}
    for name, column in rows:
        tables.setdefault(name, set()).add(column)
    return tables


def export_target(out: str | Path, published: Path) -> Path:
    """The file an export may replace: a new file or a regular one, never the warehouse or its companions.

    ``out`` as the user typed it: a trailing ``/`` names a directory. A symlink is followed (the file it
    points at is replaced; the link stays). Refused: a directory, a device such as ``/dev/null``, a pipe
    or socket, the warehouse file, its lock, WAL and stage.
    """
    text = str(out)
    if not text or text.endswith(("/", os.sep)) or Path(text).name in ("", ".", ".."):
        raise ExportError(f"--out must name a file, not the directory {text or '.'!r}")
    target = resolve(Path(text))
    if target.is_dir():
        raise ExportError(f"--out must name a file, not the directory {text!r}")
    if target.exists() and not target.is_file():
        raise ExportError(f"--out {text} is not a regular file (a device, pipe or socket); name a file")
    warehouse_files = companions(published)
    if target in warehouse_files or target.parent == warehouse_files[-1]:
        raise ExportError(f"--out {text} is the warehouse or one of its files; write the export elsewhere")
    return target


def export_table(
    published: Path,
    table: str,
    output_format: Literal["csv", "parquet"],
    out: str | Path,
    *,
    run_id: str | None = None,
) -> int:
    """Write ``table`` (rows of ``run_id`` only, if given) to ``out``; return the number of rows.

    The file appears complete or not at all: it is written beside ``out`` and renamed into place. What
    ``out`` may be is :func:`export_target`'s rule.
    """
    if output_format not in ("csv", "parquet"):
        raise ExportError(f"--format must be csv or parquet, not {output_format!r}")
    out = export_target(out, published)
    if not published.exists():
        raise WarehouseError(f"no warehouse at {published}: run `selloff run` first")
    # read-only, but with file access: COPY must write the export (the query itself is fixed here);
    # opened through the rename gate like every selloff reader (never mid-rename of a publish)
    with rename_gate(resolve(published), exclusive=False):
        con = duckdb.connect(str(published), read_only=True)
    with con:
        exportable = published_tables(con)
        if table not in exportable:
            raise ExportError(f"unknown table {table!r}; exportable: {', '.join(sorted(exportable))}")
        columns = exportable[table]
        where = ""
        if run_id is not None:
            if "run_id" not in columns:
                raise ExportError(f"{table} has no run_id column; drop --run")
            where = f" where run_id = {sql_literal(run_id)}"
        n_rows = con.execute(f"select count(*) from {table}{where}").fetchone()  # noqa: S608
        if run_id is not None and (n_rows is None or n_rows[0] == 0):
            raise ExportError(f"{table} has no rows for run {run_id!r}")
        partial = out.with_name(f".{out.name}.partial")
        options = "format csv, header" if output_format == "csv" else "format parquet, compression zstd"
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            con.execute(
                f"copy (select * from {table}{where}) to {sql_literal(str(partial))} ({options})"  # noqa: S608
            )
            os.replace(partial, out)
        except (OSError, duckdb.IOException) as exc:
            with contextlib.suppress(OSError):  # e.g. its directory could not be made
                partial.unlink(missing_ok=True)
            raise ExportError(f"cannot write {out}: {str(exc).splitlines()[0]}") from None
    return int(n_rows[0]) if n_rows else 0
