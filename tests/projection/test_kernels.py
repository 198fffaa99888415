"""The response kernels (issue 10 §3): the persistent effect scales with the market's size over the horizon.

References: closed forms (a one-month sale with the denominator growing at a constant rate), the prepared
scenario's own denominators (GDP along CBO's path; marketable debt rescaled to GDP at the start), and the
single-kernel convolution the projection used before the split (re-derived here from ``kernel_matrix``),
which a constant denominator must reproduce.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from numpy.testing import assert_allclose

from selloff.calibration.impact import PriceImpact
from selloff.projection import fiscal
from selloff.projection.holdings import TicHoldings
from selloff.projection.kernels import (
    TRANSITION_QUARTERS,
    Kernel,
    convolve,
    draw_kernels,
    kernel_matrix,
    point_kernel,
    shock_bp,
    tenor_map,
)
from selloff.projection.prepare import PreparedScenario, prepare
from selloff.projection.scenarios import parse_scenario
from selloff.tenors import TENORS

K10 = TENORS.index("10y")


def one_month_sale(
    setup: fiscal.FiscalSetup, holdings: TicHoldings, scaling: str = "gdp", persistence: str = "estimated"
) -> PreparedScenario:
    """$300bn (market value) sold by Japan in month 2, nothing absorbed, no Treasury response."""
    sc = parse_scenario(
        f'name = "t"\ntitle = "t"\ndraws = 10\nseed = 1\npersistence = "{persistence}"\n'
        f'[sale]\nseller = "Japan"\namount_usd_bn = 300.0\npace_months = 1\nstart_month = 2\n'
        f'scaling = "{scaling}"\n'
    )
    return prepare(sc, setup, holdings)


def settled_month(impact: PriceImpact) -> int:
    """The first lag (months) at which the long-run weight a(j) reaches 1."""
    return 3 * (len(impact.horizons_q) - 1 + TRANSITION_QUARTERS)


def persistent_part(prep: PreparedScenario, kernel: Kernel) -> np.ndarray:
    """The long-run part alone: the kernel with its flow part set to zero."""
    stacked = kernel.stacked_bp.copy()
    stacked[..., :-1] = 0.0
    return shock_bp(prep, dataclasses.replace(kernel, stacked_bp=stacked))


def test_a_one_month_sale_under_constant_gdp_growth_fades_as_gdp_grows(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    prep = one_month_sale(setup, holdings)
    T, u = prep.T, 2
    g = 0.004  # GDP grows 0.4% a month, for good
    gdp = 30_000.0 * (1.0 + g) ** np.arange(T)
    sale = np.zeros(T)
    sale[u] = 250.0  # effective $bn
    prep = dataclasses.replace(prep, effective_sale_usd_bn=sale, denominator_usd_bn=gdp, x=100.0 * sale / gdp)
    kernel = point_kernel(prep, impact)
    long_run = float(kernel.long_run_bp[0, K10])
    sale_pct = 100.0 * 250.0 / gdp[u]  # the sale in % of GDP when sold
    got = persistent_part(prep, kernel)[0, K10]
    t = np.arange(T)
    weight = np.where(t >= u, kernel.stock_weight[np.clip(t - u, 0, None)], 0.0)
    # closed form: LR × sale% × GDP_u / GDP_t (× the long-run weight, 1 once settled)
    expected = long_run * sale_pct * weight * (1.0 + g) ** (-(t - u).astype(float))
    assert_allclose(got, expected, rtol=0, atol=1e-9)
    settled = t >= u + settled_month(impact)
    assert settled.sum() > 24 and np.all(weight[settled] == 1.0)
    assert_allclose(got[settled], long_run * sale_pct * gdp[u] / gdp[settled], rtol=0, atol=1e-9)
    # ten years on, the same sale weighs 1.004^-(T-1-u) as much as when it settled
    assert got[-1] < got[u + settled_month(impact)]


def test_the_persistent_part_follows_gdp_along_cbos_path(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    prep = one_month_sale(setup, holdings)
    u = 2
    assert_allclose(prep.denominator_usd_bn, setup.paths.gdp_saar_usd_bn[: prep.T], rtol=1e-15)
    assert np.flatnonzero(prep.effective_sale_usd_bn).tolist() == [u]
    kernel = point_kernel(prep, impact)
    got = persistent_part(prep, kernel)[0, K10]
    t = np.arange(u + settled_month(impact), prep.T)
    gdp = prep.denominator_usd_bn
    assert_allclose(got[t], kernel.long_run_bp[0, K10] * prep.x[u] * gdp[u] / gdp[t], rtol=1e-12)
    assert gdp[-1] > 1.3 * gdp[u] and got[-1] < 0.8 * got[t[0]]  # a growing economy dilutes the stock


def test_marketable_debt_scaling_dilutes_with_the_debt(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    prep = one_month_sale(setup, holdings, scaling="marketable_debt")
    u = 2
    # the denominator: marketable debt at the start of each month, rescaled to GDP at the start
    debt = np.concatenate([[setup.legacy.total_usd_bn], prep.base.debt_end_usd_bn[:-1, 0]])
    expected_denominator = debt * setup.reference_gdp.usd_bn / debt[0]
    assert_allclose(prep.denominator_usd_bn, expected_denominator, rtol=1e-13)
    kernel = point_kernel(prep, impact)
    got = persistent_part(prep, kernel)[0, K10]
    t = np.arange(u + settled_month(impact), prep.T)
    assert_allclose(got[t], kernel.long_run_bp[0, K10] * prep.x[u] * debt[u] / debt[t], rtol=1e-12)
    # the debt grows faster than GDP in CBO's baseline: the same sale weighs less per pp of debt
    gdp_prep = one_month_sale(setup, holdings)
    gdp_got = persistent_part(gdp_prep, point_kernel(gdp_prep, impact))[0, K10]
    assert debt[-1] / debt[u] > gdp_prep.denominator_usd_bn[-1] / gdp_prep.denominator_usd_bn[u]
    assert got[-1] / got[t[0]] < gdp_got[-1] / gdp_got[t[0]]


def old_single_kernel(prep: PreparedScenario, impact: PriceImpact) -> np.ndarray:
    """The kernel before the split: [irf_0 … irf_H, long_run] @ kernel_matrix as one convolution kernel."""
    m = tenor_map(impact)
    irf = np.einsum("dsh,st->dth", impact.irf_bp_per_pct_gdp[:50], m)
    lr = impact.long_run_bp_per_pct_gdp[:50] @ m
    stacked = np.concatenate([irf, lr[..., None]], axis=-1)
    g = stacked @ kernel_matrix(irf.shape[-1], prep.T, prep.scenario.persistence)
    if prep.scenario.persistence == "permanent":
        g = np.maximum.accumulate(g, axis=-1)
    return np.asarray(g)


@pytest.mark.parametrize("persistence", ["estimated", "permanent", "transitory"])
def test_a_constant_denominator_reproduces_the_single_kernel(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings, persistence: str
) -> None:
    sc = parse_scenario(
        f'name = "t"\ntitle = "t"\ndraws = 10\nseed = 1\npersistence = "{persistence}"\n'
        '[sale]\nseller = "Japan"\nshare_of_holdings = 1.0\npace_months = 12\n'
    )
    prep = prepare(sc, setup, holdings)
    flat = np.full(prep.T, 31_000.0)
    prep = dataclasses.replace(prep, denominator_usd_bn=flat, x=100.0 * prep.effective_sale_usd_bn / flat)
    kernel = draw_kernels(prep, impact, np.arange(50))
    old = convolve(old_single_kernel(prep, impact), prep.x)
    new = shock_bp(prep, kernel)
    assert np.abs(old).max() > 10.0
    assert_allclose(new, old, rtol=1e-12, atol=1e-12)
    assert_allclose(kernel.combined_bp(), old_single_kernel(prep, impact), rtol=1e-14, atol=1e-14)
    if persistence != "estimated":
        assert not kernel.stock_weight.any()  # nothing is diluted: the whole response is a flow


def test_permanent_stays_the_upper_bound(
    setup: fiscal.FiscalSetup, impact: PriceImpact, holdings: TicHoldings
) -> None:
    # the synthetic 10-year response at the last estimated quarter (4 + 6e^-4 bp) is above its long run (4)
    est = one_month_sale(setup, holdings)
    perm = one_month_sale(setup, holdings, persistence="permanent")
    path_est = shock_bp(est, point_kernel(est, impact))[0, K10]
    path_perm = shock_bp(perm, point_kernel(perm, impact))[0, K10]
    assert np.all(path_perm >= path_est - 1e-12)
    # permanent: the running peak held at the market's size when sold, never diluted
    assert_allclose(path_perm[-1], path_perm.max(), rtol=1e-12)
    assert path_est[-1] < 0.8 * path_perm[-1]
