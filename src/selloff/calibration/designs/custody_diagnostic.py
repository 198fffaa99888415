r"""Design D: the custody-flow local projections, repaired — a **diagnostic**, "conditional correlation".

Quarterly from 2007Q3: :math:`y_{t+h} - y_{t-1} = a + b\,S_t + c_1 \Delta y_{t-1} + c_2 \Delta G_t +
c_3 \Delta FF_{t-1} + e`, h = 0 (impact) and the mean of h = 6..8 (persistent). ``y`` the mean of the daily
closes in the quarter's last month (bp), ``S`` net sales = the fall in WMTSECL1 custody holdings (face value,
last Wednesday) in % of the quarter's GDP, ``G`` the Bund/gilt 10-year mean (bp). Repairs against the
primary custody-flow design: **no same-quarter policy-rate change and no Fed purchases** as controls (both
respond to the same shocks as the flows: bad controls), a global-yield control. Not duration-weighted (face
value flows need no valuation adjustment; the maturity of the sold holdings is unknown). Newey–West errors.

The flows are chosen by foreign official holders in response to the same news that moves yields, so the
coefficient is a conditional correlation, never a price impact: **D never enters the projection
parameters** (:mod:`selloff.calibration.identified`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.regression.linear_model import OLS

from selloff.calibration.designs.supply_model import hac_lags
from selloff.tenors import TENORS, Tenor

START = pd.Timestamp("2007-07-01")
ASSUMPTION_D = "None: a conditional correlation of custody flows and yields (diagnostic, never combined)."


@dataclass(frozen=True)
class LocalProjectionEstimate:
    """D's coefficient on net sales, bp per 1% of GDP: a conditional correlation, not an impact."""

    tenor: Tenor
    term: str  # "impact" | "persistent"
    estimate: float
    se: float
    ci90: tuple[float, float]
    p_value: float
    n_obs: int
    sample_start: pd.Timestamp
    sample_end: pd.Timestamp


def last_month_mean(daily: pd.Series) -> pd.Series:
    """Mean of the daily values in each quarter's last month (index = quarter start)."""
    s = daily.dropna()
    monthly = s.groupby(pd.DatetimeIndex(s.index).to_period("M")).mean()
    months = pd.PeriodIndex(monthly.index)
    monthly = monthly[months.month % 3 == 0]
    monthly.index = pd.PeriodIndex(monthly.index).to_timestamp().to_period("Q").to_timestamp()
    return monthly


def local_projection(panel: pd.DataFrame, tenor: Tenor, term: str) -> LocalProjectionEstimate:
    """One D regression on a quarterly frame with ``y`` (bp), ``sale`` (% GDP), ``g`` (bp), ``ff`` (bp)."""
    p = panel.sort_index()
    y = p["y"]
    if term == "impact":
        target = y - y.shift(1)
        lags = max(hac_lags(len(p)), 1)
    elif term == "persistent":
        target = sum(y.shift(-h) for h in (6, 7, 8)) / 3.0 - y.shift(1)
        lags = max(hac_lags(len(p)), 9)
    else:
        raise ValueError(f"term={term!r} not in ('impact', 'persistent')")
    df = pd.DataFrame(
        {
            "target": target,
            "sale": p["sale"],
            "lag_dy": y.shift(1) - y.shift(2),
            "dg": p["g"] - p["g"].shift(1),
            "lag_dff": p["ff"].shift(1) - p["ff"].shift(2),
        }
    ).dropna()
    X = np.column_stack([np.ones(len(df)), df[["sale", "lag_dy", "dg", "lag_dff"]].to_numpy(float)])
    res = OLS(df["target"].to_numpy(float), X).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True
    )
    b, se = float(res.params[1]), float(res.bse[1])
    t = float(stats.t.ppf(0.95, res.df_resid))
    return LocalProjectionEstimate(
        tenor,
        term,
        b,
        se,
        (b - t * se, b + t * se),
        float(res.pvalues[1]),
        int(res.nobs),
        pd.Timestamp(df.index[0]),
        pd.Timestamp(df.index[-1]),
    )


def design_d(
    yields_pct: Mapping[Tenor, pd.Series], supply_panel: pd.DataFrame
) -> tuple[LocalProjectionEstimate, ...]:
    """D for every tenor and both terms, from the daily yields and ``marts.panel_supply_quarterly``."""
    q = supply_panel.set_index(pd.DatetimeIndex(pd.to_datetime(supply_panel["quarter"]))).sort_index()
    custody = q["custody_face_eoq_usd_bn"].astype(float)
    base = pd.DataFrame(
        {
            "sale": -100.0 * custody.diff() / q["gdp_usd_bn"].astype(float),
            "g": 100.0 * q["global_10y_ex_japan_last_month_pct"].astype(float),
            "ff": 100.0 * q["policy_rate_last_month_pct"].astype(float),
        }
    )
    out = []
    for tenor in TENORS:
        panel = base.join(100.0 * last_month_mean(yields_pct[tenor]).rename("y"), how="left")
        panel = panel[panel.index >= START]
        out += [local_projection(panel, tenor, term) for term in ("impact", "persistent")]
    return tuple(out)
