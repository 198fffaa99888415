"""The explorer's engine: the warehouse's inputs read once, then every request a pure projection.

At start-up :class:`Explorer` reads, through :class:`selloff.api.Projector`, the calibration's price
impact for each method its ``calib.parameters`` rows hold (those a projection accepts), the monthly
yields and the latest TIC holdings, and prepares every pinned baseline (the legacy-debt rebuild is the
slow step). A request then only runs :func:`selloff.projection.project.project` — the engine
``selloff project`` uses, not a copy — on the scenario the controls stand for:

* **point** results: the calibration's point estimate (one Monte Carlo draw is computed alongside and
  dropped; no mitigations), cached per state;
* **bands** on request: ``draws`` joint draws, p5/p95 per cell;
* the **reverse stress test**: the smallest sale (in $bn, everything else as set) that lifts net interest
  to a chosen share of outlays or revenues in some fiscal year up to a chosen one, by bisection on
  point projections (the cost rises with the sale: a property the projection tests check).

Payloads are plain JSON-ready dicts: yields in %, shocks in bp, money in $bn, months as Unix seconds.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from selloff.api import IN_PROCESS_RUN_ID, Projector, open_read_only
from selloff.calibration import store as calib_store
from selloff.calibration.impact import PriceImpact
from selloff.delivery.explorer.controls import Controls, StressMetric, parse_controls, scenario_toml
from selloff.projection import bonds
from selloff.projection.baselines import BASELINES
from selloff.projection.project import Projection, project
from selloff.projection.scenarios import MAX_SALE_USD_BN, Scenario, validate_scenario, with_baseline
from selloff.tenors import TENORS

EXPLORE_NAME = "explore"
"""The scenario name of what the page shows (a saved file gets the name the analyst gives)."""

TABLES = ("fiscal_annual", "yield_paths", "bond_prices", "summary")
"""What the page offers as CSV."""

CACHE_SIZE = 256


@dataclass(frozen=True)
class MethodChoice:
    """A calibration method (or design) the calibration run holds, and whether projections accept it."""

    method: str
    projectable: bool
    reason: str = ""


def _finite_list(values: Iterable[float], digits: int = 6) -> list[float | None]:
    """JSON numbers: rounded, NaN/±inf as null."""
    return [round(float(v), digits) if math.isfinite(v) else None for v in values]


class Explorer:
    """Everything the explorer's requests share, built once from the published warehouse.

    Raises ``ValueError`` (no calibration: "run `selloff calibrate` first"; no yields or holdings) or
    :class:`~selloff.warehouse.errors.WarehouseError` (no warehouse, unreadable).
    """

    def __init__(self, warehouse: Path, *, default_baseline: str, calibration_run: str | None = None) -> None:
        started = time.perf_counter()
        self.warehouse = warehouse
        self.projector = Projector(warehouse, calibration_run=calibration_run)
        self.impacts: dict[str, PriceImpact] = {self.projector.method: self.projector.impact}
        self.methods = self._methods()
        if default_baseline not in BASELINES:
            raise ValueError(
                f"unknown baseline {default_baseline!r}; known baselines: {', '.join(BASELINES)}"
            )
        self.default_baseline = default_baseline
        self.baselines: tuple[str, ...] = (default_baseline, *(b for b in BASELINES if b != default_baseline))
        for name in self.baselines:  # the slow part, paid here rather than by the first request
            self.projector.setup(name)
        self.data_vintage = self._data_vintage()
        self._cache: OrderedDict[tuple[Controls, int], Projection] = OrderedDict()
        self._lock = threading.Lock()
        self.startup_s = time.perf_counter() - started

    # --- what the warehouse offers -------------------------------------------------------------

    def _methods(self) -> tuple[MethodChoice, ...]:
        """The methods in ``calib.parameters`` for this calibration run; each projectable one's price
        impact loaded now (a refused one keeps the store's reason)."""
        run = self.projector.calibration_run_id
        with open_read_only(self.warehouse) as con:
            names = [
                str(r[0])
                for r in con.execute(
                    "select distinct method from calib.parameters where run_id = ? order by method", [run]
                ).fetchall()
            ]
            out = []
            for name in names:
                if name in self.impacts:
                    out.append(MethodChoice(name, True))
                    continue
                try:
                    self.impacts[name] = calib_store.load_price_impact(con, run, name)  # type: ignore[arg-type]
                    out.append(MethodChoice(name, True))
                except ValueError as exc:
                    out.append(MethodChoice(name, False, str(exc)))
        return tuple(out)

    def _data_vintage(self) -> str | None:
        with open_read_only(self.warehouse) as con:
            row = con.execute(
                "select data_vintage from meta.runs where run_id = ?", [self.projector.calibration_run_id]
            ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    @property
    def horizon_months(self) -> int:
        return self.projector.setup(self.default_baseline).horizon

    def options(self) -> dict[str, Any]:
        """What the controls offer (``GET /api/options``)."""
        holdings = self.projector.holdings
        setup = self.projector.setup(self.default_baseline)
        return {
            "sellers": [
                {"name": name, "holdings_usd_bn": round(holdings.by_country_usd_bn[name], 1)}
                for name in holdings.sellers
            ],
            "holdings_as_of": holdings.as_of.isoformat(),
            "methods": [
                {"method": m.method, "projectable": m.projectable, "reason": m.reason} for m in self.methods
            ],
            "calibration_run_id": self.projector.calibration_run_id,
            "calibration_method": self.projector.method,
            "data_vintage": self.data_vintage,
            "baselines": list(self.baselines),
            "horizon_months": setup.horizon,
            "first_month": setup.paths.months[0].strftime("%Y-%m"),
            "fys": [int(fy) for fy in sorted(set(setup.paths.fy.tolist()))],
            "max_sale_usd_bn": MAX_SALE_USD_BN,
            "warehouse": str(self.warehouse),
        }

    def controls(self, params: Mapping[str, str]) -> Controls:
        """The URL's parameters validated (:class:`~selloff.delivery.explorer.controls.ControlError`);
        the default method and baseline normalised to "" (so a saved file leaves them to the CLI)."""
        c = parse_controls(
            params,
            sellers=self.projector.holdings.sellers,
            methods=tuple(m.method for m in self.methods if m.projectable),
            baselines=self.baselines,
            horizon_months=self.horizon_months,
        )
        return replace(
            c,
            method="" if c.method == self.projector.method else c.method,
            baseline="" if c.baseline == self.default_baseline else c.baseline,
        )

    # --- projections ----------------------------------------------------------------------------

    def scenario(
        self, c: Controls, *, name: str = EXPLORE_NAME, title: str = "", draws: int | None = None
    ) -> Scenario:
        """The validated scenario of ``c`` (:class:`~selloff.projection.scenarios.ScenarioError` lists
        every invalid field)."""
        baseline = c.baseline or self.default_baseline
        data = c.scenario_data(
            name=name,
            title=title or describe(c),
            horizon_months=self.projector.setup(baseline).horizon,
            draws=draws,
        )
        scenario = validate_scenario(
            data, source="the explorer", known_sellers=self.projector.holdings.sellers
        )
        return with_baseline(scenario, baseline)

    def projection(self, c: Controls, draws: int = 1) -> Projection:
        """:func:`~selloff.projection.project.project` of ``c`` with ``draws`` Monte Carlo draws (1 =
        the point estimate only), cached per state."""
        key = (c, draws)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        scenario = self.scenario(c, draws=draws)
        impact = self.impacts[c.method or self.projector.method]
        result = project(
            scenario,
            impact,
            self.projector.setup(scenario.baseline.name),
            self.projector.holdings,
            run_id=IN_PROCESS_RUN_ID,
            draws=draws,
            seed=c.seed,
            mitigations=False,
        )
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    def point(self, c: Controls) -> dict[str, Any]:
        """The page's point results: headline, yields by tenor, the 10-year price, interest by fiscal
        year with its decomposition, the bond arithmetic (``GET /api/point``)."""
        started = time.perf_counter()
        p = self.projection(c)
        payload = point_payload(p)
        payload["arithmetic"] = bond_arithmetic(p)
        payload["compute_ms"] = round((time.perf_counter() - started) * 1000.0, 1)
        return payload

    def bands(self, c: Controls) -> dict[str, Any]:
        """p5/p95 bands from ``c.draws`` joint draws (``GET /api/bands``)."""
        started = time.perf_counter()
        payload = bands_payload(self.projection(c, c.draws))
        payload["compute_ms"] = round((time.perf_counter() - started) * 1000.0, 1)
        return payload

    def table(self, c: Controls, table: str, *, bands: bool) -> pd.DataFrame:
        """One of :data:`TABLES` for ``c``: point columns only, or with the bands' percentiles."""
        if table not in TABLES:
            raise ValueError(f"table: must be one of {', '.join(TABLES)}; got {table[:40]!r}")
        p = self.projection(c, c.draws if bands else 1)
        frame = p.scenarios_row if table == "summary" else getattr(p, table)
        frame = frame.drop(columns=["run_id"])
        if not bands:  # one draw's percentiles would look like bands: leave them out
            frame = frame.drop(
                columns=[col for col in frame.columns if col.endswith(("_p5", "_p50", "_p95"))]
            )
        return frame

    def toml(self, c: Controls, *, name: str, title: str) -> str:
        """The scenario of ``c`` as a TOML file ``selloff project --scenario FILE`` accepts (validated
        again from its own text before it is returned)."""
        from selloff.projection.scenarios import parse_scenario

        scenario = self.scenario(c, name=name, title=title, draws=c.draws)
        data = c.scenario_data(
            name=scenario.name,
            title=scenario.title,
            horizon_months=self.horizon_months
            if scenario.horizon_months is None
            else scenario.horizon_months,
        )
        method = c.method or self.projector.method
        notes = [
            f"Saved from `selloff explore` on calibration {self.projector.calibration_run_id} "
            f"(method {method}).",
            "Project it with: selloff project --scenario THIS_FILE",
        ]
        if c.baseline:
            notes.append(f"Baseline {c.baseline}: project it with --baseline {c.baseline}.")
        if method != self.projector.method:
            notes.append(
                f"Note: `selloff project` uses the calibration's own method ({self.projector.method}); the "
                f"explorer showed {method}."
            )
        text = scenario_toml(data, comments=tuple(notes))
        parse_scenario(text, source=f"{name}.toml", known_sellers=self.projector.holdings.sellers)
        return text

    # --- the reverse stress test -----------------------------------------------------------------

    def stress(self, c: Controls, metric: StressMetric, threshold_pct: float, by_fy: int) -> dict[str, Any]:
        """The smallest sale ($bn, to within $1bn or 0.1%) that takes net interest to at least
        ``threshold_pct`` % of ``metric`` (outlays or revenues) in some fiscal year up to ``by_fy``, the
        other controls as set, up to all the seller holds. Bisection on point projections: the cost rises
        with the sale. ``status``: ``found``, ``baseline`` (no sale needed) or ``not_reached`` (not even
        by selling everything).
        """
        started = time.perf_counter()
        fys = self.options()["fys"]
        if by_fy not in fys:
            raise ValueError(f"by: must be a projected fiscal year ({fys[0]}–{fys[-1]}), got {by_fy}")
        if not (math.isfinite(threshold_pct) and 0.0 < threshold_pct < 100.0):
            raise ValueError(f"threshold: must be a percentage between 0 and 100, got {threshold_pct}")
        column = f"scenario_interest_pct_{metric}"
        evaluations = 0

        def level(amount: float) -> tuple[float, int]:
            nonlocal evaluations
            evaluations += 1
            fa = self.projection(c.with_amount(amount)).fiscal_annual
            within = fa[fa["fy"] <= by_fy]
            k = int(np.argmax(within[column].to_numpy()))
            return float(within[column].iloc[k]), int(within["fy"].iloc[k])

        base_level, base_fy = level(0.0)
        holdings = self.projector.holdings.by_country_usd_bn[c.seller]
        result: dict[str, Any] = {
            "metric": metric,
            "threshold_pct": threshold_pct,
            "by_fy": by_fy,
            "seller": c.seller,
            "seller_holdings_usd_bn": holdings,
            "baseline_peak_pct": base_level,
            "baseline_peak_fy": base_fy,
        }
        if base_level >= threshold_pct:
            result.update(status="baseline", amount_usd_bn=0.0)
        else:
            # the seller cannot sell more than it holds: its whole holdings bound the search
            low, high = 0.0, holdings
            high_level, high_fy = level(high)
            if high_level < threshold_pct:
                result.update(
                    status="not_reached", amount_usd_bn=None, tested_up_to_usd_bn=high, level_pct=high_level
                )
            else:
                while high - low > max(1.0, 0.001 * high):
                    mid = 0.5 * (low + high)
                    mid_level, mid_fy = level(mid)
                    if mid_level >= threshold_pct:
                        high, high_level, high_fy = mid, mid_level, mid_fy
                    else:
                        low = mid
                p = self.projection(c.with_amount(high))
                result.update(
                    status="found",
                    amount_usd_bn=high,
                    share_of_holdings=high / holdings if holdings > 0 else None,
                    sale_pct_gdp=p.headline.sale_pct_gdp,
                    level_pct=high_level,
                    crossing_fy=high_fy,
                    ten_year_extra_interest_usd_bn=p.headline.ten_year_extra_interest_usd_bn,
                )
        result["evaluations"] = evaluations
        result["compute_ms"] = round((time.perf_counter() - started) * 1000.0, 1)
        return result


# ---------------------------------------------------------------------------------------------------
# payloads
# ---------------------------------------------------------------------------------------------------


def describe(c: Controls) -> str:
    """A one-line title for the state: who sells how much, how fast, with what response."""
    what = f"{c.share:.0%} of its holdings" if c.size == "share" else f"${c.amount:,.0f}bn"
    text = f"{c.seller} sells {what} over {c.pace} months from month {c.start}"
    if c.fed:
        text += f"; the Fed absorbs {c.fed:.0%}"
    if c.consolidation:
        text += f"; deficits cut by {c.consolidation:g}% of GDP"
    if c.bills:
        text += f"; {c.bills:g}% of coupon issuance moved to bills"
    return text


def _months(p: Projection) -> list[int]:
    months = pd.DatetimeIndex(p.yield_paths["month"].drop_duplicates())
    return [int(m.timestamp()) for m in months]


def _by_tenor(p: Projection, column: str) -> dict[str, list[float | None]]:
    """``column`` of ``proj.yield_paths`` per tenor, in month order (row positions rather than a pandas
    pivot: a quarter of a point request's payload time went into pivots)."""
    yp = p.yield_paths
    tenors, months = yp["tenor"].to_numpy(), yp["month"].to_numpy()
    values = yp[column].to_numpy(dtype=float)
    out: dict[str, list[float | None]] = {}
    for t in TENORS:
        rows = np.flatnonzero(tenors == t)
        rows = rows[np.argsort(months[rows], kind="stable")]
        out[t] = _finite_list(values[rows])
    return out


def _ten_year_price(p: Projection, column: str) -> list[float | None]:
    rows = p.bond_prices[p.bond_prices["instrument"] == "10y"].sort_values("month")
    return _finite_list(rows[column].to_numpy())


def point_payload(p: Projection) -> dict[str, Any]:
    fa = p.fiscal_annual
    h = p.headline
    fiscal_columns = (
        "baseline_interest_usd_bn", "scenario_interest_usd_bn", "delta_interest_usd_bn",
        "cumulative_delta_usd_bn", "rollover_usd_bn", "deficit_financing_usd_bn", "snowball_usd_bn",
        "baseline_interest_pct_outlays", "scenario_interest_pct_outlays", "baseline_interest_pct_revenues",
        "scenario_interest_pct_revenues", "baseline_interest_pct_gdp", "scenario_interest_pct_gdp",
        "fed_remittance_loss_usd_bn", "baseline_debt_pct_gdp", "scenario_debt_pct_gdp",
    )  # fmt: skip
    return {
        "scenario": p.scenario.name,
        "title": p.scenario.title,
        "headline": {
            "sale_usd_bn": h.sale_usd_bn,
            "sale_pct_gdp": h.sale_pct_gdp,
            "sale_10y_eq_usd_bn": h.sale_10y_eq_usd_bn,
            "peak_10y_bp": h.peak_10y_bp,
            "permanent_share": None if math.isnan(h.permanent_share) else h.permanent_share,
            "ten_year_extra_interest_usd_bn": h.ten_year_extra_interest_usd_bn,
            "ten_year_extra_cost_treasury_plus_fed_usd_bn": h.ten_year_extra_cost_treasury_plus_fed_usd_bn,
            "interest_pct_outlays_last_fy": h.interest_pct_outlays_last_fy,
            "baseline_interest_pct_outlays_last_fy": float(fa["baseline_interest_pct_outlays"].iloc[-1]),
            "last_fy": h.last_fy,
        },
        "warnings": [w for w in h.warnings if not w.startswith(f"{p.scenario.name}:")],
        "months": _months(p),
        "yields": {
            "baseline": _by_tenor(p, "baseline_yield_pct"),
            "scenario": _by_tenor(p, "scenario_yield_pct"),
        },
        "shock_bp": _by_tenor(p, "shock_bp"),
        "price_10y_pct": _ten_year_price(p, "price_change_pct"),
        "fiscal": {
            "fy": [int(v) for v in fa["fy"]],
            **{c: _finite_list(fa[c].to_numpy()) for c in fiscal_columns},
        },
    }


def bands_payload(p: Projection) -> dict[str, Any]:
    fa = p.fiscal_annual
    h = p.headline
    return {
        "draws": int(p.scenarios_row["draws"].iloc[0]),
        "seed": int(p.scenarios_row["seed"].iloc[0]),
        "headline": {
            "peak_10y_bp_p5": h.peak_10y_bp_p5,
            "peak_10y_bp_p95": h.peak_10y_bp_p95,
            "ten_year_extra_interest_usd_bn_p5": h.ten_year_extra_interest_usd_bn_p5,
            "ten_year_extra_interest_usd_bn_p95": h.ten_year_extra_interest_usd_bn_p95,
        },
        "yields": {
            "p5": _by_tenor(p, "scenario_yield_pct_p5"),
            "p95": _by_tenor(p, "scenario_yield_pct_p95"),
        },
        "price_10y_pct": {
            "p5": _ten_year_price(p, "price_change_pct_p5"),
            "p95": _ten_year_price(p, "price_change_pct_p95"),
        },
        "fiscal": {
            "fy": [int(v) for v in fa["fy"]],
            "delta_interest_usd_bn_p5": _finite_list(fa["delta_interest_usd_bn_p5"].to_numpy()),
            "delta_interest_usd_bn_p95": _finite_list(fa["delta_interest_usd_bn_p95"].to_numpy()),
        },
    }


def bond_arithmetic(p: Projection) -> dict[str, Any]:
    """The seed's chain for the yields the scenario produces, in the month of the 10-year's peak move.

    A one-year $100 bond paying the baseline 1-year yield :math:`a` as its annual coupon costs
    :math:`P = (100 + a)/(1 + b/100)` when the yield is :math:`b`, and bought at :math:`P` it yields
    :math:`(100 + a - P)/P = b`; a 10-year par bond at the baseline yield falls to its price at the
    scenario's; $100bn of debt refinanced costs :math:`a` and then :math:`b` $bn a year.
    """
    yp = p.yield_paths
    ten = yp[yp["tenor"] == "10y"].reset_index(drop=True)
    k = int(np.argmax(np.abs(ten["shock_bp"].to_numpy())))
    month = ten["month"].iloc[k]
    at = yp[yp["month"] == month].set_index("tenor")
    a, b = float(at.loc["1y", "baseline_yield_pct"]), float(at.loc["1y", "scenario_yield_pct"])
    y0, y1 = float(at.loc["10y", "baseline_yield_pct"]), float(at.loc["10y", "scenario_yield_pct"])
    price_1y = float(bonds.price_from_yield(b, a, 1.0, frequency=1))
    price_10y = float(bonds.price_from_yield(y1, y0, 10.0, frequency=2))
    return {
        "month": pd.Timestamp(month).strftime("%Y-%m"),
        "one_year": {
            "coupon_pct": a,
            "price": price_1y,
            "cash_flow": 100.0 + a,
            "yield_pct": (100.0 + a - price_1y) / price_1y * 100.0,
            "yield_check_pct": bonds.yield_from_price(price_1y, a, 1.0, frequency=1),
        },
        "ten_year": {"baseline_yield_pct": y0, "scenario_yield_pct": y1, "price": price_10y},
        "refinancing": {
            "amount_usd_bn": 100.0,
            "baseline_cost_usd_bn": float(bonds.annual_interest_usd_bn(100.0, a)),
            "scenario_cost_usd_bn": float(bonds.annual_interest_usd_bn(100.0, b)),
        },
    }
