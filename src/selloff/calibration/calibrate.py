r"""Calibration of the price impact of foreign Treasury sales: the entry point, :func:`calibrate`.

Pure functions: panels (pandas frames from :mod:`selloff.calibration.store`) and a prior table in, a frozen
:class:`~selloff.calibration.results.CalibrationResult` out. No DuckDB, no clock, no environment, no global
random state; the one random generator is seeded from ``CalibrationConfig.seed``, so the same panels give
the same numbers. Effects are bp per sale worth 1% of GDP, positive = yields rise (a sale is a negative
purchase).

The recipe, one module per step:

1. check the panels (:mod:`~selloff.calibration.panels`);
2. fit the custody-flow local projections for every tenor and horizon, with Newey–West errors
   (:mod:`~selloff.calibration.designs.custody_flows` on :mod:`~selloff.calibration.regression`, the only
   statsmodels importer), and measure how far the estimate moves across flow measures and assumed durations
   (the D-sensitivity);
3. draw: a moving-block bootstrap of every regression (:mod:`~selloff.calibration.resampling`) and joint
   normal draws of the literature prior (:mod:`~selloff.calibration.prior`);
4. combine data and prior into the ``data``, ``prior`` and ``blend`` methods
   (:mod:`~selloff.calibration.combination`), and summarise each response's persistence
   (:mod:`~selloff.calibration.persistence`);
5. robustness: subsample, rolling-window and monthly regressions (the design module);
6. replay known episodes (:mod:`~selloff.calibration.episodes`), and decide whether ``--method data`` may
   drive projections (:func:`data_method_allowed`).

:func:`price_impact` hands one method to projections as the
:class:`~selloff.calibration.impact.PriceImpact` contract.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from selloff.calibration.combination import combine_methods
from selloff.calibration.config import METHODS, CalibrationConfig
from selloff.calibration.designs.custody_flows import (
    build_designs,
    d_sensitivity_fits,
    data_method_check,
    identification_notes,
    identification_spread,
    monthly_regressions,
    net_sales_pct_gdp,
    primary_fits,
    subsample_regressions,
)
from selloff.calibration.designs.local_projections import usable_rows
from selloff.calibration.episodes import replay_episodes
from selloff.calibration.identified import (
    DesignRow,
    blend_parameters,
    blend_responses,
    combine_designs,
    run_designs,
)
from selloff.calibration.impact import Method, PriceImpact
from selloff.calibration.panels import FLOW_MEASURE_SPECS, Panels, validate_panels
from selloff.calibration.persistence import persistence_parameters
from selloff.calibration.prior import PriorTable, prior_responses
from selloff.calibration.regression import read_only
from selloff.calibration.resampling import bootstrap_z
from selloff.calibration.results import CalibrationResult
from selloff.tenors import TENORS


def calibrate(
    panels: Panels, prior: PriorTable, config: CalibrationConfig | None = None
) -> CalibrationResult:
    """Run the whole calibration: regressions, D-sensitivity, bootstrap, prior and blend, episodes.

    Parameters
    ----------
    panels
        The quarterly and monthly panels (not modified).
    prior
        The literature prior (:func:`~selloff.calibration.prior.parse_prior`), bp per sale of 1% of GDP.
    config
        Settings; defaults to :class:`~selloff.calibration.config.CalibrationConfig()`.

    Returns
    -------
    CalibrationResult
        Parameters for the ``data``, ``prior`` and ``blend`` methods (bp per sale of 1% of GDP; positive =
        yields rise), impulse responses h = 0..H quarters, joint draws, diagnostics, D-sensitivity,
        subsample/rolling regressions and the episode replay.

    Raises
    ------
    ValueError
        Missing columns or series, a sample too short for the 10-year impact regression, a singular design.
    """
    config = config or CalibrationConfig()
    notes = validate_panels(panels)
    quarterly = panels.quarterly.reset_index(drop=True).copy()
    H = config.horizons_q

    # --- primary regressions: every tenor, h = 0..H, then the long run ----------------------------------
    primary_sales = net_sales_pct_gdp(quarterly, config.primary_flow)
    designs = build_designs(quarterly, primary_sales, config)
    fits = primary_fits(designs, config)
    fit_map = {(t, c): (f, why) for t, c, f, why in fits}
    ten_year, why = fit_map[("10y", 0)]
    if ten_year is None:
        raise ValueError(
            f"cannot calibrate: the 10-year impact regression on {config.primary_flow} flows is not "
            f"estimable ({why}); the sample is too short or the data are missing"
        )

    # --- identification: D-sensitivity and the spread across measures --------------------------------
    d_rows, id_points = d_sensitivity_fits(quarterly, designs, config)
    identification_sd = identification_spread(fit_map, id_points, config)

    # --- joint draws: block bootstrap of every regression, and prior draws ---------------------------
    seeds = np.random.SeedSequence(config.seed).spawn(2)
    z_draws = bootstrap_z(designs, fit_map, config, np.random.default_rng(seeds[0]))
    prior_point, prior_sd, prior_draws = prior_responses(prior, config, np.random.default_rng(seeds[1]))

    # --- the three methods, and the persistence of each -------------------------------------------------
    responses, parameters = combine_methods(
        fit_map, z_draws, identification_sd, prior, prior_point, prior_sd, prior_draws, config
    )
    # --- the identified designs and the combination rule: the blend uses A, B, C and the prior only ------
    design_rows: tuple[DesignRow, ...] = ()
    if panels.design_inputs is not None:
        gdp_q = pd.Series(
            quarterly["gdp_usd_bn"].to_numpy(float),
            index=pd.DatetimeIndex(pd.to_datetime(quarterly["quarter"])),
        ).dropna()
        design_rows = run_designs(panels.design_inputs, gdp_q, config)
    combination = combine_designs(design_rows, prior)
    blend_rng = np.random.default_rng(np.random.SeedSequence(config.seed).spawn(3)[2])
    responses["blend"] = blend_responses(combination, prior, config, blend_rng)
    parameters = blend_parameters(combination, parameters, prior)
    for method in METHODS:
        parameters += persistence_parameters(responses[method], config)

    # --- robustness: subsamples, rolling windows, monthly ----------------------------------------------
    regressions = subsample_regressions(designs, config) + monthly_regressions(panels.monthly, config)

    # --- references and the episode replay -------------------------------------------------------------
    gdp = quarterly[["quarter", "gdp_usd_bn"]].dropna()
    reference_quarter = pd.Timestamp(gdp["quarter"].iloc[-1]).date()
    reference_gdp = float(gdp["gdp_usd_bn"].iloc[-1])
    in_sample = usable_rows(designs["10y"], 0)
    sales_in_sample = primary_sales.to_numpy()[in_sample]
    largest = int(np.argmax(sales_in_sample))
    largest_sale_quarter = np.array(designs["10y"].dates)[in_sample][largest]
    result_responses = tuple(responses[m] for m in METHODS)
    episodes = replay_episodes(panels.monthly, quarterly, result_responses)

    japan = quarterly[["quarter", "tic_japan_usd_bn"]].dropna() if "tic_japan_usd_bn" in quarterly else None
    japan_usd_bn = float(japan["tic_japan_usd_bn"].iloc[-1]) if japan is not None and len(japan) else None
    japan_quarter = (
        pd.Timestamp(japan["quarter"].iloc[-1]).date() if japan is not None and len(japan) else None
    )

    debt = (
        quarterly[["quarter", "debt_public_usd_bn", "gdp_usd_bn"]].dropna()
        if "debt_public_usd_bn" in quarterly
        else None
    )
    marketable_to_gdp = (
        float(debt["debt_public_usd_bn"].iloc[-1] / debt["gdp_usd_bn"].iloc[-1])
        if debt is not None and len(debt)
        else None
    )

    allowed, reason = data_method_check(d_rows, fit_map, config)
    notes += identification_notes(config, allowed, identification_sd)

    return CalibrationResult(
        config=config,
        prior=prior,
        vintage=panels.vintage,
        as_of=panels.as_of,
        spec=(
            "local projections of Δyield (bp, end of quarter) on net foreign sales "
            f"({FLOW_MEASURE_SPECS[config.primary_flow].description}, % of GDP) with controls, "
            "OLS + Newey-West"
        ),
        tenors=TENORS,
        horizons_q=np.arange(H + 1, dtype=np.int64),
        sample_start=ten_year.sample_start,
        sample_end=ten_year.sample_end,
        n_obs=ten_year.n_obs,
        reference_quarter=reference_quarter,
        reference_gdp_usd_bn=reference_gdp,
        largest_sale_pct_gdp=float(max(sales_in_sample[largest], 0.0)),
        largest_sale_quarter=largest_sale_quarter,
        parameters=tuple(parameters),
        responses=result_responses,
        fits=tuple(fits),
        identification_sd=read_only(identification_sd),
        d_sensitivity=tuple(d_rows),
        regressions=tuple(regressions),
        episodes=tuple(episodes),
        data_method_allowed=allowed,
        data_method_reason=reason,
        notes=tuple(notes),
        designs=design_rows,
        combination=combination,
        japan_holdings_usd_bn=japan_usd_bn,
        japan_holdings_quarter=japan_quarter,
        marketable_to_gdp=marketable_to_gdp,
    )


def data_method_allowed(result: CalibrationResult) -> tuple[bool, str]:
    """Whether projections may use ``--method data``, and why (the sign must not depend on D).

    Refused when any tenor is not estimable, or when for any tenor from 2y to 30y (the short end is
    policy-driven and left to the policy path) the impact or long-run estimate changes sign across the flow
    measures and the plausible durations of market-value holdings.
    """
    fit_map = {(t, c): (f, why) for t, c, f, why in result.fits}
    return data_method_check(result.d_sensitivity, fit_map, result.config)


def price_impact(result: CalibrationResult, method: Method, calibration_run_id: str) -> PriceImpact:
    """The :class:`~selloff.calibration.impact.PriceImpact` that projections consume, for one method.

    Parameters
    ----------
    result
        A calibration.
    method
        ``data`` (regression only), ``prior`` (literature) or ``blend`` (the default for projections).
    calibration_run_id
        The run the result is stored under (``meta.runs``).

    Returns
    -------
    PriceImpact
        Responses in bp per sale of 1% of GDP (positive = yields rise), h = 0..H quarters, with the joint
        draws of that method.

    Raises
    ------
    ValueError
        ``method="data"`` when :func:`data_method_allowed` refuses it (the reason is in the message).
    """
    if method not in METHODS:
        raise ValueError(f"method={method!r} not in {METHODS}")
    if method == "data":
        allowed, reason = data_method_allowed(result)
        if not allowed:
            raise ValueError(f"--method data refused: {reason}")
    resp = result.response(method)
    return PriceImpact(
        calibration_run_id=calibration_run_id,
        method=method,
        tenors=result.tenors,
        horizons_q=result.horizons_q.copy(),
        point_irf_bp_per_pct_gdp=np.array(resp.irf_point),
        point_long_run_bp_per_pct_gdp=np.array(resp.long_run_point),
        irf_bp_per_pct_gdp=np.array(resp.irf_draws),
        long_run_bp_per_pct_gdp=np.array(resp.long_run_draws),
        reference_gdp_usd_bn=result.reference_gdp_usd_bn,
        largest_sale_pct_gdp=result.largest_sale_pct_gdp,
        notes=result.notes,
    )
