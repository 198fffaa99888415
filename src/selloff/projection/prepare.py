"""A scenario's deterministic inputs: the sale in every unit, the shock it feeds, the engine's plan.

:func:`prepare` turns a validated :class:`~selloff.projection.scenarios.Scenario`, a
:class:`~selloff.projection.FiscalSetup` and the latest
:class:`~selloff.projection.holdings.TicHoldings` into a :class:`PreparedScenario`: everything about
the projection that is the same for every Monte Carlo draw. Pure: no files, no clock, no RNG.

Units and signs
---------------
Amounts in $bn; yields in percent, yield changes in **bp**; a **sale is a negative purchase**: sold
amounts are written positive in the scenario and push yields **up** (the calibration's sign: bp per sale
of 1% of GDP, positive = yields rise). Months are counted from the projection's first month (the month
after the latest yields observed); fiscal years run October–September.

Market and face value
---------------------
TIC reports holdings at market value, and a scenario states its sale the same way (or as a share of the
seller's TIC holdings, or at face value). The bond maths runs on face value: TIC holdings are converted at
the prices of their own month, an amount at the prices of the moment (the latest month of yields), with
the seller's portfolio priced as bills and a :data:`~selloff.projection.holdings.HOLDINGS_MATURITY_YEARS`
bond paying the average coupon of the notes and bonds outstanding
(:func:`~selloff.projection.holdings.holdings_prices`). Both are reported.

The effective shock input
-------------------------
With :math:`s_u` the face amount sold in month :math:`u`, its market-absorbed, duration-scaled size in
percent of the denominator (GDP, or marketable debt) is

.. math::

    x_u = 100\\,\\frac{(1 - \\phi)\\,s_u\\,D_{sale}/D_{ref} + \\Delta S_u\\,D_{10}/D_{ref}}
               {\\text{denominator}_u}

where :math:`\\phi` is the Fed's absorption share, :math:`D_{sale}/D_{ref}` the sale's modified duration
relative to the foreign-official mix (TIC bills vs notes & bonds) the calibration saw, and
:math:`\\Delta S_u` the change in month :math:`u` of the interest-rate risk (in 10-year equivalents) the
Treasury's own response leaves with the market, against the baseline: negative while coupon issuance
moves to bills or buybacks retire coupons, positive when those bills are later termed out again at the
usual issuance shares — so the yield benefit lasts only as long as the duration it came from. The
denominator is GDP (the latest quarter observed, grown along CBO's path) or, with ``scaling =
"marketable_debt"``, marketable debt rescaled to GDP at the start (a sale of a given share of the debt
then moves yields as much whatever the debt's size). The transitory response follows :math:`x_u`, the
sale in percent of the market when it was sold; the persistent response follows the sold supply still
outstanding, :math:`S_u` (the numerator above, $bn), in percent of the denominator of the month of the
yield, so it shrinks as the market grows (:mod:`selloff.projection.kernels`). The policy-rate override
:math:`\\Delta p_t` (passed through to tenor :math:`\\tau` with weight :math:`\\beta_\\tau`) and the
parallel shift :math:`\\delta_t` are the exogenous moves (:attr:`PreparedScenario.exogenous_bp`); the
simulation adds them to the sale's response (:mod:`selloff.projection.simulate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from selloff.projection import bonds
from selloff.projection.baselines import fy_of
from selloff.projection.curve import (
    BILL_DAYS,
    BILL_INDEX,
    INSTRUMENT_MONTHS,
    INSTRUMENT_NAMES,
    INSTRUMENTS,
    IS_FRN,
    TENOR_TO_INSTRUMENT,
    curve_at,
    instrument_yields,
)
from selloff.projection.engine import Confidence, EnginePlan, EngineResult, to_fiscal_years
from selloff.projection.fiscal import BaselineOverrides, FiscalSetup, with_overrides
from selloff.projection.holdings import HOLDINGS_MATURITY_YEARS, HoldingsPrices, TicHoldings, holdings_prices
from selloff.projection.legacy import LegacyPaths, legacy_duration_usd_bn_years, legacy_paths
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

FACE_MARKET_TOLERANCE = 0.01
"""A scenario giving both ``amount_usd_bn`` and ``amount_face_usd_bn`` must have them agree within 1% at
the prices of the moment."""


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
    instrument_yields_pct: FloatArray
    """(K,) the instruments' yields at the starting curve (durations of aged cohorts use them)."""

    def of_mix(self, bills_share: float) -> float:
        return bills_share * self.bills + (1.0 - bills_share) * self.notes_bonds


def par_duration_years(yield_pct: FloatArray | float, months_left: FloatArray) -> FloatArray:
    """Modified duration (years) of a par bond with ``months_left`` to maturity, semiannual coupons:

    .. math:: D_{mod} = \\frac{1 - (1 + y/2)^{-2m/12}}{y}

    (exact at whole half-years, smooth in between; tends to :math:`m/12` as :math:`y \\to 0`).
    """
    y = np.maximum(np.asarray(yield_pct, dtype=np.float64) / 100.0, 1e-9)
    m = np.asarray(months_left, dtype=np.float64)
    return np.asarray((1.0 - (1.0 + y / 2.0) ** (-2.0 * m / 12.0)) / y)


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
    return Durations(d_bill, d_nb, d10, share * d_bill + (1.0 - share) * d_nb, inst, np.asarray(inst_y))


# --------------------------------------------------------------------------------------------------
# the sale: market and face value
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaleAmounts:
    """A scenario's sale in face and market value ($bn), and the seller's holdings."""

    seller: str
    face_usd_bn: float
    market_value_usd_bn: float
    """At the prices of the moment (the latest month of yields)."""
    seller_holdings_usd_bn: float
    """The seller's TIC holdings, market value (TIC's month)."""
    seller_holdings_face_usd_bn: float
    bills_share: float
    """The sale's bills share of market value."""
    prices: HoldingsPrices
    """The prices of the moment."""


def holdings_coupon_pct(setup: FiscalSetup) -> float:
    """The average coupon of the notes and bonds outstanding at the start (the rebuilt cohorts), percent."""
    c = setup.legacy.cohorts
    mask = c["security_type"].isin(["notes", "bonds"]).to_numpy()
    amount = c["amount_usd_bn"].to_numpy(dtype=np.float64)[mask]
    return float((amount * c["coupon_pct"].to_numpy(dtype=np.float64)[mask]).sum() / amount.sum())


def observed_curve_at(setup: FiscalSetup, month: pd.Timestamp) -> FloatArray:
    """(6,) the observed curve of ``month`` (or the nearest observed month), bond-equivalent percent."""
    curve = setup.observed_curve
    at = min(max(pd.Timestamp(month).to_period("M").to_timestamp(), curve.index[0]), curve.index[-1])
    return curve.loc[at].to_numpy(dtype=np.float64)


def sale_amounts(scenario: Scenario, setup: FiscalSetup, holdings: TicHoldings) -> SaleAmounts:
    """The sale in face and market value (see the module's notes).

    Raises
    ------
    ScenarioError
        An unknown seller (``sale.seller``), or ``amount_usd_bn`` and ``amount_face_usd_bn`` that disagree
        at the prices of the moment by more than :data:`FACE_MARKET_TOLERANCE` (``sale.amount_face_usd_bn``).
    """
    coupon = holdings_coupon_pct(setup)
    now_month = min(setup.data_end, setup.start_month - pd.DateOffset(months=1))
    sale = scenario.sale
    bills_share = (
        holdings.official_bills_share if sale is None or sale.bills_share is None else sale.bills_share
    )
    now = holdings_prices(now_month.date(), setup.start_curve_pct, coupon, bills_share)
    if sale is None:
        return SaleAmounts(NO_SELLER, 0.0, 0.0, 0.0, 0.0, bills_share, now)
    for name in sale.sellers:
        if name not in holdings.by_country_usd_bn:
            raise ScenarioError(
                f"unknown seller {name!r}; known: {'; '.join(repr(k) for k in holdings.sellers)}",
                scenario=scenario.name, field="sale.seller",
            )  # fmt: skip
    held = float(sum(holdings.by_country_usd_bn[name] for name in sale.sellers))
    tic_month = pd.Timestamp(holdings.as_of)
    at_tic = holdings_prices(holdings.as_of, observed_curve_at(setup, tic_month), coupon, bills_share)
    held_face = at_tic.face_value(held)
    if sale.share_of_holdings is not None:
        face = sale.share_of_holdings * held_face
        market = now.market_value(face)
    elif sale.amount_usd_bn is not None:
        market = sale.amount_usd_bn
        face = now.face_value(market)
        if sale.amount_face_usd_bn is not None:
            stated = sale.amount_face_usd_bn
            if abs(stated - face) > FACE_MARKET_TOLERANCE * max(face, stated, 1e-9):
                raise ScenarioError(
                    f"${stated:,.1f}bn face does not match amount_usd_bn: ${market:,.1f}bn of market value "
                    f"is ${face:,.1f}bn face at the prices of {now_month:%B %Y} (bills at "
                    f"{now.bills_price:.2f}, notes and bonds at {now.notes_bonds_price:.2f} per 100); give "
                    "one of them, or make them agree within 1%",
                    scenario=scenario.name, field="sale.amount_face_usd_bn",
                )  # fmt: skip
            face = stated
    else:
        face = float(sale.amount_face_usd_bn or 0.0)
        market = now.market_value(face)
    return SaleAmounts(" + ".join(sale.sellers), face, market, held, held_face, bills_share, now)


def check_scenarios(chosen: Sequence[Scenario], setup: FiscalSetup, holdings: TicHoldings) -> None:
    """The checks that need the data (sellers, face against market value, the horizon), for every
    scenario at once before anything is written: one :class:`ScenarioError` listing every problem."""
    errors: list[ScenarioError] = []
    for scenario in chosen:
        try:
            if scenario.baseline.name != setup.baseline.name:
                raise ScenarioError(
                    f"names baseline {scenario.baseline.name!r} but the run projects on "
                    f"{setup.baseline.name!r}; "
                    "drop it from the file or pass --baseline",
                    scenario=scenario.name, field="baseline.name",
                )  # fmt: skip
            sale_amounts(scenario, setup, holdings)
            projection_months(scenario, setup)
        except ScenarioError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ScenarioError(f"{len(errors)} problems: " + "; ".join(str(e) for e in errors))


def projection_months(scenario: Scenario, setup: FiscalSetup) -> int:
    """Months projected for ``scenario``: to the end of the fiscal year in which its ``horizon_months``
    end (default: the setup's whole window)."""
    if scenario.horizon_months is None:
        return setup.horizon
    if scenario.horizon_months > setup.horizon:
        raise ScenarioError(
            f"must be at most {setup.horizon} (from {setup.start_month:%B %Y} to the end of "
            f"FY{setup.baseline.last_fy}), got {scenario.horizon_months}",
            scenario=scenario.name, field="horizon_months",
        )  # fmt: skip
    last_fy = setup.paths.fy[scenario.horizon_months - 1]
    return int(np.flatnonzero(setup.paths.fy == last_fy)[-1]) + 1


# --------------------------------------------------------------------------------------------------
# the prepared scenario
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaleSummary:
    seller: str
    amount_usd_bn: float
    """Face value sold, $bn: what the bond maths uses."""
    market_value_usd_bn: float
    """Market value sold at the prices of the moment, $bn: what TIC would report."""
    seller_holdings_usd_bn: float
    seller_holdings_face_usd_bn: float
    bills_share: float
    pct_gdp: float
    """Market value / the reference GDP, percent."""
    pct_marketable_debt: float
    ten_year_eq_usd_bn: float
    """Market value × the sale's modified duration / the 10-year's: 10-year notes of the same risk."""
    duration_factor: float
    max_quarter_pct_gdp: float
    face_per_market: float
    prices_month: pd.Timestamp


@dataclass(frozen=True)
class PreparedScenario:
    scenario: Scenario
    setup: FiscalSetup
    T: int
    months: pd.DatetimeIndex
    sale_usd_bn: FloatArray  # (T,) face sold per month (gross, before Fed absorption)
    x: FloatArray  # (T,) effective shock input, % of the denominator of its own month
    effective_sale_usd_bn: FloatArray  # (T,) S_u: the same input in $bn (x = 100 S / denominator)
    denominator_usd_bn: FloatArray  # (T,) GDP (SAAR) or rescaled marketable debt, $bn: the market's size
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
    consolidation_usd_bn_fy: FloatArray  # (n_fy,) primary deficit cut, $bn per fiscal year
    duration_offset_10y_eq_usd_bn: FloatArray  # (T,) ΔS_u: risk the Treasury's response returns to the market

    @property
    def fy(self) -> npt.NDArray[np.int64]:
        return self.setup.paths.fy[: self.T]

    @property
    def fys(self) -> tuple[int, ...]:
        return tuple(int(f) for f in np.unique(self.fy))

    def fy_sum(self, monthly: FloatArray) -> FloatArray:
        """Sum a (T, …) monthly array of this scenario by fiscal year: (n_fy, …)."""
        return to_fiscal_years(monthly, self.fy)[1]

    def fy_interest(self, result: EngineResult) -> FloatArray:
        """Interest on marketable debt by fiscal year (n_fy, D), with what accrued before the start."""
        return self.setup.fy_interest(result, self.T)


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


def new_issue_duration_usd_bn_years(plan: EnginePlan, base: EngineResult, durs: Durations) -> FloatArray:
    """(T,) Σ amount × modified duration of the debt issued during the projection and outstanding at the
    end of each month ($bn × years), under ``plan``'s issuance shares and bill-financed buybacks.

    The stock is rolled without rates: each month's issuance is what matures from earlier issues plus
    the non-maturity needs of ``base`` (legacy maturities, primary need, interest) plus the buybacks, split
    by the plan's shares; each cohort's duration is a par bond's at its remaining maturity. Two plans with
    the same needs differ only in the composition — exactly the risk the Treasury leaves with the market.
    """
    T = plan.horizon
    K = len(INSTRUMENTS)
    exogenous = plan.legacy.maturing + plan.primary_need_usd_bn + base.interest_usd_bn[:T, 0]
    issued = np.zeros((T, K))
    maturing = np.zeros(T)
    for t in range(T):
        need = exogenous[t] + maturing[t]
        issued[t] = plan.issuance_shares[t] * need
        issued[t, BILL_INDEX] += plan.extra_bills_usd_bn[t]
        due = t + INSTRUMENT_MONTHS
        inside = due < T
        np.add.at(maturing, due[inside], issued[t, inside])
    out = np.zeros(T)
    for k, inst in enumerate(INSTRUMENTS):
        ages = np.arange(min(inst.months, T))
        # months to maturity after each month of age; an FRN's rate resets monthly (one month of risk)
        left = np.minimum(inst.months - ages, 1) if IS_FRN[k] else inst.months - ages
        weights = par_duration_years(durs.instrument_yields_pct[k], left.astype(np.float64))
        for age, weight in zip(ages, weights, strict=True):
            out[age:] += issued[: T - age, k] * weight
    return out


def prepare(scenario: Scenario, setup: FiscalSetup, holdings: TicHoldings) -> PreparedScenario:
    """Everything deterministic about a scenario: the sale path and its size in every unit, the
    effective shock input :math:`x_u`, exogenous moves (policy override, parallel shift), the engine plan
    (issuance response, buybacks, consolidation), the Fed's purchases and the confidence channel.

    Raises :class:`ScenarioError` naming the field for an unknown seller, a face value that does not match
    the market value, a baseline other than the setup's, or a horizon beyond the projection's window.
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
    T = projection_months(scenario, setup)
    paths = setup.paths
    months = paths.months[:T]
    base_plan = _truncate(setup.plan, T)
    sb = setup.base
    base = EngineResult(
        sb.interest_usd_bn[:T], sb.debt_end_usd_bn[:T], sb.issuance_usd_bn[:T], sb.maturing_usd_bn[:T]
    )
    durs = durations(setup, holdings)
    gdp = paths.gdp_saar_usd_bn[:T]
    marketable = np.concatenate([[setup.legacy.total_usd_bn], base.debt_end_usd_bn[:-1, 0]])
    reference_gdp = setup.reference_gdp.usd_bn

    # --- the sale -------------------------------------------------------------------------------
    amounts = sale_amounts(scenario, setup, holdings)
    sale = scenario.sale
    if sale is not None:
        sale_usd = amounts.face_usd_bn * _sale_profile(sale, T)
        # a per-%-of-GDP response applied to a share of the debt: the share rescaled to GDP at the start
        denom = gdp if sale.scaling == "gdp" else marketable * (reference_gdp / marketable[0])
    else:
        sale_usd, denom = np.zeros(T), gdp
    bills_share = amounts.bills_share
    d_sale = durs.of_mix(bills_share)
    factor = d_sale / durs.reference
    phi = scenario.fed.absorption_share
    quarterly = np.convolve(
        amounts.market_value_usd_bn * (sale_usd / max(amounts.face_usd_bn, 1e-12)), np.ones(3)
    )[:T]
    summary = SaleSummary(
        seller=amounts.seller,
        amount_usd_bn=float(amounts.face_usd_bn),
        market_value_usd_bn=float(amounts.market_value_usd_bn),
        seller_holdings_usd_bn=amounts.seller_holdings_usd_bn,
        seller_holdings_face_usd_bn=amounts.seller_holdings_face_usd_bn,
        bills_share=float(bills_share),
        pct_gdp=float(amounts.market_value_usd_bn / reference_gdp * 100.0),
        pct_marketable_debt=float(amounts.market_value_usd_bn / setup.legacy.total_usd_bn * 100.0),
        ten_year_eq_usd_bn=float(amounts.market_value_usd_bn * d_sale / durs.ten_year),
        duration_factor=float(factor),
        max_quarter_pct_gdp=float(quarterly.max() / reference_gdp * 100.0) if T else 0.0,
        face_per_market=amounts.prices.face_per_market,
        prices_month=pd.Timestamp(amounts.prices.month),
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

    # --- fiscal consolidation (default: from the first fiscal year that begins after the start) ---------
    fy_month = paths.fy[:T]
    fys = np.unique(fy_month)
    fs = scenario.fiscal
    first = fs.start_fy if fs.start_fy is not None else fy_of(setup.start_month) + 1
    ramp = np.clip((fys - first + 1) / fs.ramp_years, 0.0, 1.0)
    gdp_fy = setup.baseline.budget["gdp_usd_bn"].reindex(fys).to_numpy(dtype=np.float64)
    cut_fy = fs.consolidation_pct_gdp / 100.0 * gdp_fy * ramp
    consolidation_month = cut_fy[np.searchsorted(fys, fy_month)] / 12.0

    plan = EnginePlan(
        legacy=legacy,
        issuance_shares=shares,
        primary_need_usd_bn=base_plan.primary_need_usd_bn - consolidation_month,
        extra_bills_usd_bn=buybacks,
        inflation_pct=base_plan.inflation_pct,
        frn_spread_pct=base_plan.frn_spread_pct,
    )

    # --- the risk the Treasury's response leaves with the market, against the baseline ----------------
    offset = np.zeros(T)
    if iss.duration_offset and (moved.any() or buybacks.any()):
        scen_plan = EnginePlan(
            legacy, shares, base_plan.primary_need_usd_bn, buybacks, base_plan.inflation_pct,
            base_plan.frn_spread_pct,
        )  # fmt: skip
        stock = new_issue_duration_usd_bn_years(scen_plan, base, durs) - new_issue_duration_usd_bn_years(
            base_plan, base, durs
        )
        if buybacks.any():

            def dur(months_left: FloatArray) -> FloatArray:
                return par_duration_years(float(curve_at(paths.tenor_yields_pct[0], 10.0)), months_left)

            stock += legacy_duration_usd_bn_years(setup.legacy, T, dur, buybacks) - (
                legacy_duration_usd_bn_years(setup.legacy, T, dur)
            )
        offset = np.diff(stock, prepend=0.0) / durs.ten_year  # 10-year equivalents, a flow per month

    # --- effective shock input and exogenous moves -------------------------------------------------
    absorbed = (1.0 - phi) * sale_usd * factor + offset * durs.ten_year / durs.reference
    x = absorbed / denom * 100.0
    fed = scenario.fed
    month_index = np.arange(T)
    if fed.policy_change_months:
        knots = np.array(fed.policy_change_months, dtype=np.float64)
        dp = np.interp(month_index, knots, np.array(fed.policy_change_bp, dtype=np.float64))
        dp[month_index < knots[0]] = 0.0
    else:
        dp = np.zeros(T)
    passthrough = np.array([fed.policy_passthrough.get(t, DEFAULT_POLICY_PASSTHROUGH[t]) for t in TENORS])
    parallel = scenario.shock.parallel_bp * (month_index >= scenario.shock.start_month)
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
        months=months,
        sale_usd_bn=sale_usd,
        x=x,
        effective_sale_usd_bn=absorbed,
        denominator_usd_bn=np.asarray(denom, dtype=np.float64),
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
        consolidation_usd_bn_fy=np.asarray(to_fiscal_years(consolidation_month, fy_month)[1]),
        duration_offset_10y_eq_usd_bn=offset,
    )
