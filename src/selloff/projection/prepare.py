"""A scenario's deterministic inputs: the sale in every unit, the shock it feeds, the engine's plan.

:func:`prepare` turns a validated :class:`~selloff.projection.scenarios.Scenario`, a
:class:`~selloff.projection.FiscalSetup` and the latest
:class:`~selloff.projection.holdings.TicHoldings` into a :class:`PreparedScenario`: everything about
the projection that is the same for every Monte Carlo draw. Pure: no files, no clock, no RNG.

Units and signs
---------------
Amounts in $bn; yields in percent, yield changes in **bp**; a **sale is a negative purchase**: sold
amounts are written positive in the scenario and push yields **up** (the calibration's sign: bp per sale
of 1% of GDP, positive = yields rise). Months are counted from the baseline's first projected month
(0 = October 2025 for ``cbo-2025-01``); fiscal years run October–September.

The effective shock input
-------------------------
With :math:`s_u` the amount sold in month :math:`u`, its market-absorbed, duration-scaled size in
percent of the denominator (GDP, or marketable debt) is

.. math::

    x_u = 100\\,\\frac{(1 - \\phi)\\,s_u\\,D_{sale}/D_{ref} - o_u\\,D_{10}/D_{ref}}{\\text{denominator}_u}

where :math:`\\phi` is the Fed's absorption share, :math:`D_{sale}/D_{ref}` the sale's modified duration
relative to the foreign-official mix (TIC bills vs notes & bonds) the calibration saw, and :math:`o_u`
the duration the Treasury takes out of the market (bill-financed buybacks, coupon issuance moved to
bills) in 10-year equivalents (so scaled by :math:`D_{10}/D_{ref}`, the 10-year note's duration
relative to that mix). The policy-rate override :math:`\\Delta p_t` (passed through to tenor
:math:`\\tau` with weight :math:`\\beta_\\tau`) and the parallel shift :math:`\\delta_t` are the
exogenous moves (:attr:`PreparedScenario.exogenous_bp`); the simulation adds them to the sale's
response (:mod:`selloff.projection.simulate`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from selloff.projection import bonds
from selloff.projection.curve import (
    BILL_DAYS,
    INSTRUMENT_NAMES,
    INSTRUMENTS,
    TENOR_TO_INSTRUMENT,
    curve_at,
    instrument_yields,
)
from selloff.projection.engine import Confidence, EnginePlan, EngineResult, to_fiscal_years
from selloff.projection.fiscal import BaselineOverrides, FiscalSetup, with_overrides
from selloff.projection.holdings import HOLDINGS_MATURITY_YEARS, TicHoldings
from selloff.projection.legacy import (
    BUYBACK_MIN_MONTHS,
    LegacyPaths,
    legacy_paths,
    starting_marketable_usd_bn,
)
from selloff.projection.scenarios import (
    DEFAULT_CONFIDENCE_WEIGHTS,
    DEFAULT_POLICY_PASSTHROUGH,
    SaleSpec,
    Scenario,
    ScenarioError,
)
from selloff.tenors import TENORS

FloatArray = npt.NDArray[np.float64]

NO_SELLER = "none"
"""The ``seller`` of a scenario without ``[sale]`` (``proj.scenarios.seller``)."""


# --------------------------------------------------------------------------------------------------
# durations at the baseline's starting curve
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Durations:
    """Modified durations (years) at the baseline's starting curve."""

    bills: float
    notes_bonds: float
    ten_year: float
    reference: float
    """The foreign-official mix (TIC bills vs notes & bonds) the calibration's flows stand for."""
    instruments: FloatArray
    """(K,) par-bond modified duration of each instrument."""

    def of_mix(self, bills_share: float) -> float:
        return bills_share * self.bills + (1.0 - bills_share) * self.notes_bonds


def durations(setup: FiscalSetup, holdings: TicHoldings) -> Durations:
    curve0 = setup.paths.tenor_yields_pct[0]
    y3m = float(curve0[TENORS.index("3m")])
    d_bill = float(bonds.bill_modified_duration(y3m, BILL_DAYS))
    y_nb = float(curve_at(curve0, HOLDINGS_MATURITY_YEARS))
    d_nb = float(bonds.modified_duration(y_nb, y_nb, HOLDINGS_MATURITY_YEARS))
    y10 = float(curve0[TENORS.index("10y")])
    d10 = float(bonds.modified_duration(y10, y10, 10.0))
    inst_y = instrument_yields(curve0)
    inst = np.array(
        [
            d_bill if i.months < 12 else float(bonds.modified_duration(float(y), float(y), i.years))
            for i, y in zip(INSTRUMENTS, inst_y, strict=True)
        ]
    )
    share = holdings.official_bills_share
    return Durations(d_bill, d_nb, d10, share * d_bill + (1.0 - share) * d_nb, inst)


# --------------------------------------------------------------------------------------------------
# the prepared scenario
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaleSummary:
    seller: str
    amount_usd_bn: float
    seller_holdings_usd_bn: float
    bills_share: float
    pct_gdp: float
    pct_marketable_debt: float
    ten_year_eq_usd_bn: float
    duration_factor: float
    max_quarter_pct_gdp: float


@dataclass(frozen=True)
class PreparedScenario:
    scenario: Scenario
    setup: FiscalSetup
    T: int
    sale_usd_bn: FloatArray  # (T,) sold per month (gross, before Fed absorption)
    x: FloatArray  # (T,) effective shock input, % of denominator
    exogenous_bp: FloatArray  # (T, 6) policy pass-through + parallel shift, bp
    policy_rate_pct: FloatArray  # (T,)
    plan: EnginePlan
    base_plan: EnginePlan
    base: EngineResult
    confidence: Confidence | None
    confidence_tenor_weights: FloatArray
    durations: Durations
    summary: SaleSummary
    fed_bills_usd_bn: FloatArray  # (T,) Fed purchases per month
    fed_notes_usd_bn: FloatArray
    consolidation_usd_bn_fy: FloatArray  # (n_fy,)

    def fy_sum(self, monthly: FloatArray) -> FloatArray:
        """Sum a (T, …) monthly array of this scenario by fiscal year: (n_fy, …)."""
        return to_fiscal_years(monthly, self.setup.paths.fy[: self.T])[1]


def _truncate(plan: EnginePlan, T: int) -> EnginePlan:
    leg = plan.legacy
    return EnginePlan(
        legacy=LegacyPaths(
            leg.maturing[:T], leg.outstanding_end[:T], leg.fixed_interest[:T], leg.frn_outstanding[:T],
            leg.tips_outstanding[:T],
        ),
        issuance_shares=plan.issuance_shares[:T],
        primary_need_usd_bn=plan.primary_need_usd_bn[:T],
        extra_bills_usd_bn=plan.extra_bills_usd_bn[:T],
        inflation_pct=plan.inflation_pct[:T],
        frn_spread_pct=plan.frn_spread_pct,
    )  # fmt: skip


def month_window(T: int, start: int, months: int) -> FloatArray:
    out = np.zeros(T)
    out[min(start, T) : min(start + months, T)] = 1.0
    return out


def _sale_profile(spec: SaleSpec, T: int) -> FloatArray:
    n = spec.pace_months
    if spec.shape == "uniform":
        w = np.ones(n)
    elif spec.shape == "front_loaded":
        w = np.arange(n, 0, -1, dtype=np.float64)
    else:
        w = np.arange(1, n + 1, dtype=np.float64)
    w = w / w.sum()
    out = np.zeros(T)
    end = min(spec.start_month + n, T)
    if spec.start_month < T:
        out[spec.start_month : end] = w[: end - spec.start_month]
    return out


def prepare(scenario: Scenario, setup: FiscalSetup, holdings: TicHoldings) -> PreparedScenario:
    """Everything deterministic about a scenario: the sale path and its size in every unit, the
    effective shock input :math:`x_u`, exogenous moves (policy override, parallel shift), the engine plan
    (issuance response, buybacks, consolidation), the Fed's purchases and the confidence channel.

    Raises :class:`ScenarioError` naming the field for an unknown seller, a baseline other than the
    setup's, or a horizon beyond the baseline's window.
    """
    if scenario.baseline.name != setup.baseline.name:
        raise ScenarioError(
            f"the scenario asks for baseline {scenario.baseline.name!r} but the setup is "
            f"{setup.baseline.name!r}", scenario=scenario.name, field="baseline.name",
        )  # fmt: skip
    overrides = BaselineOverrides(
        scenario.baseline.rate_shift_bp, scenario.baseline.primary_deficit_shift_pct_gdp
    )
    setup = with_overrides(setup, overrides)
    T = scenario.horizon_months
    if setup.horizon < T:
        raise ScenarioError(
            f"must be at most {setup.horizon} (the baseline's window), got {T}",
            scenario=scenario.name, field="horizon_months",
        )  # fmt: skip
    paths = setup.paths
    base_plan = _truncate(setup.plan, T)
    sb = setup.base
    base = EngineResult(
        sb.interest_usd_bn[:T], sb.debt_end_usd_bn[:T], sb.issuance_usd_bn[:T], sb.maturing_usd_bn[:T]
    )
    durs = durations(setup, holdings)
    gdp = paths.gdp_saar_usd_bn[:T]
    marketable = np.concatenate([[starting_marketable_usd_bn(setup.baseline)], base.debt_end_usd_bn[:-1, 0]])

    # --- the sale -------------------------------------------------------------------------------
    sale = scenario.sale
    if sale is not None:
        for name in sale.sellers:
            if name not in holdings.by_country_usd_bn:
                raise ScenarioError(
                    f"unknown seller {name!r}; known: {', '.join(holdings.sellers)}",
                    scenario=scenario.name, field="sale.seller",
                )  # fmt: skip
        seller_holdings = sum(holdings.by_country_usd_bn[name] for name in sale.sellers)
        share = sale.share_of_holdings if sale.share_of_holdings is not None else 0.0
        amount = sale.amount_usd_bn if sale.amount_usd_bn is not None else share * seller_holdings
        bills_share = holdings.official_bills_share if sale.bills_share is None else sale.bills_share
        profile = _sale_profile(sale, T)
        sale_usd = amount * profile
        denom = gdp if sale.scaling == "gdp" else marketable
        seller = " + ".join(sale.sellers)
        start = sale.start_month
    else:
        seller, seller_holdings, amount, bills_share = NO_SELLER, 0.0, 0.0, holdings.official_bills_share
        sale_usd, denom, start = np.zeros(T), gdp, 0
    d_sale = durs.of_mix(bills_share)
    factor = d_sale / durs.reference
    phi = scenario.fed.absorption_share
    quarterly = np.convolve(sale_usd / gdp * 100.0, np.ones(3))[:T]
    summary = SaleSummary(
        seller=seller,
        amount_usd_bn=float(amount),
        seller_holdings_usd_bn=float(seller_holdings),
        bills_share=float(bills_share),
        pct_gdp=float(amount / gdp[min(start, T - 1)] * 100.0),
        pct_marketable_debt=float(amount / marketable[min(start, T - 1)] * 100.0),
        ten_year_eq_usd_bn=float(amount * d_sale / durs.ten_year),
        duration_factor=float(factor),
        max_quarter_pct_gdp=float(quarterly.max()) if T else 0.0,
    )

    # --- Treasury response: coupon issuance moved to bills, bill-financed buybacks ---------------
    iss = scenario.issuance
    shares = base_plan.issuance_shares.copy()
    moved = iss.coupon_to_bills_pct / 100.0 * month_window(T, iss.shift_start_month, iss.shift_months)
    coupon_cols = np.array([i.kind != "frn" and i.security_type != "bills" for i in INSTRUMENTS])
    bill = INSTRUMENT_NAMES.index("bill_3m")
    moved_share = shares[:, coupon_cols] * moved[:, None]
    shares[:, coupon_cols] -= moved_share
    shares[:, bill] += moved_share.sum(axis=1)
    buybacks = iss.buyback_usd_bn_per_month * month_window(T, iss.buyback_start_month, iss.buyback_months)
    legacy = legacy_paths(setup.legacy, T, buybacks) if buybacks.any() else base_plan.legacy
    offset_10y = np.zeros(T)
    if iss.duration_offset:
        # coupon issuance moved: the baseline's issuance of each coupon instrument × its extra duration
        base_issue = base.issuance_usd_bn[:, 0]
        dur_gap = durs.instruments[coupon_cols] - durs.bills
        offset_10y += (moved_share * base_issue[:, None] * dur_gap[None, :]).sum(axis=1) / durs.ten_year
        offset_10y += buybacks * (_buyback_duration(setup, durs) - durs.bills) / durs.ten_year

    # --- fiscal consolidation ---------------------------------------------------------------------
    fys = np.array(setup.fys[: T // 12])
    fs = scenario.fiscal
    first = fs.start_fy if fs.start_fy is not None else int(fys[0]) + 1
    ramp = np.clip((fys - first + 1) / fs.ramp_years, 0.0, 1.0)
    gdp_fy = setup.baseline.budget["gdp_usd_bn"].reindex(fys).to_numpy(dtype=np.float64)
    consolidation_fy = fs.consolidation_pct_gdp / 100.0 * gdp_fy * ramp
    consolidation_month = np.repeat(consolidation_fy / 12.0, 12)

    plan = EnginePlan(
        legacy=legacy,
        issuance_shares=shares,
        primary_need_usd_bn=base_plan.primary_need_usd_bn - consolidation_month,
        extra_bills_usd_bn=buybacks,
        inflation_pct=base_plan.inflation_pct,
        frn_spread_pct=base_plan.frn_spread_pct,
    )

    # --- effective shock input and exogenous moves -------------------------------------------------
    absorbed = (1.0 - phi) * sale_usd * factor - offset_10y * durs.ten_year / durs.reference
    x = absorbed / denom * 100.0
    fed = scenario.fed
    months = np.arange(T)
    if fed.policy_change_months:
        knots = np.array(fed.policy_change_months, dtype=np.float64)
        dp = np.interp(months, knots, np.array(fed.policy_change_bp, dtype=np.float64))
        dp[months < knots[0]] = 0.0
    else:
        dp = np.zeros(T)
    passthrough = np.array([fed.policy_passthrough.get(t, DEFAULT_POLICY_PASSTHROUGH[t]) for t in TENORS])
    parallel = scenario.shock.parallel_bp * (months >= scenario.shock.start_month)
    exogenous = dp[:, None] * passthrough[None, :] + parallel[:, None]

    conf = None
    conf_w = np.array(
        [scenario.confidence.tenor_weights.get(t, DEFAULT_CONFIDENCE_WEIGHTS[t]) for t in TENORS]
    )
    if scenario.confidence.enabled and scenario.confidence.bp_per_pct_debt_gdp > 0:
        nonmkt = setup.baseline.debt.nonmarketable_total_usd_bn
        conf = Confidence(
            bp_per_pct_debt_gdp=scenario.confidence.bp_per_pct_debt_gdp,
            instrument_weights=conf_w @ TENOR_TO_INSTRUMENT,
            short_rate_weight=float(conf_w[TENORS.index("3m")]),
            baseline_debt_pct_gdp=(base.debt_end_usd_bn[:, 0] + nonmkt) / gdp * 100.0,
            gdp_saar_usd_bn=gdp,
            nonmarketable_usd_bn=nonmkt,
        )
    fed_total = phi * sale_usd
    return PreparedScenario(
        scenario=scenario,
        setup=setup,
        T=T,
        sale_usd_bn=sale_usd,
        x=x,
        exogenous_bp=exogenous,
        policy_rate_pct=paths.policy_rate_pct[:T] + dp / 100.0,
        plan=plan,
        base_plan=base_plan,
        base=base,
        confidence=conf,
        confidence_tenor_weights=conf_w,
        durations=durs,
        summary=summary,
        fed_bills_usd_bn=fed_total * bills_share,
        fed_notes_usd_bn=fed_total * (1.0 - bills_share),
        consolidation_usd_bn_fy=consolidation_fy,
    )


def _buyback_duration(setup: FiscalSetup, durs: Durations) -> float:
    """Duration of the legacy coupons a buyback retires: a par bond at their average remaining maturity."""
    c = setup.legacy.cohorts
    eligible = c["security_type"].isin(["notes", "bonds"]) & (c["months_to_maturity"] >= BUYBACK_MIN_MONTHS)
    amount = c.loc[eligible, "amount_usd_bn"]
    years = float((amount * (c.loc[eligible, "months_to_maturity"] + 1)).sum() / amount.sum() / 12.0)
    years = max(0.5, round(years * 2.0) / 2.0)  # a whole number of half-years for the bond formula
    y = float(curve_at(setup.paths.tenor_yields_pct[0], years))
    return float(bonds.modified_duration(y, y, years))
