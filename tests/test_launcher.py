"""The console entry's fast path (:mod:`selloff.launcher`): `selloff sql` and `--version` without typer,
rich or pydantic, and byte for byte what the full command line (:mod:`selloff.cli`) prints."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from selloff import __version__
from selloff.launcher import DEFAULT_WAREHOUSE, SqlCall, parse_sql_call
from selloff.settings import Settings
from tests.conftest import VENV_BIN

FULL_CLI = "import sys\nfrom selloff.cli import main\nsys.argv = ['selloff', *sys.argv[1:]]\nmain()\n"
FAST_PATH_IMPORTS = (
    "import sys\nfrom selloff.launcher import main\nsys.argv = ['selloff', *sys.argv[1:]]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print(sorted(m for m in ('typer', 'rich', 'pydantic', 'pydantic_settings', 'pandas', 'numpy', "
    "'prefect', 'selloff.cli', 'selloff.settings') if m in sys.modules), file=sys.stderr)\n"
)


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "FRED_", "PREFECT_"))}


def _run(program: list[str], args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*program, *args], input=stdin, env=_env(), capture_output=True, text=True, timeout=600, check=False
    )


def test_parse_accepts_the_forms_click_accepts(tmp_path: Path) -> None:
    env: dict[str, str] = {}
    call = parse_sql_call(["--warehouse", "w.duckdb", "sql", "select 1"], env, tmp_path)
    assert call == SqlCall(Path("w.duckdb"), "select 1", "table", None)
    call = parse_sql_call(
        ["--warehouse=w.duckdb", "sql", "--run", "r1", "select 1", "--format=csv"], env, tmp_path
    )
    assert call == SqlCall(Path("w.duckdb"), "select 1", "csv", "r1")
    call = parse_sql_call(["sql", "--json", "--", "-- a comment\nselect 1"], env, tmp_path)
    assert call == SqlCall(DEFAULT_WAREHOUSE, "-- a comment\nselect 1", "json", None)
    assert parse_sql_call(["sql", "--json", "--format", "json", "-"], env, tmp_path) == SqlCall(
        DEFAULT_WAREHOUSE, "-", "json", None
    )
    env_path = parse_sql_call(["sql", "select 1"], {"SELLOFF_WAREHOUSE": "/x/w.duckdb"}, tmp_path)
    assert env_path is not None and env_path.warehouse == Path("/x/w.duckdb")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["status"],
        ["sql"],
        ["sql", "--help"],
        ["--help", "sql", "select 1"],
        ["sql", "select 1", "select 2"],
        ["sql", "--format", "xml", "select 1"],
        ["sql", "--format"],
        ["sql", "--json", "--format", "csv", "select 1"],
        ["sql", "--jsn", "select 1"],
        ["sql", "--json=yes", "select 1"],
        ["--warehouse"],
        ["--version", "sql", "select 1"],
    ],
)
def test_anything_else_goes_to_the_full_command_line(tmp_path: Path, argv: list[str]) -> None:
    assert parse_sql_call(argv, {}, tmp_path) is None


def test_the_warehouse_is_resolved_as_settings_resolve_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a `.env` the fast path and pydantic-settings agree; with one (or a lower-case variable, which
    pydantic-settings reads too) the fast path steps aside."""
    monkeypatch.chdir(tmp_path)
    for key in [k for k in os.environ if k.upper().startswith("SELLOFF_")]:
        monkeypatch.delenv(key)
    assert Settings.model_fields["warehouse"].default == DEFAULT_WAREHOUSE
    call = parse_sql_call(["sql", "select 1"], dict(os.environ), tmp_path)
    assert call is not None and call.warehouse == Settings().warehouse
    monkeypatch.setenv("SELLOFF_WAREHOUSE", str(tmp_path / "env.duckdb"))
    call = parse_sql_call(["sql", "select 1"], dict(os.environ), tmp_path)
    assert call is not None and call.warehouse == Settings().warehouse == tmp_path / "env.duckdb"
    monkeypatch.delenv("SELLOFF_WAREHOUSE")
    monkeypatch.setenv("selloff_warehouse", str(tmp_path / "lower.duckdb"))
    assert Settings().warehouse == tmp_path / "lower.duckdb"
    assert parse_sql_call(["sql", "select 1"], dict(os.environ), tmp_path) is None
    monkeypatch.delenv("selloff_warehouse")
    (tmp_path / ".env").write_text(f"SELLOFF_WAREHOUSE={tmp_path / 'dotenv.duckdb'}\n")
    assert Settings().warehouse == tmp_path / "dotenv.duckdb"
    assert parse_sql_call(["sql", "select 1"], dict(os.environ), tmp_path) is None


QUERY = (
    "select series_id, count(*) as n, max(date) as last, max(value) as top, null as nothing, "
    "'[red]x' as markup from stg.observations where series_id in ('GS10', 'GS30', 'TB3MS') "
    "group by 1 order by 1"
)


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["sql", QUERY], None),
        (["sql", "--format", "csv", QUERY], None),
        (["sql", "--json", QUERY], None),
        (["sql", "--run", "no-such-run", "select count(*) as n from report.lineage"], None),
        (["sql", "-"], QUERY),
        (["sql", "selec 1"], None),
        (["sql", "create table t (a int)"], None),
        (["sql", "--", "select 1; select 2"], None),
        (["sql", "set variable x = 1"], None),
        (["sql", "select * from read_csv('/etc/hostname')"], None),
    ],
)
def test_the_fast_path_prints_what_the_full_command_line_prints(
    snapshot_warehouse: Path, args: list[str], stdin: str | None
) -> None:
    argv = ["--warehouse", str(snapshot_warehouse), *args]
    fast = _run([str(VENV_BIN / "selloff")], argv, stdin)
    full = _run([sys.executable, "-c", FULL_CLI], argv, stdin)
    assert (fast.returncode, fast.stdout, fast.stderr) == (full.returncode, full.stdout, full.stderr)
    assert fast.returncode in (0, 2), fast.stderr
    if fast.returncode == 2:
        assert fast.stderr.startswith("error: ") and len(fast.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("make_bad", ["missing", "directory", "not_duckdb"])
def test_a_bad_warehouse_is_the_same_one_line_error(tmp_path: Path, make_bad: str) -> None:
    path = tmp_path / "w.duckdb"
    if make_bad == "directory":
        path.mkdir()
    elif make_bad == "not_duckdb":
        path.write_text("not a database\n")
    argv = ["--warehouse", str(path), "sql", "select 1"]
    fast = _run([str(VENV_BIN / "selloff")], argv)
    full = _run([sys.executable, "-c", FULL_CLI], argv)
    assert (fast.returncode, fast.stdout, fast.stderr) == (full.returncode, full.stdout, full.stderr)
    assert fast.returncode == (1 if make_bad == "missing" else 2)
    assert len(fast.stderr.strip().splitlines()) == 1 and "Traceback" not in fast.stderr


def test_the_fast_path_loads_neither_typer_nor_pydantic(snapshot_warehouse: Path) -> None:
    """What the process imported, read from the process itself (not a timing)."""
    for args in (
        ["--warehouse", str(snapshot_warehouse), "sql", "--format", "csv", "select 1 as a"],
        ["--version"],
    ):
        done = _run([sys.executable, "-c", FAST_PATH_IMPORTS], args)
        assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
    fallback = _run([sys.executable, "-c", FAST_PATH_IMPORTS], ["sql", "--help"])
    assert "selloff.cli" in fallback.stderr.strip().splitlines()[-1]


def test_the_version_is_the_installed_one() -> None:
    assert __version__ == version("selloff")
    fast = _run([str(VENV_BIN / "selloff")], ["--version"])
    full = _run([sys.executable, "-c", FULL_CLI], ["--version"])
    assert fast.stdout == full.stdout == f"{__version__}\n"
