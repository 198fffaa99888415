"""The warehouse schema: the files of ``sql/`` applied in order, and the checked-in catalog as a table.

Python never writes DDL here: :func:`apply_sql` runs the files of ``sql/schema``, ``sql/staging`` and
``sql/marts`` in order (one relation per file, its ``comment on`` statements beside its DDL), in one
transaction: a file that fails leaves the schema as it was. :func:`ensure_schema` (every publish) does it,
and loads the catalog, only when the files or the catalog differ from what the warehouse last got.
"""

from __future__ import annotations

import hashlib
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


def sql_scripts() -> list[tuple[str, str]]:
    """``(name, sql)`` of every relation file, in the order applied."""
    root = sql_root()
    return [
        (str(path.relative_to(root.parent)), path.read_text(encoding="utf-8")) for path in sql_files(root)
    ]


def apply_sql(con: duckdb.DuckDBPyConnection) -> None:
    """Create or update every schema object and its comments; idempotent."""
    apply_scripts(con, sql_scripts())


def ensure_schema(con: duckdb.DuckDBPyConnection) -> bool:
    """Apply the ``sql/`` files and load the catalog unless ``meta.schema_applied`` holds their
    fingerprint already; True when they were applied. Both are idempotent, so this only saves time
    (about 0.5 s a publish): a warehouse never sees a schema other than its version's."""
    scripts = sql_scripts()
    specs = load_catalog()
    digest = hashlib.sha256()
    for name, text in scripts:
        digest.update(f"{name}\0{text}\0".encode())
    digest.update(repr(_catalog_rows(specs)).encode())
    fingerprint = digest.hexdigest()
    if _applied_fingerprint(con) == fingerprint:
        return False
    apply_scripts(con, scripts)
    load_catalog_table(con, specs)
    con.execute("begin transaction")
    con.execute("delete from meta.schema_applied")
    con.execute(f"insert into meta.schema_applied values ('{fingerprint}', now())")  # noqa: S608 (hex digits)
    con.execute("commit")
    return True


def _applied_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        row = con.execute("select max(sql_sha256) from meta.schema_applied").fetchone()
    except duckdb.CatalogException:  # a warehouse from before the table: apply
        return None
    return str(row[0]) if row and row[0] is not None else None


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
    rows = _catalog_rows(specs if specs is not None else load_catalog())
    con.execute("begin transaction")
    con.execute("delete from meta.catalog")
    con.executemany("insert into meta.catalog values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("commit")


def _catalog_rows(specs: Sequence[SeriesSpec]) -> list[tuple[object, ...]]:
    return [
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
        for s in specs
    ]
