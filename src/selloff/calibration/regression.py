r"""One regression: OLS with Newey–West (HAC) errors and its diagnostics (the only statsmodels importer).

:func:`fit_ols_hac` fits one OLS and returns :class:`RegressionFit`, our own frozen result type (never a
statsmodels object): coefficients in the units of the dependent variable (bp) per unit of each regressor,
the HAC covariance (Bartlett kernel, small-sample correction :math:`n/(n-k)`), Student-t inference with
:math:`n - k` degrees of freedom, and on request :class:`Diagnostics` (Durbin–Watson, Breusch–Godfrey,
Jarque–Bera, CUSUM, and a Chow test at a stated break date). :func:`hac_maxlags_rule` is Newey–West's
automatic lag length; a local projection :math:`h` periods out needs at least :math:`h + 1` lags because its
errors overlap (the designs take the larger of the two).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats
from statsmodels.regression.linear_model import OLS
from statsmodels.stats.diagnostic import acorr_breusch_godfrey, breaks_cusumolsresid
from statsmodels.stats.stattools import durbin_watson, jarque_bera

from selloff.calibration.config import FLOW_REGRESSOR

FloatArray = npt.NDArray[np.float64]


class NotEstimableError(ValueError):
    """A regression cannot be fitted (too few observations or a singular design); the message says why."""


@dataclass(frozen=True)
class Diagnostics:
    """Residual and stability diagnostics of one OLS fit (p-values next to their statistics)."""

    durbin_watson: float
    breusch_godfrey_lm: float
    breusch_godfrey_pvalue: float
    breusch_godfrey_lags: int
    jarque_bera: float
    jarque_bera_pvalue: float
    cusum: float
    cusum_pvalue: float
    chow_break: date
    chow_f: float
    chow_pvalue: float
    condition_number: float


@dataclass(frozen=True)
class RegressionFit:
    """One OLS fit with Newey-West covariance: our result type, never a statsmodels object.

    ``params``, ``std_errors`` and ``cov`` are in the units of the dependent variable (bp) per unit of
    each regressor (``names``); ``cov`` is the HAC covariance.
    """

    names: tuple[str, ...]
    params: FloatArray
    std_errors: FloatArray
    cov: FloatArray
    n_obs: int
    df_resid: int
    r_squared: float
    hac_maxlags: int
    sample_start: date
    sample_end: date
    dropped: tuple[str, ...] = ()
    """Regressors left out because they do not vary in the sample (e.g. QT share before 2024)."""
    diagnostics: Diagnostics | None = None

    def coef(self, name: str = FLOW_REGRESSOR) -> float:
        return float(self.params[self.names.index(name)])

    def se(self, name: str = FLOW_REGRESSOR) -> float:
        return float(self.std_errors[self.names.index(name)])

    def p_value(self, name: str = FLOW_REGRESSOR) -> float:
        """Two-sided p-value of a zero coefficient (Student t, residual degrees of freedom)."""
        return float(2 * stats.t.sf(abs(self.coef(name) / self.se(name)), self.df_resid))

    def ci(self, level: float, name: str = FLOW_REGRESSOR) -> tuple[float, float]:
        """Student-t interval with the residual degrees of freedom."""
        half = stats.t.ppf(0.5 + level / 2, self.df_resid) * self.se(name)
        return self.coef(name) - half, self.coef(name) + half

    def summary(self) -> str:
        lines = [
            f"OLS, Newey-West ({self.hac_maxlags} lags), N={self.n_obs}, R²={self.r_squared:.3f}, "
            f"{self.sample_start:%Y-%m}..{self.sample_end:%Y-%m}"
        ]
        lines += [
            f"  {n:<28} {p:>10.3f}  ({s:.3f})"
            for n, p, s in zip(self.names, self.params, self.std_errors, strict=True)
        ]
        if self.dropped:
            lines.append(f"  dropped (no variation): {', '.join(self.dropped)}")
        return "\n".join(lines)


def hac_maxlags_rule(n_obs: int) -> int:
    r"""Newey–West's automatic lag length :math:`\lfloor 4 (n/100)^{2/9} \rfloor`."""
    return math.floor(4 * (n_obs / 100.0) ** (2.0 / 9.0))


def fit_ols_hac(
    y: npt.ArrayLike,
    X: npt.ArrayLike,
    names: Sequence[str],
    *,
    maxlags: int,
    dates: Sequence[date] | None = None,
    min_obs: int = 10,
    diagnostics: bool = False,
    chow_break: date | None = None,
    breusch_godfrey_lags: int = 4,
) -> RegressionFit:
    r"""OLS of ``y`` on ``X`` with a Newey–West (HAC) covariance.

    .. math::

        \hat\beta = (X'X)^{-1} X'y, \qquad
        \hat V = \frac{n}{n-k}\,(X'X)^{-1}\Big[\sum_{l=-L}^{L}\Big(1 - \frac{|l|}{L+1}\Big)
        \sum_t \hat u_t \hat u_{t-l}\, x_t x_{t-l}'\Big](X'X)^{-1}

    Parameters
    ----------
    y, X
        Dependent variable (n,) and regressors (n, k), consecutive periods, no missing values.
    names
        Regressor names (``"const"`` for the intercept); the flow coefficient is ``net_sales_pct_gdp``.
    maxlags
        Newey–West lag length :math:`L` (at least :math:`h + 1` for a projection :math:`h` periods out).
    dates
        Period of each row (for the sample range and the Chow test).
    min_obs
        Fewer rows than this: :class:`NotEstimableError`, never a fit on a handful of points.
    diagnostics
        Also compute Durbin–Watson, Breusch–Godfrey, Jarque–Bera, CUSUM and Chow (at ``chow_break``).

    Returns
    -------
    RegressionFit
        Coefficients, HAC covariance, Student-t inference with :math:`n - k` degrees of freedom.
        Regressors other than ``const`` that do not vary are dropped and listed in ``dropped``.

    Raises
    ------
    NotEstimableError
        Too few rows, or a singular design (the message names the columns).
    """
    y_arr = np.asarray(y, dtype=float)
    X_arr = np.asarray(X, dtype=float)
    names = list(names)
    if X_arr.ndim != 2 or X_arr.shape != (y_arr.shape[0], len(names)):
        raise ValueError(f"X has shape {X_arr.shape}; expected ({y_arr.shape[0]}, {len(names)})")
    if not (np.all(np.isfinite(y_arr)) and np.all(np.isfinite(X_arr))):
        raise ValueError("y and X must be finite (drop missing rows before fitting)")
    n_obs = y_arr.shape[0]
    if n_obs < min_obs or n_obs == 0:
        raise NotEstimableError(f"N={n_obs} is below the minimum of {max(min_obs, 1)}")
    keep = [j for j, name in enumerate(names) if name == "const" or np.ptp(X_arr[:, j]) > 0]
    dropped = tuple(names[j] for j in range(len(names)) if j not in keep)
    X_arr, names = X_arr[:, keep], [names[j] for j in keep]
    if n_obs < max(min_obs, len(names) + 1):
        raise NotEstimableError(f"N={n_obs} is below the minimum of {max(min_obs, len(names) + 1)}")
    if np.linalg.matrix_rank(X_arr) < X_arr.shape[1]:
        raise NotEstimableError(f"singular design: the columns {', '.join(names)} are collinear")
    if maxlags < 0:
        raise ValueError(f"maxlags must be non-negative, got {maxlags}")
    result = OLS(y_arr, X_arr).fit(
        cov_type="HAC", cov_kwds={"maxlags": int(maxlags), "use_correction": True}, use_t=True
    )
    cov = np.asarray(result.cov_params(), dtype=float)
    date_list = list(dates) if dates is not None else [date(1, 1, 1)] * n_obs
    diag = (
        _diagnostics(result, X_arr, y_arr, date_list, chow_break, breusch_godfrey_lags)
        if diagnostics
        else None
    )
    return RegressionFit(
        names=tuple(names),
        params=read_only(np.asarray(result.params, dtype=float)),
        std_errors=read_only(np.sqrt(np.diag(cov))),
        cov=read_only(cov),
        n_obs=n_obs,
        df_resid=int(result.df_resid),
        r_squared=float(result.rsquared),
        hac_maxlags=int(maxlags),
        sample_start=date_list[0],
        sample_end=date_list[-1],
        dropped=dropped,
        diagnostics=diag,
    )


def _diagnostics(
    result: Any, X: FloatArray, y: FloatArray, dates: list[date], chow_break: date | None, bg_lags: int
) -> Diagnostics:
    resid = np.asarray(result.resid, dtype=float)
    k = X.shape[1]
    bg = acorr_breusch_godfrey(result, nlags=bg_lags, result_object=True)
    jb_stat, jb_p, _, _ = jarque_bera(resid)
    cusum_stat, cusum_p, _ = breaks_cusumolsresid(resid, ddof=k)
    chow_date = chow_break or dates[len(dates) // 2]
    chow_f, chow_p = _chow(y, X, np.array([d >= chow_date for d in dates]))
    return Diagnostics(
        durbin_watson=float(durbin_watson(resid)),
        breusch_godfrey_lm=float(bg[0]),
        breusch_godfrey_pvalue=float(bg[1]),
        breusch_godfrey_lags=bg_lags,
        jarque_bera=float(jb_stat),
        jarque_bera_pvalue=float(jb_p),
        cusum=float(cusum_stat),
        cusum_pvalue=float(cusum_p),
        chow_break=chow_date,
        chow_f=chow_f,
        chow_pvalue=chow_p,
        condition_number=float(np.linalg.cond(X)),
    )


def _chow(y: FloatArray, X: FloatArray, after: npt.NDArray[np.bool_]) -> tuple[float, float]:
    r"""Chow test of equal coefficients before and after a date (homoskedastic F; NaN if a part is too short).

    .. math:: F = \frac{(SSR_p - SSR_1 - SSR_2)/q}{(SSR_1 + SSR_2)/(n - k_1 - k_2)}, \quad q = k_1 + k_2 - k

    :math:`k_i` counts the regressors that vary within part :math:`i` (plus the constant): a control that is
    zero throughout one part (the QT share before 2024) is estimated in the other part only.
    """
    n = X.shape[0]

    def ssr_and_rank(mask: npt.NDArray[np.bool_]) -> tuple[float, int]:
        Xm = X[mask]
        keep = [0] + [j for j in range(1, Xm.shape[1]) if np.ptp(Xm[:, j]) > 0]
        beta, _, rank, _ = np.linalg.lstsq(Xm[:, keep], y[mask], rcond=None)
        return float(np.sum((y[mask] - Xm[:, keep] @ beta) ** 2)), int(rank)

    parts = [~after, after]
    if any(int(p.sum()) <= X.shape[1] for p in parts):
        return math.nan, math.nan
    (ssr_1, k_1), (ssr_2, k_2) = ssr_and_rank(parts[0]), ssr_and_rank(parts[1])
    ssr_p, k_p = ssr_and_rank(np.ones(n, dtype=bool))
    q, df = k_1 + k_2 - k_p, n - k_1 - k_2
    if q <= 0 or df <= 0:
        return math.nan, math.nan
    f_stat = ((ssr_p - ssr_1 - ssr_2) / q) / ((ssr_1 + ssr_2) / df)
    return float(f_stat), float(stats.f.sf(f_stat, q, df))


def read_only(array: FloatArray) -> FloatArray:
    """A read-only float copy: the arrays of result types are immutable, like the dataclasses holding them."""
    array = np.array(array, dtype=float)
    array.setflags(write=False)
    return array
