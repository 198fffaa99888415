r"""The literature prior: the checked-in table (``selloff/data/priors.toml``) and the responses it implies.

Units: bp per sale of 1% of GDP (positive = yields rise), the scale-free unit of
:class:`~selloff.calibration.impact.PriceImpact`; ``published_low/high`` are bp per $100bn at the table's
conversion GDP. Each tenor has a mean and SD for the two terms, impact and long run; between them the prior
response decays with the weights of :func:`prior_decay_weights`, and :func:`prior_responses` draws impact
and long run jointly normal (correlated across tenors and between the two terms).
:mod:`selloff.calibration.store` reads the TOML; :func:`parse_prior` validates it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import optimize

from selloff.calibration.config import TERMS, CalibrationConfig, Term
from selloff.tenors import TENORS, Tenor

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PriorEntry:
    """The literature prior for one tenor and term, bp per sale of 1% of GDP."""

    tenor: Tenor
    term: Term
    mean_bp_per_pct_gdp: float
    sd_bp_per_pct_gdp: float
    sources: tuple[str, ...]
    published_low_bp_per_100bn: float | None = None
    published_high_bp_per_100bn: float | None = None


@dataclass(frozen=True)
class PriorTable:
    """The checked-in prior (``selloff/data/priors.toml``)."""

    entries: tuple[PriorEntry, ...]
    half_life_quarters: float
    corr_tenors: float
    corr_impact_long_run: float
    conversion_gdp_usd_bn: float
    source: str = ""

    def __post_init__(self) -> None:
        keys = [(e.tenor, e.term) for e in self.entries]
        missing = [f"{t}/{m}" for t in TENORS for m in TERMS if (t, m) not in keys]
        if missing:
            raise ValueError(f"prior table has no entry for {', '.join(missing)}")
        if len(set(keys)) != len(keys):
            raise ValueError("prior table has duplicate (tenor, term) entries")
        for e in self.entries:
            if not (math.isfinite(e.mean_bp_per_pct_gdp) and e.sd_bp_per_pct_gdp > 0):
                raise ValueError(f"prior {e.tenor}/{e.term}: mean must be finite and sd positive")
        if self.half_life_quarters <= 0:
            raise ValueError(f"prior half_life_quarters must be positive, got {self.half_life_quarters}")
        for name in ("corr_tenors", "corr_impact_long_run"):
            value = getattr(self, name)
            if not -1 < value < 1:
                raise ValueError(f"prior {name} must be in (-1, 1), got {value}")

    def get(self, tenor: Tenor, term: Term) -> PriorEntry:
        for entry in self.entries:
            if entry.tenor == tenor and entry.term == term:
                return entry
        raise KeyError((tenor, term))


def parse_prior(raw: Mapping[str, Any]) -> PriorTable:
    """Validate the parsed ``priors.toml`` mapping into a :class:`PriorTable` (``ValueError`` if bad)."""
    try:
        entries = tuple(
            PriorEntry(
                tenor=_checked(row["tenor"], TENORS, "tenor"),
                term=_checked(row["term"], TERMS, "term"),
                mean_bp_per_pct_gdp=float(row["mean_bp_per_pct_gdp"]),
                sd_bp_per_pct_gdp=float(row["sd_bp_per_pct_gdp"]),
                sources=tuple(str(s) for s in row.get("sources", ())),
                published_low_bp_per_100bn=_opt_float(row.get("published_low_bp_per_100bn")),
                published_high_bp_per_100bn=_opt_float(row.get("published_high_bp_per_100bn")),
            )
            for row in raw["prior"]
        )
        return PriorTable(
            entries=entries,
            half_life_quarters=float(raw["half_life_quarters"]),
            corr_tenors=float(raw["corr_tenors"]),
            corr_impact_long_run=float(raw["corr_impact_long_run"]),
            conversion_gdp_usd_bn=float(raw["conversion_gdp_usd_bn"]),
            source=str(raw.get("source", "")),
        )
    except KeyError as exc:
        raise ValueError(f"prior table is missing the field {exc.args[0]!r}") from None


def _checked(value: Any, allowed: tuple[str, ...], name: str) -> Any:
    if value not in allowed:
        raise ValueError(f"prior {name}={value!r} not in {allowed}")
    return value


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def prior_decay_weights(half_life_q: float, settle_q: int, max_horizon_q: int) -> FloatArray:
    r"""Weight on the impact at horizons 0…``max_horizon_q``: 1 at 0, ½ at ``half_life_q``, 0 from quarter S.

    A shifted exponential, :math:`g_h = (x^h - x^S)/(1 - x^S)` for :math:`h < S`, 0 after, with :math:`x`
    solved so that :math:`g_\tau = 1/2`. A plain :math:`2^{-h/\tau}` would leave 9–13% of the gap open at
    6–8 quarters, so the prior's long run (the mean response there) would exceed its stated mean.
    Needs :math:`0 < \tau < S/2` (the limit :math:`x \to 1` is a straight line, halved at :math:`S/2`).
    """
    if not 0.0 < half_life_q < settle_q / 2.0:
        raise ValueError(
            f"prior half_life_quarters must lie in (0, {settle_q / 2:g}) to settle by quarter {settle_q}, "
            f"got {half_life_q}"
        )
    h = np.arange(max_horizon_q + 1, dtype=np.float64)

    def shape(x: float, at: FloatArray) -> FloatArray:
        return np.where(at < settle_q, (x**at - x**settle_q) / (1.0 - x**settle_q), 0.0)

    x = optimize.brentq(lambda x: float(shape(x, np.array(half_life_q))) - 0.5, 1e-9, 1.0 - 1e-9, xtol=1e-14)
    return shape(float(x), h)


def prior_responses(
    prior: PriorTable, config: CalibrationConfig, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Prior point, SD and draws of the response, shape (tenors, H + 2) and (draws, tenors, H + 2).

    The response decays from the impact :math:`I` to the long run :math:`L`,
    :math:`r_h = L + (I - L)\, g_h`, with the weights of :func:`prior_decay_weights`: the gap halves in
    ``half_life_quarters`` and is closed at the first long-run horizon, so the prior's mean response over
    the long-run horizons is :math:`L`, the same statistic as the data's long run.

    Draws of :math:`(I_k, L_k)` are joint normal with correlation ``corr_tenors`` across tenors and
    ``corr_impact_long_run`` between the two terms.
    """
    H = config.horizons_q
    K = len(TENORS)
    mean = np.array(
        [
            [prior.get(t, "impact").mean_bp_per_pct_gdp, prior.get(t, "long_run").mean_bp_per_pct_gdp]
            for t in TENORS
        ]
    )
    sd = np.array(
        [
            [prior.get(t, "impact").sd_bp_per_pct_gdp, prior.get(t, "long_run").sd_bp_per_pct_gdp]
            for t in TENORS
        ]
    )
    corr_t = (1 - prior.corr_tenors) * np.eye(K) + prior.corr_tenors
    corr_term = np.array([[1.0, prior.corr_impact_long_run], [prior.corr_impact_long_run, 1.0]])
    cov = np.kron(corr_t, corr_term) * np.outer(sd.ravel(), sd.ravel())
    draws_il = rng.multivariate_normal(mean.ravel(), cov, size=config.n_draws, method="cholesky").reshape(
        -1, K, 2
    )
    g = prior_decay_weights(prior.half_life_quarters, min(config.long_run_horizons_q), H)

    def curve(impact: FloatArray, long_run: FloatArray) -> FloatArray:
        irf = long_run[..., None] + (impact - long_run)[..., None] * g
        return np.concatenate([irf, long_run[..., None]], axis=-1)

    point = curve(mean[:, 0], mean[:, 1])
    draws = curve(draws_il[..., 0], draws_il[..., 1])
    rho = prior.corr_impact_long_run
    var_irf = (
        (g**2) * sd[:, :1] ** 2
        + ((1 - g) ** 2) * sd[:, 1:] ** 2
        + 2 * g * (1 - g) * rho * sd[:, :1] * sd[:, 1:]
    )
    prior_sd = np.concatenate([np.sqrt(var_irf), sd[:, 1:]], axis=1)
    return point, prior_sd, draws
