"""The docs stay true to the code: every report.* view and column is documented, the README's commands
exist."""

from __future__ import annotations

import re

import duckdb

from selloff.warehouse import schema
from tests.conftest import REPO


def test_every_report_view_and_column_is_documented() -> None:
    con = duckdb.connect(":memory:")
    schema.apply_sql(con)
    doc = (REPO / "warehouse" / "README.md").read_text()
    views = con.execute(
        "select table_name from information_schema.tables where table_schema = 'report' order by 1"
    ).fetchall()
    assert len(views) >= 14
    missing = []
    for (view,) in views:
        if f"`report.{view}`" not in doc:
            missing.append(f"report.{view}")
        columns = con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'report' and table_name = ?",
            [view],
        ).fetchall()
        documented = set(re.findall(r"`([a-z0-9_]+)`", doc))
        # bands are documented once as `_p5/_p50/_p95`
        missing += [
            f"report.{view}.{c}"
            for (c,) in columns
            if c != "run_id" and re.sub(r"_p(5|50|95)$", "", c) not in documented
        ]
    assert missing == []


def test_readme_commands_exist() -> None:
    from typer.main import get_command

    from selloff.cli import app

    readme = (REPO / "README.md").read_text()
    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    used = set(re.findall(r"(?:`|^|\.venv/bin/)selloff ([a-z]+)", readme, flags=re.MULTILINE))
    assert used <= commands, used - commands
    assert "make run" in readme and "make test" in readme
