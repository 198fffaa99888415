"""The ``selloff`` console entry: ``sql`` and ``--version`` answered without loading the full command line.

:mod:`selloff.cli` (typer, rich) and :mod:`selloff.settings` (pydantic-settings) cost ~0.35 s of imports
before any work, more than a small query takes; an analyst running ``selloff sql`` in a loop pays it
every time. So this module recognises the plain forms of those two commands and serves them with DuckDB
and the standard library alone (:mod:`selloff.warehouse.query`, the same code the typer command runs).
Everything else goes to :func:`selloff.cli.main`, which stays the one definition of the command line:
help, usage errors, every other command, and any ``sql`` call this parser does not fully understand
(an unknown or misspelt option, a missing or second query, ``--json`` with ``--format csv``). It also
steps aside when a ``.env`` file or a differently-cased ``selloff_warehouse`` variable could set the
warehouse, so pydantic-settings stays their one reader. ``tests/test_launcher.py`` holds the two paths to
the same output, byte for byte. Before either, a command goes to the warm worker when ``selloff server
start`` left one running (:mod:`selloff.worker`: every command it takes, ``sql`` included).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from selloff import __version__

DEFAULT_WAREHOUSE = Path("warehouse/selloff.duckdb")
"""The published warehouse when neither ``--warehouse`` nor ``SELLOFF_WAREHOUSE`` says otherwise
(:class:`selloff.settings.Settings` uses this same default)."""
WAREHOUSE_ENV = "SELLOFF_WAREHOUSE"


class SqlCall(NamedTuple):  # not a dataclass: `dataclasses` costs ~17 ms of this path's start-up
    """A ``selloff sql`` call in the form the fast path serves."""

    warehouse: Path
    query: str
    output_format: str
    run_id: str | None


def parse_sql_call(argv: list[str], environ: dict[str, str] | os._Environ[str], cwd: Path) -> SqlCall | None:
    """``argv`` (without the program name) as a :class:`SqlCall`, or None to leave it to the full CLI.

    Accepted: ``[--warehouse PATH] sql [--format table|csv|json] [--json] [--run ID] [--] QUERY`` with
    options before or after the query and ``--opt=value`` spellings, as click parses them.
    """
    args = list(argv)
    warehouse: str | None = None
    while args and args[0] != "sql":
        if args[0] == "--warehouse" and len(args) > 1:
            warehouse, args = args[1], args[2:]
        elif args[0].startswith("--warehouse="):
            warehouse, args = args[0].split("=", 1)[1], args[1:]
        else:
            return None
    if not args:
        return None
    output_format: str | None = None
    as_json = False
    run_id: str | None = None
    positional: list[str] = []
    rest = iter(args[1:])
    for token in rest:
        name, eq, inline = token.partition("=")
        if token == "--":
            positional.extend(rest)
        elif name in ("--format", "--run") and token.startswith("--"):
            value = inline if eq else next(rest, None)
            if value is None:
                return None
            if name == "--format":
                if value not in ("table", "csv", "json"):
                    return None
                output_format = value
            else:
                run_id = value
        elif token == "--json":
            as_json = True
        elif token.startswith("-") and token != "-":
            return None  # --help, a typo, an option this parser does not know: the full CLI answers
        else:
            positional.append(token)
    if len(positional) != 1:
        return None
    if as_json:
        if output_format not in (None, "table", "json"):
            return None  # the full CLI explains the clash
        output_format = "json"
    path = _warehouse_setting(warehouse, environ, cwd)
    if path is None:
        return None
    return SqlCall(path, positional[0], output_format or "table", run_id)


def _warehouse_setting(
    option: str | None, environ: dict[str, str] | os._Environ[str], cwd: Path
) -> Path | None:
    """The warehouse as :class:`selloff.settings.Settings` would resolve it, or None when only
    pydantic-settings can tell (a ``.env`` file, a lower- or mixed-case variable name)."""
    if option is not None:
        return Path(option)
    if WAREHOUSE_ENV in environ:
        return Path(environ[WAREHOUSE_ENV])
    if any(key.upper() == WAREHOUSE_ENV for key in environ) or (cwd / ".env").exists():
        return None
    return DEFAULT_WAREHOUSE


def main() -> None:
    """The ``selloff`` console script."""
    argv = sys.argv[1:]
    if argv == ["--version"]:
        sys.stdout.write(f"{__version__}\n")
        sys.exit(0)
    from selloff import worker

    forwarded = worker.forward(argv)  # run by the warm worker of `selloff server start`, if one is up
    if forwarded is not None:
        sys.exit(forwarded)
    call = parse_sql_call(argv, os.environ, Path.cwd())
    if call is None:
        from selloff.cli import main as full_cli

        full_cli()
        return
    from selloff.warehouse.query import QueryError, run_query

    query = sys.stdin.read() if call.query == "-" else call.query
    try:
        run_query(call.warehouse, query, call.output_format, call.run_id)
    except QueryError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(exc.exit_code)
    sys.exit(0)
