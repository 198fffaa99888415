"""The ``selloff`` command line: one thin layer over the flows and the ``src`` functions.

Pipeline commands (``run``, ``refresh``, ``calibrate``, ``project``, ``report``) go through Prefect flows:
they report to a running Prefect server when there is one (``PREFECT_API_URL``, or ``selloff server
start``), else to a temporary server of their own (~10 s of start-up; see :mod:`selloff.prefect_server`).
Input is checked before any of that. Quick commands (``sql``, ``status``, ``export``, ``sensitivity``)
never import Prefect and import only what they use. Progress goes to stderr (a terminal only), results
to stdout. Exit codes (contract): 0 ok, 1 run failed or partial, 2 bad input.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time as clock
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from selloff import __version__
from selloff.warehouse.errors import first_line as _first_line
from selloff.warehouse.query import finite as _finite
from selloff.warehouse.query import json_default as _json_default

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="What happens to US Treasury yields and the federal interest bill if a foreign holder sells.",
    pretty_exceptions_enable=False,
)


def _console(*, stderr: bool) -> Console:
    # Piped output (CI logs, `| less`) gets wide tables instead of 80-column squeezed ones. markup off:
    # printed text often holds data (series ids, paths, SQL results); styles come from Text objects
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, soft_wrap=True, markup=False, width=None if stream.isatty() else 200)


out = _console(stderr=False)
err = _console(stderr=True)

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
MAX_DRAWS = 100_000
"""Monte Carlo draws per scenario a command accepts: 10,000 take ~0.5 GB (BENCHMARKS.md), so this bound
keeps a typo (1e9) from exhausting memory after minutes of work."""
MAX_SEED = 2**63 - 1  # seeds are stored as BIGINT

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


def _settings(ctx: typer.Context, *, check_warehouse: bool = True) -> Any:
    from pydantic import ValidationError

    from selloff.settings import Settings

    try:
        settings = Settings(**ctx.obj) if ctx.obj else Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        _fail(f"bad setting {'.'.join(str(p) for p in first['loc'])}: {first['msg']}", EXIT_BAD_INPUT)
    if check_warehouse:
        _check_warehouse(settings.warehouse)
    return settings


def _check_warehouse(path: Path) -> None:
    """A --warehouse that is a directory, not a DuckDB file or another application's database: exit 2."""
    from selloff.warehouse import publish
    from selloff.warehouse.errors import NotAWarehouseError, WarehouseError

    try:
        publish.check_warehouse_file(path)
    except NotAWarehouseError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    except WarehouseError as exc:
        _fail(str(exc), EXIT_FAILED)


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


def _telemetry_off() -> None:
    """Prefect sends nothing and asks nothing (set before Prefect is imported; env vars win):
    ``DO_NOT_TRACK=1`` stops the SDK's analytics (first-run notice, device id, events) and
    ``PREFECT_SERVER_ANALYTICS_ENABLED=false`` a server's heartbeat to prefect.io."""
    from selloff.prefect_server import TELEMETRY_OFF

    for name, value in TELEMETRY_OFF.items():
        os.environ.setdefault(name, value)


def quiet_prefect_env() -> None:
    """Prefect logs every task (and failures with tracebacks) to the console; a CLI prints one line per
    error instead. The run's own logs still reach Prefect's API (``prefect flow-run logs``, the UI): the
    run loggers stay at INFO and feed Prefect's 'api' handler; only its 'console' handler is raised to
    CRITICAL. Set before Prefect loads (it reads them at import); env vars win."""
    from selloff.prefect_server import QUIET_CONSOLE

    _telemetry_off()
    for name, value in QUIET_CONSOLE.items():
        os.environ.setdefault(name, value)


_PREFECT_API: Any = None
"""The :class:`selloff.prefect_server.PrefectApi` this command reports to (set by :func:`_start_prefect`)."""


def _start_prefect(*, quiet: bool = False) -> None:
    """Ready Prefect for this command's flows, after its input was checked: quiet console, and the API
    to report to (a running server, else a temporary one tied to this process: ~10 s)."""
    global _PREFECT_API
    from selloff import prefect_server

    quiet_prefect_env()

    def announce() -> None:
        if not quiet and err.is_terminal:
            _progress_line(
                "starting a temporary Prefect server (`selloff server start` keeps one running, so "
                "commands skip this)"
            )

    try:
        _PREFECT_API = prefect_server.choose_api(on_start=announce)
    except prefect_server.ServerError as exc:
        _fail(str(exc), EXIT_FAILED)
    if "prefect.context" in sys.modules:  # loaded already (the warm worker): read the settings again
        from prefect.context import refresh_global_settings_context

        refresh_global_settings_context()


_STARTED = clock.monotonic()


def fresh_process() -> None:
    """Console and clock as a process starting now would make them: for the warm worker's forked child
    (:mod:`selloff.worker`), which imported this module long before, with other standard streams."""
    global out, err, _STARTED
    out = _console(stderr=False)
    err = _console(stderr=True)
    _STARTED = clock.monotonic()


def _progress_line(message: str) -> None:
    """One progress line on stderr, stamped with the seconds since the command started."""
    err.print(Text(f"[{clock.monotonic() - _STARTED:5.1f}s] {message}", style="dim"), highlight=False)


@contextmanager
def _progress(show: bool) -> Iterator[None]:
    """Report the flows' steps (:mod:`selloff.progress`) on stderr while the block runs, when ``show``
    and stderr is a terminal: a person watching sees every step, and stdout (tables, ``--json``) and
    logs of scripted runs carry only results."""
    from selloff import progress

    with progress.reporting(_progress_line if show and err.is_terminal else None):
        yield


@contextmanager
def _foreground_flow() -> Iterator[None]:
    """Flows run by a command in the foreground need no heartbeat: Prefect's heartbeats exist to spot
    crashed runs of served deployments, and their thread costs up to 1 s at the end of every (sub)flow
    (it sleeps in 1-second steps). `selloff serve` keeps them.

    On the way out (not on Ctrl-C), wait for a temporary server to record the task runs
    (:func:`_wait_for_task_run_records`) before it is stopped at exit; a running server keeps recording
    after we exit, so then there is nothing to wait for."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    own_server = _PREFECT_API.own_server if _PREFECT_API is not None else not PREFECT_API_URL.value()
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


def _run_guarded(step: str, fn: Callable[[], T], *, show_progress: bool = False) -> T:
    """Call a pipeline step, turning known errors into one-line messages and exit codes.

    ``ValueError`` is how the pure core names bad input (a sample too short, a missing series, a bad
    scenario field): exit 2. Warehouse and source failures are a failed run: exit 1.
    """
    from selloff.ingest.sources import SourceError
    from selloff.settings import MissingFredKeyError
    from selloff.warehouse.errors import WarehouseError

    try:
        with _foreground_flow(), _progress(show_progress):
            return fn()
    except (WarehouseError, SourceError) as exc:
        _fail(f"{step} failed: {exc}", EXIT_FAILED)
    except (ValueError, MissingFredKeyError) as exc:
        _fail(f"{step}: {exc}", EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        _fail(f"{step} interrupted; the published warehouse is unchanged", EXIT_FAILED)


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


def _print_version(value: bool) -> None:
    if value:
        out.print(__version__, highlight=False)
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    warehouse: Annotated[
        Path | None,
        typer.Option("--warehouse", envvar="SELLOFF_WAREHOUSE", help="published DuckDB file"),
    ] = None,
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="print the version and exit"),
    ] = False,
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
    _start_prefect(quiet=quiet or as_json)
    from flows.refresh import refresh_flow

    summary = _run_guarded(
        "refresh",
        lambda: refresh_flow(
            source=source.value,
            series=series,
            full=full,
            show_progress=not (quiet or as_json) and err.is_terminal,
            warehouse=_flow_overrides(ctx).get("warehouse"),
        ),
        show_progress=not (quiet or as_json),
    )
    if as_json:
        _print_json(summary)
    elif not quiet:
        _print_refresh(summary)
        _warn_stale(summary.get("stale", []))
    raise typer.Exit(EXIT_OK if summary["status"] == "ok" else EXIT_FAILED)


def _warn_stale(stale: Sequence[str]) -> None:
    """Name the datasets whose next observation is overdue (a result line on stdout, recorded in
    meta.freshness; the exit code is unchanged: `selloff status --check` is the alerting command)."""
    if stale:
        names = ", ".join(s.split(" ", 1)[0] for s in stale)
        out.print(
            Text.assemble(
                ("stale:", "bold yellow"),
                f" {names} (older than their usual publication lag; `selloff status --check` for details)",
            ),
            highlight=False,
        )


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
    if as_of is not None and as_of.date() > date.today():
        _fail(f"--as-of {as_of.date()} is in the future: give a date up to today", EXIT_BAD_INPUT)
    _start_prefect(quiet=quiet or as_json)
    from flows.calibrate import calibrate_flow

    summary = _run_guarded(
        "calibrate",
        lambda: calibrate_flow(
            method=method.value,
            as_of=as_of.date() if as_of else None,
            warehouse=_flow_overrides(ctx).get("warehouse"),
        ),
        show_progress=not (quiet or as_json),
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
    out.print(
        f"{summary['window']}; baseline {summary['baseline_title']} ({summary['baseline']}); reference GDP "
        f"${summary['reference_gdp']['usd_bn']:,.1f}bn ({summary['reference_gdp']['quarter']})"
    )
    if summary.get("inputs_data_to"):
        out.print("data to, by input: " + "; ".join(summary["inputs_data_to"]), highlight=False)
    rows = []
    for h in summary["scenarios"]:
        share = h.get("permanent_share")
        rows.append(
            (
                h["scenario"] + (f" ({h['label']})" if h.get("label") else ""),
                f"{h['sale_usd_bn']:,.0f} ({h['sale_face_usd_bn']:,.0f})",
                f"{h['sale_pct_gdp']:.2f}",
                f"{h['peak_10y_bp']:+.1f} [{h['peak_10y_bp_p5']:+.1f}, {h['peak_10y_bp_p95']:+.1f}] "
                f"{date.fromisoformat(h['peak_10y_month']):%b %Y}",
                "n/a" if share is None or not math.isfinite(share) else f"{share:.0%}",
                f"{h['ten_year_extra_interest_usd_bn']:,.0f} [{h['ten_year_extra_interest_usd_bn_p5']:,.0f}, "
                f"{h['ten_year_extra_interest_usd_bn_p95']:,.0f}]",
                f"{h['interest_pct_outlays_last_fy']:.1f} (FY{h['last_fy']})",
            )
        )
    first = summary["scenarios"][0] if summary["scenarios"] else None
    window = f" FY{first['first_fy']}–{first['last_fy']}" if first else ""
    out.print(
        _table(
            f"projection {summary['run_id']} on calibration {summary['calibration_run_id']} "
            f"({summary['method']})",
            [
                "scenario",
                "sale $bn market (face)",
                "% GDP",
                "peak 10y bp [p5, p95] month",
                "permanent share",
                f"extra interest{window} $bn [p5, p95]",
                "interest % outlays",
            ],
            rows,
        )
    )
    for warning in summary.get("stale_inputs", []):
        err.print(Text.assemble(("warning", "yellow"), f" data: {warning}"), highlight=False)
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
    baseline: Annotated[
        str | None, typer.Option(help="fiscal baseline: cbo-2026-02 (default) or cbo-2025-01")
    ] = None,
    draws: Annotated[
        int | None, typer.Option(min=1, max=MAX_DRAWS, help="Monte Carlo draws (default: each scenario's)")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(min=0, max=MAX_SEED, help="seed (default: each scenario's)")
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
    settings = _settings(ctx)
    _require_warehouse(settings)
    if grid is None and dask_address is not None:
        _fail("--dask-address only applies with --grid", EXIT_BAD_INPUT)
    if grid is not None and (scenario or seed is not None or baseline is not None):
        _fail("--grid takes its scenario, seed and baseline from the grid file", EXIT_BAD_INPUT)
    _check_input_files(settings.warehouse, scenario, grid)
    if grid is not None:
        _project_grid(ctx, grid, dask_address, draws, as_json=as_json, quiet=quiet)
        return
    _start_prefect(quiet=quiet or as_json)
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
        show_progress=not (quiet or as_json),
    )
    if as_json:
        _print_json(summary)
    elif not quiet:
        _print_projection(summary)


def _check_input_files(warehouse: Path, scenario: list[str] | None, grid: str | None) -> None:
    """Bad scenario or grid files are refused here, every error listed, before Prefect starts."""
    from selloff.projection import input_files

    try:
        if grid is not None:
            input_files.check_grid_file(grid, warehouse)
        elif scenario:
            input_files.check_scenario_files(scenario, warehouse)
    except ValueError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)


def _project_grid(
    ctx: typer.Context, grid: str, dask_address: str | None, draws: int | None, *, as_json: bool, quiet: bool
) -> None:
    _start_prefect(quiet=quiet or as_json)
    from flows.grid import grid_flow

    summary = _run_guarded(
        "project --grid",
        lambda: grid_flow(
            grid_file=grid,
            dask_address=dask_address,
            draws=draws,
            warehouse=_flow_overrides(ctx).get("warehouse"),
        ),
        show_progress=not (quiet or as_json),
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
    baseline: Annotated[
        str | None, typer.Option(help="fiscal baseline: cbo-2026-02 (default) or cbo-2025-01")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Cumulative deficit increase over the baseline's ten-year window if all rates are X bp higher."""
    from selloff.projection import store as proj_store
    from selloff.projection.baselines import load_baseline
    from selloff.projection.sensitivity import rate_sensitivity, sensitivity_setup
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
            gdp = proj_store.read_reference_gdp(con)
            fits = proj_store.read_legacy_fits(con)  # the last projection's rebuild, if on these inputs
        setup = sensitivity_setup(chosen, yields, reference_gdp=gdp, known_fits=fits)
    except (WarehouseError, ValueError) as exc:
        _fail(str(exc), EXIT_FAILED)
    result = rate_sensitivity(setup, bp)
    window = f"FY{result.fys[0]}–FY{result.fys[-1]}"
    if as_json:
        _print_json(
            result.to_dict() | {"baseline_title": chosen.title, "data_end": setup.data_end.date().isoformat()}
        )
        return
    out.print(
        f"baseline {chosen.title} ({chosen.name}); its ten-year window {window}, rates higher from "
        f"{chosen.window_start:%B %Y}; data to {setup.data_end:%B %Y}"
    )
    rows = [(fy, f"{d:,.1f}") for fy, d in zip(result.fys, result.delta_interest_usd_bn, strict=True)]
    out.print(_table(f"all rates {bp:+g} bp on {chosen.name}", ["fiscal year", "extra interest $bn"], rows))
    sign = "-" if result.cumulative_usd_bn < 0 else ""
    out.print(f"cumulative over {window}: {sign}${abs(result.cumulative_usd_bn):,.1f}bn")


# ---------------------------------------------------------------------------------------------------
# status and ad-hoc SQL (never start Prefect)
# ---------------------------------------------------------------------------------------------------


@app.command()
def status(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="exit 1 naming each dataset older than its usual publication lag (for cron)"
        ),
    ] = False,
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="check freshness on DATE (default: today)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The published warehouse: latest runs (a failed nightly with its step and cause), data vintage,
    coverage and freshness of every series. With --check only the freshness verdict (exit 1 if stale)."""
    from selloff.ingest import freshness

    settings = _settings(ctx)
    checked_on = as_of.date() if as_of else date.today()
    if checked_on > date.today():
        _fail(f"--as-of {checked_on.isoformat()} is in the future (give a date up to today)", EXIT_BAD_INPUT)
    with _connect_published(settings) as con:
        runs = _records(
            con.execute(
                "select run_id, kind, status, source, started_at, finished_at, data_vintage, "
                "failed_step, message from meta.runs order by started_at desc limit 8"
            )
        )
        nightly = _records(
            con.execute(
                "select run_id, status, started_at, failed_step, message from meta.runs "
                "where kind = 'nightly' order by started_at desc limit 1"
            )
        )
        coverage = _records(
            con.execute(
                "select dataset, units, frequency, first_date, last_date, n_observations, breaks "
                "from marts.coverage"
            )
        )
        checks = freshness.check(freshness.read_latest(con), checked_on)
    stale = freshness.stale(checks)
    if as_json:
        _print_json(
            {
                "warehouse": settings.warehouse,
                "last_nightly": nightly[0] if nightly else None,
                "runs": runs,
                "coverage": coverage,
                "references": _REFERENCE_NOTE,
                "freshness": {
                    "checked_on": checked_on,
                    "stale": [c.dataset for c in stale],
                    "datasets": [
                        {
                            "dataset": c.dataset,
                            "last_date": c.last_date,
                            "release_lag_days": c.release_lag_days,
                            "due_date": c.due_date,
                            "stale": c.stale,
                        }
                        for c in checks
                    ],
                },
            }
        )
    elif check:  # one verdict line for a cron job or a monitor, not the whole status
        verdict = (
            f"stale on {checked_on.isoformat()}: " + "; ".join(c.describe() for c in stale)
            if stale
            else f"fresh on {checked_on.isoformat()}: all {len(checks)} datasets within their usual lag"
        )
        out.print(verdict, highlight=False)
    else:
        _print_status(settings.warehouse, runs, nightly, coverage, checks)
    if check and stale:
        raise typer.Exit(EXIT_FAILED)


def _print_status(
    warehouse: Path,
    runs: Sequence[dict[str, Any]],
    nightly: Sequence[dict[str, Any]],
    coverage: Sequence[dict[str, Any]],
    checks: Sequence[Any],
) -> None:
    out.print(f"warehouse {warehouse}", markup=False, highlight=False)
    if nightly:
        last = nightly[0]
        where = f" at step {last['failed_step']}" if last["failed_step"] else ""
        why = f": {last['message']}" if last["message"] else ""
        out.print(
            Text.assemble(
                "last nightly ",
                (f"{last['status']}{where}", "bold red" if last["status"] == "failed" else ""),
                f" ({last['run_id']}, started {_cell(last['started_at'])}){why}",
            ),
            highlight=False,
        )
    shown = ("run_id", "kind", "status", "source", "started_at", "data_vintage")
    out.print(
        _table(
            "latest runs",
            ["run", "kind", "status", "source", "started", "data vintage", "failed step", "message"],
            [(*[r[k] for k in shown], r["failed_step"], (r["message"] or "")[:80]) for r in runs],
        )
    )
    by_dataset = {c.dataset: c for c in checks}
    rows = []
    for r in coverage:
        # coverage names TIC per holder (TIC:Japan …); freshness checks the table as a whole
        c = by_dataset.get(r["dataset"]) or by_dataset.get(str(r["dataset"]).split(":", 1)[0])
        due = "" if c is None or c.due_date is None else c.due_date.isoformat()
        rows.append((*r.values(), due, "" if c is None else "stale" if c.stale else "ok"))
    out.print(
        _table(
            "coverage and freshness (next observation due by)",
            ["series", "units", "freq", "first", "last", "n", "breaks", "next due", "freshness"],
            rows,
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
    query: Annotated[str, typer.Argument(help="a read-only SQL query, or - to read it from stdin")],
    output_format: Annotated[Format, typer.Option("--format", help="table, csv or json")] = Format.table,
    as_json: Annotated[bool, typer.Option("--json", help="the same as --format json")] = False,
    run_id: Annotated[
        str | None,
        typer.Option("--run", help="show every report.* view for this projection (or nightly) run"),
    ] = None,
) -> None:
    """Run a read-only query on the published warehouse (writes, files, ATTACH, INSTALL are refused)."""
    from selloff.warehouse.query import QueryError, run_query

    if as_json:
        if output_format not in (Format.table, Format.json):
            _fail("--json is --format json: give one of them", EXIT_BAD_INPUT)
        output_format = Format.json
    if query == "-":
        query = sys.stdin.read()
    settings = _settings(ctx, check_warehouse=False)  # run_query checks it as it opens it
    try:
        run_query(settings.warehouse, query, output_format.value, run_id)
    except QueryError as exc:
        _fail(str(exc), exc.exit_code)


# ---------------------------------------------------------------------------------------------------
# the main job
# ---------------------------------------------------------------------------------------------------


@app.command()
def run(
    ctx: typer.Context,
    draws: Annotated[
        int | None, typer.Option(min=1, max=MAX_DRAWS, help="Monte Carlo draws per scenario (default 1,000)")
    ] = None,
    seed: Annotated[int | None, typer.Option(min=0, max=MAX_SEED)] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    log_file: Annotated[
        Path | None,
        typer.Option("--log-file", help="append one timestamped line per run (ok or not) to this file"),
    ] = None,
) -> None:
    """The main job: refresh (snapshot without a key, live FRED with one) → calibrate → project the
    bundled scenarios → report, staged in one copy of the warehouse and published once."""
    _settings(ctx)
    if log_file is not None and (log_file.is_dir() or not log_file.parent.is_dir()):
        _fail(f"--log-file {log_file}: give a file in an existing directory", EXIT_BAD_INPUT)
    _start_prefect(quiet=quiet or as_json)
    from flows.nightly import NightlyStepError, ReportLinkError, nightly_flow

    def log(line: str) -> None:
        if log_file is not None:
            _append_log_line(log_file, f"selloff run {line}")

    try:
        with _foreground_flow(), _progress(not (quiet or as_json)):
            summary = nightly_flow(
                draws=draws,
                seed=seed,
                warehouse_path=_flow_overrides(ctx).get("warehouse"),
                show_progress=not (quiet or as_json) and err.is_terminal,
            )
    except NightlyStepError as exc:
        recorded = f"recorded as failed run {exc.run_id} in meta.runs; " if exc.run_id else ""
        message = (
            f"the main job failed at step {exc.step!r}: {_first_line(exc.cause)}; {recorded}nothing else "
            "was published and the last report is still in place"
        )
        log(f"failed: {message}")
        _fail(message, EXIT_FAILED)
    except ReportLinkError as exc:
        log(f"{exc.run_id} failed after publishing: {exc}")
        _fail(str(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        log("interrupted; the published warehouse is unchanged")
        _fail("run interrupted; the published warehouse is unchanged", EXIT_FAILED)
    stale = summary.get("stale", [])
    if log_file is not None:
        log(
            f"{summary['run_id']}: {summary['status']} ({summary['source']}; data vintage "
            f"{summary['data_vintage']}; {clock.monotonic() - _STARTED:.1f} s)"
            + (f"; stale: {', '.join(s.split(' ', 1)[0] for s in stale)}" if stale else "")
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
        _warn_stale(stale)
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


def _append_log_line(path: Path, text: str) -> None:
    """``<local time, ISO 8601> <text>`` appended to ``path`` (the plain-cron recipe's log); a log that
    cannot be written is a warning, never the run's failure."""
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        with path.open("a", encoding="utf-8") as log:
            log.write(f"{stamp} {' '.join(text.split())}\n")
    except OSError as exc:
        err.print(f"warning: cannot append to --log-file {path}: {exc}", highlight=False)


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
    run_id: Annotated[
        str | None,
        typer.Option(
            "--run",
            help="a projection (or nightly) run id, ad hoc ones included; default: what report.* shows",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Write a report: report.html, report.md, tables/*.csv and *.parquet. By default of the projection
    the report.* views follow (the latest nightly or bundled-scenario one) into reports/latest; with
    --run of any projection run, into its own directory (reports/latest is left alone)."""
    settings = _settings(ctx)
    _require_warehouse(settings)
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        _fail(f"--out must be a directory; {out_dir} is a file", EXIT_BAD_INPUT)
    if run_id is not None:
        _check_projection_run(settings, run_id)
    _start_prefect(quiet=quiet or as_json)
    from flows.report import report_flow

    summary = _run_guarded(
        "report",
        lambda: report_flow(
            out=str(out_dir) if out_dir else None,
            warehouse=_flow_overrides(ctx).get("warehouse"),
            projection_run_id=run_id,
        ),
        show_progress=not (quiet or as_json),
    )
    if as_json:
        _print_json(summary)
    elif not quiet:
        out.print(f"report written: {summary.get('latest') or Path(summary['directory']) / 'report.html'}")


def _check_projection_run(settings: Any, run_id: str) -> None:
    """Refuse a --run that is not a successful projection (or nightly) run, before anything starts."""
    import duckdb

    with _connect_published(settings) as con:
        try:
            found = con.execute("select count(*) from report.lineage_of(?)", [run_id]).fetchone()
        except duckdb.Error as exc:  # a warehouse written by an older selloff: no report.lineage_of yet
            _fail(f"cannot look up --run {run_id!r}: {_first_line(exc)} (run any writing command first)", 1)
    if not found or not found[0]:
        _fail(
            f"--run {run_id!r} is not a successful projection or nightly run in {settings.warehouse} "
            "(report.projection_runs lists them)",
            EXIT_BAD_INPUT,
        )


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"


@app.command()
def export(
    ctx: typer.Context,
    table: Annotated[str, typer.Option("--table", help="a published table or view, e.g. proj.fiscal_annual")],
    output_format: Annotated[ExportFormat, typer.Option("--format")],
    out_path: Annotated[str, typer.Option("--out", help="file to write (new, or a regular file to replace)")],
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
def prune(
    ctx: typer.Context,
    keep: Annotated[
        int | None,
        typer.Option(
            min=1, help="keep the detail of this many newest calibrate and project runs (default 30)"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Delete the per-run detail (draws, paths) of all but the newest runs and compact the warehouse.

    Run records and headline rows stay. The same pruning (without compaction) follows every calibrate
    and project run, keeping SELLOFF_KEEP_RUN_DETAIL runs."""
    from selloff.warehouse import retention
    from selloff.warehouse.errors import WarehouseError
    from selloff.warehouse.runs import utc_now

    settings = _settings(ctx)
    _require_warehouse(settings)
    try:
        result = retention.prune_warehouse(
            settings.warehouse,
            keep=keep or settings.keep_run_detail,
            now=utc_now(),
            lock_timeout_s=settings.lock_timeout_seconds,
        )
    except WarehouseError as exc:
        _fail(f"prune failed: {exc}", EXIT_FAILED)
    if as_json:
        _print_json({**result.__dict__, "runs": list(result.runs)})
        return
    out.print(
        f"pruned the detail of {len(result.runs)} runs ({sum(result.rows_deleted.values()):,} rows); "
        f"warehouse {(result.bytes_before or 0) / 1e6:,.1f} MB -> {(result.bytes_after or 0) / 1e6:,.1f} MB",
        highlight=False,
    )


@app.command()
def serve(
    ctx: typer.Context,
    cron: Annotated[str | None, typer.Option(help="cron schedule (default: weekdays 19:30)")] = None,
    timezone: Annotated[str | None, typer.Option(help="IANA time zone (default America/New_York)")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no start-up line")] = False,
) -> None:
    """Serve the nightly job on a cron schedule. Needs a running Prefect server: PREFECT_API_URL, or the
    one `selloff server start` runs."""
    from selloff import prefect_server
    from selloff.delivery import schedule

    settings = _settings(ctx)
    _telemetry_off()
    # not quiet_prefect_env(): served runs inherit this process's environment, and their logs (Prefect's run
    # loggers) must reach Prefect; this console shows the runner's own lines, as a service log should
    running = prefect_server.running_api()
    if running is not None:
        os.environ["PREFECT_API_URL"] = running.api_url
    try:
        plan = schedule.ServePlan.checked(cron or settings.serve_cron, timezone or settings.serve_timezone)
        api_url = schedule.require_prefect_server()
    except schedule.ScheduleError as exc:
        _fail(str(exc), exc.exit_code)
    from flows.nightly import nightly_flow

    if not quiet:
        err.print(
            f"serving the nightly job as {schedule.FLOW_NAME}/{schedule.DEPLOYMENT_NAME} on {api_url}: cron "
            f"{plan.cron!r} in {plan.timezone} (Ctrl-C stops it)",
            highlight=False,
        )
    nightly_flow.serve(
        name=schedule.DEPLOYMENT_NAME,
        schedules=[plan.prefect_schedule()],
        parameters={"warehouse_path": str(settings.warehouse.absolute())},
        pause_on_shutdown=False,
        print_starting_message=False,
    )


server_app = typer.Typer(
    no_args_is_help=True,
    help="A local Prefect server in the background: pipeline commands then skip ~10 s of start-up each.",
)
app.add_typer(server_app, name="server")


@server_app.command("start")
def server_start(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Start a Prefect server in the background for this PREFECT_HOME (or say where one runs).

    Pipeline commands report to it from then on (their runs in its UI); `selloff serve` can use it too.
    A selloff worker starts beside it, with the command line's modules already loaded: pipeline commands
    run in it (recorded in the server the same way) without their ~3 s of imports. Both keep running
    until `selloff server stop` (or a reboot)."""
    from dataclasses import asdict

    from selloff import prefect_server, worker

    _telemetry_off()
    configured = prefect_server.configured_api_url()
    if configured:
        _fail(
            f"PREFECT_API_URL is set ({configured}): commands already report to that server", EXIT_BAD_INPUT
        )
    try:
        state, started = prefect_server.start_background()
    except prefect_server.ServerError as exc:
        _fail(str(exc), EXIT_FAILED)
    worker_log = Path(state.prefect_home) / "selloff-worker.log"
    try:  # commands are then spared their imports too (selloff.worker); without it they only run slower
        worker_pid: int | None = worker.start(Path(state.prefect_home), worker_log)
    except (OSError, RuntimeError) as exc:
        err.print(f"warning: the selloff worker did not start ({exc}); commands run without it")
        worker_pid = None
    if as_json:
        _print_json(asdict(state) | {"started": started, "worker_pid": worker_pid})
        return
    verb = "started" if started else "already running"
    out.print(
        f"Prefect server {verb} at {state.api_url} (pid {state.pid}; UI "
        f"{state.api_url.removesuffix('/api')}; log {state.log}); stop it with `selloff server stop`",
        highlight=False,
    )
    if worker_pid is not None:
        out.print(f"selloff worker ready (pid {worker_pid}; log {worker_log})", highlight=False)


@server_app.command("stop")
def server_stop() -> None:
    """Stop the background Prefect server and the selloff worker started by `selloff server start`."""
    from selloff import prefect_server, worker

    worker.stop(prefect_server.prefect_home())  # first: the commands it runs report to the server
    state = prefect_server.stop_background()
    out.print(
        "no background server was running"
        if state is None
        else f"stopped the Prefect server at {state.api_url}",
        highlight=False,
    )


@server_app.command("status")
def server_status(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Which Prefect API pipeline commands report to now (exit 1 if they would start a temporary one)."""
    from dataclasses import asdict

    from selloff import prefect_server, worker

    api = prefect_server.running_api()
    state = prefect_server.discover()
    worker_pid = worker.running_pid(prefect_server.prefect_home())
    if as_json:
        _print_json(
            {"api_url": api.api_url if api else None, "mode": api.mode if api else "temporary"}
            | ({"server": asdict(state)} if state else {})
            | {"worker_pid": worker_pid}
        )
    elif api is None:
        out.print("no running Prefect server: pipeline commands start a temporary one (~10 s each)")
    elif state is not None and api.api_url == state.api_url:
        out.print(
            f"background server at {state.api_url} (pid {state.pid}, since {state.started_at}; "
            f"log {state.log})",
            highlight=False,
        )
    else:
        out.print(f"{api.mode} Prefect API at {api.api_url}", highlight=False)
    if not as_json and worker_pid is not None:
        out.print(f"selloff worker running (pid {worker_pid}): pipeline commands run in it", highlight=False)
    raise typer.Exit(EXIT_OK if api else EXIT_FAILED)


# ---------------------------------------------------------------------------------------------------
# explore
# ---------------------------------------------------------------------------------------------------

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
def explore(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="address to listen on (default: this machine only)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="port to listen on (0: any free port)")] = 8765,
    calibration: Annotated[
        str | None, typer.Option("--calibration", help="calibration run id (default: the latest)")
    ] = None,
    open_browser: Annotated[
        bool, typer.Option("--open", help="open the page in the default browser")
    ] = False,
) -> None:
    """A local what-if page: move a sale's size, pace, the Fed's and Congress's response, and see the
    yields and the interest bill update (no CDN, nothing stored; Ctrl-C stops it)."""
    from selloff.delivery.explorer.app import bind, create_app, serve
    from selloff.delivery.explorer.engine import Explorer
    from selloff.warehouse.errors import WarehouseError

    settings = _settings(ctx)
    try:
        sock = bind(host, port)
    except OSError as exc:
        _fail(
            f"cannot listen on {host}:{port}: {exc.strerror} (pass --port N, or --port 0 for any)",
            EXIT_FAILED,
        )
    try:
        explorer = Explorer(
            settings.warehouse, default_baseline=settings.baseline, calibration_run=calibration
        )
    except WarehouseError as exc:
        sock.close()
        _fail(str(exc), EXIT_FAILED)
    except ValueError as exc:  # no calibration, a refused method, no yields: what to run first
        sock.close()
        _fail(f"explore: {_first_line(exc)}", EXIT_BAD_INPUT)
    address = f"[{host}]" if ":" in host else host
    url = f"http://{address}:{sock.getsockname()[1]}/"
    err.print(
        f"selloff explore: {url} (calibration {explorer.projector.calibration_run_id}, ready in "
        f"{explorer.startup_s:.1f} s; Ctrl-C stops it)",
        highlight=False,
    )
    if host not in LOOPBACK_HOSTS:
        err.print(f"warning: listening on {host}: anyone who can reach this machine can use the page")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    with suppress(KeyboardInterrupt):
        serve(create_app(explorer, allowed_hosts=None if host in LOOPBACK_HOSTS else ["*"]), sock)


def main() -> None:
    """Entry point: usage errors are one line and exit 2, like every other bad input."""
    from typer.exceptions import TyperException

    # Prefect's telemetry is switched off where Prefect is started (_start_prefect, serve, server): quick
    # commands never import it, and importing selloff.prefect_server here would cost them ~70 ms
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
