"""The fiscal engine: marketable debt as cohorts, rolled month by month, interest by fiscal year.

Pure and vectorised across Monte Carlo draws: every function takes arrays/frames and explicit
parameters and returns new objects; nothing reads files, the clock, the environment or a global RNG.

Units and conventions
---------------------
Money in billions of dollars ($bn); yields, coupons and rates in percent per year, **bond-equivalent**
(the 3-month bill's discount rate is converted once, on the way in); months are labelled by their first
day and every flow happens at the **end** of its month. Fiscal years run October–September and are named
by the calendar year in which they end (FY2026 = October 2025 – September 2026). Debt is marketable debt
held by the public unless stated.

The recurrence (month :math:`t`, draw :math:`d`)
------------------------------------------------
Debt is a set of cohorts :math:`i` with amount :math:`A_i`, coupon :math:`c_i` and maturity month
:math:`m_i`. Interest accrues per cohort at its own rate on the stock outstanding at the end of the
previous month; floating-rate notes (FRNs) reset monthly to the 3-month bill rate plus a spread; TIPS
cost their real coupon plus inflation accretion on principal:

.. math::

    I_t = \\sum_{i:\\,m_i \\ge t} A_i\\,\\frac{c_i}{1200}
          + F_t\\,\\frac{r^{3m}_t + s}{1200} + P^{TIPS}_t\\,\\frac{\\pi_t}{1200}

Each month the Treasury must refinance maturing debt :math:`R_t`, the primary deficit and other means of
financing :math:`X_t` (CBO's), and the month's interest, and issues that amount across instruments
:math:`k` with gross issuance shares :math:`w_{t,k}` at that month's yields :math:`y_{t,k}`:

.. math::

    N_t = R_t + X_t + \\kappa\\,I_t + (1 - \\kappa)\\,I^{ref}_t, \\qquad
    N_{t,k} = w_{t,k}\\,N_t \\;(+\\,B_t \\text{ for bills}), \\qquad c_{new} = y_{t,k}

:math:`B_t` are buybacks financed with bills. :math:`\\kappa = 1` is the normal engine: interest is
borrowed and itself bears interest (the **snowball**). :math:`\\kappa = 0` ("interest capitalisation
off") borrows a reference interest path instead (the baseline's), so the debt stock is the reference's
and only the rates differ. The scenario-minus-baseline interest is decomposed exactly
(:func:`decompose`):

.. math::

    \\Delta I = \\underbrace{I^{\\kappa=0,\\,X=0}_{scen} - I^{\\kappa=0,\\,X=0}_{base}}_{\\text{rollover}}
              + \\underbrace{(I^{\\kappa=0}_{scen} - I_{base}) - \\text{rollover}}_{\\text{deficit financing}}
              + \\underbrace{I_{scen} - I^{\\kappa=0}_{scen}}_{\\text{snowball}}

where :math:`X = 0` runs the engine with no new money (the starting debt and its refinancing only).
Without capitalisation the engine is linear in its financing needs, so the three terms add up exactly.

Modelling choices (and why)
---------------------------
* **TIPS**: legacy TIPS pay their real coupon plus inflation accretion on principal (an interest outlay
  in the budget) at CBO's GDP-price-index inflation; new TIPS cost the nominal yield of their maturity
  (break-even inflation = expected inflation, no risk premium), so a sell-off that raises real yields
  raises their cost one for one.
* **FRNs** reset monthly to the 3-month bill plus the spread observed at the Fiscal Data date.
* **Cash flow timing**: deficits are spread evenly over each fiscal year's months; interest accrues on
  the stock at the end of the previous month and is financed at the end of the month.

The starting debt and its paths are :mod:`selloff.projection.legacy`'s; the baseline's plan, the bridge
to CBO's net interest and the baseline run are :mod:`selloff.projection.fiscal`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from selloff.projection.curve import BILL_INDEX, INSTRUMENT_MONTHS, IS_FRN, N_INSTRUMENTS
from selloff.projection.legacy import LegacyPaths

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class EnginePlan:
    """Everything deterministic in a projection (the same for every Monte Carlo draw)."""

    legacy: LegacyPaths
    issuance_shares: FloatArray
    """(T, K) gross issuance shares by instrument, rows summing to 1."""
    primary_need_usd_bn: FloatArray
    """(T,) primary deficit + other means of financing, $bn a month (after any consolidation)."""
    extra_bills_usd_bn: FloatArray
    """(T,) buybacks, financed with 3-month bills on top of the shares."""
    inflation_pct: FloatArray
    frn_spread_pct: float

    @property
    def horizon(self) -> int:
        return len(self.primary_need_usd_bn)


@dataclass(frozen=True)
class Confidence:
    """Debt/GDP → yields feedback (Laubach 2009: 3–4 bp, CBO 2019: 2–3 bp per point of debt/GDP).

    Each month the yields of new issues rise by ``bp_per_pct_debt_gdp`` × (debt/GDP − baseline debt/GDP,
    percentage points, as of the previous month) × the instrument's weight.
    """

    bp_per_pct_debt_gdp: float
    instrument_weights: FloatArray
    """(K,) weight per instrument (interpolated from per-tenor weights)."""
    short_rate_weight: float
    """Weight on the 3-month rate that FRNs reset to."""
    baseline_debt_pct_gdp: FloatArray
    """(T,) the baseline's debt (incl. nonmarketable) / GDP at the end of each month, percent."""
    gdp_saar_usd_bn: FloatArray
    nonmarketable_usd_bn: float


@dataclass(frozen=True)
class EngineResult:
    """Monthly engine output, arrays (T, D) in $bn (``D`` draws)."""

    interest_usd_bn: FloatArray
    """Interest accruing in month t on marketable debt held by the public."""
    debt_end_usd_bn: FloatArray
    """Marketable debt held by the public at the end of month t."""
    issuance_usd_bn: FloatArray
    maturing_usd_bn: FloatArray
    confidence_pp: FloatArray | None = None
    """(T, D) debt/GDP gap (pp) × bp per pp / 100: the confidence add-on (percent) before tenor weights."""


def run_engine(
    plan: EnginePlan,
    yields_pct: FloatArray,
    short_rate_pct: FloatArray,
    *,
    capitalise_interest: bool = True,
    reference_interest_usd_bn: FloatArray | None = None,
    confidence: Confidence | None = None,
) -> EngineResult:
    """Roll the debt forward month by month for ``D`` yield draws at once (see the module's recurrence).

    Parameters
    ----------
    plan
        The deterministic inputs.
    yields_pct
        (T, D, K) yields of new issues by instrument, percent (bond-equivalent). FRN columns are ignored.
    short_rate_pct
        (T, D) 3-month bill rate, percent: the FRN index.
    capitalise_interest
        ``False`` finances ``reference_interest_usd_bn`` (T,) or (T, D) instead of the month's own
        interest: the debt stock is then the reference's and the extra interest is not borrowed.
    confidence
        Optional debt/GDP → yields feedback (applied to new issues and FRN resets).

    Returns
    -------
    :class:`EngineResult`; nothing in ``plan`` or the inputs is modified.
    """
    T = plan.horizon
    # C order: numpy's row sums take the same (pairwise) path for every row only on contiguous rows,
    # which keeps one draw's arithmetic identical whatever the number of draws or the input's layout
    yields_pct = np.ascontiguousarray(yields_pct, dtype=np.float64)
    short_rate_pct = np.ascontiguousarray(short_rate_pct, dtype=np.float64)
    if yields_pct.ndim != 3 or yields_pct.shape[0] != T or yields_pct.shape[2] != N_INSTRUMENTS:
        raise ValueError(
            f"yields_pct must have shape (T={T}, draws, {N_INSTRUMENTS}), got {yields_pct.shape}"
        )
    D = yields_pct.shape[1]
    if short_rate_pct.shape != (T, D):
        raise ValueError(f"short_rate_pct must have shape {(T, D)}, got {short_rate_pct.shape}")
    if not capitalise_interest:
        if reference_interest_usd_bn is None:
            raise ValueError("capitalise_interest=False needs reference_interest_usd_bn")
        ref = np.broadcast_to(np.asarray(reference_interest_usd_bn, dtype=np.float64).reshape(T, -1), (T, D))
    shares = plan.issuance_shares
    if shares.shape != (T, N_INSTRUMENTS) or not np.allclose(shares.sum(axis=1), 1.0):
        raise ValueError("issuance_shares must be (T, K) with rows summing to 1")

    # maturity groups: instruments that mature inside the horizon, grouped by original maturity, so
    # each month adds one schedule entry per group (sums, not BLAS, keep one draw's arithmetic
    # identical whatever the number of draws)
    groups = [
        (int(m), np.flatnonzero(np.equal(INSTRUMENT_MONTHS, m)))
        for m in np.unique(INSTRUMENT_MONTHS)
        if m < T
    ]
    fixed_share = np.where(IS_FRN[None, :], 0.0, shares)  # (T, K)
    frn_col = int(np.flatnonzero(IS_FRN)[0])
    frn_months = int(INSTRUMENT_MONTHS[frn_col])
    extra_bills = plan.extra_bills_usd_bn

    leg = plan.legacy
    sched_amount = np.zeros((T, D))
    sched_runrate = np.zeros((T, D))
    sched_frn = np.zeros((T, D))
    runrate = np.zeros(D)  # Σ amount × coupon of new fixed-coupon cohorts outstanding
    frn_new = np.zeros(D)
    new_out = np.zeros(D)
    out_interest = np.empty((T, D))
    out_debt = np.empty((T, D))
    out_issue = np.empty((T, D))
    out_mat = np.empty((T, D))
    out_conf = np.zeros((T, D))

    for t in range(T):
        y_t = yields_pct[t]
        short_t = short_rate_pct[t]
        if confidence is not None and t > 0:
            ratio = (
                (out_debt[t - 1] + confidence.nonmarketable_usd_bn)
                / confidence.gdp_saar_usd_bn[t - 1]
                * 100.0
            )
            shift = (ratio - confidence.baseline_debt_pct_gdp[t - 1]) * confidence.bp_per_pct_debt_gdp / 100.0
            y_t = y_t + shift[:, None] * confidence.instrument_weights[None, :]
            short_t = short_t + shift * confidence.short_rate_weight
            out_conf[t] = shift
        interest = (
            leg.fixed_interest[t]
            + leg.tips_outstanding[t] * plan.inflation_pct[t] / 1200.0
            + (leg.frn_outstanding[t] + frn_new) * (short_t + plan.frn_spread_pct) / 1200.0
            + runrate / 1200.0
        )
        maturing = leg.maturing[t] + sched_amount[t]
        financed = interest if capitalise_interest else ref[t]
        need = maturing + plan.primary_need_usd_bn[t] + financed
        extra = extra_bills[t]
        yw = y_t * fixed_share[t][None, :]  # (D, K): coupon × share of each new fixed cohort
        bill_rr = extra * y_t[:, BILL_INDEX]
        runrate = runrate + need * yw.sum(axis=1) + bill_rr - sched_runrate[t]
        frn_add = need * shares[t, frn_col]
        frn_new = frn_new + frn_add - sched_frn[t]
        new_out = new_out + need + extra - sched_amount[t]
        for months, cols in groups:
            due = t + months
            if due < T:
                sched_amount[due] += need * shares[t, cols].sum()
                sched_runrate[due] += need * yw[:, cols].sum(axis=1)
                if BILL_INDEX in cols:
                    sched_amount[due] += extra
                    sched_runrate[due] += bill_rr
        if t + frn_months < T:
            sched_frn[t + frn_months] += frn_add
        out_interest[t] = interest
        out_debt[t] = leg.outstanding_end[t] + new_out
        out_issue[t] = need + extra
        out_mat[t] = maturing
    return EngineResult(
        out_interest, out_debt, out_issue, out_mat, out_conf if confidence is not None else None
    )


# --------------------------------------------------------------------------------------------------
# monthly results by fiscal year
# --------------------------------------------------------------------------------------------------


def to_fiscal_years(monthly: FloatArray, fy: IntArray) -> tuple[IntArray, FloatArray]:
    """Sum a (T, …) monthly array by fiscal year: returns (fys, (n_fy, …))."""
    fys, index = np.unique(fy, return_inverse=True)
    out = np.zeros((len(fys), *monthly.shape[1:]))
    np.add.at(out, index, monthly)
    return fys.astype(np.int64), out


def fy_end_values(monthly: FloatArray, fy: IntArray) -> FloatArray:
    """The value at the end of each fiscal year (last month of the year)."""
    fys = np.unique(fy)
    last = np.array([np.flatnonzero(fy == f)[-1] for f in fys])
    return monthly[last]


# --------------------------------------------------------------------------------------------------
# decomposition of extra interest
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decomposition:
    """Extra interest by fiscal year split into rollover, deficit financing and snowball ($bn, (n_fy, D))."""

    fys: IntArray
    total_usd_bn: FloatArray
    rollover_usd_bn: FloatArray
    deficit_financing_usd_bn: FloatArray
    snowball_usd_bn: FloatArray


def decompose(
    plan: EnginePlan,
    fy: IntArray,
    base_yields_pct: FloatArray,
    base_short_pct: FloatArray,
    scen_yields_pct: FloatArray,
    scen_short_pct: FloatArray,
    base_interest_usd_bn: FloatArray,
    confidence: Confidence | None = None,
) -> Decomposition:
    """Split scenario − baseline interest exactly into rollover, deficit financing and snowball.

    ``base_*`` are the baseline's (T, 1, K) / (T, 1) yields and (T, 1) interest; ``scen_*`` the
    scenario's (T, D, K) / (T, D) yields (before any confidence add-on, which ``confidence`` applies).

    * **snowball** = full engine − engine with interest capitalisation off (the reference interest,
      the baseline's, is borrowed instead): interest on borrowed extra interest; positive when rates rise.
      With the confidence channel on it also holds that channel's whole add-on: without capitalisation
      the debt path is the baseline's, so the add-on exists only because extra interest was borrowed
      (the debt → yields → interest feedback is itself a snowball).
    * **rollover** = the extra interest on the debt outstanding at the start and on everything issued
      to refinance it (the engine run with no new money: primary need, buybacks and interest set to
      zero), at scenario minus baseline yields.
    * **deficit financing** = the rest of the no-capitalisation difference: the extra interest on debt
      issued for new deficits and its refinancing (and any change of plan, e.g. consolidation).

    Without capitalisation the engine is linear in its financing needs for given yields, so the split is
    exact: ``rollover + deficit_financing + snowball = total``.
    """
    ref = base_interest_usd_bn[:, 0]
    full = run_engine(plan, scen_yields_pct, scen_short_pct, confidence=confidence)
    nocap = run_engine(
        plan, scen_yields_pct, scen_short_pct, capitalise_interest=False, reference_interest_usd_bn=ref,
        confidence=confidence,
    )  # fmt: skip
    zero = np.zeros(plan.horizon)
    refinance_only = replace(plan, primary_need_usd_bn=zero, extra_bills_usd_bn=zero)
    roll_scen = run_engine(
        refinance_only,
        scen_yields_pct,
        scen_short_pct,
        capitalise_interest=False,
        reference_interest_usd_bn=zero,
    )
    roll_base = run_engine(
        refinance_only,
        base_yields_pct,
        base_short_pct,
        capitalise_interest=False,
        reference_interest_usd_bn=zero,
    )
    fys, total = to_fiscal_years(full.interest_usd_bn - base_interest_usd_bn, fy)
    _, snowball = to_fiscal_years(full.interest_usd_bn - nocap.interest_usd_bn, fy)
    _, rollover = to_fiscal_years(roll_scen.interest_usd_bn - roll_base.interest_usd_bn, fy)
    return Decomposition(fys, total, rollover, total - snowball - rollover, snowball)
