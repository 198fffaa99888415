"""``proj.mitigations``: what each policy lever does to the cost of the sale itself.

Point projections (the calibration's point estimates, no Monte Carlo) of the scenario with one lever
pulled: the Fed buys half of the sale, the sale is spread out, the primary deficit is cut, or the
Treasury moves coupon issuance into bills. Each lever gets three numbers, extra net interest over the
projection against the baseline ($bn, positive = a higher deficit):

* ``sale_without_lever`` — the scenario as written (:math:`A`);
* ``sale_with_lever`` — the scenario with the lever (:math:`V`);
* ``lever_alone`` — the lever with no sale and no shock (:math:`L`): its own budget effect, e.g. a
  consolidation's interest saving on the baseline's debt, which it would bring with or without a sale.

The **sale-specific saving** is what the lever takes off the sale's cost:

.. math:: \\text{saving} = (A - 0) - (V - L)

— the sale's cost without the lever less the sale's cost given the lever. A lever is never credited with
what it saves on the baseline (that is :math:`L`, shown apart, with a consolidation's primary-deficit cut
in ``lever_alone_primary_usd_bn``), so a consolidation cannot show an "extra cost" that is its own saving.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from selloff.calibration.impact import PriceImpact
from selloff.projection.curve import INSTRUMENTS
from selloff.projection.fiscal import FiscalSetup
from selloff.projection.holdings import TicHoldings
from selloff.projection.kernels import point_kernel
from selloff.projection.prepare import PreparedScenario, month_window, prepare
from selloff.projection.scenarios import FedSpec, Scenario, ShockSpec
from selloff.projection.simulate import simulate
from selloff.projection.tables import signed_extremum
from selloff.tenors import TENORS

MITIGATIONS_COLUMNS: tuple[str, ...] = (
    "run_id", "scenario", "mitigation", "description", "peak_10y_bp", "sale_specific_saving_usd_bn",
    "sale_without_lever_usd_bn", "sale_with_lever_usd_bn", "lever_alone_usd_bn", "lever_alone_primary_usd_bn",
    "sale_with_lever_treasury_plus_fed_usd_bn",
)  # fmt: skip
"""Columns of ``proj.mitigations`` (key: run_id, scenario, mitigation)."""

ISSUANCE_SHIFT_SHARE = 0.5
"""The ``issuance_shift`` mitigation moves fixed-coupon issuance into bills during the sale and for 12
months after, enough to take out of the market duration worth this share of the sale (the mirror of the
Fed absorbing half of it)."""
ISSUANCE_SHIFT_PCT = 5.0
"""… or, for a scenario without a sale, this share of fixed-coupon gross issuance."""

MITIGATIONS = ("as_specified", "fed_purchases", "gradual_sale", "fiscal_consolidation", "issuance_shift")
"""``proj.mitigations`` vocabulary (the scenario as written, then one lever pulled at a time)."""


def _point_cost(
    scenario: Scenario, impact: PriceImpact, setup: FiscalSetup, holdings: TicHoldings
) -> tuple[float, float, float, float]:
    """(Treasury-only extra interest, Treasury + Fed, peak 10-year bp, primary-deficit cut) of the point
    projection, $bn over the projection (the cut negative: a lower deficit)."""
    prep = prepare(scenario, setup, holdings)
    point = simulate(prep, point_kernel(prep, impact))
    delta = (prep.fy_interest(point.result) - prep.fy_interest(prep.base))[:, 0].sum()
    fed = prep.fy_sum(point.fed_loss_usd_bn)[:, 0].sum()
    peak, _ = signed_extremum(point.shock_bp[:, 0, TENORS.index("10y")])
    return float(delta), float(delta + fed), float(peak), -float(prep.consolidation_usd_bn_fy.sum())


def _alone(scenario: Scenario) -> Scenario:
    """The scenario's levers with no sale and no shock (no parallel shift, no policy-rate path)."""
    fed = FedSpec(absorption_share=scenario.fed.absorption_share)
    return scenario.model_copy(update={"sale": None, "shock": ShockSpec(), "fed": fed})


def mitigations_frame(
    prep: PreparedScenario, impact: PriceImpact, holdings: TicHoldings, run_id: str
) -> pd.DataFrame:
    """Point projections with one lever pulled at a time, and each lever alone (defaults stated in each
    description); see the module's definitions."""
    sc = prep.scenario
    setup = prep.setup
    variants: dict[str, tuple[Scenario, str]] = {"as_specified": (sc, "the scenario as written")}
    fed = sc.fed.model_copy(update={"absorption_share": max(sc.fed.absorption_share, 0.5)})
    variants["fed_purchases"] = (
        sc.model_copy(update={"fed": fed}),
        "the Fed buys half of the sale (at least), funded with reserves paid the policy rate",
    )
    if sc.sale is not None:
        room = prep.T - sc.sale.start_month
        pace = min(max(3 * sc.sale.pace_months, 36), room)
        variants["gradual_sale"] = (
            sc.model_copy(update={"sale": sc.sale.model_copy(update={"pace_months": pace})}),
            f"the same sale spread over {pace} months",
        )
    else:
        variants["gradual_sale"] = (sc, "no sale to spread out: same as written")
    first = int(prep.fys[0]) + 1  # the first fiscal year that begins after the projection's start
    fs = sc.fiscal.model_copy(
        update={
            "consolidation_pct_gdp": sc.fiscal.consolidation_pct_gdp + 0.5,
            "start_fy": first,
            "ramp_years": 2,
        }
    )
    variants["fiscal_consolidation"] = (
        sc.model_copy(update={"fiscal": fs}),
        f"primary deficit cut by a further 0.5% of GDP from FY{first}, phased in over two years",
    )
    start = sc.sale.start_month if sc.sale is not None else 0
    months = (sc.sale.pace_months if sc.sale is not None else 12) + 12
    fixed_coupon = np.array([i.kind != "frn" and i.security_type != "bills" for i in INSTRUMENTS])
    window = month_window(prep.T, start, months)
    issued = prep.base.issuance_usd_bn[:, 0, None] * prep.base_plan.issuance_shares[:, fixed_coupon]
    coupon_issuance = float((issued.sum(axis=1) * window).sum())
    # duration the shift takes out per 1% of coupon issuance moved, $bn × years
    dur_gap = prep.durations.instruments[fixed_coupon] - prep.durations.bills
    per_pct = float((issued * dur_gap[None, :] * window[:, None]).sum()) / 100.0
    target = (
        ISSUANCE_SHIFT_SHARE * prep.summary.amount_usd_bn * prep.durations.of_mix(prep.summary.bills_share)
    )
    pct = min(
        100.0, max(sc.issuance.coupon_to_bills_pct, target / per_pct if target > 0 else ISSUANCE_SHIFT_PCT)
    )
    iss = sc.issuance.model_copy(
        update={"coupon_to_bills_pct": pct, "shift_start_month": start, "shift_months": months}
    )
    variants["issuance_shift"] = (
        sc.model_copy(update={"issuance": iss}),
        f"{pct:.2g}% of fixed-coupon issuance (${coupon_issuance * pct / 100.0:,.0f}bn) moved to bills over "
        f"{months} months from the sale's start"
        + (", taking out of the market duration worth half the sale" if target > 0 else "")
        + "; the extra bills are termed out again afterwards at the usual issuance shares, which returns "
        "the duration (and the yield benefit with it); bills cost less than coupons on the baseline curve, "
        "at the price of more rollover risk",
    )
    rows = []
    without, _, _, _ = _point_cost(sc, impact, setup, holdings)
    # the scenario's own levers with no sale: a lever's own effect is measured beyond theirs
    own_alone, _, _, own_primary = _point_cost(_alone(sc), impact, setup, holdings)
    for name in MITIGATIONS:
        variant, description = variants[name]
        with_lever, combined, peak, _ = _point_cost(variant, impact, setup, holdings)
        if name == "as_specified":
            alone, alone_primary = 0.0, 0.0
        else:
            alone, _, _, alone_primary = _point_cost(_alone(variant), impact, setup, holdings)
            alone -= own_alone
            alone_primary -= own_primary
        rows.append(
            {
                "run_id": run_id,
                "scenario": sc.name,
                "mitigation": name,
                "description": description,
                "peak_10y_bp": peak,
                "sale_specific_saving_usd_bn": without - (with_lever - alone),
                "sale_without_lever_usd_bn": without,
                "sale_with_lever_usd_bn": with_lever,
                "lever_alone_usd_bn": alone,
                "lever_alone_primary_usd_bn": alone_primary,
                "sale_with_lever_treasury_plus_fed_usd_bn": combined,
            }
        )
    return pd.DataFrame(rows, columns=list(MITIGATIONS_COLUMNS))


def empty_mitigations_frame() -> pd.DataFrame:
    return pd.DataFrame(columns=list(MITIGATIONS_COLUMNS))
