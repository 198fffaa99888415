"""A prepared baseline: the binding CBO check, the bridge, the monthly paths, the rate-shift override."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose

from selloff.projection import fiscal
from selloff.projection.sensitivity import rate_sensitivity
from selloff.tenors import TENORS
from tests.projection.conftest import golden


def test_binding_check_against_cbo(setup: fiscal.FiscalSetup) -> None:
    check = fiscal.baseline_check(setup).set_index("fy")
    # the binding check: FY2026 and FY2035 net interest within ±10% of CBO's $1,010bn and $1,783bn
    for fy, cbo in ((2026, 1010.0), (2035, 1783.0)):
        assert check.loc[fy, "cbo_net_interest_usd_bn"] == cbo
        assert abs(check.loc[fy, "model_net_interest_usd_bn"] / cbo - 1.0) <= 0.10
    assert check["within_tolerance"].all()
    # the debt path stays on CBO's (the engine borrows CBO's deficits): within 1% at the end of FY2035
    assert_allclose(check.loc[2035, "model_debt_held_by_public_usd_bn"], 52_056.0, rtol=0.01)


def test_binding_check_matches_golden_numbers(setup: fiscal.FiscalSetup) -> None:
    # regression guard: tests/results/golden.json (see its README for where each number comes from)
    expected = golden()["baseline_net_interest_usd_bn"]
    assert isinstance(expected, dict)
    check = fiscal.baseline_check(setup).set_index("fy")
    for fy, value in expected.items():
        assert_allclose(check.loc[int(fy), "model_net_interest_usd_bn"], value, rtol=0.005)


def test_bridge_reproduces_cbo_base_year(setup: fiscal.FiscalSetup) -> None:
    b = setup.bridge
    total = b.marketable_run_rate_usd_bn + b.tips_accretion_usd_bn + b.nonmarketable_interest_usd_bn
    assert_allclose(total + b.other_net_interest_base_usd_bn, 952.0, rtol=1e-12)  # CBO FY2025
    # the residual is small: under 3% of net interest, i.e. the bridge is not doing the model's work
    assert abs(b.other_net_interest_base_usd_bn) < 0.03 * 952.0


def test_baseline_paths(setup: fiscal.FiscalSetup) -> None:
    p = setup.paths
    assert len(p.months) == 120 and p.months[0] == pd.Timestamp("2025-10-01")
    assert list(np.unique(p.fy)) == list(range(2026, 2036))
    # CBO's deficits less net interest: FY2026 primary deficit $703bn (CBO "By the Numbers": 703)
    assert_allclose(p.primary_deficit_usd_bn[:12].sum(), 703.0, rtol=1e-12)
    assert_allclose(p.tenor_yields_pct[:, TENORS.index("30y")] - p.tenor_yields_pct[:, TENORS.index("10y")],
                    p.spread_30y_10y_pct)  # fmt: skip


def test_rate_shift_override(setup: fiscal.FiscalSetup) -> None:
    shifted = fiscal.with_overrides(setup, fiscal.BaselineOverrides(rate_shift_bp=10.0))
    assert_allclose(shifted.paths.tenor_yields_pct - setup.paths.tenor_yields_pct, 0.1, rtol=1e-12)
    s = rate_sensitivity(setup, 10.0)
    delta = shifted.base.interest_usd_bn.sum() - setup.base.interest_usd_bn.sum()
    assert_allclose(delta, s.cumulative_usd_bn, rtol=1e-9)
    assert fiscal.with_overrides(setup, fiscal.BaselineOverrides()) is setup
