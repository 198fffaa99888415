"""Ad-hoc read-only SQL on the published warehouse (``selloff sql``): one statement, results to stdout.

Shared by the typer command (:func:`selloff.cli.sql`) and the console entry's fast path
(:mod:`selloff.launcher`), so both print the same bytes. Imports only DuckDB and the standard library,
and DuckDB only when a query runs (the CLI imports this module for its JSON helpers): the command's
start-up is most of its time (BENCHMARKS.md, "Interactive commands").

Guards are DuckDB's own (:data:`~selloff.warehouse.publish.READ_ONLY_CONFIG`: a read-only file, no
external access, no extensions, configuration locked), plus exactly one statement that returns rows.
Formats: ``table`` is DuckDB's box renderer (what its CLI shows: column types under the names, NULL as
``NULL``), every row; ``csv`` is RFC 4180 as pandas writes it (NULL and NaN empty); ``json`` is an array
of records with Python's full float precision, dates in ISO 8601, NaN/±inf as ``null``.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import sys
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from selloff.warehouse.errors import first_line

if TYPE_CHECKING:
    import duckdb

FORMATS = ("table", "csv", "json")
EXIT_FAILED, EXIT_BAD_INPUT = 1, 2  # the CLI's contract (selloff.cli)
UNLIMITED_ROWS = 2**62
"""The table shows every row (DuckDB's CLI stops at 40; a result the analyst asked for is printed whole)."""
PIPED_WIDTH = 10_000
"""Columns of a table written to a pipe or file: no column is dropped to fit a terminal that is not there."""


NO_RESULT = "the statement returns no result (give a query)"


class QueryError(Exception):
    """A refused or failed query, or a warehouse that cannot be read: one line, with the exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def json_default(value: Any) -> Any:
    """What ``json.dumps`` cannot write itself: dates and times ISO 8601, DECIMAL exact where JSON allows."""
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def finite(value: Any) -> Any:
    """NaN and ±inf as null: JSON has no such numbers (``json.dumps`` would write invalid ``NaN``)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def open_published(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The published warehouse, read-only with DuckDB's guards; :class:`QueryError` names what is wrong."""
    from selloff.warehouse import publish
    from selloff.warehouse.errors import NotAWarehouseError, WarehouseError

    try:
        return publish.connect_checked_read_only(warehouse)
    except NotAWarehouseError as exc:
        raise QueryError(str(exc), EXIT_BAD_INPUT) from None
    except WarehouseError as exc:
        raise QueryError(str(exc), EXIT_FAILED) from None


def run_query(
    warehouse: Path, query: str, output_format: str, run_id: str | None = None, out: TextIO | None = None
) -> None:
    """Run one read-only ``query`` on ``warehouse`` and write its result to ``out`` (stdout).

    ``run_id`` pins ``report.lineage`` (so every ``report.*`` view) to that projection or nightly run.
    Raises :class:`QueryError` (exit 2 for a refused or failing query, 1 for an unreadable warehouse);
    nothing is written to ``out`` then.
    """
    import duckdb

    from selloff.warehouse import publish

    if output_format not in FORMATS:
        raise QueryError(
            f"--format must be one of {', '.join(FORMATS)}, got {output_format!r}", EXIT_BAD_INPUT
        )
    stream = sys.stdout if out is None else out
    with open_published(warehouse) as con:
        try:
            statements = con.extract_statements(query)
            if len(statements) != 1:
                raise QueryError(f"give exactly one SQL statement, got {len(statements)}", EXIT_BAD_INPUT)
            if run_id is not None:  # a literal: binding a parameter makes DuckDB import pandas (~0.8 s)
                con.execute(f"set variable report_run_id = {publish.sql_literal(run_id)}")
            if output_format == "table":
                text = _rendered_table(con, query, table_width(stream))
            else:
                cursor = con.execute(query)
                if cursor.description is None:
                    raise QueryError(NO_RESULT, EXIT_BAD_INPUT)
                columns = [d[0] for d in cursor.description]
                rows = cursor.fetchall()
        except (duckdb.PermissionException, duckdb.InvalidInputException) as exc:
            raise QueryError(
                "refused: `selloff sql` is read-only (no writes, COPY … TO, ATTACH, file reads, INSTALL or "
                f"settings): {first_line(exc)}",
                EXIT_BAD_INPUT,
            ) from None
        except duckdb.Error as exc:
            raise QueryError(f"query failed: {first_line(exc)}", EXIT_BAD_INPUT) from None
    if output_format == "table":
        stream.write(text)
    elif output_format == "csv":
        write_csv(columns, rows, stream)
    else:
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        stream.write(json.dumps(finite(records), default=json_default) + "\n")


def _rendered_table(con: duckdb.DuckDBPyConnection, query: str, width: int) -> str:
    """DuckDB's box rendering of the result, every row, captured whole (nothing is printed if the query
    fails half-way)."""
    relation = con.sql(query)  # a statement without rows runs here and gives None
    if relation is None:
        raise QueryError(NO_RESULT, EXIT_BAD_INPUT)
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):  # show() writes to sys.stdout
        relation.show(max_rows=UNLIMITED_ROWS, max_width=width)
    return captured.getvalue()


def write_csv(columns: list[str], rows: list[tuple[Any, ...]], stream: TextIO) -> None:
    """RFC 4180 CSV with a header, as pandas writes it (NULL and NaN empty, datetimes with a space),
    without importing pandas (~0.6 s of the command's start)."""
    import csv

    def cell(value: Any) -> Any:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        return value

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell(v) for v in row] for row in rows)


def table_width(stream: TextIO) -> int:
    """The terminal's width, or :data:`PIPED_WIDTH` for a pipe or a file."""
    if not stream.isatty():
        return PIPED_WIDTH
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):
        return 80
