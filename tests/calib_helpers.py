"""Helpers for the calibration tests: a snapshot warehouse built once per test process, and synthetic panels.

The warehouse is built the way a refresh run builds it (``selloff.ingest.refresh`` functions, no
Prefect), from the embedded snapshot: real DuckDB file, real data, every ``sql/`` file applied.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from selloff.calibration.config import CalibrationConfig
from selloff.calibration.panels import Panels
from selloff.tenors import TENORS
from tests.conftest import build_snapshot_warehouse

SNAPSHOT_VINTAGE = "2026-12-07"  # the embedded snapshot's date, stamped as realtime_start on every row
FAST = CalibrationConfig(n_draws=200)


def master_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The snapshot warehouse of this test process (built on first use, then reused read-only)."""
    path = tmp_path_factory.getbasetemp() / "calib-master" / "selloff.duckdb"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build_snapshot_warehouse(path)
    return path


def private_copy(master: Path, directory: Path) -> Path:
    """A writable copy of the master warehouse."""
    path = directory / "warehouse" / "selloff.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(master, path)
    return path


def synthetic_panels(
    *,
    n_quarters: int = 120,
    beta_bp_per_pct_gdp: float = 40.0,
    true_duration_years: float = 4.0,
    holdings_pct_gdp: float = 30.0,
    noise_bp: float = 25.0,
    seed: int = 7,
) -> Panels:
    """Panels with a known price impact: each tenor's yield change is ``beta`` x net sales (% of GDP) + noise.

    Custody flows are the true transactions (face value). The market-value measures are the same
    transactions plus the revaluation a holder of duration ``true_duration_years`` suffers when the 5y
    yield moves, so valuation-adjusting them with D = ``true_duration_years`` recovers the transactions.
    """
    rng = np.random.default_rng(seed)
    T = n_quarters
    quarters = pd.date_range("1990-01-01", periods=T, freq="QS")
    gdp = 10_000.0 * 1.012 ** np.arange(T)
    sales_pct = rng.normal(0.0, 0.5, T)
    purchases_usd_bn = -sales_pct * gdp / 100
    d_policy = rng.normal(0.0, 25.0, T)
    q = pd.DataFrame({"quarter": quarters, "gdp_usd_bn": gdp, "d_policy_rate_bp": d_policy})
    common = rng.normal(0, noise_bp, T)  # a curve-wide shock: tenors move together, as they do
    for k, tenor in enumerate(TENORS):
        policy_loading = 1.0 - k / len(TENORS)  # the short end follows the policy rate
        idiosyncratic = rng.normal(0, noise_bp / 3, T)
        q[f"d_yield_{tenor}_bp"] = (
            beta_bp_per_pct_gdp * sales_pct + policy_loading * d_policy + common + idiosyncratic
        )
    start_holdings = holdings_pct_gdp * gdp / 100
    revaluation = -true_duration_years * start_holdings * q["d_yield_5y_bp"].to_numpy() / 1e4
    q["d_debt_public_pct_gdp"] = rng.normal(0.5, 1.0, T)
    q["custody_net_purchases_usd_bn"] = purchases_usd_bn
    q["custody_net_purchases_pct_gdp"] = 100 * purchases_usd_bn / gdp
    for measure in ("foreign_mv", "tic_official"):
        q[f"{measure}_net_change_usd_bn"] = purchases_usd_bn + revaluation
        q[f"{measure}_start_usd_bn"] = start_holdings
    q["fed_net_purchases_pct_gdp"] = rng.normal(0.0, 0.3, T)
    q["fed_series_available"] = True
    q["qe_share"] = 0.0
    q["qt_share"] = 0.0
    months = pd.date_range(quarters[0], periods=3 * T, freq="MS")
    m = pd.DataFrame({"month": months, "d_policy_rate_bp": rng.normal(0, 10, 3 * T)})
    for tenor in TENORS:
        m[f"d_yield_{tenor}_bp"] = rng.normal(0, 20, 3 * T)
        m[f"yield_{tenor}_pct"] = 4 + np.cumsum(m[f"d_yield_{tenor}_bp"]) / 100
    m["custody_net_purchases_usd_bn"] = rng.normal(0, 30, 3 * T)
    m["custody_face_eop_usd_bn"] = 2000 + np.cumsum(m["custody_net_purchases_usd_bn"])
    m["fed_regime"] = "neutral"
    return Panels(quarterly=q, monthly=m)


def hand_newey_west(X: np.ndarray, resid: np.ndarray, lags: int) -> np.ndarray:
    """Newey-West (1987) by the textbook formula, with the n/(n-k) small-sample factor."""
    n, k = X.shape
    scores = X * resid[:, None]
    S = scores.T @ scores
    for lag in range(1, lags + 1):
        weight = 1 - lag / (lags + 1)
        gamma = scores[lag:].T @ scores[:-lag]
        S += weight * (gamma + gamma.T)
    bread = np.linalg.inv(X.T @ X)
    return bread @ S @ bread * n / (n - k)
