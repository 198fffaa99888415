"""Mitigations: the scenario as written, then one lever pulled at a time (``proj.mitigations``).

Each variant is a point projection (the calibration's point estimates, no Monte Carlo) of the scenario
with one change: the Fed buys half of the sale, the sale is spread out, the primary deficit is cut, or
the Treasury moves coupon issuance into bills. Costs are extra interest over the projection's fiscal
years, $bn (positive = a higher deficit), Treasury alone and with the Fed's lost remittances; the saving
is against the scenario as written. The default size of each lever is stated in its description.
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
from selloff.projection.scenarios import Scenario
from selloff.projection.simulate import simulate
from selloff.tenors import TENORS

MITIGATIONS_COLUMNS: tuple[str, ...] = (
    "run_id", "scenario", "mitigation", "description", "peak_10y_bp", "ten_year_delta_treasury_usd_bn",
    "ten_year_delta_treasury_plus_fed_usd_bn", "saving_vs_as_specified_usd_bn",
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
) -> tuple[float, float, float]:
    """(ten-year Treasury-only cost, Treasury+Fed cost, peak 10-year bp) of the point projection."""
    prep = prepare(scenario, setup, holdings)
    point = simulate(prep, point_kernel(prep, impact))
    delta = prep.fy_sum(point.result.interest_usd_bn - prep.base.interest_usd_bn)[:, 0].sum()
    fed = prep.fy_sum(point.fed_loss_usd_bn)[:, 0].sum()
    peak = float(point.shock_bp[:, 0, TENORS.index("10y")].max())
    return float(delta), float(delta + fed), peak


def mitigations_frame(
    prep: PreparedScenario, impact: PriceImpact, holdings: TicHoldings, run_id: str
) -> pd.DataFrame:
    """Point projections with one lever pulled at a time (defaults stated in each description)."""
    sc = prep.scenario
    setup = prep.setup
    first_fy = setup.fys[0]
    variants: dict[str, tuple[Scenario, str]] = {"as_specified": (sc, "the scenario as written")}
    fed = sc.fed.model_copy(update={"absorption_share": max(sc.fed.absorption_share, 0.5)})
    variants["fed_purchases"] = (
        sc.model_copy(update={"fed": fed}),
        "the Fed buys half of the sale (at least), funded with reserves paid the policy rate",
    )
    if sc.sale is not None:
        room = sc.horizon_months - sc.sale.start_month
        pace = min(max(3 * sc.sale.pace_months, 36), room)
        variants["gradual_sale"] = (
            sc.model_copy(update={"sale": sc.sale.model_copy(update={"pace_months": pace})}),
            f"the same sale spread over {pace} months",
        )
    else:
        variants["gradual_sale"] = (sc, "no sale to spread out: same as written")
    fs = sc.fiscal.model_copy(
        update={
            "consolidation_pct_gdp": sc.fiscal.consolidation_pct_gdp + 0.5,
            "start_fy": first_fy + 1,
            "ramp_years": 2,
        }
    )
    variants["fiscal_consolidation"] = (
        sc.model_copy(update={"fiscal": fs}),
        f"primary deficit cut by a further 0.5% of GDP from FY{first_fy + 1}, phased in over two years",
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
        + "; bills cost less than coupons on the baseline curve, at the price of more rollover risk",
    )
    rows = []
    base_cost = None
    for name in MITIGATIONS:
        variant, description = variants[name]
        treasury, combined, peak = _point_cost(variant, impact, setup, holdings)
        if name == "as_specified":
            base_cost = treasury
        rows.append(
            {
                "run_id": run_id,
                "scenario": sc.name,
                "mitigation": name,
                "description": description,
                "peak_10y_bp": peak,
                "ten_year_delta_treasury_usd_bn": treasury,
                "ten_year_delta_treasury_plus_fed_usd_bn": combined,
                "saving_vs_as_specified_usd_bn": (base_cost - treasury) if base_cost is not None else 0.0,
            }
        )
    return pd.DataFrame(rows, columns=list(MITIGATIONS_COLUMNS))


def empty_mitigations_frame() -> pd.DataFrame:
    return pd.DataFrame(columns=list(MITIGATIONS_COLUMNS))
