"""Seeded synthetic data for the designs' coverage checks (tests only): daily yields with year-specific
volatility, t(5) tails and a global factor; a cointegrated quarterly term-premium system."""

from __future__ import annotations

import numpy as np
import pandas as pd

from selloff.calibration.designs.event_studies import (
    EventStudyEstimate,
    event_study,
    event_windows,
    global_factor_loading,
    ordinary_days,
    trading_days,
    window_change_bp,
)


def synthetic_daily(
    rng: np.random.Generator, first_year: int = 2000, last_year: int = 2017
) -> tuple[pd.Series, pd.Series]:
    """Business-day yields (pct) with daily changes of year-specific scale (3-10 bp) and t(5) tails, loading
    0.3 on a global factor z (pct)."""
    cal = pd.bdate_range(f"{first_year}-01-01", f"{last_year}-12-31")
    scale = {y: rng.uniform(3.0, 10.0) for y in range(first_year, last_year + 1)}
    sig = np.array([scale[d.year] for d in cal])
    e = rng.standard_t(5, size=len(cal)) / np.sqrt(5 / 3)
    dz = 0.5 * sig * rng.standard_normal(len(cal))
    dy = 0.3 * dz + sig * e
    return (
        pd.Series(4.0 + np.cumsum(dy) / 100.0, index=cal),
        pd.Series(1.0 + np.cumsum(dz) / 100.0, index=cal),
    )


def simulate_event_study(
    rng: np.random.Generator,
    truth: float,
    n_events: int,
    use_factor: bool,
    n_draws: int,
    heterogeneity: float = 0.0,
) -> EventStudyEstimate:
    """One replication of the A/B estimator: events on random days (>= 7 trading days apart) with sale
    amounts of -4..4 % of GDP; event e's effect is truth x (1 + heterogeneity x U(-1, 1))."""
    y, z = synthetic_daily(rng)
    cal = trading_days(y)
    pos = np.sort(rng.choice(np.arange(10, len(cal) - 10, 7), size=n_events, replace=False))
    days = cal[pos]
    x = rng.choice([-1, 1], size=n_events) * rng.uniform(0.2, 4.0, size=n_events)
    effect = truth * (1.0 + heterogeneity * (2.0 * rng.uniform(size=n_events) - 1.0))
    bump = pd.Series(0.0, index=cal)
    bump.loc[days] = effect * x / 100.0
    y = y + bump.cumsum()
    ordinary = ordinary_days(cal, days, cal[1], cal[-2])
    if use_factor:
        gamma = global_factor_loading(
            window_change_bp(y, 1).loc[ordinary], window_change_bp(z, 1).loc[ordinary]
        )
        y = y - gamma * z
    w = event_windows(y, days, x, 1, [str(d.date()) for d in days])
    pool = {1: window_change_bp(y, 1).loc[ordinary]}
    return event_study(w, pool, rng, tenor="10y", window_days=1, pool_name="ordinary", n_draws=n_draws)


def simulate_supply_panel(
    rng: np.random.Generator, truth: float, n: int = 92, rho: float = -0.2
) -> pd.DataFrame:
    """A cointegrated quarterly system: TP (bp) error-corrects at speed rho to truth x S + 50 G + 10 FF."""
    burn = 40
    T = n + burn
    s = 30.0 + np.cumsum(rng.normal(0.2, 1.2, T))
    g = 4.0 + np.cumsum(rng.normal(0.0, 0.25, T))
    ff = 3.0 + np.cumsum(rng.normal(0.0, 0.35, T))
    vol = rng.gamma(4.0, 1.5, T)
    tp = np.empty(T)
    tp[0] = truth * s[0] + 50 * g[0] + 10 * ff[0] - 150
    for t in range(1, T):
        target = truth * s[t - 1] + 50 * g[t - 1] + 10 * ff[t - 1] - 150
        tp[t] = (
            tp[t - 1]
            + rho * (tp[t - 1] - target)
            + 2.0 * (s[t] - s[t - 1])
            + 20.0 * (g[t] - g[t - 1])
            + 1.0 * (vol[t] - 6.0)
            + rng.normal(0, 20.0)
        )
    idx = pd.period_range("2003Q1", periods=n, freq="Q").to_timestamp()
    return pd.DataFrame(
        {"tp": tp[burn:], "supply": s[burn:], "g": g[burn:], "ff": ff[burn:], "vol": vol[burn:]}, index=idx
    )
