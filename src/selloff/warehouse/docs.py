"""The warehouse documents itself: the comments of ``sql/``, read back from the catalog into the README.

Every published table, view, column and table macro carries its meaning and units as a ``comment on``
statement beside its DDL in ``sql/`` (STYLE rules 8 and 17): that is the one source. This module applies
``sql/`` to an in-memory database, reads the comments back from the catalog (``duckdb_tables()``,
``duckdb_views()``, ``duckdb_columns()``, ``duckdb_functions()``) and

* copies a table's column comments into each view file that says ``-- columns as in <schema.table>``
  (the ``report.*`` views show a table's rows unchanged, so their columns mean the same), and
* renders the generated blocks of ``warehouse/README.md``; the hand-written prose around them stays.

``make docs`` (``python -m selloff.warehouse.docs``) writes both; ``--check`` only lists stale files. The
copied statements are written into the checked-in ``sql/`` files, never executed from here: the warehouse
gets every comment from ``sql/`` like any other DDL (:func:`~selloff.warehouse.schema.apply_sql`). DuckDB
(1.5) cannot comment on a schema, so each schema is introduced in the README's hand-written prose.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from selloff.warehouse.errors import WarehouseError
from selloff.warehouse.schema import apply_scripts, sql_files, sql_root

Kind = Literal["table", "view", "table macro"]

SQL_WIDTH = 110
"""Longest line of a generated ``comment on`` statement (the repository's line length)."""

COPY_MARKER = re.compile(r"^-- columns as in (?P<source>[a-z_]+\.[a-z_]+)\b.*$", re.MULTILINE)
"""The line after which a view's file holds the column comments copied from ``source`` (to the end)."""

BLOCK = re.compile(
    r"(?P<begin><!-- BEGIN GENERATED: (?P<schema>[a-z_]+) .*?-->\n)"
    r"(?P<body>.*?)"
    r"(?P<end><!-- END GENERATED: (?P=schema) -->)",
    re.DOTALL,
)
"""A generated block of the README: one per schema, rewritten whole by :func:`render_readme`."""


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    comment: str | None


@dataclass(frozen=True)
class Relation:
    """A documented object of the warehouse as its catalog describes it."""

    schema: str
    name: str
    kind: Kind
    comment: str | None
    columns: tuple[Column, ...] = ()
    key: tuple[str, ...] = ()
    """Primary-key columns (tables)."""
    parameters: tuple[str, ...] = ()
    """Parameters (table macros)."""

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


# ---------------------------------------------------------------------------------------------------
# reading the catalog
# ---------------------------------------------------------------------------------------------------

_RELATIONS = """
with keys as (
    select database_name, schema_name, table_name, constraint_column_names as key
    from duckdb_constraints() where constraint_type = 'PRIMARY KEY'
)

select tables.schema_name, tables.table_name, 'table', tables.comment, tables.table_oid, keys.key, []
from duckdb_tables() as tables
left join keys using (database_name, schema_name, table_name)
where tables.database_name = current_database() and not tables.internal
union all
select schema_name, view_name, 'view', comment, view_oid, [], []
from duckdb_views() where database_name = current_database() and not internal
union all
select schema_name, function_name, 'table macro', comment, function_oid, [], parameters
from duckdb_functions()
where database_name = current_database() and not internal and function_type = 'table_macro'
order by 1, 5
"""


def relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every table, view and table macro of the database with its comments, by schema in creation order."""
    columns: dict[tuple[str, str], list[Column]] = {}
    for schema, table, name, data_type, comment in con.execute(
        "select schema_name, table_name, column_name, data_type, comment from duckdb_columns() "
        "where database_name = current_database() and not internal "
        "order by schema_name, table_name, column_index"
    ).fetchall():
        columns.setdefault((schema, table), []).append(Column(name, data_type.lower(), comment))
    return [
        Relation(
            schema,
            name,
            kind,
            comment,
            tuple(columns.get((schema, name), ())),
            tuple(key or ()),
            tuple(parameters or ()),
        )
        for schema, name, kind, comment, _, key, parameters in con.execute(_RELATIONS).fetchall()
    ]


def undocumented(found: Sequence[Relation]) -> list[str]:
    """``schema.name`` and ``schema.name.column`` of everything without a non-empty comment."""
    missing = []
    for relation in found:
        if not (relation.comment or "").strip():
            missing.append(relation.qualified)
        missing += [
            f"{relation.qualified}.{c.name}" for c in relation.columns if not (c.comment or "").strip()
        ]
    return missing


# ---------------------------------------------------------------------------------------------------
# the column comments a view copies from its table
# ---------------------------------------------------------------------------------------------------


def comment_statement(kind: str, target: str, text: str, width: int = SQL_WIDTH) -> str:
    """``comment on <kind> <target> is '<text>';``, its literal split over lines to stay within ``width``.

    Adjacent string literals on separate lines are one literal in SQL, so the comment is ``text`` exactly.
    """
    quoted = text.replace("'", "''")
    one_line = f"comment on {kind} {target} is '{quoted}';"
    if len(one_line) <= width:
        return one_line
    room = width - len("    '';")
    chunks: list[str] = []
    current = ""
    for word in quoted.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) + 1 > room:
            chunks.append(current + " ")
            current = word
        else:
            current = candidate
    chunks.append(current)
    return f"comment on {kind} {target} is\n" + "\n".join(f"    '{chunk}'" for chunk in chunks) + ";"


def with_copied_comments(text: str, target: str, found: Mapping[str, Relation]) -> str:
    """``text`` (a view's file) with its copied block rebuilt from the catalog; unchanged without a marker."""
    marker = COPY_MARKER.search(text)
    if marker is None:
        return text
    source_name = marker.group("source")
    source, view = found.get(source_name), found.get(target)
    if source is None or view is None:
        raise WarehouseError(f"{target}: `-- columns as in {source_name}` names no table of the warehouse")
    comments = {c.name: c.comment for c in source.columns}
    strays = [c.name for c in view.columns if c.name not in comments]
    if strays:
        raise WarehouseError(f"{target}: columns {', '.join(strays)} are not in {source_name} to copy from")
    statements = [
        comment_statement("column", f"{target}.{c.name}", comments[c.name] or "") for c in view.columns
    ]
    return text[: marker.end()] + "\n" + "\n".join(statements) + "\n"


_CREATES = re.compile(
    r"^create (?:or replace )?(?:view|table|macro)(?: if not exists)? ([a-z_]+\.[a-z_]+)", re.M
)


def _target(text: str) -> str | None:
    created = _CREATES.search(text)
    return created.group(1) if created else None


# ---------------------------------------------------------------------------------------------------
# the README
# ---------------------------------------------------------------------------------------------------


def _markdown(text: str | None) -> str:
    """A comment as table-safe markdown: no pipes, no HTML, no emphasis by accident."""
    escaped = (text or "").replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
    return escaped.replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _twin(relation: Relation, found: Sequence[Relation]) -> Relation | None:
    """A view with exactly this table's columns and comments (a ``report.*`` view of a table), if any."""
    if relation.kind != "table":
        return None
    for other in found:
        if other.kind == "view" and other.columns == relation.columns:
            return other
    return None


def render_relation(relation: Relation, found: Sequence[Relation]) -> str:
    title = relation.qualified
    if relation.kind == "table macro":
        title += "(" + ", ".join(relation.parameters) + ")"
    kind = relation.kind.capitalize()
    if relation.key:
        kind += ", key " + ", ".join(f"`{k}`" for k in relation.key)
    kind += "."
    twin = _twin(relation, found)
    if twin is not None:
        kind += f" Columns as in `{twin.qualified}`, a view of its rows."
    lines = [f"### `{title}`", "", _markdown(relation.comment), "", kind, ""]
    if twin is None and relation.columns:
        lines += ["| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.data_type} | {_markdown(c.comment)} |" for c in relation.columns]
        lines.append("")
    return "\n".join(lines)


def render_readme(text: str, found: Sequence[Relation]) -> str:
    """``text`` (the README) with every generated block rebuilt from ``found``."""
    schemas = sorted({r.schema for r in found})
    blocks = [m.group("schema") for m in BLOCK.finditer(text)]
    missing = [s for s in schemas if s not in blocks]
    unknown = [s for s in blocks if s not in schemas]
    if missing or unknown or len(blocks) != len(set(blocks)):
        raise WarehouseError(
            "warehouse/README.md needs exactly one generated block per schema "
            f"(missing: {', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'}; "
            f"found: {', '.join(blocks)}); a block is `<!-- BEGIN GENERATED: <schema> … -->` … "
            "`<!-- END GENERATED: <schema> -->`"
        )

    def body(match: re.Match[str]) -> str:
        own = [r for r in found if r.schema == match.group("schema")]
        rendered = "\n".join(render_relation(r, found) for r in own)
        return match.group("begin") + "\n" + rendered + "\n" + match.group("end")

    return BLOCK.sub(body, text)


# ---------------------------------------------------------------------------------------------------
# the files `make docs` keeps current
# ---------------------------------------------------------------------------------------------------


def _applied(scripts: Sequence[tuple[Path, str]]) -> list[Relation]:
    con = duckdb.connect(":memory:")
    try:
        apply_scripts(con, [(str(path), text) for path, text in scripts])
        return relations(con)
    finally:
        con.close()


def generated(root: Path) -> tuple[dict[Path, str], list[Relation]]:
    """``({path: text}, relations)``: what ``sql/`` and the README under ``root`` (a checkout) should hold."""
    readme = root / "warehouse" / "README.md"
    scripts = [(path, path.read_text(encoding="utf-8")) for path in sql_files(root / "sql")]
    found = {r.qualified: r for r in _applied(scripts)}
    copied = []
    for path, text in scripts:
        target = _target(text)
        copied.append((path, with_copied_comments(text, target, found) if target else text))
    final = _applied(copied) if copied != scripts else list(found.values())
    texts = {path: text for path, text in copied}
    texts[readme] = render_readme(readme.read_text(encoding="utf-8"), final)
    return texts, final


def stale(root: Path) -> dict[Path, str]:
    """The files under ``root`` that ``make docs`` would change, with their new text."""
    return _changed(generated(root)[0])


def _changed(texts: Mapping[Path, str]) -> dict[Path, str]:
    return {path: text for path, text in texts.items() if path.read_text(encoding="utf-8") != text}


def checkout_root() -> Path:
    """The repository checkout whose ``sql/`` and ``warehouse/README.md`` this module keeps in step."""
    root = sql_root().parent
    if not (root / "warehouse" / "README.md").is_file():
        raise WarehouseError(
            f"{root} is not a selloff checkout (no warehouse/README.md): run make docs there"
        )
    return root


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m selloff.warehouse.docs", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="list stale files and exit 1; write nothing")
    args = parser.parse_args(argv)
    root = checkout_root()
    texts, found = generated(root)
    changed = _changed(texts)
    for path, text in changed.items():
        if args.check:
            print(f"stale: {path.relative_to(root)} (run make docs)")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(root)}")
    missing = undocumented(found)
    for name in missing:
        print(f"no comment: {name} (add `comment on …` beside its DDL in sql/)", file=sys.stderr)
    return 1 if missing or (args.check and changed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
