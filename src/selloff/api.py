"""The Python API: the published warehouse and the projection, for notebooks and reports.

::

    import selloff

    selloff.tables.fiscal_annual(scenario="japan-full-dump")   # a report.* view as a DataFrame
    selloff.tables.fiscal_annual(run="project-20260101T…")     # the same rows of any stored run
    con = selloff.connect()                                    # read-only; follows each publish
    con.sql("select * from report.scenarios")                  # a DataFrame
    con.arrow("select * from proj.yield_paths")                # a pyarrow Table

    scenario = selloff.load_scenario("japan-gradual")          # bundled name or TOML file, validated
    result = selloff.project(scenario, draws=500, seed=1)      # in-process: no warehouse write, no Prefect
    result.fiscal_annual, result.headline

Everything here reads the **published** warehouse read-only (``--warehouse`` / ``SELLOFF_WAREHOUSE`` /
``.env``, default ``warehouse/selloff.duckdb``) and never writes to it. A publish replaces the file
(atomic rename), and a DuckDB connection keeps reading the file it opened; :class:`Warehouse` checks
the file's identity before every query and reopens after a publish, so results are always the latest
published ones. :func:`project` computes with the same pure functions as ``selloff project``
(:func:`selloff.projection.project.project`), on the latest calibration, so for the same scenario,
draws and seed it gives the same numbers as the command (tested); nothing is recorded.

Units as in the warehouse: $bn, percent, bp (positive = yields rise), fiscal years October–September.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, overload

import duckdb
import pandas as pd

from selloff.projection.scenarios import Scenario, ScenarioError, resolve_scenario, with_baseline

if TYPE_CHECKING:
    import pyarrow as pa

    from selloff.calibration.impact import PriceImpact
    from selloff.projection.fiscal import FiscalSetup, ReferenceGdp
    from selloff.projection.holdings import TicHoldings
    from selloff.projection.legacy import LegacyFit
    from selloff.projection.project import Projection
    from selloff.projection.tables import Headline

__all__ = [
    "ProjectionResult",
    "Projector",
    "Scenario",
    "ScenarioError",
    "Tables",
    "Warehouse",
    "connect",
    "load_scenario",
    "project",
    "tables",
]

IN_PROCESS_RUN_ID = "in-process"
"""The ``run_id`` column of frames computed by :func:`project` (nothing is stored under it)."""


def default_warehouse() -> Path:
    """The published warehouse the CLI would use: ``SELLOFF_WAREHOUSE`` / ``.env`` / the default."""
    from selloff.settings import Settings

    return Path(Settings().warehouse)


# ---------------------------------------------------------------------------------------------------
# the published warehouse, read-only, following publishes
# ---------------------------------------------------------------------------------------------------


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published file, in a DuckDB instance of its own.

    ``duckdb.connect(path)`` goes through DuckDB's per-process instance cache, which keeps handing out
    the instance of a file that a publish has since replaced for as long as any connection to it is
    open: a "reconnect" would read the old warehouse. Attaching the file to a fresh in-memory instance
    always reads the file as published now, opened through the :func:`~selloff.warehouse.publish.rename_gate`
    (never while a publish renames it). The same guards as ``selloff sql`` (no writes, no file or network
    access, no extensions, settings locked) are set once the file is attached.
    """
    from selloff.warehouse.errors import WarehouseError
    from selloff.warehouse.publish import READ_ONLY_CONFIG, rename_gate, resolve, sql_literal

    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `selloff refresh` (or `selloff run`) first")
    startup = {k: v for k, v in READ_ONLY_CONFIG.items() if k.startswith(("autoload", "autoinstall"))}
    con = duckdb.connect(":memory:", config=startup)
    try:
        # ATTACH takes no bound parameter; the path is quoted as a SQL string literal. Through the rename
        # gate, like every selloff reader: DuckDB opens the path more than once, never across a publish
        with rename_gate(resolve(path), exclusive=False):
            con.execute(f"attach {sql_literal(str(path))} as warehouse (read_only)")
        con.execute("use warehouse")
        for key, value in READ_ONLY_CONFIG.items():
            if key not in startup:
                con.execute(f"set {key} = {str(value).lower()}")  # keys and values are constants
    except duckdb.Error as exc:
        con.close()
        raise WarehouseError(f"cannot open {path} read-only: {str(exc).splitlines()[0]}") from None
    return con


def frame(result: duckdb.DuckDBPyConnection | duckdb.DuckDBPyRelation) -> pd.DataFrame:
    """A query result as a DataFrame, through Arrow: DuckDB's own ``.df()`` calls a pandas API deprecated
    in pandas 3.1 for TIMESTAMP WITH TIME ZONE columns (a Pandas4Warning); dates come as datetime64."""
    return result.to_arrow_table().to_pandas(date_as_object=False)


def _identity(path: Path) -> tuple[int, int, int] | None:
    """What changes when a publish replaces the file: device, inode, modification time."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns)


class Warehouse:
    """A read-only connection to the published warehouse that follows publishes.

    Each query first compares the file's identity (device, inode, mtime) with the one it opened; after
    a publish (the file atomically replaced) it closes the old connection and opens the new file, so a
    long-lived notebook never reads a stale warehouse. Within one call the view is consistent. The
    connection refuses writes, file access and extensions (as ``selloff sql``). Not for sharing across
    threads: give each thread its own (:func:`connect`).
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_warehouse()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened: tuple[int, int, int] | None = None
        self.reconnects = 0
        """How many times a publish made this object reopen the file."""
        self.connection  # noqa: B018  (open now: a missing or unreadable warehouse fails here, clearly)

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection to the file as currently published (reopened after a publish)."""
        now = _identity(self.path)
        if self._con is None or now != self._opened:
            if self._con is not None:
                self._con.close()
                self.reconnects += 1
            self._con = open_read_only(self.path)
            self._opened = now
        return self._con

    @property
    def is_current(self) -> bool:
        """False once a publish has replaced the file this object last read (it reopens on next use)."""
        return self._con is not None and _identity(self.path) == self._opened

    def sql(self, query: str, params: list[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
        """The result of one read-only query as a DataFrame (``params`` bound, never interpolated)."""
        return frame(self.connection.execute(query, params))

    def arrow(self, query: str, params: list[Any] | dict[str, Any] | None = None) -> pa.Table:
        """The result of one read-only query as a pyarrow Table."""
        return self.connection.execute(query, params).to_arrow_table()

    def execute(
        self, query: str, params: list[Any] | dict[str, Any] | None = None
    ) -> duckdb.DuckDBPyConnection:
        """DuckDB's cursor for ``query`` (``.fetchall()``, ``.df()``, ``.arrow()``, ``.pl()``)."""
        return self.connection.execute(query, params)

    def relation(self, query: str) -> duckdb.DuckDBPyRelation:
        """A lazy DuckDB relation: ``.to_arrow_table()``, ``.arrow()`` (a pyarrow reader), ``.fetchall()``,
        further SQL."""
        return self.connection.sql(query)

    @property
    def tables(self) -> Tables:
        """The ``report.*`` views (and any stored run's rows) of this warehouse as DataFrames."""
        return Tables(self)

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Warehouse({str(self.path)!r})"


def connect(path: Path | str | None = None) -> Warehouse:
    """Open the published warehouse read-only (default: the CLI's, from ``SELLOFF_WAREHOUSE`` / ``.env``).

    Returns a :class:`Warehouse`: ``.sql(query)`` → a DataFrame, ``.arrow(query)`` → a pyarrow Table,
    ``.connection`` → the DuckDB connection itself, ``.tables.<view>()`` → a ``report.*`` view. It
    reopens the file by itself after a publish. Raises :class:`~selloff.warehouse.errors.WarehouseError`
    when there is no warehouse at ``path`` or it cannot be opened.
    """
    return Warehouse(path)


# ---------------------------------------------------------------------------------------------------
# the report.* views as DataFrames
# ---------------------------------------------------------------------------------------------------

REPORT_VIEWS: dict[str, str | None] = {
    "lineage": None,
    "projection_runs": None,
    "parameters": "calib.parameters",
    "calibration_designs": None,
    "impulse_responses": "calib.impulse_responses",
    "d_sensitivity": "calib.d_sensitivity",
    "episodes": "calib.episodes",
    "diagnostics": "calib.diagnostics",
    "regressions": "calib.regressions",
    "scenarios": "proj.scenarios",
    "yield_paths": "proj.yield_paths",
    "bond_prices": "proj.bond_prices",
    "fiscal_annual": "proj.fiscal_annual",
    "mitigations": "proj.mitigations",
    "sensitivity": "proj.sensitivity",
    "baseline_check": "proj.baseline_check",
    "inputs": "proj.inputs",
}
"""Each ``report.<view>`` and the table it shows the latest run of (the only names put into SQL)."""


class _View:
    """A ``report.*`` view as a method of :class:`Tables` (typed, documented, listed by ``dir``)."""

    def __init__(self, doc: str) -> None:
        self.__doc__ = doc
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> _View: ...
    @overload
    def __get__(self, obj: Tables, owner: type) -> Callable[..., pd.DataFrame]: ...
    def __get__(self, obj: Tables | None, owner: type) -> _View | Callable[..., pd.DataFrame]:
        if obj is None:
            return self
        name = self.name

        def read(run: str | None = None, scenario: str | None = None) -> pd.DataFrame:
            return obj.view(name, run=run, scenario=scenario)

        read.__doc__ = self.__doc__
        read.__name__ = name
        return read


class Tables:
    """The warehouse's ``report.*`` views as DataFrames: ``tables.fiscal_annual(run=None, scenario=None)``.

    ``run=None`` reads the view: the latest projection and the calibration it was built on
    (``report.lineage``). ``run="…"`` reads the same columns for any stored run from the table behind the
    view (``proj.*`` or ``calib.*``); a projection run given to a calibration view means the calibration
    that projection used. ``scenario`` keeps one scenario's rows (views with a ``scenario`` column).
    Rows come sorted by the table's key.
    """

    lineage = _View("The runs every report.* view shows: projection, its calibration and refresh (one row).")
    projection_runs = _View(
        "Every successful projection run, nightly and ad hoc, and which one the report.* views follow."
    )
    parameters = _View("Price impact per tenor: bp per $100bn sold and per 1% of GDP, impact and long run.")
    calibration_designs = _View(
        "Per tenor: each identified design (A-C), the diagnostic D, the prior and the combination, impact "
        "and persistent effect apart, bp per $100bn with 90% intervals, weights and data/prior-driven."
    )
    impulse_responses = _View("Yield response h = 0…8 quarters after a sale, bp per 1% of GDP, by method.")
    d_sensitivity = _View("The data estimate under different assumed durations of market-value flows.")
    episodes = _View("Replayed episodes (March 2020, Japan 2022/2024): observed vs implied yield moves, bp.")
    diagnostics = _View("Regression diagnostics per tenor and term (N, R², tests).")
    regressions = _View("Every regression of the calibration: spec, sample, estimate, Newey–West error.")
    scenarios = _View("One row per scenario: the sale, headline yields and extra interest with p5/p50/p95.")
    yield_paths = _View("Monthly yields by tenor, baseline and scenario (%), shock in bp, with bands.")
    bond_prices = _View("Monthly price change by instrument (%), holders' mark-to-market loss ($bn).")
    fiscal_annual = _View(
        "Per fiscal year: baseline and scenario net interest ($bn), the difference and its decomposition "
        "(rollover, deficit financing, snowball), interest as % of GDP, revenues and outlays, debt/GDP."
    )
    mitigations = _View("What each policy lever saves on the scenario's cost ($bn, point projections).")
    sensitivity = _View("Extra interest per fiscal year if all rates are +10 bp / +100 bp for good ($bn).")
    baseline_check = _View("The model's baseline net interest beside CBO's, per fiscal year ($bn, %).")
    inputs = _View("Every input of the projection with the date its data run to, and whether it is stale.")

    def __init__(self, warehouse: Warehouse | None = None) -> None:
        self._warehouse = warehouse

    @property
    def warehouse(self) -> Warehouse:
        if self._warehouse is None:
            self._warehouse = _default_connection()
        return self._warehouse

    def view(self, name: str, *, run: str | None = None, scenario: str | None = None) -> pd.DataFrame:
        """``report.<name>`` (or the rows of ``run`` from the table behind it) as a DataFrame."""
        if name not in REPORT_VIEWS:
            raise ValueError(f"no report view {name!r}; views: {', '.join(REPORT_VIEWS)}")
        table = REPORT_VIEWS[name]
        con = self.warehouse.connection
        source = f"report.{name}"
        where: list[str] = []
        params: list[Any] = []
        if run is not None:
            if table is None:
                raise ValueError(f"report.{name} shows the latest runs only; query meta.runs for others")
            source = table
            where.append("run_id = ?")
            params.append(_run_for(con, run, table))
        columns = [r[0] for r in con.execute(f"describe {source}").fetchall()]
        if scenario is not None:
            if "scenario" not in columns:
                raise ValueError(f"report.{name} has no scenario column")
            where.append("scenario = ?")
            params.append(scenario)
        order = _key_columns(con, table) if table else []
        # names come from REPORT_VIEWS and the catalog's own key columns only; values are bound
        query = f"select * from {source}"  # noqa: S608
        query += f" where {' and '.join(where)}" if where else ""
        query += f" order by {', '.join(order)}" if order else ""
        return frame(con.execute(query, params))

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(REPORT_VIEWS))


def _key_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    schema, name = table.split(".")
    row = con.execute(
        "select constraint_column_names from duckdb_constraints() "
        "where schema_name = ? and table_name = ? and constraint_type = 'PRIMARY KEY'",
        [schema, name],
    ).fetchone()
    return [str(c) for c in row[0]] if row else []


def _run_for(con: duckdb.DuckDBPyConnection, run: str, table: str) -> str:
    """The run whose rows ``table`` holds for the user's ``run``: a projection's calibration for calib.*."""
    row = con.execute("select kind, parent_run_ids from meta.runs where run_id = ?", [run]).fetchone()
    if row is None:
        raise ValueError(f"no run {run!r} in meta.runs (see `selloff status`)")
    kind, parents = row
    if table.startswith("calib.") and kind == "project":
        if not parents:
            raise ValueError(f"projection run {run!r} records no calibration")
        return str(parents[0])
    if table.startswith("proj.") and kind != "project":
        raise ValueError(f"run {run!r} is a {kind} run; {table} holds projection runs")
    return run


_default: Warehouse | None = None
_default_lock = threading.Lock()


def _default_connection() -> Warehouse:
    """One shared :class:`Warehouse` on the default path for the module-level :data:`tables`."""
    global _default
    with _default_lock:
        path = default_warehouse()
        if _default is None or _default.path != path:
            _default = Warehouse(path)
        return _default


tables = Tables()
"""The default warehouse's ``report.*`` views: ``selloff.tables.fiscal_annual()``."""


# ---------------------------------------------------------------------------------------------------
# scenarios and in-process projections
# ---------------------------------------------------------------------------------------------------


def load_scenario(path_or_name: str | Path) -> Scenario:
    """A bundled scenario by name (``"japan-gradual"``) or a scenario file (TOML), validated.

    Raises :class:`ScenarioError` listing every invalid field with its line. The seller is checked
    against the warehouse's TIC holders when the scenario is projected.
    """
    return resolve_scenario(str(path_or_name))


@dataclass(frozen=True)
class ProjectionResult:
    """One scenario projected in-process: the frames ``selloff project`` would store, and their lineage.

    The frames have the columns of ``proj.*`` (``run_id`` is :data:`IN_PROCESS_RUN_ID`); "point"
    columns use the calibration's point estimates, ``_p5/_p50/_p95`` are percentiles across draws.
    """

    scenario: Scenario
    headline: Headline
    yield_paths: pd.DataFrame
    """Monthly yields by tenor (%), shock in bp (``proj.yield_paths``)."""
    bond_prices: pd.DataFrame
    """Monthly price change by instrument (%), mark-to-market loss ($bn) (``proj.bond_prices``)."""
    fiscal_annual: pd.DataFrame
    """Net interest per fiscal year, baseline vs scenario ($bn, % of GDP/revenues/outlays)."""
    mitigations: pd.DataFrame
    """Each policy lever's saving ($bn, point projections; empty with ``mitigations=False``)."""
    summary: pd.DataFrame
    """The ``proj.scenarios`` row: the sale and the headline numbers with bands."""
    warnings: tuple[str, ...]
    calibration_run_id: str
    method: str
    baseline: str
    draws: int
    seed: int
    warehouse: Path
    projection: Projection = field(repr=False)
    """The projection module's own result, for code that wants it."""


class Projector:
    """Projections in-process against one published warehouse, its inputs read once.

    Reads the calibration's price impact (latest, or ``calibration_run``; its recorded method, or
    ``method``), the monthly yields and the latest TIC holdings, then builds each baseline once
    (the legacy-debt rebuild is the slow part), so every further :meth:`project` costs only the
    projection. :meth:`current` says whether a publish has replaced the warehouse since.
    """

    def __init__(
        self,
        warehouse: Path | str | None = None,
        *,
        calibration_run: str | None = None,
        method: str | None = None,
    ) -> None:
        from selloff.projection import store as proj_store

        self.path = Path(warehouse) if warehouse is not None else default_warehouse()
        with Warehouse(self.path) as wh:
            self._identity = _identity(self.path)
            # an unknown method is refused by the store (ValueError naming the known ones)
            inputs = proj_store.read_inputs(wh.connection, calibration_run, cast(Any, method))
        self.calibration_run_id = inputs.calibration_run_id
        self.method: str = inputs.method
        self.impact: PriceImpact = inputs.impact
        self.holdings: TicHoldings = inputs.holdings
        self.yields_monthly = inputs.yields_monthly
        self.reference_gdp = inputs.reference_gdp  # the one GDP level of every conversion, as the CLI's
        self.prior_impact: PriceImpact | None = inputs.prior_impact  # the prior-only headline beside it
        self._legacy_fits = inputs.legacy_fits  # a baseline then builds without refitting the legacy debt
        self._setups: dict[str, FiscalSetup] = {}
        self._lock = threading.Lock()

    @property
    def current(self) -> bool:
        """False once a publish has replaced the warehouse these inputs were read from."""
        return _identity(self.path) == self._identity

    def setup(self, baseline: str) -> FiscalSetup:
        """The baseline ``baseline`` ready to project (built on first use, then kept)."""
        with self._lock:
            if baseline not in self._setups:
                self._setups[baseline] = build_baseline(
                    baseline, self.yields_monthly, self.reference_gdp, known_fits=self._legacy_fits
                )
            return self._setups[baseline]

    def project(
        self,
        scenario: Scenario | str | Path,
        *,
        draws: int | None = None,
        seed: int | None = None,
        baseline: str | None = None,
        mitigations: bool = True,
    ) -> ProjectionResult:
        """Project ``scenario`` (a :class:`Scenario`, bundled name or file) as ``selloff project`` does.

        ``draws``/``seed`` override the scenario's; ``baseline`` overrides its ``[baseline] name`` (as
        ``--baseline``). Raises :class:`ScenarioError` (invalid scenario, unknown seller) or
        ``ValueError`` (unknown baseline, draws below 1).
        """
        from selloff.projection.project import project as project_scenario

        chosen = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        if baseline is not None:
            chosen = with_baseline(chosen, baseline)
        projection = project_scenario(
            chosen,
            self.impact,
            self.setup(chosen.baseline.name),
            self.holdings,
            run_id=IN_PROCESS_RUN_ID,
            draws=draws,
            seed=seed,
            mitigations=mitigations,
            prior_impact=self.prior_impact,
        )
        return ProjectionResult(
            scenario=chosen,
            headline=projection.headline,
            yield_paths=projection.yield_paths,
            bond_prices=projection.bond_prices,
            fiscal_annual=projection.fiscal_annual,
            mitigations=projection.mitigations,
            summary=projection.scenarios_row,
            warnings=projection.warnings,
            calibration_run_id=self.calibration_run_id,
            method=self.method,
            baseline=chosen.baseline.name,
            draws=int(projection.scenarios_row["draws"].iloc[0]),
            seed=int(projection.scenarios_row["seed"].iloc[0]),
            warehouse=self.path,
            projection=projection,
        )


def build_baseline(
    name: str,
    yields_monthly: pd.DataFrame,
    reference_gdp: ReferenceGdp | None = None,
    *,
    known_fits: Mapping[str, LegacyFit] | None = None,
) -> FiscalSetup:
    """The pinned baseline ``name`` prepared for projection on the warehouse's yields and reference GDP
    (the one place the API and the explorer build a baseline; ``flows/project.py`` does the same), reusing
    a stored legacy fit on the same inputs (``known_fits``, from ``proj.legacy_fits``)."""
    from selloff.projection import fiscal
    from selloff.projection.baselines import load_baseline

    return fiscal.build_setup(
        load_baseline(name), yields_monthly, reference_gdp=reference_gdp, known_fits=known_fits
    )


_projectors: dict[tuple[Path, str | None, str | None], Projector] = {}
_projectors_lock = threading.Lock()


def _projector(warehouse: Path | str | None, calibration_run: str | None, method: str | None) -> Projector:
    """A cached :class:`Projector` per warehouse and calibration, rebuilt after a publish."""
    path = Path(warehouse) if warehouse is not None else default_warehouse()
    key = (path.resolve(), calibration_run, method)
    with _projectors_lock:
        cached = _projectors.get(key)
        if cached is None or not cached.current:
            cached = _projectors[key] = Projector(path, calibration_run=calibration_run, method=method)
        return cached


def project(
    scenario: Scenario | str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    baseline: str | None = None,
    calibration_run: str | None = None,
    method: str | None = None,
    warehouse: Path | str | None = None,
    mitigations: bool = True,
) -> ProjectionResult:
    """Project one scenario in-process, on the published warehouse's latest calibration.

    The same numbers as ``selloff project --scenario … --draws N --seed S`` for the same inputs; nothing
    is written and Prefect is not involved. The warehouse's inputs and the prepared baseline are cached
    between calls (and re-read after a publish), so a loop over scenarios pays the set-up once.

    Parameters
    ----------
    scenario
        A :class:`Scenario` (:func:`load_scenario`), a bundled scenario name or a TOML file.
    draws, seed
        Monte Carlo draws and seed (default: the scenario's).
    baseline
        Fiscal baseline, overriding the scenario's (as ``--baseline``).
    calibration_run, method
        A calibration run (default: the latest successful one) and the method feeding the projection
        (default: the one that run recorded: ``blend``, ``prior`` or ``data`` where allowed).
    warehouse
        The published warehouse (default: the CLI's).
    mitigations
        Also compute ``mitigations`` (a few point projections; cheap).
    """
    return _projector(warehouse, calibration_run, method).project(
        scenario, draws=draws, seed=seed, baseline=baseline, mitigations=mitigations
    )
