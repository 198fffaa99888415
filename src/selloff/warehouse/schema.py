"""The warehouse schema: the files of ``sql/`` applied in order, and the checked-in catalog as a table.

Python never writes DDL here: :func:`apply_sql` runs the files of ``sql/schema``, ``sql/staging`` and
``sql/marts`` in order (one relation per file, its ``comment on`` statements beside its DDL), in one
transaction: a file that fails leaves the schema as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import duckdb

from selloff.ingest.catalog import SeriesSpec, load_catalog
from selloff.warehouse.errors import WarehouseError

SQL_LAYERS = ("schema", "staging", "marts")


def sql_root() -> Path:
    """The ``sql/`` directory: packaged as ``selloff/_sql`` in a wheel, the repository's in a checkout."""
    packaged = Path(str(resources.files("selloff"))) / "_sql"
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[3] / "sql"
    if source_tree.is_dir():
        return source_tree
    raise WarehouseError(f"cannot find the sql/ directory (looked in {packaged} and {source_tree})")


def sql_files(root: Path | None = None) -> list[Path]:
    """Every relation file, in the order it must be applied (schema → staging → marts, by name)."""
    root = root or sql_root()
    return [path for layer in SQL_LAYERS for path in sorted((root / layer).glob("*.sql"))]


def apply_sql(con: duckdb.DuckDBPyConnection) -> None:
    """Create or update every schema object and its comments; idempotent."""
    root = sql_root()
    apply_scripts(
        con,
        [(str(path.relative_to(root.parent)), path.read_text(encoding="utf-8")) for path in sql_files(root)],
    )


def apply_scripts(con: duckdb.DuckDBPyConnection, scripts: Sequence[tuple[str, str]]) -> None:
    """Run ``(name, sql)`` scripts in order in one transaction; a failure names the script and rolls back.

    One transaction also makes the many small ``comment on`` statements cheap on a file database
    (one commit instead of one per statement).
    """
    con.execute("begin transaction")
    for name, text in scripts:
        try:
            con.execute(text)
        except duckdb.Error as exc:
            con.execute("rollback")
            raise WarehouseError(f"{name}: {exc}") from exc
    con.execute("commit")


def load_catalog_table(con: duckdb.DuckDBPyConnection, specs: Sequence[SeriesSpec] | None = None) -> None:
    """Replace ``meta.catalog`` with the checked-in catalog."""
    rows = [
        (
            s.id,
            s.title,
            s.units,
            s.unit_scale,
            s.frequency,
            s.aggregation,
            s.role,
            s.tenor,
            s.valuation_basis,
            s.stand_in_for,
            s.zero_means_missing_before,
            s.notes,
        )
        for s in (specs if specs is not None else load_catalog())
    ]
    con.execute("begin transaction")
    con.execute("delete from meta.catalog")
    con.executemany("insert into meta.catalog values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("commit")
