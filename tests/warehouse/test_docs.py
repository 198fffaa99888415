"""The warehouse documents itself: every published object has a comment, the README and the copied view
comments agree with sql/, and the comments survive the staged copy and the atomic publish."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from selloff.warehouse import docs, publish, schema
from selloff.warehouse.errors import WarehouseError
from tests.conftest import REPO


@pytest.fixture(scope="module")
def found() -> list[docs.Relation]:
    con = duckdb.connect(":memory:")
    schema.apply_sql(con)
    return docs.relations(con)


def test_every_published_table_view_column_and_macro_has_a_comment(found: list[docs.Relation]) -> None:
    assert {r.schema for r in found} == {"raw", "stg", "ref", "marts", "meta", "calib", "proj", "report"}
    assert {r.kind for r in found} == {"table", "view", "table macro"}
    assert docs.undocumented(found) == []


def test_readme_and_copied_view_comments_agree_with_sql() -> None:
    stale = docs.stale(REPO)
    assert stale == {}, f"run make docs: {', '.join(str(p.relative_to(REPO)) for p in stale)} would change"


def test_report_views_mean_what_their_tables_mean(found: list[docs.Relation]) -> None:
    by_name = {r.qualified: r for r in found}
    # lineage, projection_runs (and the lineage_of macro) describe runs; calibration_designs sets
    # calib.designs beside calib.combination (its own comments); every other view copies a table
    own = {"lineage", "projection_runs", "calibration_designs"}
    views = [r for r in found if r.schema == "report" and r.kind == "view" and r.name not in own]
    assert len(views) >= 13
    for view in views:
        source = by_name.get(f"proj.{view.name}") or by_name[f"calib.{view.name}"]
        assert view.columns == source.columns, view.qualified


def test_comments_survive_the_staged_copy_and_the_publish(tmp_path: Path, found: list[docs.Relation]) -> None:
    published = tmp_path / "selloff.duckdb"
    publish.initialise(published, lock_timeout_s=5)
    publish.initialise(published, lock_timeout_s=5)  # applied again over a published copy
    con = publish.connect_read_only(published)
    try:
        reread = {r.qualified: r for r in docs.relations(con)}
    finally:
        con.close()
    assert reread == {r.qualified: r for r in found}


def _checkout(tmp_path: Path, source_comment: str) -> Path:
    """A minimal checkout: one table, a view that copies its column comments, a README with two blocks."""
    (tmp_path / "sql" / "schema").mkdir(parents=True)
    (tmp_path / "sql" / "marts").mkdir()
    (tmp_path / "warehouse").mkdir()
    (tmp_path / "sql" / "schema" / "000_t.sql").write_text(
        "create schema if not exists s;\ncreate schema if not exists r;\n"
        "create table if not exists s.t (id varchar primary key, loss_usd_bn double);\n"
        "comment on table s.t is 'all runs';\n"
        "comment on column s.t.id is 'the run';\n"
        f"comment on column s.t.loss_usd_bn is '{source_comment}';\n"
    )
    (tmp_path / "sql" / "marts" / "500_v.sql").write_text(
        "create or replace view r.v as select * from s.t;\n"
        "comment on view r.v is 'the latest run';\n\n"
        "-- columns as in s.t: copied from its comments by `make docs` (edit them there)\n"
    )
    (tmp_path / "warehouse" / "README.md").write_text(
        "# W\n\nprose kept\n\n"
        "<!-- BEGIN GENERATED: r (edit sql/) -->\nstale text\n<!-- END GENERATED: r -->\n\n"
        "<!-- BEGIN GENERATED: s (edit sql/) -->\n<!-- END GENERATED: s -->\n"
    )
    return tmp_path


def test_make_docs_copies_a_tables_column_comments_into_its_view_and_renders_the_readme(
    tmp_path: Path,
) -> None:
    root = _checkout(tmp_path, "mark-to-market loss, $bn | positive = value *lost*")
    texts, found = docs.generated(root)
    view_sql = texts[root / "sql" / "marts" / "500_v.sql"]
    assert "comment on column r.v.id is 'the run';" in view_sql
    assert (
        "comment on column r.v.loss_usd_bn is 'mark-to-market loss, $bn | positive = value *lost*';"
        in view_sql
    )
    assert docs.undocumented(found) == []
    readme = texts[root / "warehouse" / "README.md"]
    assert readme.startswith("# W\n\nprose kept\n\n") and "stale text" not in readme
    assert "| `loss_usd_bn` | double | mark-to-market loss, $bn \\| positive = value \\*lost\\* |" in readme
    assert "Columns as in `r.v`" in readme  # the table s.t points at its view instead of repeating it
    for path, text in texts.items():
        path.write_text(text)
    assert docs.stale(root) == {}
    table_sql = root / "sql" / "schema" / "000_t.sql"
    table_sql.write_text(table_sql.read_text().replace("'the run'", "'the run that wrote the row'"))
    assert set(docs.stale(root)) == {root / "sql" / "marts" / "500_v.sql", root / "warehouse" / "README.md"}


def test_a_long_comment_is_split_into_adjacent_literals_that_read_back_whole() -> None:
    text = "it's " + " ".join(["word"] * 60)
    statement = docs.comment_statement("column", "t.a", text)
    assert max(len(line) for line in statement.splitlines()) <= docs.SQL_WIDTH
    con = duckdb.connect(":memory:")
    con.execute("create table t (a integer)")
    con.execute(statement)
    assert con.execute("select comment from duckdb_columns() where table_name = 't'").fetchone() == (text,)


def test_a_readme_without_a_block_for_a_schema_is_refused(tmp_path: Path) -> None:
    root = _checkout(tmp_path, "x")
    (root / "warehouse" / "README.md").write_text(
        "<!-- BEGIN GENERATED: r (x) -->\n<!-- END GENERATED: r -->\n"
    )
    with pytest.raises(WarehouseError, match="missing: s"):
        docs.generated(root)
