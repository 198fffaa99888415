r"""The combination rule: how the data estimate and the literature prior make the ``blend`` method.

Theil–Goldberger mixed estimation per coefficient (:func:`blend`): the weight on the data is
:math:`w = s^2 / (s^2 + v)` for a prior SD :math:`s` and a data variance :math:`v`, which here counts the
spread across identification assumptions beside the sampling error (:func:`combine_methods`). Blend draws
combine the data's bootstrap draws (:mod:`selloff.calibration.resampling`, rescaled to the effective error)
and the prior's draws per parameter with the same weight,

.. math:: \beta^{(d)}_{blend} = w\,\beta^{(d)}_{data} + (1 - w)\,\beta^{(d)}_{prior},

which has the posterior mean and variance of :func:`blend` and keeps the cross-tenor correlation. Units:
bp per sale of 1% of GDP, positive = yields rise; flags compare with the published range per $100bn.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
from scipy import stats

from selloff.calibration.config import POLICY_DRIVEN_TENORS, CalibrationConfig, term_columns
from selloff.calibration.impact import Method
from selloff.calibration.prior import PriorEntry, PriorTable
from selloff.calibration.regression import RegressionFit, read_only
from selloff.calibration.results import MethodResponses, ParameterEstimate
from selloff.tenors import TENORS, Tenor

FloatArray = npt.NDArray[np.float64]


def blend(
    data_estimate: float, data_se: float, prior_mean: float, prior_sd: float
) -> tuple[float, float, float]:
    r"""Theil–Goldberger mixed estimate of one coefficient: ``(estimate, std_error, weight on the data)``.

    With a normal prior :math:`N(m, s^2)` on the coefficient and the data's estimate :math:`b` with variance
    :math:`v`, the mixed estimate and its variance are

    .. math::

        \hat\beta = w\,b + (1 - w)\,m, \quad w = \frac{s^2}{s^2 + v}, \qquad
        \operatorname{Var}\hat\beta = \Big(\frac1v + \frac1{s^2}\Big)^{-1} = w^2 v + (1-w)^2 s^2.

    For one restricted coefficient this equals the full mixed estimator's coefficient (the prior touches
    the others only through their covariance with it).
    """
    if not (data_se > 0 and prior_sd > 0) or not (math.isfinite(data_estimate) and math.isfinite(prior_mean)):
        raise ValueError(f"blend needs finite estimates and positive errors, got {data_se=} {prior_sd=}")
    w = prior_sd**2 / (prior_sd**2 + data_se**2)
    return (
        w * data_estimate + (1 - w) * prior_mean,
        math.sqrt(w**2 * data_se**2 + (1 - w) ** 2 * prior_sd**2),
        w,
    )


def combine_methods(
    fit_map: Mapping[tuple[Tenor, int], tuple[RegressionFit | None, str]],
    z: FloatArray,
    identification_sd: FloatArray,
    prior: PriorTable,
    prior_point: FloatArray,
    prior_sd: FloatArray,
    prior_draws: FloatArray,
    config: CalibrationConfig,
) -> tuple[dict[Method, MethodResponses], list[ParameterEstimate]]:
    r"""The three methods from the data fits, their bootstrap deviations and the prior responses.

    Returns the responses of ``data``, ``prior`` and ``blend`` (points, errors, joint draws, blend weights;
    shapes as in :class:`~selloff.calibration.results.MethodResponses`) and, per tenor and contract term, a
    :class:`~selloff.calibration.results.ParameterEstimate` for each method with flags against the
    published range. The blend weight counts ``identification_sd`` as data variance beside the sampling
    error: :math:`w = s^2 / (s^2 + v + \sigma_{id}^2)`.
    """
    H, K = config.horizons_q, len(TENORS)
    shape = (K, H + 2)
    data_point, data_se = np.full(shape, np.nan), np.full(shape, np.nan)
    n_obs = np.zeros(shape, dtype=np.int64)
    for k, tenor in enumerate(TENORS):
        for column in range(H + 2):
            fit = fit_map[(tenor, column)][0]
            if fit is not None:
                data_point[k, column], data_se[k, column], n_obs[k, column] = fit.coef(), fit.se(), fit.n_obs
    estimable = np.isfinite(data_point)
    data_draws = data_point + z * data_se  # NaN where not estimable
    effective_se = np.sqrt(data_se**2 + identification_sd**2)
    weight = np.where(
        estimable, prior_sd**2 / (prior_sd**2 + np.where(estimable, effective_se, 1.0) ** 2), 0.0
    )
    blend_point = np.where(
        estimable, weight * np.nan_to_num(data_point) + (1 - weight) * prior_point, prior_point
    )
    blend_se = np.sqrt(weight**2 * np.nan_to_num(effective_se) ** 2 + (1 - weight) ** 2 * prior_sd**2)
    # posterior draws: the precision-weighted mix of data draws (spread = effective error) and prior draws
    blend_draws = (
        weight * np.nan_to_num(data_point + z * np.nan_to_num(effective_se)) + (1 - weight) * prior_draws
    )

    def pack(
        method: Method, point: FloatArray, se: FloatArray, draws: FloatArray, w: FloatArray
    ) -> MethodResponses:
        return MethodResponses(
            method=method,
            irf_point=read_only(point[:, : H + 1]),
            irf_std_error=read_only(se[:, : H + 1]),
            long_run_point=read_only(point[:, H + 1]),
            long_run_std_error=read_only(se[:, H + 1]),
            irf_draws=read_only(draws[:, :, : H + 1]),
            long_run_draws=read_only(draws[:, :, H + 1]),
            blend_weight_irf=read_only(w[:, : H + 1]),
            blend_weight_long_run=read_only(w[:, H + 1]),
            n_obs_irf=n_obs[:, : H + 1].copy(),
        )

    responses: dict[Method, MethodResponses] = {
        "data": pack("data", data_point, data_se, data_draws, np.where(estimable, 1.0, np.nan)),
        "prior": pack("prior", prior_point, prior_sd, prior_draws, np.zeros(shape)),
        "blend": pack("blend", blend_point, blend_se, blend_draws, weight),
    }

    level = config.ci_level
    z_crit = float(stats.norm.ppf(0.5 + level / 2))
    parameters: list[ParameterEstimate] = []
    for k, tenor in enumerate(TENORS):
        for term, column in term_columns(H):
            entry = prior.get(tenor, term)
            fit, why = fit_map[(tenor, column)]
            policy_note = (
                "policy-driven tenor: use a policy-rate path" if tenor in POLICY_DRIVEN_TENORS else ""
            )
            if fit is None:
                parameters.append(
                    ParameterEstimate(
                        tenor,
                        term,
                        "data",
                        None,
                        None,
                        None,
                        None,
                        int(n_obs[k, column]) or None,
                        None,
                        1.0,
                        False,
                        None,
                        ("not_estimable",),
                        why,
                    )
                )
            else:
                lo, hi = fit.ci(level)
                parameters.append(
                    ParameterEstimate(
                        tenor,
                        term,
                        "data",
                        fit.coef(),
                        fit.se(),
                        lo,
                        hi,
                        fit.n_obs,
                        fit.r_squared,
                        1.0,
                        True,
                        float(identification_sd[k, column]),
                        _flags(fit.coef(), lo, hi, entry, prior.conversion_gdp_usd_bn),
                        policy_note,
                    )
                )
            m, s = float(prior_point[k, column]), float(prior_sd[k, column])
            parameters.append(
                ParameterEstimate(
                    tenor,
                    term,
                    "prior",
                    m,
                    s,
                    m - z_crit * s,
                    m + z_crit * s,
                    None,
                    None,
                    0.0,
                    True,
                    None,
                    _flags(m, m - z_crit * s, m + z_crit * s, entry, prior.conversion_gdp_usd_bn),
                    "sources: " + ", ".join(entry.sources),
                )
            )
            b, s_b, w = float(blend_point[k, column]), float(blend_se[k, column]), float(weight[k, column])
            parameters.append(
                ParameterEstimate(
                    tenor,
                    term,
                    "blend",
                    b,
                    s_b,
                    b - z_crit * s_b,
                    b + z_crit * s_b,
                    fit.n_obs if fit else None,
                    fit.r_squared if fit else None,
                    w,
                    True,
                    float(identification_sd[k, column]),
                    _flags(b, b - z_crit * s_b, b + z_crit * s_b, entry, prior.conversion_gdp_usd_bn),
                    "prior only: data not estimable" if fit is None else policy_note,
                )
            )
    return responses, parameters


def _flags(estimate: float, lo: float, hi: float, entry: PriorEntry, gdp_usd_bn: float) -> tuple[str, ...]:
    """Warnings for an estimate in bp per 1% of GDP, compared with the published range per $100bn."""
    flags = []
    if lo <= 0 <= hi:
        flags.append("insignificant")
    per_100bn = estimate * 100.0 * 100.0 / gdp_usd_bn
    if per_100bn < -0.05:  # negative at the precision shown (0.1 bp per $100bn), not a rounding -0.0
        flags.append("wrong_sign")
    if entry.published_high_bp_per_100bn is not None and per_100bn > entry.published_high_bp_per_100bn:
        flags.append("above_published_range")
    if entry.published_low_bp_per_100bn is not None and per_100bn < entry.published_low_bp_per_100bn:
        flags.append("below_published_range")
    return tuple(flags)
