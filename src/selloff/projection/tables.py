"""The ``proj.*`` frames of one projection: yield paths, bond prices, interest by fiscal year, headline.

Each builder takes the :class:`~selloff.projection.prepare.PreparedScenario` and two
:class:`~selloff.projection.simulate.Simulation` runs — the Monte Carlo draws and the calibration's point
estimate — and returns the rows of one table, its columns in the order of ``sql/schema`` (the
``*_COLUMNS`` tuples). "Point" columns use the point estimates; ``_p5/_p50/_p95`` are percentiles across
draws, computed per cell (a cumulative percentile is the percentile of each draw's cumulative sum, not
the sum of percentiles).

Units and signs: amounts in $bn, yields in percent, yield changes in bp (positive = yields rise), price
changes in percent (negative = prices fall), fiscal years October–September. Extra interest and the
Fed's remittance loss are costs (positive = a higher deficit). ``proj.mitigations`` is
:mod:`selloff.projection.mitigations`'.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from selloff.calibration.impact import PriceImpact
from selloff.projection import bonds
from selloff.projection.curve import curve_at, instrument_yields
from selloff.projection.engine import EngineResult, decompose, fy_end_values
from selloff.projection.holdings import HOLDINGS_MATURITY_YEARS, TicHoldings
from selloff.projection.kernels import tenor_map
from selloff.projection.legacy import starting_marketable_usd_bn
from selloff.projection.prepare import PreparedScenario
from selloff.projection.simulate import Simulation
from selloff.tenors import TENOR_YEARS, TENORS

FloatArray = npt.NDArray[np.float64]

_PCTS = ("p5", "p50", "p95")


def _with_pcts(*names: str) -> tuple[str, ...]:
    return tuple(col for name in names for col in (name, *(f"{name}_{p}" for p in _PCTS)))


YIELD_PATHS_COLUMNS: tuple[str, ...] = (
    "run_id", "scenario", "month", "tenor", "baseline_yield_pct",
    *_with_pcts("scenario_yield_pct", "shock_bp"),
)  # fmt: skip
"""Columns of ``proj.yield_paths`` (key: run_id, scenario, month, tenor)."""

BOND_PRICES_COLUMNS: tuple[str, ...] = (
    "run_id", "scenario", "month", "instrument", "maturity_years", *_with_pcts("price_change_pct"),
    "holdings_usd_bn", *_with_pcts("mtm_loss_usd_bn"),
)  # fmt: skip
"""Columns of ``proj.bond_prices`` (key: run_id, scenario, month, instrument)."""

FISCAL_ANNUAL_COLUMNS: tuple[str, ...] = (
    "run_id", "scenario", "fy", "baseline_interest_usd_bn", "scenario_interest_usd_bn",
    "delta_interest_usd_bn", "cumulative_delta_usd_bn",
    *(f"{n}_{p}" for n in ("scenario_interest_usd_bn", "delta_interest_usd_bn", "cumulative_delta_usd_bn")
      for p in _PCTS),
    "cbo_net_interest_usd_bn", "gdp_usd_bn", "revenues_usd_bn", "baseline_outlays_usd_bn",
    "scenario_outlays_usd_bn",
    "baseline_interest_pct_gdp", "scenario_interest_pct_gdp", "baseline_interest_pct_revenues",
    "scenario_interest_pct_revenues", "baseline_interest_pct_outlays", "scenario_interest_pct_outlays",
    "scenario_interest_pct_outlays_p50", "baseline_debt_pct_gdp", *_with_pcts("scenario_debt_pct_gdp"),
    "baseline_avg_rate_pct", "scenario_avg_rate_pct", "rollover_usd_bn", "deficit_financing_usd_bn",
    "snowball_usd_bn", "fed_remittance_loss_usd_bn", "treasury_only_delta_usd_bn",
    *_with_pcts("treasury_plus_fed_delta_usd_bn"),
)  # fmt: skip
"""Columns of ``proj.fiscal_annual`` (key: run_id, scenario, fy)."""

SCENARIOS_COLUMNS: tuple[str, ...] = (
    "run_id", "scenario", "title", "label", "baseline", "spec_json", "draws", "seed", "seller", "sale_usd_bn",
    "sale_pct_gdp", "sale_pct_marketable_debt", "sale_10y_eq_usd_bn", "fed_absorption_share",
    "permanent_share", *_with_pcts("peak_10y_bp", "ten_year_extra_interest_usd_bn"),
    "ten_year_extra_cost_treasury_plus_fed_usd_bn",
    "interest_pct_outlays_last_fy", "interest_pct_outlays_last_fy_p50", "last_fy", "warnings",
)  # fmt: skip
"""Columns of ``proj.scenarios`` (key: run_id, scenario)."""


@dataclass(frozen=True)
class Headline:
    """Headline numbers of one scenario (also the ``proj.scenarios`` row)."""

    scenario: str
    title: str
    label: str | None
    sale_usd_bn: float
    sale_pct_gdp: float
    sale_pct_marketable_debt: float
    sale_10y_eq_usd_bn: float
    fed_absorption_share: float
    permanent_share: float
    peak_10y_bp: float
    peak_10y_bp_p5: float
    peak_10y_bp_p50: float
    peak_10y_bp_p95: float
    ten_year_extra_interest_usd_bn: float
    ten_year_extra_interest_usd_bn_p5: float
    ten_year_extra_interest_usd_bn_p50: float
    ten_year_extra_interest_usd_bn_p95: float
    ten_year_extra_cost_treasury_plus_fed_usd_bn: float
    interest_pct_outlays_last_fy: float
    interest_pct_outlays_last_fy_p50: float
    last_fy: int
    warnings: tuple[str, ...]


def _pct(values: FloatArray, axis: int) -> FloatArray:
    """p5, p50, p95 along ``axis`` (stacked first)."""
    return np.percentile(values, [5.0, 50.0, 95.0], axis=axis)


def fiscal_annual_frame(
    prep: PreparedScenario, sim: Simulation, point: Simulation, run_id: str
) -> tuple[pd.DataFrame, FloatArray]:
    """Rows of ``proj.fiscal_annual`` (:data:`FISCAL_ANNUAL_COLUMNS`), and each draw's extra interest
    summed over the fiscal years ((D,), $bn: the headline's bands)."""
    setup, T = prep.setup, prep.T
    fy_month = setup.paths.fy[:T]
    fys = np.unique(fy_month)
    budget = setup.baseline.budget.reindex(fys)
    gdp = budget["gdp_usd_bn"].to_numpy(dtype=np.float64)
    bridge = setup.bridge.per_fy(gdp)
    nonmkt = setup.baseline.debt.nonmarketable_total_usd_bn

    base_ni = prep.fy_sum(prep.base.interest_usd_bn)[:, 0] + bridge
    pt_ni = prep.fy_sum(point.result.interest_usd_bn)[:, 0] + bridge
    mc_ni = prep.fy_sum(sim.result.interest_usd_bn) + bridge[:, None]
    pt_delta = pt_ni - base_ni
    mc_delta = mc_ni - base_ni[:, None]
    mc_cum = np.cumsum(mc_delta, axis=0)
    fed_pt = prep.fy_sum(point.fed_loss_usd_bn)[:, 0]
    fed_mc = prep.fy_sum(sim.fed_loss_usd_bn)
    tpf_mc = mc_delta + fed_mc

    cbo_ni = budget["net_interest_usd_bn"].to_numpy(dtype=np.float64)
    # a baseline primary-deficit override is booked as non-interest outlays, as the engine borrows it
    deficit_shift_usd_bn = prep.scenario.baseline.primary_deficit_shift_pct_gdp / 100.0 * gdp
    noninterest = budget["outlays_usd_bn"].to_numpy(dtype=np.float64) - cbo_ni + deficit_shift_usd_bn
    base_outlays = noninterest + base_ni
    scen_noninterest = noninterest - prep.consolidation_usd_bn_fy
    revenues = budget["revenues_usd_bn"].to_numpy(dtype=np.float64)

    def debt_pct(result: EngineResult) -> FloatArray:
        return (fy_end_values(result.debt_end_usd_bn, fy_month) + nonmkt) / gdp[:, None] * 100.0

    def avg_rate(result: EngineResult) -> FloatArray:
        start = np.concatenate(
            [np.full((1, result.debt_end_usd_bn.shape[1]), starting_marketable_usd_bn(setup.baseline)),
             result.debt_end_usd_bn[:-1]]
        )  # fmt: skip
        return prep.fy_sum(result.interest_usd_bn) / (prep.fy_sum(start) / 12.0) * 100.0

    dec = decompose(
        prep.plan, fy_month, prep.setup.base_instrument_yields()[:T, None, :],
        prep.setup.paths.tenor_yields_pct[:T, TENORS.index("3m")][:, None],
        instrument_yields(point.pre_confidence_yields_pct),
        point.pre_confidence_yields_pct[:, :, TENORS.index("3m")],
        prep.base.interest_usd_bn, confidence=prep.confidence,
    )  # fmt: skip
    mc_p = _pct(mc_ni, 1)
    d_p = _pct(mc_delta, 1)
    c_p = _pct(mc_cum, 1)
    tpf_p = _pct(tpf_mc, 1)
    debt_mc = _pct(debt_pct(sim.result), 1)
    outl_mc = scen_noninterest[:, None] + mc_ni
    frame = pd.DataFrame(
        {
            "run_id": run_id,
            "scenario": prep.scenario.name,
            "fy": fys.astype(np.int64),
            "baseline_interest_usd_bn": base_ni,
            "scenario_interest_usd_bn": pt_ni,
            "delta_interest_usd_bn": pt_delta,
            "cumulative_delta_usd_bn": np.cumsum(pt_delta),
            "scenario_interest_usd_bn_p5": mc_p[0],
            "scenario_interest_usd_bn_p50": mc_p[1],
            "scenario_interest_usd_bn_p95": mc_p[2],
            "delta_interest_usd_bn_p5": d_p[0],
            "delta_interest_usd_bn_p50": d_p[1],
            "delta_interest_usd_bn_p95": d_p[2],
            "cumulative_delta_usd_bn_p5": c_p[0],
            "cumulative_delta_usd_bn_p50": c_p[1],
            "cumulative_delta_usd_bn_p95": c_p[2],
            "cbo_net_interest_usd_bn": cbo_ni,
            "gdp_usd_bn": gdp,
            "revenues_usd_bn": revenues,
            "baseline_outlays_usd_bn": base_outlays,
            "scenario_outlays_usd_bn": scen_noninterest + pt_ni,
            "baseline_interest_pct_gdp": base_ni / gdp * 100.0,
            "scenario_interest_pct_gdp": pt_ni / gdp * 100.0,
            "baseline_interest_pct_revenues": base_ni / revenues * 100.0,
            "scenario_interest_pct_revenues": pt_ni / revenues * 100.0,
            "baseline_interest_pct_outlays": base_ni / base_outlays * 100.0,
            "scenario_interest_pct_outlays": pt_ni / (scen_noninterest + pt_ni) * 100.0,
            "scenario_interest_pct_outlays_p50": np.percentile(mc_ni / outl_mc * 100.0, 50.0, axis=1),
            "baseline_debt_pct_gdp": debt_pct(prep.base)[:, 0],
            "scenario_debt_pct_gdp": debt_pct(point.result)[:, 0],
            "scenario_debt_pct_gdp_p5": debt_mc[0],
            "scenario_debt_pct_gdp_p50": debt_mc[1],
            "scenario_debt_pct_gdp_p95": debt_mc[2],
            "baseline_avg_rate_pct": avg_rate(prep.base)[:, 0],
            "scenario_avg_rate_pct": avg_rate(point.result)[:, 0],
            "rollover_usd_bn": dec.rollover_usd_bn[:, 0],
            "deficit_financing_usd_bn": dec.deficit_financing_usd_bn[:, 0],
            "snowball_usd_bn": dec.snowball_usd_bn[:, 0],
            "fed_remittance_loss_usd_bn": fed_pt,
            "treasury_only_delta_usd_bn": pt_delta,
            "treasury_plus_fed_delta_usd_bn": pt_delta + fed_pt,
            "treasury_plus_fed_delta_usd_bn_p5": tpf_p[0],
            "treasury_plus_fed_delta_usd_bn_p50": tpf_p[1],
            "treasury_plus_fed_delta_usd_bn_p95": tpf_p[2],
        }
    )
    return frame.reindex(columns=list(FISCAL_ANNUAL_COLUMNS)), mc_delta.sum(axis=0)


def build_headline(
    prep: PreparedScenario,
    impact: PriceImpact,
    sim: Simulation,
    point: Simulation,
    fa: pd.DataFrame,
    ten_year_draws: FloatArray,
    warnings: tuple[str, ...],
) -> Headline:
    """The :class:`Headline` of ``prep``; ``permanent_share`` is the point estimate's long-run 10-year
    response over its peak (0 for ``transitory``, 1 for ``permanent``)."""
    k10 = TENORS.index("10y")
    peak_draws = sim.shock_bp[:, :, k10].max(axis=0)
    peak_p = _pct(peak_draws, 0)
    ty_p = _pct(ten_year_draws, 0)
    last = fa.iloc[-1]
    sc = prep.scenario
    if sc.persistence == "transitory":
        permanent = 0.0
    elif sc.persistence == "permanent":
        permanent = 1.0
    else:
        m = tenor_map(impact)
        irf10 = (impact.point_irf_bp_per_pct_gdp.T @ m)[:, k10]
        lr10 = float((impact.point_long_run_bp_per_pct_gdp @ m)[k10])
        peak = float(np.max(irf10))
        permanent = lr10 / peak if peak > 0 else float("nan")
    s = prep.summary
    return Headline(
        scenario=sc.name,
        title=sc.title,
        label=sc.label,
        sale_usd_bn=s.amount_usd_bn,
        sale_pct_gdp=s.pct_gdp,
        sale_pct_marketable_debt=s.pct_marketable_debt,
        sale_10y_eq_usd_bn=s.ten_year_eq_usd_bn,
        fed_absorption_share=sc.fed.absorption_share,
        permanent_share=permanent,
        peak_10y_bp=float(point.shock_bp[:, 0, k10].max()),
        peak_10y_bp_p5=float(peak_p[0]),
        peak_10y_bp_p50=float(peak_p[1]),
        peak_10y_bp_p95=float(peak_p[2]),
        ten_year_extra_interest_usd_bn=float(fa["delta_interest_usd_bn"].sum()),
        ten_year_extra_interest_usd_bn_p5=float(ty_p[0]),
        ten_year_extra_interest_usd_bn_p50=float(ty_p[1]),
        ten_year_extra_interest_usd_bn_p95=float(ty_p[2]),
        ten_year_extra_cost_treasury_plus_fed_usd_bn=float(fa["treasury_plus_fed_delta_usd_bn"].sum()),
        interest_pct_outlays_last_fy=float(last["scenario_interest_pct_outlays"]),
        interest_pct_outlays_last_fy_p50=float(last["scenario_interest_pct_outlays_p50"]),
        last_fy=int(last["fy"]),
        warnings=warnings,
    )


def yield_paths_frame(
    prep: PreparedScenario, sim: Simulation, point: Simulation, run_id: str
) -> pd.DataFrame:
    """Rows of ``proj.yield_paths`` (:data:`YIELD_PATHS_COLUMNS`), one per month and tenor."""
    T = prep.T
    months = prep.setup.paths.months[:T]
    base = prep.setup.paths.tenor_yields_pct[:T]
    shock_p = _pct(sim.shock_bp, 1)  # (3, T, 6)
    n = len(TENORS)
    return pd.DataFrame(
        {
            "run_id": run_id,
            "scenario": prep.scenario.name,
            "month": np.repeat(months.to_numpy(), n),
            "tenor": np.tile(np.array(TENORS, dtype=object), T),
            "baseline_yield_pct": base.ravel(),
            "scenario_yield_pct": point.tenor_yields_pct[:, 0, :].ravel(),
            "scenario_yield_pct_p5": (base + shock_p[0] / 100.0).ravel(),
            "scenario_yield_pct_p50": (base + shock_p[1] / 100.0).ravel(),
            "scenario_yield_pct_p95": (base + shock_p[2] / 100.0).ravel(),
            "shock_bp": point.shock_bp[:, 0, :].ravel(),
            "shock_bp_p5": shock_p[0].ravel(),
            "shock_bp_p50": shock_p[1].ravel(),
            "shock_bp_p95": shock_p[2].ravel(),
        },
        columns=list(YIELD_PATHS_COLUMNS),
    )


def _price_change_pct(base: FloatArray, shock_bp: FloatArray, years: float) -> FloatArray:
    if years < 1.0:
        return np.asarray(bonds.bill_price_change_pct(base, shock_bp, years * 365.0))
    return np.asarray(bonds.par_bond_price_change_pct(base, shock_bp, years))


def bond_prices_frame(
    prep: PreparedScenario, holdings: TicHoldings, sim: Simulation, point: Simulation, run_id: str
) -> pd.DataFrame:
    """Rows of ``proj.bond_prices`` (:data:`BOND_PRICES_COLUMNS`): each tenor's price change, and the
    mark-to-market loss of all foreign holdings and of what the seller still holds, per month."""
    T = prep.T
    months = prep.setup.paths.months[:T].to_numpy()
    base = prep.setup.paths.tenor_yields_pct[:T]
    shock_p = _pct(sim.shock_bp, 1)
    frames: list[pd.DataFrame] = []
    for j, tenor in enumerate(TENORS):
        years = TENOR_YEARS[tenor]
        # price falls as yields rise: the p5 price change is the change at the p95 yield shock
        frames.append(
            pd.DataFrame(
                {
                    "instrument": tenor,
                    "maturity_years": years,
                    "month": months,
                    "price_change_pct": _price_change_pct(base[:, j], point.shock_bp[:, 0, j], years),
                    "price_change_pct_p5": _price_change_pct(base[:, j], shock_p[2][:, j], years),
                    "price_change_pct_p50": _price_change_pct(base[:, j], shock_p[1][:, j], years),
                    "price_change_pct_p95": _price_change_pct(base[:, j], shock_p[0][:, j], years),
                }
            )
        )
    # mark-to-market of portfolios: bills at the 3-month bill, notes & bonds as a par bond of
    # HOLDINGS_MATURITY_YEARS, both repriced from the baseline yield to the scenario yield each month
    sold = np.cumsum(prep.sale_usd_bn)
    portfolios = {"all_foreign": (holdings.total_foreign_usd_bn, holdings.official_bills_share)}
    if prep.scenario.sale is not None:
        portfolios["seller_holdings"] = (prep.summary.seller_holdings_usd_bn, prep.summary.bills_share)
    base_nb = curve_at(base, HOLDINGS_MATURITY_YEARS)
    j3 = TENORS.index("3m")

    def remaining(start: float) -> FloatArray:
        # face holdings left after the sale so far (a full sale ends at exactly zero, not at rounding dust)
        left = start - sold
        return np.where(left > 1e-9 * max(start, 1.0), left, 0.0)

    def loss(sim_: Simulation, start: float, bills_share: float) -> FloatArray:
        held = remaining(start)[:, None]
        shock_nb = curve_at(sim_.shock_bp, HOLDINGS_MATURITY_YEARS)
        dp_bill = _price_change_pct(base[:, j3][:, None], sim_.shock_bp[:, :, j3], 0.25)
        dp_nb = _price_change_pct(base_nb[:, None], shock_nb, HOLDINGS_MATURITY_YEARS)
        change = held * (bills_share * dp_bill + (1.0 - bills_share) * dp_nb) / 100.0
        return -change

    for name, (start, share) in portfolios.items():
        mc = _pct(loss(sim, start, share), 1)
        pt = loss(point, start, share)[:, 0]
        held = remaining(start)
        frames.append(
            pd.DataFrame(
                {
                    "instrument": name,
                    "maturity_years": np.nan,
                    "month": months,
                    "price_change_pct": -pt / np.where(held > 0, held, np.nan) * 100.0,
                    "holdings_usd_bn": held,
                    "mtm_loss_usd_bn": pt,
                    "mtm_loss_usd_bn_p5": mc[0],
                    "mtm_loss_usd_bn_p50": mc[1],
                    "mtm_loss_usd_bn_p95": mc[2],
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "scenario", prep.scenario.name)
    out.insert(0, "run_id", run_id)
    return out.reindex(columns=list(BOND_PRICES_COLUMNS)).sort_values(
        ["month", "instrument"], ignore_index=True
    )


def scenarios_row_frame(
    prep: PreparedScenario, h: Headline, run_id: str, draws: int, seed: int
) -> pd.DataFrame:
    """The ``proj.scenarios`` row (:data:`SCENARIOS_COLUMNS`): the spec, the sale and the headline."""
    row: dict[str, object] = {
        "run_id": run_id,
        "scenario": h.scenario,
        "title": h.title,
        "label": h.label,
        "baseline": prep.setup.baseline.name,
        "spec_json": prep.scenario.to_json(),
        "draws": draws,
        "seed": seed,
        "seller": prep.summary.seller,
    }
    for key in Headline.__dataclass_fields__:
        if key not in row and key not in ("title", "label", "warnings"):
            row[key] = getattr(h, key)
    row["warnings"] = list(h.warnings)
    return pd.DataFrame([row]).reindex(columns=list(SCENARIOS_COLUMNS))
