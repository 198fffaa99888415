"""A baseline ready to project: its monthly paths, the engine's plan, the bridge to CBO's net interest.

:func:`build_setup` turns a :class:`~selloff.projection.baselines.Baseline` and the monthly yields into
a :class:`FiscalSetup`: the projection window (from the month after the latest yields to the end of the
baseline's last fiscal year), the baseline's monthly paths (:func:`baseline_paths`), the legacy cohorts
(:mod:`selloff.projection.legacy`), the engine plan that borrows CBO's deficits at fixed issuance shares,
the :class:`InterestBridge`, and the baseline run of the engine (:mod:`selloff.projection.engine`).
:func:`baseline_check` sets the baseline's net interest and debt beside CBO's (the binding checks).

Units and conventions
---------------------
Money in billions of dollars ($bn); yields, coupons and rates in percent per year, **bond-equivalent**;
months are labelled by their first day. Fiscal years run October–September and are named by the calendar
year in which they end (FY2026 = October 2025 – September 2026). Net interest means CBO's budget concept
(never NIPA interest). Debt is marketable debt held by the public unless stated.

Modelling choices (and why)
---------------------------
* **Start.** The projection starts in the month after the latest month in which the yields it uses are
  observed (:func:`~selloff.projection.curve.data_end_month`), from Treasury's latest marketable debt
  (:func:`~selloff.projection.legacy.starting_marketable_usd_bn`), and runs to the end of the baseline's
  last fiscal year. A fiscal year that began before the start counts the interest of its past months
  from the rebuilt cohorts (:attr:`FiscalSetup.realised_fy_usd_bn`): the fiscal-year totals are whole.
* **Primary deficit**: CBO's total deficit less CBO's net interest. Where the baseline's data have no
  net interest (``cbo-2026-02`` after FY2026), the total deficit less the model's own baseline net
  interest (solved as a fixed point), so the baseline's total deficit is CBO's in every year.
* **Issuance shares**: each instrument's share of gross issuance over the rebuild's last year, held
  fixed ("regular and predictable"): bills are about 84% of gross issuance and 21% of the stock.
* **Curve**: CBO projects the 3-month bill and the 10-year note; 1-, 2- and 5-year yields are linear in
  log maturity between them, the 30-year is the 10-year plus its last-decade average spread, and every
  instrument (3-, 7-, 20-year…) is interpolated in log maturity from the six tenors.
* **GDP**: one reference level — the latest quarter of nominal GDP observed (FRED ``GDP``, $bn SAAR) —
  grown along CBO's GDP path: every conversion to and from percent of GDP uses it.
* **Net interest**: engine interest + :class:`InterestBridge` (nonmarketable debt and other net
  interest, derived for FY2025 and held by stated rules); the bridge does not move with a sale.
* **Cash flow timing**: deficits are spread evenly over each fiscal year's months.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from selloff.projection.baselines import SECURITY_TYPES, Baseline, fy_of
from selloff.projection.bonds import bill_bey_from_discount
from selloff.projection.curve import (
    BILL_DAYS,
    INSTRUMENT_NAMES,
    TENOR_YEARS_ARRAY,
    data_end_month,
    instrument_yields,
    interpolation_matrix,
    monthly_curve,
)
from selloff.projection.engine import EnginePlan, EngineResult, fy_end_values, run_engine, to_fiscal_years
from selloff.projection.legacy import LegacyDebt, LegacyFit, legacy_paths, rebuild_legacy
from selloff.tenors import TENORS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ReferenceGdp:
    """The one GDP level every conversion uses: the latest quarter of nominal GDP observed."""

    quarter: pd.Timestamp
    """The quarter's first day (FRED's date)."""
    usd_bn: float
    """Nominal GDP, $bn, seasonally adjusted annual rate."""
    source: str = "FRED GDP (BEA), latest quarter in the data"

    @property
    def label(self) -> str:
        """The quarter as text, e.g. ``2026Q1``."""
        return f"{self.quarter.year}Q{(self.quarter.month - 1) // 3 + 1}"


# --------------------------------------------------------------------------------------------------
# the baseline's monthly paths
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BaselinePaths:
    """Monthly inputs of the baseline projection (length ``T``: the start to the baseline's last month)."""

    months: pd.DatetimeIndex
    fy: IntArray
    tenor_yields_pct: FloatArray
    """(T, 6) bond-equivalent yields by tenor."""
    policy_rate_pct: FloatArray
    gdp_saar_usd_bn: FloatArray
    """Nominal GDP, $bn SAAR: the reference level grown along CBO's path."""
    inflation_pct: FloatArray
    """Accretion rate of TIPS principal, percent a year: CBO's fiscal-year GDP price index growth
    (stand-in for CPI-U, which the snapshot lacks; CPI has run a few tenths above it)."""
    primary_deficit_usd_bn: FloatArray
    """Monthly primary deficit (positive = deficit): the fiscal year's / 12 (NaN until resolved where CBO's
    net interest is not in the data, see :func:`build_setup`)."""
    other_means_usd_bn: FloatArray
    """Monthly other means of financing: CBO's change in debt held by the public less its deficit, / 12."""
    spread_30y_10y_pct: float


def _quarterly_to_monthly(quarterly: pd.Series, months: pd.DatetimeIndex) -> FloatArray:
    """Quarterly averages → months, linear between quarter mid-months (flat beyond the ends)."""
    index = pd.DatetimeIndex(quarterly.index)
    mid = (index + pd.DateOffset(months=1)).to_numpy(dtype="datetime64[M]").astype(np.int64)
    target = months.to_numpy(dtype="datetime64[M]").astype(np.int64)
    return np.interp(target, mid, quarterly.to_numpy(dtype=np.float64))


def primary_deficit_fy(baseline: Baseline) -> pd.Series:
    """CBO's primary deficit by fiscal year, $bn (positive = deficit): total deficit less net interest;
    NaN where the baseline's data have no net interest."""
    budget = baseline.budget
    return -budget["total_deficit_usd_bn"] - budget["net_interest_usd_bn"]


def baseline_paths(
    baseline: Baseline, curve: pd.DataFrame, start: pd.Timestamp, reference_gdp: ReferenceGdp | None = None
) -> BaselinePaths:
    """The baseline's monthly yield curve, policy rate, GDP, inflation and financing needs from ``start``
    to the end of its last fiscal year.

    * 3-month bill and 10-year note: CBO's quarterly paths, linear between quarter mid-months; the bill
      converted from discount to bond-equivalent.
    * 1-, 2- and 5-year: linear in log maturity between the 3-month and the 10-year (CBO projects only
      those two points).
    * 30-year: the 10-year plus the average 30y−10y spread of the 120 months before the start
      (``curve``, from :func:`~selloff.projection.curve.monthly_curve`).
    * GDP: CBO's path rescaled so that its value in ``reference_gdp``'s quarter is that quarter's observed
      GDP (CBO's own path when ``reference_gdp`` is None).
    * Primary deficit and other means of financing per fiscal year from CBO's Table 1-1 (unadjusted
      basis, i.e. cash), spread evenly over the year's months (no intra-year seasonality).
    """
    months = pd.date_range(start, baseline.end_month, freq="MS")
    if months.empty:
        raise ValueError(
            f"the projection would start in {start:%Y-%m}, after {baseline.name}'s last fiscal year "
            f"(FY{baseline.last_fy})"
        )
    fy = np.asarray(months.year + (months.month >= 10), dtype=np.int64)
    econ = baseline.economic
    bill_disc = _quarterly_to_monthly(econ["tbill_3m_discount_pct"], months)
    y3m = np.asarray(bill_bey_from_discount(bill_disc, BILL_DAYS))
    y10 = _quarterly_to_monthly(econ["tnote_10y_pct"], months)
    window = curve.loc[(curve.index < start) & (curve.index >= start - pd.DateOffset(months=120))]
    if len(window) < 60 or window[["10y", "30y"]].isna().any().any():
        raise ValueError("history must hold the 10y and 30y yields for the 120 months before the start")
    spread = float((window["30y"] - window["10y"]).mean())
    tenor_curve = np.empty((len(months), len(TENORS)))
    w = interpolation_matrix(TENOR_YEARS_ARRAY, [0.25, 10.0])
    tenor_curve[:] = np.column_stack([y3m, y10]) @ w
    tenor_curve[:, TENORS.index("30y")] = y10 + spread

    gdp = _quarterly_to_monthly(econ["gdp_usd_bn_saar"], months)
    if reference_gdp is not None:
        mid = pd.DatetimeIndex([reference_gdp.quarter + pd.DateOffset(months=1)])
        gdp = gdp * reference_gdp.usd_bn / float(_quarterly_to_monthly(econ["gdp_usd_bn_saar"], mid)[0])

    budget = baseline.budget
    deficit = -budget["total_deficit_usd_bn"]
    other = budget["debt_held_by_public_usd_bn"].diff() - deficit
    price = budget["gdp_price_index"]
    inflation = (price / price.shift(1) - 1.0) * 100.0
    return BaselinePaths(
        months=months,
        fy=fy,
        tenor_yields_pct=tenor_curve,
        policy_rate_pct=_quarterly_to_monthly(econ["fed_funds_pct"], months),
        gdp_saar_usd_bn=gdp,
        inflation_pct=inflation.reindex(fy).to_numpy(dtype=np.float64),
        primary_deficit_usd_bn=primary_deficit_fy(baseline).reindex(fy).to_numpy(dtype=np.float64) / 12.0,
        other_means_usd_bn=other.reindex(fy).to_numpy(dtype=np.float64) / 12.0,
        spread_30y_10y_pct=spread,
    )


# --------------------------------------------------------------------------------------------------
# bridge from interest on marketable debt to CBO's net interest
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterestBridge:
    """CBO net interest = engine interest on marketable debt + this bridge ($bn a fiscal year).

    Derived for FY2025 — the year of Treasury's average-rate data — then held by a stated rule:

    * **nonmarketable debt held by the public** (savings bonds, SLGS, …): MSPD amounts × Fiscal Data
      average rates by class (30 April 2025), held constant in dollars (the stock has not trended);
    * **other net interest** (interest income on credit financing accounts and other investments,
      other interest; CBO's net interest is net of them): the residual of FY2025 — CBO's FY2025 net
      interest less the run-rate interest on debt held by the public — held constant **as a share of GDP**.

    The run-rate is Σ by type (MSPD amount × Fiscal Data average rate) + TIPS principal × inflation
    (accretion is an interest outlay) at the Fiscal Data date, the middle of FY2025. Both baselines use
    the same bridge, so a baseline's own net interest is never fitted: its check is out of sample.
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
    """The :class:`InterestBridge` (base year: :attr:`~selloff.projection.baselines.Baseline.bridge_base`)."""
    debt, base = baseline.debt, baseline.bridge_base
    run_rate = sum(debt.marketable_usd_bn[t] * debt.avg_rate_pct[t] / 100.0 for t in SECURITY_TYPES)
    accretion = debt.marketable_usd_bn["tips"] * base.inflation_pct / 100.0
    nonmkt = sum(v * debt.nonmarketable_avg_rate_pct[k] / 100.0 for k, v in debt.nonmarketable_usd_bn.items())
    other = base.cbo_net_interest_usd_bn - run_rate - accretion - nonmkt
    return InterestBridge(
        base_fy=base.fy,
        cbo_net_interest_base_usd_bn=base.cbo_net_interest_usd_bn,
        marketable_run_rate_usd_bn=float(run_rate),
        tips_accretion_usd_bn=float(accretion),
        nonmarketable_interest_usd_bn=float(nonmkt),
        other_net_interest_base_usd_bn=float(other),
        other_net_interest_pct_gdp=float(other / base.gdp_usd_bn * 100.0),
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
    """A baseline ready to project: window, monthly paths, legacy cohorts, plan, bridge, baseline run."""

    baseline: Baseline
    data_end: pd.Timestamp
    """The latest month of the yields the projection uses (it starts in the month after, by default)."""
    start_month: pd.Timestamp
    raw_paths: BaselinePaths
    """The baseline's own paths, before :class:`BaselineOverrides` (primary deficit resolved)."""
    paths: BaselinePaths
    """The paths projected (overrides applied)."""
    legacy: LegacyDebt
    plan: EnginePlan
    bridge: InterestBridge
    base: EngineResult
    """The baseline engine run (one draw)."""
    reference_gdp: ReferenceGdp
    start_curve_pct: FloatArray
    """(6,) the observed bond-equivalent yields in the data's last month: the prices of the moment."""
    observed_curve: pd.DataFrame
    """Month × tenor observed bond-equivalent yields up to the data's end (:func:`monthly_curve`)."""
    budget_net_interest_usd_bn: FloatArray
    """(n_fy,) net interest in the baseline's budget: CBO's where its data have it, else the model's own
    baseline net interest (the primary deficit was implied from it). Non-interest outlays = CBO's
    outlays − this."""
    overrides: BaselineOverrides = field(default_factory=BaselineOverrides)

    @property
    def horizon(self) -> int:
        return self.plan.horizon

    @property
    def end_month(self) -> pd.Timestamp:
        return pd.Timestamp(self.paths.months[-1])

    @property
    def fys(self) -> tuple[int, ...]:
        """The fiscal years the projection touches, the first possibly begun before the start."""
        return tuple(int(f) for f in np.unique(self.paths.fy))

    @property
    def realised_fy_usd_bn(self) -> FloatArray:
        """(n_fy,) interest on marketable debt already accrued before the start in each fiscal year, $bn
        (non-zero only in the first year, when the projection does not start in October)."""
        out = np.zeros(len(self.fys))
        realised = self.legacy.realised_interest_usd_bn
        if len(realised):
            out[0] = float(realised.sum())
        return out

    @property
    def realised_months(self) -> int:
        """Months of the first fiscal year that are history."""
        return len(self.legacy.realised_interest_usd_bn)

    def fy_interest(self, result: EngineResult, T: int | None = None) -> FloatArray:
        """Interest on marketable debt by fiscal year (n_fy, D), $bn: the engine's months (the first ``T``)
        plus what accrued before the start."""
        T = self.horizon if T is None else T
        _, engine = to_fiscal_years(result.interest_usd_bn[:T], self.paths.fy[:T])
        realised = self.realised_fy_usd_bn[: engine.shape[0]]
        return engine + realised.reshape(-1, *([1] * (engine.ndim - 1)))

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
    start: pd.Timestamp | None = None,
    reference_gdp: ReferenceGdp | None = None,
    legacy: LegacyDebt | None = None,
    overrides: BaselineOverrides | None = None,
    known_fits: Mapping[str, LegacyFit] | None = None,
) -> FiscalSetup:
    """Prepare ``baseline`` for projection: window, monthly paths, legacy cohorts, bridge, baseline run.

    Parameters
    ----------
    baseline
        The pinned baseline.
    yields_monthly
        ``stg.projection_yields_monthly`` as a frame (``date, tenor, yield_pct[, basis]``).
    start
        The first projected month: by default the month after the data's end
        (:func:`~selloff.projection.curve.data_end_month`). Earlier starts (e.g. the rate sensitivity in
        the baseline's own ten-year window) rebuild the debt at that date from the yields observed then.
    reference_gdp
        The latest observed GDP quarter (every conversion to percent of GDP); None: CBO's own path.
    legacy, overrides
        Rebuilding the legacy debt is the slow step (about a second when it fits); pass the ``legacy`` of an
        earlier setup with the same start to skip it, and use :func:`with_overrides` to change a prepared
        setup.
    known_fits
        The legacy rebuild's fits stored by earlier runs (``proj.legacy_fits``): a fit on the same inputs
        is reused instead of fitting again (:class:`~selloff.projection.legacy.LegacyFit`).

    Raises
    ------
    ValueError
        The start is after the data's end + 1 month, outside the baseline's fiscal years, or the yields
        do not cover what the rebuild needs.
    """
    curve = monthly_curve(yields_monthly)
    data_end = data_end_month(yields_monthly)
    first = data_end + pd.DateOffset(months=1)
    start = first if start is None else pd.Timestamp(start)
    if start > first:
        raise ValueError(f"the projection cannot start in {start:%Y-%m}: the yields end in {data_end:%Y-%m}")
    if fy_of(start) < baseline.first_fy + 1 or start > baseline.end_month:
        raise ValueError(
            f"the projection cannot start in {start:%Y-%m}: {baseline.name} covers FY{baseline.first_fy + 1}"
            f"–FY{baseline.last_fy}"
        )
    raw = baseline_paths(baseline, curve, start, reference_gdp)
    if reference_gdp is None:
        reference_gdp = ReferenceGdp(start, float(raw.gdp_saar_usd_bn[0]), "CBO's GDP path (no data given)")
    if legacy is None or legacy.start_month != start:
        legacy = rebuild_legacy(baseline, curve, start, known_fits=known_fits)
    start_curve = curve.loc[min(data_end, start - pd.DateOffset(months=1))].to_numpy(dtype=np.float64)
    empty = EngineResult(np.zeros((1, 1)), np.zeros((1, 1)), np.zeros((1, 1)), np.zeros((1, 1)))
    shell = FiscalSetup(
        baseline, data_end, start, raw, raw, legacy, _plan(raw, legacy), interest_bridge(baseline), empty,
        reference_gdp, start_curve, curve, np.zeros(0),
    )  # fmt: skip
    paths = _resolve_primary(shell)
    resolved = _setup(replace(shell, raw_paths=paths, paths=paths), BaselineOverrides())
    fys = np.array(resolved.fys)
    cbo = baseline.budget["net_interest_usd_bn"].reindex(fys).to_numpy(dtype=np.float64)
    budget_ni = np.where(np.isnan(cbo), net_interest_fy(resolved, resolved.base)[:, 0], cbo)
    resolved = replace(resolved, budget_net_interest_usd_bn=budget_ni)
    return with_overrides(resolved, overrides or BaselineOverrides())


def _plan(paths: BaselinePaths, legacy: LegacyDebt, primary_shift: FloatArray | None = None) -> EnginePlan:
    T = len(paths.months)
    shares = np.array([legacy.gross_shares[name] for name in INSTRUMENT_NAMES])
    primary = (
        paths.primary_deficit_usd_bn
        if primary_shift is None
        else paths.primary_deficit_usd_bn + primary_shift
    )
    return EnginePlan(
        legacy=legacy_paths(legacy, T),
        issuance_shares=np.repeat(shares[None, :], T, axis=0),
        primary_need_usd_bn=np.nan_to_num(primary) + paths.other_means_usd_bn,
        extra_bills_usd_bn=np.zeros(T),
        inflation_pct=paths.inflation_pct,
        frn_spread_pct=legacy.frn_spread_pct,
    )


def _resolve_primary(setup: FiscalSetup, tol_usd_bn: float = 1e-7, max_iter: int = 100) -> BaselinePaths:
    """The paths with every fiscal year's primary deficit known: where CBO's net interest is missing, the
    total deficit less the model's baseline net interest, solved as a fixed point (the primary deficit
    changes the debt and so the interest; the iteration contracts by about the interest rate)."""
    raw = setup.raw_paths
    primary_fy = primary_deficit_fy(setup.baseline)
    fys = np.array(setup.fys)
    unknown = np.isnan(primary_fy.reindex(fys).to_numpy(dtype=np.float64))
    if not unknown.any():
        return raw
    deficit = -setup.baseline.budget["total_deficit_usd_bn"].reindex(fys).to_numpy(dtype=np.float64)
    gdp = setup.baseline.budget["gdp_usd_bn"].reindex(fys).to_numpy(dtype=np.float64)
    bridge = setup.bridge.per_fy(gdp)
    known = primary_fy.reindex(fys).to_numpy(dtype=np.float64)
    net_interest = np.zeros(len(fys))
    index = np.searchsorted(fys, raw.fy)
    plan = _plan(raw, setup.legacy)  # only the primary need changes between iterations
    for _ in range(max_iter):
        primary = np.where(unknown, deficit - net_interest, known)
        paths = replace(raw, primary_deficit_usd_bn=primary[index] / 12.0)
        need = np.nan_to_num(paths.primary_deficit_usd_bn) + paths.other_means_usd_bn
        base = run_engine(
            replace(plan, primary_need_usd_bn=need), instrument_yields(paths.tenor_yields_pct)[:, None, :],
            paths.tenor_yields_pct[:, TENORS.index("3m")][:, None],
        )  # fmt: skip
        new = replace(setup, raw_paths=paths).fy_interest(base)[:, 0] + bridge
        if np.max(np.abs(new - net_interest)[unknown]) < tol_usd_bn:
            return paths
        net_interest = new
    raise RuntimeError("the primary deficit implied by CBO's total deficit did not converge")


def with_overrides(setup: FiscalSetup, overrides: BaselineOverrides) -> FiscalSetup:
    """The same baseline with different :class:`BaselineOverrides` (no legacy rebuild)."""
    if overrides == setup.overrides:
        return setup
    return _setup(setup, overrides)


def _setup(setup: FiscalSetup, ov: BaselineOverrides) -> FiscalSetup:
    raw = setup.raw_paths
    paths = raw
    if ov.rate_shift_bp:
        # every rate moves, new issues and FRN resets included; fixed legacy coupons do not
        paths = replace(
            raw,
            tenor_yields_pct=raw.tenor_yields_pct + ov.rate_shift_bp / 100.0,
            policy_rate_pct=raw.policy_rate_pct + ov.rate_shift_bp / 100.0,
        )
    gdp_fy = setup.baseline.budget["gdp_usd_bn"].reindex(paths.fy).to_numpy(dtype=np.float64)
    shift = ov.primary_deficit_shift_pct_gdp / 100.0 * gdp_fy / 12.0
    out = replace(setup, paths=paths, plan=_plan(paths, setup.legacy, shift), overrides=ov)
    return replace(out, base=out.run_point())


# --------------------------------------------------------------------------------------------------
# net interest by fiscal year, and the binding checks against CBO
# --------------------------------------------------------------------------------------------------


def net_interest_fy(setup: FiscalSetup, result: EngineResult) -> FloatArray:
    """CBO-concept net interest by fiscal year (n_fy, D): engine interest (with the months before the
    start) + :class:`InterestBridge`."""
    gdp = setup.baseline.budget["gdp_usd_bn"].reindex(setup.fys).to_numpy(dtype=np.float64)
    return setup.fy_interest(result) + setup.bridge.per_fy(gdp)[:, None]


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
    "binding",
    "tolerance_pct",
    "realised_months",
    "debt_diff_pct",
    "debt_tolerance_pct",
    "debt_within_tolerance",
)
"""Columns of ``proj.baseline_check`` (key: run_id, baseline, fy)."""


def baseline_check(setup: FiscalSetup, *, run_id: str | None = None) -> pd.DataFrame:
    """The model's baseline net interest and debt beside CBO's, per fiscal year (the binding checks).

    Net interest is CBO's concept: engine interest on marketable debt (with the months of the first year
    that are history, from the rebuilt cohorts) plus the :class:`InterestBridge`. Net interest is
    compared where the baseline's data have it, within the baseline's tolerance in its binding years;
    debt held by the public (marketable plus nonmarketable, as CBO's) at the end of every fiscal year,
    within the baseline's debt tolerance. Columns: :data:`BASELINE_CHECK_COLUMNS` (``run_id`` empty
    unless given).
    """
    baseline = setup.baseline
    budget, checks = baseline.budget, baseline.checks
    fys = np.array(setup.fys)
    model = net_interest_fy(setup, setup.base)[:, 0]
    marketable = setup.fy_interest(setup.base)[:, 0]
    cbo = budget["net_interest_usd_bn"].reindex(fys).to_numpy(dtype=np.float64)
    debt_end = fy_end_values(setup.base.debt_end_usd_bn, setup.paths.fy)[:, 0] + (
        baseline.debt.nonmarketable_total_usd_bn
    )
    cbo_debt = budget["debt_held_by_public_usd_bn"].reindex(fys).to_numpy(dtype=np.float64)
    diff = model - cbo
    diff_pct = diff / cbo * 100.0
    debt_pct = (debt_end - cbo_debt) / cbo_debt * 100.0
    binding = np.isin(fys, checks.net_interest_fys)
    frame = pd.DataFrame(
        {
            "run_id": run_id,
            "baseline": baseline.name,
            "fy": fys,
            "cbo_net_interest_usd_bn": cbo,
            "model_net_interest_usd_bn": model,
            "diff_usd_bn": diff,
            "diff_pct": diff_pct,
            "within_tolerance": pd.array(
                [None if np.isnan(p) else bool(abs(p) <= checks.net_interest_tolerance_pct)
                 for p in diff_pct],
                dtype="boolean",
            ),
            "model_marketable_interest_usd_bn": marketable,
            "bridge_usd_bn": model - marketable,
            "cbo_debt_held_by_public_usd_bn": cbo_debt,
            "model_debt_held_by_public_usd_bn": debt_end,
            "binding": binding,
            "tolerance_pct": checks.net_interest_tolerance_pct,
            "realised_months": [setup.realised_months if i == 0 else 0 for i in range(len(fys))],
            "debt_diff_pct": debt_pct,
            "debt_tolerance_pct": checks.debt_tolerance_pct,
            "debt_within_tolerance": pd.array(
                [None if checks.debt_tolerance_pct is None else bool(abs(p) <= checks.debt_tolerance_pct)
                 for p in debt_pct],
                dtype="boolean",
            ),
        }
    )  # fmt: skip
    return frame.reindex(columns=list(BASELINE_CHECK_COLUMNS))


def check_passes(check: pd.DataFrame) -> bool:
    """Whether a :func:`baseline_check` frame passes: every binding net-interest year and, where the
    baseline has a debt tolerance, every year's debt."""
    binding = check.loc[check["binding"]]
    ok = bool(binding["within_tolerance"].fillna(False).all()) and not binding.empty
    debt = check["debt_within_tolerance"].dropna()
    return ok and bool(debt.all())
