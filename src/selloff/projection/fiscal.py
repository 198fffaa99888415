"""A baseline ready to project: its monthly paths, the engine's plan, the bridge to CBO's net interest.

:func:`build_setup` turns a :class:`~selloff.projection.baselines.Baseline` and the monthly yields into
a :class:`FiscalSetup`: the baseline's monthly paths (:func:`baseline_paths`), the legacy cohorts
(:mod:`selloff.projection.legacy`), the engine plan that borrows CBO's deficits at fixed issuance shares,
the :class:`InterestBridge`, and the baseline run of the engine (:mod:`selloff.projection.engine`).
:func:`baseline_check` sets the baseline's net interest beside CBO's (the binding check).

Units and conventions
---------------------
Money in billions of dollars ($bn); yields, coupons and rates in percent per year, **bond-equivalent**;
months are labelled by their first day. Fiscal years run October–September and are named by the calendar
year in which they end (FY2026 = October 2025 – September 2026). Net interest means CBO's budget concept
(never NIPA interest). Debt is marketable debt held by the public unless stated.

Modelling choices (and why)
---------------------------
* **Start.** The projection starts in the first month of the baseline's first fiscal year (October 2025
  for ``cbo-2025-01``) from CBO's end-of-year debt held by the public less nonmarketable debt, so the
  engine's debt follows CBO's path when it borrows CBO's deficits.
* **Issuance shares**: each instrument's share of gross issuance over the rebuild's last year, held
  fixed ("regular and predictable"): bills are about 84% of gross issuance and 21% of the stock; the
  bill share of the stock drifts from 21.3% to about 19.4% by the end of FY2035 in the baseline.
* **Curve**: CBO projects the 3-month bill and the 10-year note; 1-, 2- and 5-year yields are linear in
  log maturity between them, the 30-year is the 10-year plus its last-decade average spread, and every
  instrument (3-, 7-, 20-year…) is interpolated in log maturity from the six tenors.
* **Net interest**: engine interest + :class:`InterestBridge` (nonmarketable debt and other net
  interest, derived for the base year and held by stated rules); the bridge does not move with a sale.
* **Cash flow timing**: deficits are spread evenly over each fiscal year's months.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from selloff.projection.baselines import SECURITY_TYPES, Baseline, cell
from selloff.projection.bonds import bill_bey_from_discount
from selloff.projection.curve import (
    BILL_DAYS,
    INSTRUMENT_NAMES,
    TENOR_YEARS_ARRAY,
    instrument_yields,
    interpolation_matrix,
    monthly_curve,
)
from selloff.projection.engine import EnginePlan, EngineResult, fy_end_values, run_engine, to_fiscal_years
from selloff.projection.legacy import LegacyDebt, legacy_paths, rebuild_legacy
from selloff.tenors import TENORS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


# --------------------------------------------------------------------------------------------------
# the baseline's monthly paths
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BaselinePaths:
    """Monthly inputs of the baseline projection (length ``T``: the baseline's projection window)."""

    months: pd.DatetimeIndex
    fy: IntArray
    tenor_yields_pct: FloatArray
    """(T, 6) bond-equivalent yields by tenor."""
    policy_rate_pct: FloatArray
    gdp_saar_usd_bn: FloatArray
    inflation_pct: FloatArray
    """Accretion rate of TIPS principal, percent a year: CBO's fiscal-year GDP price index growth
    (stand-in for CPI-U, which the snapshot lacks; CPI has run a few tenths above it)."""
    primary_deficit_usd_bn: FloatArray
    """Monthly primary deficit (positive = deficit): CBO's total deficit less net interest, / 12."""
    other_means_usd_bn: FloatArray
    """Monthly other means of financing: CBO's change in debt held by the public less its deficit, / 12."""
    spread_30y_10y_pct: float


def _quarterly_to_monthly(quarterly: pd.Series, months: pd.DatetimeIndex) -> FloatArray:
    """Quarterly averages → months, linear between quarter mid-months (flat beyond the ends)."""
    index = pd.DatetimeIndex(quarterly.index)
    mid = (index + pd.DateOffset(months=1)).to_numpy(dtype="datetime64[M]").astype(np.int64)
    target = months.to_numpy(dtype="datetime64[M]").astype(np.int64)
    return np.interp(target, mid, quarterly.to_numpy(dtype=np.float64))


def baseline_paths(baseline: Baseline, history: pd.DataFrame) -> BaselinePaths:
    """The baseline's monthly yield curve, policy rate, GDP, inflation and financing needs.

    * 3-month bill and 10-year note: CBO's quarterly paths, linear between quarter mid-months; the bill
      converted from discount to bond-equivalent.
    * 1-, 2- and 5-year: linear in log maturity between the 3-month and the 10-year (CBO projects only
      those two points).
    * 30-year: the 10-year plus the average 30y−10y spread of the 120 months before the start
      (``history``, from :func:`~selloff.projection.curve.monthly_curve`).
    * Primary deficit and other means of financing per fiscal year from CBO's Table 1-1 (unadjusted
      basis, i.e. cash), spread evenly over the year's months (no intra-year seasonality).
    """
    start = baseline.start_month
    months = pd.date_range(start, periods=baseline.horizon_months, freq="MS")
    fy = np.asarray(months.year + (months.month >= 10), dtype=np.int64)
    econ = baseline.economic
    bill_disc = _quarterly_to_monthly(econ["tbill_3m_discount_pct"], months)
    y3m = np.asarray(bill_bey_from_discount(bill_disc, BILL_DAYS))
    y10 = _quarterly_to_monthly(econ["tnote_10y_pct"], months)
    window = history.loc[(history.index < start) & (history.index >= start - pd.DateOffset(months=120))]
    if len(window) < 60 or window[["10y", "30y"]].isna().any().any():
        raise ValueError("history must hold the 10y and 30y yields for the 120 months before the start")
    spread = float((window["30y"] - window["10y"]).mean())
    curve = np.empty((len(months), len(TENORS)))
    w = interpolation_matrix(TENOR_YEARS_ARRAY, [0.25, 10.0])
    curve[:] = np.column_stack([y3m, y10]) @ w
    curve[:, TENORS.index("30y")] = y10 + spread

    budget = baseline.budget
    deficit = -budget["total_deficit_usd_bn"]
    primary = deficit - budget["net_interest_usd_bn"]
    other = budget["debt_held_by_public_usd_bn"].diff() - deficit
    price = budget["gdp_price_index"]
    inflation = (price / price.shift(1) - 1.0) * 100.0
    return BaselinePaths(
        months=months,
        fy=fy,
        tenor_yields_pct=curve,
        policy_rate_pct=_quarterly_to_monthly(econ["fed_funds_pct"], months),
        gdp_saar_usd_bn=_quarterly_to_monthly(econ["gdp_usd_bn_saar"], months),
        inflation_pct=inflation.reindex(fy).to_numpy(dtype=np.float64),
        primary_deficit_usd_bn=primary.reindex(fy).to_numpy(dtype=np.float64) / 12.0,
        other_means_usd_bn=other.reindex(fy).to_numpy(dtype=np.float64) / 12.0,
        spread_30y_10y_pct=spread,
    )


# --------------------------------------------------------------------------------------------------
# bridge from interest on marketable debt to CBO's net interest
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterestBridge:
    """CBO net interest = engine interest on marketable debt + this bridge ($bn a fiscal year).

    Derived for the base fiscal year from Treasury data, then held by a stated rule:

    * **nonmarketable debt held by the public** (savings bonds, SLGS, …): MSPD amounts × Fiscal Data
      average rates by class (30 April 2025), held constant in dollars (the stock has not trended);
    * **other net interest** (interest income on credit financing accounts and other investments,
      other interest; CBO's net interest is net of them): the residual of the base year — CBO's net
      interest less the run-rate interest on debt held by the public — held constant **as a share of GDP**.

    The run-rate is Σ by type (MSPD amount × Fiscal Data average rate) + TIPS principal × inflation
    (accretion is an interest outlay) at the Fiscal Data date, the middle of the base fiscal year.
    """

    base_fy: int
    cbo_net_interest_base_usd_bn: float
    marketable_run_rate_usd_bn: float
    tips_accretion_usd_bn: float
    nonmarketable_interest_usd_bn: float
    other_net_interest_base_usd_bn: float
    other_net_interest_pct_gdp: float

    def per_fy(self, gdp_usd_bn: FloatArray) -> FloatArray:
        """Bridge ($bn) for fiscal years with fiscal-year GDP ``gdp_usd_bn``."""
        return self.nonmarketable_interest_usd_bn + self.other_net_interest_pct_gdp / 100.0 * np.asarray(
            gdp_usd_bn
        )


def interest_bridge(baseline: Baseline) -> InterestBridge:
    """The :class:`InterestBridge` of ``baseline`` (base year: the fiscal year before the projection)."""
    debt, budget, base = baseline.debt, baseline.budget, baseline.base_fy
    run_rate = sum(debt.marketable_usd_bn[t] * debt.avg_rate_pct[t] / 100.0 for t in SECURITY_TYPES)
    price = budget["gdp_price_index"]
    inflation = float(price[base] / price[base - 1] - 1.0) * 100.0
    accretion = debt.marketable_usd_bn["tips"] * inflation / 100.0
    nonmkt = sum(v * debt.nonmarketable_avg_rate_pct[k] / 100.0 for k, v in debt.nonmarketable_usd_bn.items())
    cbo = cell(budget, base, "net_interest_usd_bn")
    gdp = cell(budget, base, "gdp_usd_bn")
    other = cbo - run_rate - accretion - nonmkt
    return InterestBridge(
        base_fy=base,
        cbo_net_interest_base_usd_bn=cbo,
        marketable_run_rate_usd_bn=float(run_rate),
        tips_accretion_usd_bn=float(accretion),
        nonmarketable_interest_usd_bn=float(nonmkt),
        other_net_interest_base_usd_bn=float(other),
        other_net_interest_pct_gdp=float(other / gdp * 100.0),
    )


# --------------------------------------------------------------------------------------------------
# setup: everything a baseline projection needs, built once per run
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BaselineOverrides:
    """Changes to the baseline itself (both the comparison baseline and the scenario see them)."""

    rate_shift_bp: float = 0.0
    """All yields and the policy rate shifted by this many bp over the whole projection."""
    primary_deficit_shift_pct_gdp: float = 0.0
    """Primary deficit raised (positive) or cut by this share of GDP every fiscal year."""


@dataclass(frozen=True)
class FiscalSetup:
    """A baseline ready to project: monthly paths, legacy cohorts, engine plan, bridge, baseline run."""

    baseline: Baseline
    raw_paths: BaselinePaths
    """The baseline's own paths, before :class:`BaselineOverrides`."""
    paths: BaselinePaths
    """The paths projected (overrides applied)."""
    legacy: LegacyDebt
    plan: EnginePlan
    bridge: InterestBridge
    base: EngineResult
    """The baseline engine run (one draw)."""
    overrides: BaselineOverrides = field(default_factory=BaselineOverrides)

    @property
    def horizon(self) -> int:
        return self.plan.horizon

    @property
    def fys(self) -> tuple[int, ...]:
        return self.baseline.projection_fys

    def base_instrument_yields(self) -> FloatArray:
        """(T, K) baseline yields of new issues."""
        return instrument_yields(self.paths.tenor_yields_pct)

    def run_point(
        self, tenor_yields_pct: FloatArray | None = None, plan: EnginePlan | None = None
    ) -> EngineResult:
        """The engine for one deterministic tenor curve (T, 6) (default: the baseline's)."""
        curve = self.paths.tenor_yields_pct if tenor_yields_pct is None else tenor_yields_pct
        y = instrument_yields(curve)[:, None, :]
        short = curve[:, TENORS.index("3m")][:, None]
        return run_engine(plan or self.plan, y, short)


def build_setup(
    baseline: Baseline,
    yields_monthly: pd.DataFrame,
    *,
    legacy: LegacyDebt | None = None,
    overrides: BaselineOverrides | None = None,
) -> FiscalSetup:
    """Prepare ``baseline`` for projection: monthly paths, legacy cohorts, bridge and the baseline run.

    Rebuilding the legacy debt is the slow step (a fraction of a second); pass the ``legacy`` of an
    earlier setup to skip it, and use :func:`with_overrides` to change a prepared setup.
    """
    raw = baseline_paths(baseline, monthly_curve(yields_monthly))
    legacy = legacy or rebuild_legacy(baseline, yields_monthly)
    return _setup(baseline, raw, legacy, overrides or BaselineOverrides())


def with_overrides(setup: FiscalSetup, overrides: BaselineOverrides) -> FiscalSetup:
    """The same baseline with different :class:`BaselineOverrides` (no legacy rebuild)."""
    if overrides == setup.overrides:
        return setup
    return _setup(setup.baseline, setup.raw_paths, setup.legacy, overrides)


def _setup(baseline: Baseline, raw: BaselinePaths, legacy: LegacyDebt, ov: BaselineOverrides) -> FiscalSetup:
    paths = raw
    if ov.rate_shift_bp:
        # every rate moves, new issues and FRN resets included; fixed legacy coupons do not
        paths = replace(
            raw,
            tenor_yields_pct=raw.tenor_yields_pct + ov.rate_shift_bp / 100.0,
            policy_rate_pct=raw.policy_rate_pct + ov.rate_shift_bp / 100.0,
        )
    T = baseline.horizon_months
    gdp_fy = baseline.budget["gdp_usd_bn"].reindex(paths.fy).to_numpy(dtype=np.float64)
    primary = paths.primary_deficit_usd_bn + ov.primary_deficit_shift_pct_gdp / 100.0 * gdp_fy / 12.0
    shares = np.array([legacy.gross_shares[name] for name in INSTRUMENT_NAMES])
    plan = EnginePlan(
        legacy=legacy_paths(legacy, T),
        issuance_shares=np.repeat(shares[None, :], T, axis=0),
        primary_need_usd_bn=primary + paths.other_means_usd_bn,
        extra_bills_usd_bn=np.zeros(T),
        inflation_pct=paths.inflation_pct,
        frn_spread_pct=legacy.frn_spread_pct,
    )
    empty = EngineResult(np.zeros((T, 1)), np.zeros((T, 1)), np.zeros((T, 1)), np.zeros((T, 1)))
    setup = FiscalSetup(baseline, raw, paths, legacy, plan, interest_bridge(baseline), empty, ov)
    return replace(setup, base=setup.run_point())


# --------------------------------------------------------------------------------------------------
# net interest by fiscal year, and the binding check against CBO
# --------------------------------------------------------------------------------------------------


def net_interest_fy(setup: FiscalSetup, result: EngineResult) -> FloatArray:
    """CBO-concept net interest by fiscal year (n_fy, D): engine interest + :class:`InterestBridge`."""
    _, marketable = to_fiscal_years(result.interest_usd_bn, setup.paths.fy)
    gdp = setup.baseline.budget["gdp_usd_bn"].reindex(setup.fys).to_numpy(dtype=np.float64)
    return marketable + setup.bridge.per_fy(gdp)[:, None]


BASELINE_CHECK_COLUMNS: tuple[str, ...] = (
    "run_id",
    "baseline",
    "fy",
    "cbo_net_interest_usd_bn",
    "model_net_interest_usd_bn",
    "diff_usd_bn",
    "diff_pct",
    "within_tolerance",
    "model_marketable_interest_usd_bn",
    "bridge_usd_bn",
    "cbo_debt_held_by_public_usd_bn",
    "model_debt_held_by_public_usd_bn",
)
"""Columns of ``proj.baseline_check`` (key: run_id, baseline, fy)."""

BINDING_CHECK_FYS = (2026, 2035)
"""The fiscal years of the binding check on ``cbo-2025-01`` (CBO: $1,010bn and $1,783bn)."""


def baseline_check(
    setup: FiscalSetup, tolerance_pct: float = 10.0, *, run_id: str | None = None
) -> pd.DataFrame:
    """The model's baseline net interest beside CBO's, per fiscal year (the binding check: ±10%).

    Net interest is CBO's concept: engine interest on marketable debt plus the :class:`InterestBridge`.
    Columns: :data:`BASELINE_CHECK_COLUMNS` (``run_id`` empty unless given); debt held by the public
    includes nonmarketable debt, as CBO's does.
    """
    budget = setup.baseline.budget
    fys = np.array(setup.fys)
    model = net_interest_fy(setup, setup.base)[:, 0]
    _, marketable = to_fiscal_years(setup.base.interest_usd_bn, setup.paths.fy)
    cbo = budget["net_interest_usd_bn"].reindex(fys).to_numpy(dtype=np.float64)
    debt_end = fy_end_values(setup.base.debt_end_usd_bn, setup.paths.fy)[:, 0] + (
        setup.baseline.debt.nonmarketable_total_usd_bn
    )
    diff = model - cbo
    return pd.DataFrame(
        {
            "run_id": run_id,
            "baseline": setup.baseline.name,
            "fy": fys,
            "cbo_net_interest_usd_bn": cbo,
            "model_net_interest_usd_bn": model,
            "diff_usd_bn": diff,
            "diff_pct": diff / cbo * 100.0,
            "within_tolerance": np.abs(diff / cbo * 100.0) <= tolerance_pct,
            "model_marketable_interest_usd_bn": marketable[:, 0],
            "bridge_usd_bn": model - marketable[:, 0],
            "cbo_debt_held_by_public_usd_bn": budget["debt_held_by_public_usd_bn"].reindex(fys).to_numpy(),
            "model_debt_held_by_public_usd_bn": debt_end,
        }
    )
