"""The ``selloff`` command line: one thin layer over the flows and the ``src`` functions.

Pipeline commands (``run``, ``refresh``, ``calibrate``, ``project``) go through Prefect flows, which
start Prefect's temporary local server (~10 s); quick commands (``sql``, ``status``, ``export``,
``sensitivity``) never import Prefect. Exit codes (contract): 0 ok, 1 run failed or partial, 2 bad input.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from selloff import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="What happens to US Treasury yields and the federal interest bill if a foreign holder sells.",
    pretty_exceptions_enable=False,
)
# Piped output (CI logs, `| less`) gets wide tables instead of 80-column squeezed ones.
# markup off: printed text often holds data (series ids, paths, SQL results); styles come from Text objects
out = Console(soft_wrap=True, markup=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, soft_wrap=True, markup=False, width=None if sys.stderr.isatty() else 200)

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

T = TypeVar("T")


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class SourceOption(StrEnum):
    auto = "auto"
    snapshot = "snapshot"
    fred = "fred"
    tic = "tic"
    ref = "ref"


# ---------------------------------------------------------------------------------------------------
# shared plumbing
# ---------------------------------------------------------------------------------------------------


def _fail(message: str, code: int) -> NoReturn:
    err.print(Text.assemble(("error:", "bold red"), " ", message), highlight=False)
    raise typer.Exit(code)


def _settings(ctx: typer.Context) -> Any:
    from pydantic import ValidationError

    from selloff.settings import Settings

    try:
        return Settings(**ctx.obj) if ctx.obj else Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        _fail(f"bad setting {'.'.join(str(p) for p in first['loc'])}: {first['msg']}", EXIT_BAD_INPUT)


def _require_warehouse(settings: Any) -> None:
    """Steps that build on stored data refuse a missing warehouse instead of creating an empty one."""
    if not Path(settings.warehouse).exists():
        _fail(
            f"no warehouse at {settings.warehouse}: run `selloff refresh` (or `selloff run`) first",
            EXIT_FAILED,
        )


def _connect_published(settings: Any) -> Any:
    """A read-only connection to the published warehouse, or a one-line error (exit 1)."""
    from selloff.warehouse import publish
    from selloff.warehouse.errors import WarehouseError

    try:
        return publish.connect_read_only(settings.warehouse)
    except WarehouseError as exc:
        _fail(str(exc), EXIT_FAILED)


def _flow_overrides(ctx: typer.Context) -> dict[str, str]:
    return {k: str(v) for k, v in (ctx.obj or {}).items()}


def _quiet_prefect() -> None:
    """Prefect logs every task (and failures with tracebacks) to the console; a CLI prints one line per
    error instead, and the run records keep the details. Set before Prefect loads; env vars win."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")  # failures reach the user as one line
    # library loggers outside prefect.* (e.g. the events worker's shutdown notes); the temporary server's
    # own loggers follow PREFECT_SERVER_LOGGING_LEVEL, left at Prefect's WARNING so real errors show
    os.environ.setdefault("PREFECT_LOGGING_ROOT_LEVEL", "ERROR")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # runs offline: no telemetry
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # distributed logs ~30 INFO lines a run


@contextmanager
def _foreground_flow() -> Iterator[None]:
    """Flows run by a command in the foreground need no heartbeat: Prefect's heartbeats exist to spot
    crashed runs of served deployments, and their thread costs up to 1 s at the end of every (sub)flow
    (it sleeps in 1-second steps). `selloff serve` keeps them.

    On the way out (not on Ctrl-C), wait for Prefect's temporary server to record the task runs
    (:func:`_wait_for_task_run_records`) before Prefect stops it at exit."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    own_server = not PREFECT_API_URL.value()  # a real server keeps recording after we exit
    since = datetime.now().astimezone()
    try:
        with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield
    except KeyboardInterrupt:
        raise
    except BaseException:
        if own_server:
            _wait_for_task_run_records(since)
        raise
    if own_server:
        _wait_for_task_run_records(since)


def _wait_for_task_run_records(since: datetime, timeout_s: float = 5.0, settle_s: float = 0.1) -> None:
    """Wait until the temporary Prefect server has recorded the task runs of flows started since ``since``.

    The server records task runs from the flows' events in the background, one database write per event.
    A flow that ends in well under a second (a refresh with nothing new: ~20 tasks, ~60 events) leaves a
    backlog; at exit Prefect stops its temporary server and cancels that recorder mid-write, which
    prints "Error flushing 1 events … CancelledError" tracebacks (Prefect 3.9.1) and loses the task runs
    not yet written. So: send this process's pending events, then poll until every task run is final and
    nothing changed for ``settle_s``. Gives up after ``timeout_s``; never raises (these are Prefect's
    records, not ours). Costs ~0.3-0.6 s once per command.
    """
    import time

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterStartTime
    from prefect.client.schemas.objects import TERMINAL_STATES
    from prefect.events.worker import EventsWorker

    flow_runs = FlowRunFilter(start_time=FlowRunFilterStartTime(after_=since))
    deadline = time.monotonic() + timeout_s
    previous: set[tuple[Any, Any]] | None = None
    try:
        EventsWorker.drain_all(timeout=timeout_s)
        with get_client(sync_client=True) as client:
            while time.monotonic() < deadline:
                seen: set[tuple[Any, Any]] = set()
                while True:
                    page = client.read_task_runs(flow_run_filter=flow_runs, limit=200, offset=len(seen))
                    seen |= {(run.id, run.state_type) for run in page}
                    if len(page) < 200:
                        break
                if seen == previous and all(state in TERMINAL_STATES for _, state in seen):
                    return
                previous = seen
                time.sleep(settle_s)
    except Exception:  # best effort: Prefect's bookkeeping must not fail our command
        return


def _run_guarded(step: str, fn: Callable[[], T]) -> T:
    """Call a pipeline step, turning known errors into one-line messages and exit codes.

    ``ValueError`` is how the pure core names bad input (a sample too short, a missing series, a bad
    scenario field): exit 2. Warehouse and source failures are a failed run: exit 1.
    """
    from selloff.ingest.sources import SourceError
    from selloff.settings import MissingFredKeyError
    from selloff.warehouse.errors import WarehouseError

    try:
        with _foreground_flow():
            return fn()
    except (WarehouseError, SourceError) as exc:
        _fail(f"{step} failed: {exc}", EXIT_FAILED)
    except (ValueError, MissingFredKeyError) as exc:
        _fail(f"{step}: {exc}", EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        _fail(f"{step} interrupted; the published warehouse is unchanged", EXIT_FAILED)


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def _finite(value: Any) -> Any:
    """NaN and ±inf as null: JSON has no such numbers (``json.dumps`` would write invalid ``NaN``)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _print_json(payload: Any) -> None:
    out.print_json(json.dumps(_finite(payload), default=_json_default))


def _cell(value: Any) -> str:
    """How a value shows in a table: NULL (and NaN) empty, datetimes to the second, the rest as str."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)


def _table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    """A Rich table whose headers and cells are plain text: data such as "[red]" is shown, not styled."""
    table = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        table.add_column(Text(column))
    for row in rows:
        table.add_row(*[Text(_cell(v)) for v in row])
    return table


def _records(cursor: Any) -> list[dict[str, Any]]:
    """The rows of an executed DuckDB cursor as dicts keyed by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@app.callback()
def main_options(
    ctx: typer.Context,
    warehouse: Annotated[
        Path | None,
        typer.Option("--warehouse", envvar="SELLOFF_WAREHOUSE", help="published DuckDB file"),
    ] = None,
) -> None:
    ctx.obj = {"warehouse": warehouse} if warehouse is not None else {}


@app.command()
def version() -> None:
    """Print the package version."""
    out.print(__version__)


# ---------------------------------------------------------------------------------------------------
# refresh
# ---------------------------------------------------------------------------------------------------


def _print_refresh(summary: dict[str, Any]) -> None:
    rows = [
        (
            c["dataset"],
            c["status"],
            c["requests"],
            c["rows_fetched"],
            c["rows_added"],
            c["first_date"],
            c["last_date"],
            c["message"] or "",
        )
        for c in summary["checks"]
    ]
    out.print(
        _table(
            f"refresh {summary['run_id']} ({summary['source']}): {summary['status']}",
            ["dataset", "status", "requests", "fetched", "new rows", "first", "last", "note"],
            rows,
        )
    )
    out.print(f"data vintage {summary['data_vintage']}; {summary['requests']} HTTP requests")


@app.command("refresh")
def refresh_command(
    ctx: typer.Context,
    source: Annotated[
        SourceOption,
        typer.Option(help="auto = live FRED+TIC with a key, else snapshot; ref = only the reference tables"),
    ] = SourceOption.auto,
    series: Annotated[
        list[str] | None, typer.Option("--series", help="ID[,ID...]; may repeat (default: whole catalog)")
    ] = None,
    full: Annotated[bool, typer.Option("--full", help="refetch everything, ignoring last_updated")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable summary")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar or table")] = False,
) -> None:
    """Fetch the catalogued FRED series and the TIC table into the warehouse (new vintages only)."""
    _settings(ctx)  # validate settings before paying for Prefect's start-up
    if series is not None and not any(part.strip() for item in series for part in item.split(",")):
        _fail("--series is empty: give ID[,ID…] (omit it for the whole catalog)", EXIT_BAD_INPUT)
    _quiet_prefect()
    from flows.refresh import refresh_flow

    summary = _run_guarded(
        "refresh",
        lambda: refresh_flow(
            source=source.value,
            series=series,
            full=full,
            show_progress=not (quiet or as_json),
            warehouse=_flow_overrides(ctx).get("warehouse"),
        ),
    )
    if as_json:
        _print_json(summary)
    elif not quiet:
        _print_refresh(summary)
    raise typer.Exit(EXIT_OK if summary["status"] == "ok" else EXIT_FAILED)


# ---------------------------------------------------------------------------------------------------
# calibrate
# ---------------------------------------------------------------------------------------------------


class MethodOption(StrEnum):
    data = "data"
    prior = "prior"
    blend = "blend"


@app.command("calibrate")
def calibrate_command(
    ctx: typer.Context,
    method: Annotated[
        MethodOption,
        typer.Option(help="what feeds projections: the data, the literature prior, or their blend"),
    ] = MethodOption.blend,
    as_of: Annotated[
        datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help="use the data as known on DATE")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Calibrate the price impact of foreign sales on each yield (bp per $100bn sold) and store it."""
    _require_warehouse(_settings(ctx))
    _quiet_prefect()
    from flows.calibrate import calibrate_flow

    summary = _run_guarded(
        "calibrate",
        lambda: calibrate_flow(
            method=method.value,
            as_of=as_of.date() if as_of else None,
            warehouse=_flow_overrides(ctx).get("warehouse"),
        ),
    )
    if as_json:
        _print_json({k: v for k, v in summary.items() if k != "text"})
    elif not quiet:
        out.print(summary["text"], highlight=False)
        out.print(f"stored as run {summary['run_id']}")
    if method is MethodOption.data and not summary["data_method_allowed"]:
        err.print(
            Text.assemble(
                ("warning:", "bold yellow"),
                " --method data is refused for projections: "
                f"{summary['data_method_reason']}; `selloff project` will fail until you calibrate with "
                "--method blend or prior",
            ),
            highlight=False,
        )


# ---------------------------------------------------------------------------------------------------
# project and sensitivity
# ---------------------------------------------------------------------------------------------------


def _print_projection(summary: dict[str, Any]) -> None:
    rows = []
    for h in summary["scenarios"]:
        rows.append(
            (
                h["scenario"] + (f" ({h['label']})" if h.get("label") else ""),
                f"{h['sale_usd_bn']:,.0f}",
                f"{h['sale_pct_gdp']:.2f}",
                f"{h['peak_10y_bp']:.1f} [{h['peak_10y_bp_p5']:.1f}, {h['peak_10y_bp_p95']:.1f}]",
                f"{h['ten_year_extra_interest_usd_bn']:,.0f} [{h['ten_year_extra_interest_usd_bn_p5']:,.0f}, "
                f"{h['ten_year_extra_interest_usd_bn_p95']:,.0f}]",
                f"{h['interest_pct_outlays_last_fy']:.1f} (FY{h['last_fy']})",
            )
        )
    out.print(
        _table(
            f"projection {summary['run_id']} on calibration {summary['calibration_run_id']} "
            f"({summary['method']}), baseline {summary['baseline']}",
            [
                "scenario",
                "sale $bn",
                "% GDP",
                "peak 10y bp [p5, p95]",
                "10-yr extra interest $bn [p5, p95]",
                "interest % outlays",
            ],
            rows,
        )
    )
    for h in summary["scenarios"]:
        for warning in h["warnings"]:
            prefix = "" if warning.startswith(h["scenario"]) else f"{h['scenario']}: "
            err.print(Text.assemble(("warning", "yellow"), f" {prefix}{warning}"), highlight=False)


@app.command("project")
def project_command(
    ctx: typer.Context,
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", help="bundled NAME or a TOML FILE; may repeat (default: all)"),
    ] = None,
    baseline: Annotated[str | None, typer.Option(help="fiscal baseline (default cbo-2025-01)")] = None,
    draws: Annotated[
        int | None, typer.Option(min=1, help="Monte Carlo draws (default: each scenario's)")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(min=0, max=2**63 - 1, help="seed (default: each scenario's)")
    ] = None,
    grid: Annotated[
        str | None, typer.Option("--grid", help="a grid of scenarios (bundled NAME or TOML FILE), see README")
    ] = None,
    dask_address: Annotated[
        str | None,
        typer.Option(help="tcp://HOST:8786 of a Dask cluster; 'local-process' for none (default: temporary)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Project sell-off scenarios: yields, bond prices, interest by fiscal year, with p5-p95 bands."""
    _require_warehouse(_settings(ctx))
    if grid is None and dask_address is not None:
        _fail("--dask-address only applies with --grid", EXIT_BAD_INPUT)
    if grid is not None:
        if scenario or seed is not None or baseline is not None:
            _fail("--grid takes its scenario, seed and baseline from the grid file", EXIT_BAD_INPUT)
        _project_grid(ctx, grid, dask_address, draws, as_json=as_json, quiet=quiet)
        return
    _quiet_prefect()
    from flows.project import project_flow

    summary = _run_guarded(
        "project",
        lambda: project_flow(
            scenario_names=scenario,
            baseline=baseline,
            draws=draws,
            seed=seed,
            warehouse=_flow_overrides(ctx).get("warehouse"),
        ),
    )
    if as_json:
        _print_json(summary)
    elif not quiet:
        _print_projection(summary)


def _project_grid(
    ctx: typer.Context, grid: str, dask_address: str | None, draws: int | None, *, as_json: bool, quiet: bool
) -> None:
    _quiet_prefect()
    from flows.grid import grid_flow

    summary = _run_guarded(
        "project --grid",
        lambda: grid_flow(
            grid_file=grid,
            dask_address=dask_address,
            draws=draws,
            warehouse=_flow_overrides(ctx).get("warehouse"),
        ),
    )
    if as_json:
        _print_json(summary)
        return
    if quiet:
        return
    rows = []
    for c in summary["cells"]:
        size = (
            f"{c['share_of_holdings']:.0%} of holdings"
            if c.get("share_of_holdings") is not None
            else f"${c['amount_usd_bn']:,.0f}bn"
        )
        rows.append(
            (
                c["cell"],
                size,
                c["pace_months"],
                f"{c['fed_absorption_share']:.0%}",
                f"{c['peak_10y_bp']:.1f} [{c['peak_10y_bp_p5']:.1f}, {c['peak_10y_bp_p95']:.1f}]",
                f"{c['ten_year_extra_interest_usd_bn']:,.0f} [{c['ten_year_extra_interest_usd_bn_p5']:,.0f}, "
                f"{c['ten_year_extra_interest_usd_bn_p95']:,.0f}]",
            )
        )
    out.print(
        _table(
            f"grid {summary['grid']} ({summary['executor']}, {summary['workers']} workers), "
            f"run {summary['run_id']}",
            [
                "cell",
                "sale",
                "pace (months)",
                "Fed",
                "peak 10y bp [p5, p95]",
                "10-yr extra interest $bn [p5, p95]",
            ],
            rows,
        )
    )


@app.command()
def sensitivity(
    ctx: typer.Context,
    bp: Annotated[
        float,
        typer.Option(
            "--bp", min=-2000.0, max=2000.0, help="every interest rate this many bp higher, for good (±2,000)"
        ),
    ],
    baseline: Annotated[str | None, typer.Option(help="fiscal baseline (default cbo-2025-01)")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Cumulative deficit increase over the baseline's ten fiscal years if all rates are X bp higher."""
    from selloff.projection import store as proj_store
    from selloff.projection.baselines import load_baseline
    from selloff.projection.fiscal import build_setup
    from selloff.projection.sensitivity import rate_sensitivity
    from selloff.warehouse import publish
    from selloff.warehouse.errors import WarehouseError

    settings = _settings(ctx)
    if not math.isfinite(bp):
        _fail("--bp must be a finite number", EXIT_BAD_INPUT)
    try:
        chosen = load_baseline(baseline or settings.baseline)
    except ValueError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    try:
        with publish.connect_read_only(settings.warehouse) as con:
            yields = proj_store.read_yields_monthly(con)
    except (WarehouseError, ValueError) as exc:
        _fail(str(exc), EXIT_FAILED)
    result = rate_sensitivity(build_setup(chosen, yields), bp)
    if as_json:
        _print_json(result.to_dict())
        return
    rows = [(fy, f"{d:,.1f}") for fy, d in zip(result.fys, result.delta_interest_usd_bn, strict=True)]
    out.print(_table(f"all rates {bp:+g} bp on {chosen.name}", ["fiscal year", "extra interest $bn"], rows))
    sign = "-" if result.cumulative_usd_bn < 0 else ""
    out.print(f"cumulative over the ten fiscal years: {sign}${abs(result.cumulative_usd_bn):,.1f}bn")


# ---------------------------------------------------------------------------------------------------
# status and ad-hoc SQL (never start Prefect)
# ---------------------------------------------------------------------------------------------------


@app.command()
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The published warehouse: latest runs, data vintage and the coverage of every series."""
    settings = _settings(ctx)
    with _connect_published(settings) as con:
        runs = _records(
            con.execute(
                "select run_id, kind, status, source, started_at, finished_at, data_vintage, message "
                "from meta.runs order by started_at desc limit 8"
            )
        )
        coverage = _records(
            con.execute(
                "select dataset, units, frequency, first_date, last_date, n_observations, breaks "
                "from marts.coverage"
            )
        )
    if as_json:
        _print_json(
            {
                "warehouse": settings.warehouse,
                "runs": runs,
                "coverage": coverage,
                "references": _REFERENCE_NOTE,
            }
        )
        return
    out.print(f"warehouse {settings.warehouse}", markup=False, highlight=False)
    shown = ("run_id", "kind", "status", "source", "started_at", "data_vintage")
    out.print(
        _table(
            "latest runs",
            ["run", "kind", "status", "source", "started", "data vintage", "message"],
            [(*[r[k] for k in shown], (r["message"] or "")[:80]) for r in runs],
        )
    )
    out.print(
        _table(
            "coverage",
            ["series", "units", "freq", "first", "last", "n", "breaks"],
            [tuple(r.values()) for r in coverage],
        )
    )
    if not any(str(r["dataset"]).startswith("ref:") for r in coverage):
        out.print("no reference tables (ref:*) loaded: `selloff refresh --source ref` loads them")
    out.print(_REFERENCE_NOTE)


_REFERENCE_NOTE = (
    "ref:* are reference tables shipped with the package (no live source): a live refresh (--source fred or "
    "tic) keeps them as they are; `selloff refresh --source snapshot` or `--source ref` reloads them from "
    "the installed snapshot (new versions only)."
)


@app.command()
def sql(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="a read-only SQL query")],
    output_format: Annotated[Format, typer.Option("--format", help="table, csv or json")] = Format.table,
) -> None:
    """Run a read-only query on the published warehouse (writes, files, ATTACH, INSTALL are refused)."""
    import duckdb

    settings = _settings(ctx)
    with _connect_published(settings) as con:
        try:
            statements = con.extract_statements(query)
            if len(statements) != 1:
                _fail(f"give exactly one SQL statement, got {len(statements)}", EXIT_BAD_INPUT)
            cursor = con.execute(query)
            if cursor.description is None:
                _fail("the statement returns no result (give a query)", EXIT_BAD_INPUT)
            if output_format is Format.csv:
                frame = cursor.df()
            else:
                columns = [d[0] for d in cursor.description]
                rows = cursor.fetchall()
        except (duckdb.PermissionException, duckdb.InvalidInputException) as exc:
            _fail(
                "refused: `selloff sql` is read-only (no writes, COPY … TO, ATTACH, file reads, INSTALL or "
                f"settings): {_first_line(exc)}",
                EXIT_BAD_INPUT,
            )
        except duckdb.Error as exc:
            _fail(f"query failed: {_first_line(exc)}", EXIT_BAD_INPUT)
    if output_format is Format.csv:
        sys.stdout.write(frame.to_csv(index=False))
    elif output_format is Format.json:
        # Python's own values: full float precision, dates as dates, DECIMAL exact where JSON allows
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        sys.stdout.write(json.dumps(_finite(records), default=_json_default) + "\n")
    else:
        out.print(_table(None, columns, rows))


# ---------------------------------------------------------------------------------------------------
# the main job
# ---------------------------------------------------------------------------------------------------


@app.command()
def run(
    ctx: typer.Context,
    draws: Annotated[
        int | None, typer.Option(min=1, help="Monte Carlo draws per scenario (default 1,000)")
    ] = None,
    seed: Annotated[int | None, typer.Option(min=0)] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """The main job: refresh (snapshot without a key, live FRED with one) → calibrate → project the
    bundled scenarios → report, staged in one copy of the warehouse and published once."""
    _settings(ctx)
    _quiet_prefect()
    from flows.nightly import NightlyStepError, nightly_flow

    try:
        with _foreground_flow():
            summary = nightly_flow(
                draws=draws,
                seed=seed,
                warehouse_path=_flow_overrides(ctx).get("warehouse"),
                show_progress=not (quiet or as_json),
            )
    except NightlyStepError as exc:
        _fail(
            f"the main job failed at step {exc.step!r}: {_first_line(exc.cause)}; nothing was published "
            "and the last report is still in place",
            EXIT_FAILED,
        )
    if as_json:
        _print_json(summary)
    elif not quiet:
        calibration = summary["calibration"]
        ten_year = calibration["ten_year_bp_per_100bn"]
        out.print(
            f"data vintage {summary['data_vintage']} ({summary['source']}); calibration "
            f"{calibration['run_id']} ({calibration['method']})"
        )
        out.print(
            "10-year yield, bp per $100bn sold: impact "
            + ", ".join(f"{m} {_fmt(v)}" for m, v in ten_year["impact"].items())
            + "; long run "
            + ", ".join(f"{m} {_fmt(v)}" for m, v in ten_year["long_run"].items())
        )
        _print_projection(summary["projection"])
        out.print(f"report: {summary['report']}")
    if summary["status"] != "ok":
        from flows.nightly import refresh_problems

        err.print(
            Text.assemble(
                ("partial:", "bold yellow"),
                f" published, but some data did not refresh: {refresh_problems(summary['refresh'])}",
            ),
            highlight=False,
        )
    raise typer.Exit(EXIT_OK if summary["status"] == "ok" else EXIT_FAILED)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.1f}"


# ---------------------------------------------------------------------------------------------------
# report, export, serve
# ---------------------------------------------------------------------------------------------------


@app.command()
def report(
    ctx: typer.Context,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="directory to write (default reports/latest)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Write the report of the latest projection: report.html, report.md, tables/*.csv and *.parquet."""
    _require_warehouse(_settings(ctx))
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        _fail(f"--out must be a directory; {out_dir} is a file", EXIT_BAD_INPUT)
    _quiet_prefect()
    from flows.report import report_flow

    summary = _run_guarded(
        "report",
        lambda: report_flow(
            out=str(out_dir) if out_dir else None, warehouse=_flow_overrides(ctx).get("warehouse")
        ),
    )
    if as_json:
        _print_json(summary)
    else:
        out.print(f"report written: {summary.get('latest') or Path(summary['directory']) / 'report.html'}")


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"


@app.command()
def export(
    ctx: typer.Context,
    table: Annotated[str, typer.Option("--table", help="a published table or view, e.g. proj.fiscal_annual")],
    output_format: Annotated[ExportFormat, typer.Option("--format")],
    out_path: Annotated[Path, typer.Option("--out", help="file to write")],
    run: Annotated[str | None, typer.Option("--run", help="only the rows of this run id")] = None,
) -> None:
    """Export one published table (optionally one run's rows) as CSV or Parquet with DuckDB's COPY."""
    from selloff.delivery import exports
    from selloff.warehouse.errors import WarehouseError

    settings = _settings(ctx)
    try:
        rows = exports.export_table(settings.warehouse, table, output_format.value, out_path, run_id=run)
    except exports.ExportError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    except WarehouseError as exc:
        _fail(str(exc), EXIT_FAILED)
    err.print(f"wrote {rows} rows of {table} to {out_path}", highlight=False)


@app.command()
def serve(
    ctx: typer.Context,
    cron: Annotated[str | None, typer.Option(help="cron schedule (default: weekdays 19:30)")] = None,
    timezone: Annotated[str | None, typer.Option(help="IANA time zone (default America/New_York)")] = None,
) -> None:
    """Serve the nightly job on a cron schedule. Needs a running Prefect server (PREFECT_API_URL)."""
    from selloff.delivery import schedule

    settings = _settings(ctx)
    try:
        plan = schedule.ServePlan.checked(cron or settings.serve_cron, timezone or settings.serve_timezone)
        api_url = schedule.require_prefect_server()
    except schedule.ScheduleError as exc:
        _fail(str(exc), exc.exit_code)
    _quiet_prefect()
    from flows.nightly import nightly_flow

    err.print(
        f"serving the nightly job on {api_url}: cron {plan.cron!r} in {plan.timezone} (Ctrl-C stops it)",
        highlight=False,
    )
    nightly_flow.serve(
        name=schedule.DEPLOYMENT_NAME,
        schedules=[plan.prefect_schedule()],
        parameters={"warehouse_path": str(settings.warehouse.absolute())},
        pause_on_shutdown=False,
        print_starting_message=False,
    )


def main() -> None:
    """Entry point: usage errors are one line and exit 2, like every other bad input."""
    from typer.exceptions import TyperException

    if len(sys.argv) <= 1:
        sys.argv.append("--help")
    try:
        code = app(standalone_mode=False)
    except TyperException as exc:  # click's usage errors (unknown option, bad value, missing argument)
        err.print(f"error: {exc.format_message()} (see `selloff --help`)", highlight=False)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(EXIT_FAILED)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
