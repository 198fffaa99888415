"""Design C (supply model) and design D (diagnostic local projections) on seeded synthetic data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from selloff.calibration.designs.custody_diagnostic import local_projection
from selloff.calibration.designs.supply_model import CALIBRATION_FACTOR, Z90, ecm_supply
from tests.calibration.designs.synthetic import simulate_supply_panel

REPS = 150  # binomial SE of a 90% coverage at 150 reps: 0.024


@pytest.mark.slow
def test_supply_model_recovers_the_long_run_effect_with_90_percent_coverage() -> None:
    rng = np.random.default_rng(6)
    truth = 5.0  # bp of term premium per pp of GDP of private supply
    covered, delta_covered, estimates = 0, 0, []
    for _ in range(REPS):
        panel = simulate_supply_panel(rng, truth, n=92, rho=-0.2)
        e = ecm_supply(panel, rng, name="sim", chow_break=panel.index[23], n_boot=300)
        estimates.append(e.long_run)
        covered += abs(e.long_run - truth) <= Z90 * e.se_calibrated
        delta_covered += e.ci90_delta[0] <= truth <= e.ci90_delta[1]
    assert abs(float(np.median(estimates)) - truth) < 1.0
    # the calibrated interval (1.3 x max(delta, bootstrap) SE) is the one the combination uses
    assert 0.85 <= covered / REPS <= 0.95
    # and the reason for it: the raw HAC delta interval undercovers
    assert delta_covered / REPS < covered / REPS


def test_long_run_is_minus_theta_over_rho_with_its_delta_se() -> None:
    rng = np.random.default_rng(0)
    panel = simulate_supply_panel(rng, 4.0, n=200, rho=-0.4)
    e = ecm_supply(panel, rng, name="sim", chow_break=panel.index[50], n_boot=200)
    assert e.long_run == pytest.approx(4.0, abs=1.0)
    assert -0.6 < e.rho < -0.2
    assert e.se_calibrated >= CALIBRATION_FACTOR * e.se_delta - 1e-12
    assert e.eg_pvalue < 0.10  # the system is cointegrated by construction


@pytest.mark.slow
def test_diagnostic_local_projection_covers_a_known_correlation() -> None:
    rng = np.random.default_rng(9)
    truth, n, reps, covered = 10.0, 75, 300, 0
    idx = pd.period_range("2007Q3", periods=n, freq="Q").to_timestamp()
    for _ in range(reps):
        sale = rng.normal(0, 0.3, n)
        g = np.cumsum(rng.normal(0, 25.0, n))
        u = np.zeros(n)
        for t in range(1, n):
            u[t] = 0.3 * u[t - 1] + rng.normal(0, 30.0)
        dy = truth * sale + 0.5 * np.r_[0, np.diff(g)] + u
        panel = pd.DataFrame(
            {"y": np.cumsum(dy), "sale": sale, "g": g, "ff": np.cumsum(rng.normal(0, 20, n))}, index=idx
        )
        r = local_projection(panel, "10y", "impact")
        covered += r.ci90[0] <= truth <= r.ci90[1]
    assert 0.85 <= covered / reps <= 0.95
