r"""The custody-flow design: quarterly local projections of yields on net foreign official sales.

The primary design of the calibration and its robustness checks: the flow regressor
(:func:`net_sales_pct_gdp`), the design matrix (:func:`build_design`), the fits of every tenor and horizon
(:func:`primary_fits`), the D-sensitivity of the market-value measures and the spread it implies
(:func:`d_sensitivity_fits`, :func:`identification_spread`), the sign check that gates ``--method data``
(:func:`data_method_check`), subsample and rolling-window regressions and a monthly regression. All
coefficients are bp per sale of 1% of GDP (positive = yields rise) unless a row says otherwise.

Model
-----
For each tenor :math:`k`, quarter :math:`t` and horizon :math:`h = 0 \dots H` (local projections, Jordà 2005):

.. math::

    y_{k,t+h} - y_{k,t-1} = \alpha_{k,h} + \beta_{k,h}\, S_t + \gamma_{k,h}' Z_{k,t} + \varepsilon_{k,t+h}

* :math:`y` — the yield at the end of the quarter (the quarter's last monthly average), in bp.
* :math:`S_t` — net foreign **sales** in quarter :math:`t`, % of GDP (GDP at a seasonally adjusted annual
  rate): a sale is positive, so :math:`\beta > 0` means sales raise yields (the contract sign).
* :math:`Z_{k,t}` — controls: the change in the policy rate (bp), Fed net purchases (% of GDP; 0 where
  TREAST is missing), the shares of the quarter in QE / QT programmes *where TREAST is missing*, the change
  in debt held by the public (pp of GDP) and the lagged change of the yield itself (bp).

:math:`\beta_{k,0}` is the **impact**; the **long run** is the mean response 6–8 quarters out, estimated
as one regression whose dependent variable is :math:`\tfrac13\sum_{h=6}^{8}(y_{k,t+h} - y_{k,t-1})` (the
same number as averaging the three projections on their common sample, with its own HAC error). All
errors are Newey–West (Bartlett kernel, small-sample correction :math:`n/(n-k)`, Student-t intervals),
with at least :math:`h + 1` lags because a projection's errors overlap.

Identification (what the estimate is and is not)
------------------------------------------------
* The primary flow measure is WMTSECL1, Treasuries held in custody at the New York Fed for foreign
  official and international accounts, at **face value**: its changes are transactions, free of the
  mechanical valuation effect (yields up → market value down) that biases regressions on market-value
  holdings toward "sales raise yields". It covers official holders only, from mid-2007.
* Market-value measures (FDHBFIN from 1970, TIC foreign official from 2000) need a valuation adjustment
  :math:`F = \Delta H + D\,H_{t-1}\,\Delta y / 10^4` with an assumed duration :math:`D` (years). That puts
  the dependent variable on the right-hand side, and the sign of the estimate flips with :math:`D`; the
  D-sensitivity table (:func:`d_sensitivity`) is therefore a required diagnostic, and
  :func:`data_method_check` refuses the data-only estimate for projections when its sign is not stable over
  the plausible range of :math:`D`.
* Reverse causality: official buyers react to yields (they buy when global yields rise; they sell in
  dash-for-cash episodes when yields fall), which biases OLS toward zero or past it. OLS here identifies a
  conditional correlation, not the causal price impact; nothing in this regression isolates exogenous
  sales. The data estimate is blended with a literature prior (Theil–Goldberger mixed estimation) whose
  weight on the data also counts the spread of the estimate across identification assumptions.
* The short end (3m, 1y) is driven by the policy rate; its coefficients are reported but projections
  should take a policy-rate path for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from selloff.calibration.config import (
    FLOW_REGRESSOR,
    POLICY_DRIVEN_TENORS,
    UNITS_PCT_GDP,
    CalibrationConfig,
    Term,
    term_columns,
)
from selloff.calibration.designs.local_projections import (
    Design,
    consecutive,
    cumulative_targets,
    fit_design,
    usable_rows,
)
from selloff.calibration.panels import FLOW_MEASURE_SPECS, FLOW_MEASURES, FlowMeasure
from selloff.calibration.regression import NotEstimableError, RegressionFit, fit_ols_hac, hac_maxlags_rule
from selloff.calibration.results import DSensitivityRow, RegressionRow
from selloff.tenors import TENORS, Tenor

FloatArray = npt.NDArray[np.float64]

REGRESSORS: tuple[str, ...] = (
    "const",
    FLOW_REGRESSOR,
    "d_policy_rate_bp",
    "fed_net_purchases_pct_gdp",
    "qe_share_no_fed_data",
    "qt_share_no_fed_data",
    "d_debt_public_pct_gdp",
    "lag_d_yield_bp",
)


def net_sales_pct_gdp(
    quarterly: pd.DataFrame, measure: FlowMeasure, duration_years: float = 0.0, yield_tenor: Tenor = "5y"
) -> pd.Series:
    r"""Net foreign sales in each quarter, % of GDP (GDP at an annual rate); a sale is positive.

    Face-value measures are transactions already. Market-value measures are valuation-adjusted with an
    assumed modified duration :math:`D` (years) and the change of one yield :math:`\Delta y` (bp):

    .. math::

        S_t = -\,100\,\frac{\Delta H_t + D\, H_{t-1}\, \Delta y_t / 10^4}{GDP_t}

    (a 100 bp rise takes :math:`D\%` off the value of holdings, which the adjustment adds back).

    Parameters
    ----------
    quarterly
        ``marts.panel_quarterly`` rows ($bn holdings and changes, bp yield changes, GDP $bn SAAR).
    measure
        ``custody_face`` (WMTSECL1), ``foreign_mv`` (FDHBFIN) or ``tic_official_mv`` (TIC official).
    duration_years
        :math:`D`, modified duration of the market-value holdings; ignored for face value.
    yield_tenor
        The yield whose change revalues the holdings.

    Returns
    -------
    pandas.Series
        :math:`S_t`, % of GDP; NaN where a series is missing.
    """
    spec = FLOW_MEASURE_SPECS[measure]
    change = quarterly[spec.net_change_usd_bn].astype(float)
    if spec.start_holdings_usd_bn is not None:
        revaluation = duration_years * quarterly[spec.start_holdings_usd_bn].astype(float)
        change = change + revaluation * quarterly[f"d_yield_{yield_tenor}_bp"].astype(float) / 1e4
    return -100.0 * change / quarterly["gdp_usd_bn"].astype(float)


def build_design(
    quarterly: pd.DataFrame, tenor: Tenor, sales: pd.Series, config: CalibrationConfig
) -> Design:
    """One tenor's design: the :data:`REGRESSORS` with ``sales`` as the flow, and the cumulative changes."""
    dy = quarterly[f"d_yield_{tenor}_bp"].astype(float).to_numpy()
    T = len(dy)
    no_fed = ~quarterly["fed_series_available"].fillna(False).astype(bool).to_numpy()
    columns = {
        "const": np.ones(T),
        "net_sales_pct_gdp": sales.astype(float).to_numpy(),
        "d_policy_rate_bp": quarterly["d_policy_rate_bp"].astype(float).to_numpy(),
        # where TREAST is missing the Fed's purchases are unknown: 0 here, QE/QT shares below instead
        "fed_net_purchases_pct_gdp": quarterly["fed_net_purchases_pct_gdp"]
        .astype(float)
        .fillna(0.0)
        .to_numpy(),
        "qe_share_no_fed_data": np.where(no_fed, quarterly["qe_share"].astype(float).fillna(0.0), 0.0),
        "qt_share_no_fed_data": np.where(no_fed, quarterly["qt_share"].astype(float).fillna(0.0), 0.0),
        "d_debt_public_pct_gdp": quarterly["d_debt_public_pct_gdp"].astype(float).to_numpy(),
        "lag_d_yield_bp": np.concatenate([[np.nan], dy[:-1]]),
    }
    X = np.column_stack([columns[name] for name in REGRESSORS])
    dates = tuple(pd.Timestamp(q).date() for q in quarterly["quarter"])
    return Design(names=REGRESSORS, X=X, targets=cumulative_targets(dy, config), dates=dates)


def build_designs(
    quarterly: pd.DataFrame, sales: pd.Series, config: CalibrationConfig
) -> dict[Tenor, Design]:
    """:func:`build_design` for every tenor."""
    return {tenor: build_design(quarterly, tenor, sales, config) for tenor in TENORS}


def primary_fits(
    designs: Mapping[Tenor, Design], config: CalibrationConfig
) -> list[tuple[Tenor, int, RegressionFit | None, str]]:
    """Every tenor and column (h = 0..H, then H + 1 = long run): the fit, or None and why not.

    Diagnostics are computed for the two contract terms (impact and long run).
    """
    H = config.horizons_q
    fits: list[tuple[Tenor, int, RegressionFit | None, str]] = []
    for tenor in TENORS:
        for column in range(H + 2):
            try:
                fit = fit_design(designs[tenor], column, config, diagnostics=column in (0, H + 1))
                fits.append((tenor, column, fit, ""))
            except NotEstimableError as exc:
                fits.append((tenor, column, None, str(exc)))
    return fits


def d_sensitivity(
    quarterly: pd.DataFrame, config: CalibrationConfig | None = None
) -> tuple[DSensitivityRow, ...]:
    r"""The D-sensitivity table: impact and long-run flow coefficients for every flow measure and duration.

    For market-value measures the flow is valuation-adjusted with each duration :math:`D` in
    ``config.duration_grid_years`` (:func:`net_sales_pct_gdp`); a yield rise then enters the flow with
    weight :math:`D`, so the estimate falls as :math:`D` grows and can change sign. Face-value flows do
    not depend on :math:`D` and are repeated across the grid for comparison. bp per 1% of GDP sold.
    """
    config = config or CalibrationConfig()
    designs = build_designs(quarterly, net_sales_pct_gdp(quarterly, config.primary_flow), config)
    return tuple(d_sensitivity_fits(quarterly, designs, config)[0])


def d_sensitivity_fits(
    quarterly: pd.DataFrame, designs: dict[Tenor, Design], config: CalibrationConfig
) -> tuple[list[DSensitivityRow], dict[tuple[Tenor, int], list[float]]]:
    """Flow coefficients under each assumed duration, for every measure (table) and horizon (points)."""
    H = config.horizons_q
    rows: list[DSensitivityRow] = []
    points: dict[tuple[Tenor, int], list[float]] = {(t, c): [] for t in TENORS for c in range(H + 2)}
    plausible = set(config.plausible_durations)
    for measure in FLOW_MEASURES:
        spec = FLOW_MEASURE_SPECS[measure]
        # face value does not depend on D: one fit, repeated across the grid so the table reads across
        durations = config.duration_grid_years
        for duration in durations:
            if spec.valuation_basis == "face" and duration != durations[0]:
                rows += [
                    replace(r, duration_years=duration, plausible=duration in plausible)
                    for r in rows
                    if r.flow_measure == measure and r.duration_years == durations[0]
                ]
                continue
            sales = net_sales_pct_gdp(quarterly, measure, duration, config.valuation_yield_tenor).to_numpy()
            for tenor in TENORS:
                base = designs[tenor]
                X = base.X.copy()
                X[:, REGRESSORS.index(FLOW_REGRESSOR)] = sales
                design = replace(base, X=X)
                for term, column in term_columns(H):
                    try:
                        fit = fit_design(design, column, config)
                        rows.append(
                            DSensitivityRow(
                                measure,
                                tenor,
                                term,
                                duration,
                                duration in plausible,
                                True,
                                fit.n_obs,
                                fit.coef(),
                                fit.se(),
                                "face value: independent of D" if spec.valuation_basis == "face" else "",
                            )
                        )
                    except NotEstimableError as exc:
                        n = int(usable_rows(design, column).sum())
                        rows.append(
                            DSensitivityRow(
                                measure, tenor, term, duration, duration in plausible, False, n, note=str(exc)
                            )
                        )
                if spec.valuation_basis == "market" and duration in plausible:
                    flows = _ols_flow_points(X, base.targets)
                    for column in range(H + 2):
                        if int(usable_rows(design, column).sum()) >= config.min_obs_quarterly:
                            points[(tenor, column)].append(float(flows[column]))
    return rows, points


def data_method_check(
    d_rows: Sequence[DSensitivityRow],
    fit_map: Mapping[tuple[Tenor, int], tuple[RegressionFit | None, str]],
    config: CalibrationConfig,
) -> tuple[bool, str]:
    """Is the sign of the data estimate the same for every flow measure and every plausible duration?"""
    problems = []
    checked_tenors = [t for t in TENORS if t not in POLICY_DRIVEN_TENORS]
    for tenor in TENORS:
        for term, column in term_columns(config.horizons_q):
            fit, why = fit_map[(tenor, column)]
            if fit is None:
                problems.append(f"{tenor} {term} not estimable ({why})")
                continue
            if tenor not in checked_tenors:
                continue
            plausible = [
                r
                for r in d_rows
                if r.tenor == tenor
                and r.term == term
                and r.plausible
                and r.estimate is not None
                and FLOW_MEASURE_SPECS[r.flow_measure].valuation_basis == "market"
            ]
            values = [fit.coef()] + [float(r.estimate) for r in plausible if r.estimate is not None]
            if not plausible:
                problems.append(f"{tenor} {term}: no market-value measure estimable to test the sign over D")
            elif len({np.sign(v) for v in values}) > 1:
                lo = min(plausible, key=lambda r: r.estimate or 0.0)
                hi = max(plausible, key=lambda r: r.estimate or 0.0)
                problems.append(
                    f"{tenor} {term}: sign not stable (face value {fit.coef():+.1f}; "
                    f"{lo.flow_measure} {lo.estimate:+.1f} at D={lo.duration_years:g} … "
                    f"{hi.flow_measure} {hi.estimate:+.1f} at D={hi.duration_years:g}; bp per 1% of GDP)"
                )
    low, high = config.plausible_duration_years
    if problems:
        return False, f"over plausible D in [{low:g}, {high:g}] years: " + "; ".join(problems)
    return True, (
        "the sign of every 2y-30y estimate is the same for all flow measures and every D in "
        f"[{low:g}, {high:g}] years"
    )


def identification_spread(
    fit_map: Mapping[tuple[Tenor, int], tuple[RegressionFit | None, str]],
    points: Mapping[tuple[Tenor, int], list[float]],
    config: CalibrationConfig,
) -> FloatArray:
    """Spread of the flow coefficient across flow measures and plausible durations, (tenors, H + 2).

    The sample standard deviation of the primary estimate and the market-value estimates at the plausible
    durations (:func:`d_sensitivity_fits`); 0 with fewer than two, and everywhere when
    ``config.identification_variance`` is off. bp per 1% of GDP.
    """
    n_cols = config.horizons_q + 2
    spread = np.zeros((len(TENORS), n_cols))
    for k, tenor in enumerate(TENORS):
        for column in range(n_cols):
            primary_fit = fit_map[(tenor, column)][0]
            values = [primary_fit.coef()] if primary_fit is not None else []
            values += [p for p in points[(tenor, column)] if math.isfinite(p)]
            spread[k, column] = float(np.std(values, ddof=1)) if len(values) > 1 else 0.0
    if not config.identification_variance:
        spread[:] = 0.0
    return spread


def identification_notes(
    config: CalibrationConfig, allowed: bool, identification_sd: FloatArray
) -> list[str]:
    """The notes every calibration carries on what this design identifies, and whether the data may drive."""
    notes = [
        "Identifies a conditional correlation, not the causal price impact: official buyers react to yields "
        "(buying when global yields rise, selling for dollars when yields fall in a dash for cash), which "
        "biases OLS toward zero or past it (research F5, F6). Nothing here isolates exogenous sales.",
        "Primary flows are WMTSECL1 custody holdings at face value (no valuation effect), foreign official "
        "accounts only, 2007Q3 on; market-value measures enter only the D-sensitivity check.",
        "3m and 1y yields follow the policy rate: their coefficients are reported, projections should take a "
        "policy-rate path for the short end.",
        "The long run is the mean local-projection response 6-8 quarters out; local projections that far out "
        "are imprecise.",
    ]
    k10 = TENORS.index("10y")
    notes.append(
        "These custody-flow regressions (the data method) never enter the blend, which combines the prior "
        "with the identified designs A, B and C (selloff.calibration.identified); their spread across flow "
        f"measures and plausible durations is {identification_sd[k10, 0]:.1f} bp per 1% of GDP (10y impact)."
    )
    if not allowed:
        notes.append("The data-only estimate is not fit to drive projections (see data_method_reason).")
    return notes


def subsample_regressions(designs: Mapping[Tenor, Design], config: CalibrationConfig) -> list[RegressionRow]:
    H = config.horizons_q
    rows: list[RegressionRow] = []
    for tenor in TENORS:
        design = designs[tenor]
        dates = np.array(design.dates)
        samples: list[tuple[str, str, npt.NDArray[np.bool_]]] = [
            ("full", "full sample", np.ones(len(dates), dtype=bool))
        ]
        for sub in config.subsamples:
            mask = np.ones(len(dates), dtype=bool)
            if sub.start is not None:
                mask &= dates >= sub.start
            if sub.end is not None:
                mask &= dates <= sub.end
            for first, last in sub.exclude:
                mask &= ~((dates >= first) & (dates <= last))
            samples.append(("subsample", sub.label, mask))
        usable = np.flatnonzero(usable_rows(design, 0))
        for start in range(0, max(len(usable) - config.rolling_window_q + 1, 0), config.rolling_step_q):
            window = usable[start : start + config.rolling_window_q]
            mask = np.zeros(len(dates), dtype=bool)
            mask[window[0] : window[-1] + 1] = True
            samples.append(("rolling", f"rolling {dates[window[0]]:%Y-%m}..{dates[window[-1]]:%Y-%m}", mask))
        for spec, label, mask in samples:
            for term, column in term_columns(H):
                rows.append(
                    _regression_row(design, column, mask, config, f"primary/{spec}", label, tenor, term)
                )
    return rows


def _regression_row(
    design: Design,
    column: int,
    mask: npt.NDArray[np.bool_],
    config: CalibrationConfig,
    spec: str,
    label: str,
    tenor: Tenor,
    term: Term,
) -> RegressionRow:
    rows = usable_rows(design, column, mask)
    dates = [d for d, keep in zip(design.dates, rows, strict=True) if keep]
    base = RegressionRow(
        spec=spec,
        sample_label=label,
        tenor=tenor,
        term=term,
        flow_measure=config.primary_flow,
        frequency="Q",
        units=UNITS_PCT_GDP,
        estimable=False,
        sample_start=dates[0] if dates else None,
        sample_end=dates[-1] if dates else None,
        n_obs=len(dates),
    )
    try:
        fit = fit_design(design, column, config, mask)
    except NotEstimableError as exc:
        return replace(base, note=f"not estimable: {exc}")
    lo, hi = fit.ci(config.ci_level)
    gaps = (
        "" if consecutive(np.flatnonzero(rows)) else "excluded quarters inside the sample; HAC lags span them"
    )
    return replace(
        base,
        estimable=True,
        estimate=fit.coef(),
        std_error=fit.se(),
        ci_low=lo,
        ci_high=hi,
        r_squared=fit.r_squared,
        note=gaps,
    )


def monthly_regressions(monthly: pd.DataFrame, config: CalibrationConfig) -> list[RegressionRow]:
    r"""Monthly robustness check on custody flows (monthly regressors only; no GDP scaling).

    .. math::

        \Delta y_{k,m} = a + b\,\frac{-\Delta C_m}{100} + c\,\Delta i_m + d' \text{regime}_m
            + e\,\Delta y_{k,m-1} + u_m

    :math:`C` is WMTSECL1 custody holdings ($bn, month end), so :math:`b` is bp per $100bn sold at the
    2007-2026 market size; regimes are the QE / QT months of ``stg.fed_balance_sheet_regimes``.
    """
    out: list[RegressionRow] = []
    names = ("const", "net_sales_100bn", "d_policy_rate_bp", "qe_month", "qt_month", "lag_d_yield_bp")
    months = [pd.Timestamp(m).date() for m in monthly["month"]]
    for tenor in TENORS:
        dy = monthly[f"d_yield_{tenor}_bp"].astype(float).to_numpy()
        X = np.column_stack(
            [
                np.ones(len(dy)),
                -monthly["custody_net_purchases_usd_bn"].astype(float).to_numpy() / 100.0,
                monthly["d_policy_rate_bp"].astype(float).to_numpy(),
                (monthly["fed_regime"] == "qe").astype(float).to_numpy(),
                (monthly["fed_regime"] == "qt").astype(float).to_numpy(),
                np.concatenate([[np.nan], dy[:-1]]),
            ]
        )
        rows = np.isfinite(dy) & np.all(np.isfinite(X), axis=1)
        dates = [d for d, keep in zip(months, rows, strict=True) if keep]
        base = RegressionRow(
            spec="custody_monthly",
            sample_label="full sample",
            tenor=tenor,
            term="impact",
            flow_measure="custody_face",
            frequency="M",
            units="bp per $100bn (2007-2026 market size)",
            estimable=False,
            n_obs=len(dates),
            sample_start=dates[0] if dates else None,
            sample_end=dates[-1] if dates else None,
        )
        try:
            fit = fit_ols_hac(
                dy[rows],
                X[rows],
                names,
                maxlags=hac_maxlags_rule(len(dates)),
                dates=dates,
                min_obs=config.min_obs_monthly,
            )
        except NotEstimableError as exc:
            out.append(replace(base, note=f"not estimable: {exc}"))
            continue
        lo, hi = fit.ci(config.ci_level, "net_sales_100bn")
        out.append(
            replace(
                base,
                estimable=True,
                estimate=fit.coef("net_sales_100bn"),
                std_error=fit.se("net_sales_100bn"),
                ci_low=lo,
                ci_high=hi,
                r_squared=fit.r_squared,
                note="monthly averages of yields; no Fed-holdings series monthly (regime dummies instead)",
            )
        )
    return out


def _ols_flow_points(X: FloatArray, Y: FloatArray) -> FloatArray:
    """Flow coefficients of OLS of each column of ``Y`` on ``X`` (rows with NaN dropped per column)."""
    out = np.full(Y.shape[1], np.nan)
    finite_x = np.all(np.isfinite(X), axis=1)
    for j in range(Y.shape[1]):
        rows = finite_x & np.isfinite(Y[:, j])
        Xj = X[rows]
        keep = [0] + [c for c in range(1, Xj.shape[1]) if np.ptp(Xj[:, c]) > 0]
        if rows.sum() > len(keep):
            out[j] = np.linalg.lstsq(Xj[:, keep], Y[rows, j], rcond=None)[0][1]
    return out
