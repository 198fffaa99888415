"""Project one sell-off scenario: yield paths, bond prices, fiscal cost, with Monte Carlo bands.

:func:`project` turns a validated :class:`~selloff.projection.scenarios.Scenario`, the calibration's
:class:`~selloff.calibration.impact.PriceImpact`, a :class:`~selloff.projection.fiscal.FiscalSetup` and
the latest :class:`~selloff.projection.holdings.TicHoldings` into a :class:`Projection`: the frames of
``proj.yield_paths``, ``proj.bond_prices``, ``proj.fiscal_annual``, ``proj.mitigations`` and
``proj.scenarios``. Pure: no files, no clock, no global RNG (the draws come from the scenario's seed).

The steps, each in its own module: :mod:`~selloff.projection.prepare` (the deterministic inputs),
:mod:`~selloff.projection.kernels` (the response kernels of the calibration's draws),
:mod:`~selloff.projection.simulate` (yields → engine → the Fed's books), :mod:`~selloff.projection.tables`
(the frames) and :mod:`~selloff.projection.mitigations` (one lever at a time).

Units and signs: amounts in $bn; yields in percent, yield changes in **bp**; a **sale is a negative
purchase**: sold amounts are written positive and push yields **up**. Fiscal years run October–September.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from selloff.calibration.impact import PriceImpact
from selloff.projection.fiscal import FiscalSetup
from selloff.projection.holdings import TicHoldings
from selloff.projection.kernels import draw_kernels, point_kernel
from selloff.projection.mitigations import empty_mitigations_frame, mitigations_frame
from selloff.projection.prepare import PreparedScenario, prepare
from selloff.projection.scenarios import Scenario
from selloff.projection.simulate import simulate
from selloff.projection.tables import (
    Headline,
    PointHeadline,
    bond_prices_frame,
    build_headline,
    fiscal_annual_frame,
    point_headline,
    scenarios_row_frame,
    yield_paths_frame,
)


@dataclass(frozen=True)
class Projection:
    """Everything :func:`project` produces for one scenario: frames ready for the ``proj.*`` tables."""

    run_id: str
    scenario: Scenario
    headline: Headline
    yield_paths: pd.DataFrame
    bond_prices: pd.DataFrame
    fiscal_annual: pd.DataFrame
    mitigations: pd.DataFrame
    scenarios_row: pd.DataFrame
    warnings: tuple[str, ...]

    def artifact_row(self) -> dict[str, object]:
        """The headline rounded for a Prefect table artifact."""
        h = self.headline
        return {
            "scenario": h.scenario,
            "sale_usd_bn": round(h.sale_usd_bn, 1),
            "sale_pct_gdp": round(h.sale_pct_gdp, 2),
            "peak_10y_bp": round(h.peak_10y_bp, 1),
            "peak_10y_bp_p5_p95": f"{h.peak_10y_bp_p5:.1f} to {h.peak_10y_bp_p95:.1f}",
            "ten_year_extra_interest_usd_bn": round(h.ten_year_extra_interest_usd_bn, 1),
            "ten_year_extra_interest_usd_bn_p5_p95": (
                f"{h.ten_year_extra_interest_usd_bn_p5:,.0f} to {h.ten_year_extra_interest_usd_bn_p95:,.0f}"
            ),
            f"interest_pct_outlays_fy{h.last_fy}": round(h.interest_pct_outlays_last_fy, 2),
        }

    def artifact_markdown(self) -> str:
        """A short markdown summary: the chain sale → yields → interest, and the warnings."""
        h = self.headline
        lines = [
            f"# {h.title}" + (f" ({h.label})" if h.label else ""),
            "",
            f"- Projection {h.start_month:%B %Y} – {h.end_month:%B %Y} (FY{h.first_fy}–FY{h.last_fy})",
            f"- Sale: ${h.sale_usd_bn:,.0f}bn at market value (${h.sale_face_usd_bn:,.0f}bn face; "
            f"{h.sale_pct_gdp:.2f}% of GDP, {h.sale_pct_marketable_debt:.2f}% of marketable debt; "
            f"${h.sale_10y_eq_usd_bn:,.0f}bn in 10-year equivalents), Fed absorbs "
            f"{h.fed_absorption_share:.0%}",
            f"- Peak 10-year yield change: {h.peak_10y_bp:+.1f} bp in {h.peak_10y_month:%B %Y} (p5-p95 "
            f"{h.peak_10y_bp_p5:+.1f} to {h.peak_10y_bp_p95:+.1f}); permanent share {h.permanent_share:.0%}",
            f"- Extra interest over the projection: ${h.ten_year_extra_interest_usd_bn:,.0f}bn (p5-p95 "
            f"${h.ten_year_extra_interest_usd_bn_p5:,.0f}bn to "
            f"${h.ten_year_extra_interest_usd_bn_p95:,.0f}bn); "
            f"with the Fed's remittances ${h.ten_year_extra_cost_treasury_plus_fed_usd_bn:,.0f}bn",
            f"- Interest in FY{h.last_fy}: {h.interest_pct_outlays_last_fy:.1f}% of outlays",
        ]
        lines += [f"- Warning: {w}" for w in h.warnings]
        return "\n".join(lines) + "\n"

    def headline_dict(self) -> dict[str, object]:
        """JSON-ready headline (``selloff project --json``): dates as ISO text."""
        out = {k: getattr(self.headline, k) for k in self.headline.__dataclass_fields__}
        out["warnings"] = list(self.headline.warnings)
        for key, value in out.items():
            if isinstance(value, pd.Timestamp):
                out[key] = value.date().isoformat()
        return out


def project(
    scenario: Scenario,
    impact: PriceImpact,
    setup: FiscalSetup,
    holdings: TicHoldings,
    *,
    run_id: str,
    draws: int | None = None,
    seed: int | None = None,
    mitigations: bool = True,
    prior_impact: PriceImpact | None = None,
) -> Projection:
    """Project one scenario: yields, bond prices, interest by fiscal year, bands, mitigations.

    Parameters
    ----------
    scenario
        The validated scenario.
    impact
        The calibration's price impact (bp per sale of 1% of GDP, joint draws).
    setup
        The baseline prepared by :func:`selloff.projection.fiscal.build_setup` (its name must match
        the scenario's).
    holdings
        Latest TIC holdings (seller's holdings, foreign-official bills vs notes & bonds, all foreign).
    run_id
        Key of the output rows.
    draws, seed
        Override the scenario's Monte Carlo size and seed. Draw indices are sampled with replacement
        from the calibration's joint draws with ``numpy.random.default_rng(SeedSequence(seed))``.
    mitigations
        Also compute the point projections of ``proj.mitigations`` (cheap).
    prior_impact
        The literature prior alone (the calibration's ``prior``): the headline also carries its point
        projection, for "how sure is this?".

    Returns
    -------
    :class:`Projection`. "Point" columns use the calibration's point estimates; ``_p5/_p50/_p95`` are
    percentiles across draws, computed per cell (a cumulative percentile is the percentile of each draw's
    cumulative sum, not the sum of percentiles).
    """
    n_draws = scenario.draws if draws is None else draws
    if n_draws < 1:
        raise ValueError(f"draws must be at least 1, got {n_draws}")
    seed_value = scenario.seed if seed is None else seed
    prep = prepare(scenario, setup, holdings)
    rng = np.random.default_rng(np.random.SeedSequence(seed_value))
    idx = rng.integers(0, impact.n_draws, size=n_draws)
    sim = simulate(prep, draw_kernels(prep, impact, idx))
    point = simulate(prep, point_kernel(prep, impact))
    warnings = _warnings(prep, impact)
    fa, ten_year = fiscal_annual_frame(prep, sim, point, run_id)
    prior_only = point_projection(prep, prior_impact) if prior_impact is not None else None
    headline = build_headline(prep, sim, point, fa, ten_year, warnings, prior_only)
    yp = yield_paths_frame(prep, sim, point, run_id)
    bp = bond_prices_frame(prep, holdings, sim, point, run_id)
    mit = mitigations_frame(prep, impact, holdings, run_id) if mitigations else empty_mitigations_frame()
    row = scenarios_row_frame(prep, headline, run_id, n_draws, seed_value)
    return Projection(run_id, scenario, headline, yp, bp, fa, mit, row, warnings)


def point_projection(prep: PreparedScenario, impact: PriceImpact) -> PointHeadline:
    """The point projection of ``impact`` (its point estimates, no Monte Carlo): the peak 10-year change
    (signed, bp) and the extra interest over the projection ($bn). The prior-only headline of
    :func:`project` and the design-alone headlines (:mod:`selloff.design_headlines`) are this."""
    return point_headline(prep, simulate(prep, point_kernel(prep, impact)))


def _warnings(prep: PreparedScenario, impact: PriceImpact) -> tuple[str, ...]:
    s, sc = prep.summary, prep.scenario
    out: list[str] = []
    if sc.label:
        out.append(f"{sc.name}: {sc.label}")
    if s.max_quarter_pct_gdp > impact.largest_sale_pct_gdp:
        net = s.max_quarter_pct_gdp * (1.0 - sc.fed.absorption_share)
        out.append(
            f"the sale reaches {s.max_quarter_pct_gdp:.2f}% of GDP in a quarter ({net:.2f}% after Fed "
            f"absorption), beyond the largest one-quarter net foreign sale in the calibration sample "
            f"({impact.largest_sale_pct_gdp:.2f}% of GDP): the response is extrapolated linearly"
        )
    if sc.sale is not None and s.amount_usd_bn > s.seller_holdings_face_usd_bn * (1.0 + 1e-9):
        out.append(
            f"the sale (${s.amount_usd_bn:,.0f}bn face) exceeds {s.seller}'s latest TIC holdings "
            f"(${s.seller_holdings_usd_bn:,.0f}bn at market value, "
            f"${s.seller_holdings_face_usd_bn:,.0f}bn face)"
        )
    if sc.confidence.enabled:
        out.append(
            f"confidence channel on: +{sc.confidence.bp_per_pct_debt_gdp:g} bp per point of debt/GDP "
            "above the baseline's"
        )
    return tuple(out)


def headline_json(projection: Projection) -> str:
    """The headline as a JSON string (NaN → null)."""
    data = projection.headline_dict()
    clean = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in data.items()}
    return json.dumps(clean)
