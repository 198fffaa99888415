"""The Monte Carlo simulation: response kernels → yield paths → the fiscal engine → the Fed's books.

:func:`simulate` runs every draw at once (arrays (T, D, 6) and (T, D)); it takes the
:class:`~selloff.projection.prepare.PreparedScenario` and the kernels of
:mod:`selloff.projection.kernels` (one per draw, or the point estimate's). Pure and vectorised.

Yield paths
-----------
Yield changes in **bp** (positive = yields rise; a sale, written positive, raises them):

.. math::

    \\Delta y_{\\tau, t} = \\sum_{u \\le t} x_u\\,f_\\tau(t - u)
          + L_\\tau\\,z_t + \\beta_\\tau\\,\\Delta p_t + \\delta_t

where :math:`x_u` is the effective shock input of month :math:`u` (percent of the denominator at
:math:`u`, :mod:`selloff.projection.prepare`), :math:`f_\\tau(j)` the transitory monthly kernel of tenor
:math:`\\tau` (bp per 1% sold), :math:`L_\\tau` its long-run response and :math:`z_t` the sold supply still
outstanding in percent of the market at :math:`t` (:mod:`selloff.projection.kernels`),
:math:`\\Delta p_t` a policy-rate override passed through with weights :math:`\\beta_\\tau`, and
:math:`\\delta_t` an optional parallel shift. The optional confidence channel
adds :math:`c\\,(b_t - b^{base}_t)` bp per point of debt/GDP inside the fiscal engine
(:class:`~selloff.projection.engine.Confidence`); it is added back onto the yields reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from selloff.projection.curve import curve_at, instrument_yields
from selloff.projection.engine import EngineResult, run_engine
from selloff.projection.holdings import HOLDINGS_MATURITY_YEARS
from selloff.projection.kernels import Kernel, shock_bp
from selloff.projection.prepare import PreparedScenario
from selloff.tenors import TENORS

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Simulation:
    shock_bp: FloatArray  # (T, D, 6) including exogenous moves and the confidence add-on
    tenor_yields_pct: FloatArray  # (T, D, 6), confidence add-on included
    pre_confidence_yields_pct: FloatArray  # (T, D, 6), what the engine was given
    result: EngineResult
    fed_loss_usd_bn: FloatArray  # (T, D) fall in Fed remittances (positive = Treasury+Fed cost)


def simulate(prep: PreparedScenario, kernel: Kernel) -> Simulation:
    """Run the response kernels ``kernel`` (D draws; :class:`~selloff.projection.kernels.Kernel`) through
    yields, the engine and the Fed's books, all draws at once.

    The Fed's remittances fall by what its reserves cost (policy rate) less what its purchases earn (the
    bill rate on bills; the notes-and-bonds yield at purchase on the rest), per month:

    .. math::

        L_t = \\big(p_t\\,H_{t-1} - r^{3m}_t\\,H^{b}_{t-1}
              - \\textstyle\\sum_{u<t} F^{nb}_u\\,y^{nb}_u\\big)/1200
    """
    T = prep.T
    base_curve = prep.setup.paths.tenor_yields_pct[:T]
    shock = shock_bp(prep, kernel)  # (D, 6, T) bp
    shock = np.ascontiguousarray(shock.transpose(2, 0, 1)) + prep.exogenous_bp[:, None, :]  # (T, D, 6)
    curve = base_curve[:, None, :] + shock / 100.0
    inst = instrument_yields(curve)
    short = curve[:, :, TENORS.index("3m")]
    result = run_engine(prep.plan, inst, short, confidence=prep.confidence)
    pre = curve
    if result.confidence_pp is not None:
        add = result.confidence_pp[:, :, None] * prep.confidence_tenor_weights[None, None, :]
        shock = shock + add * 100.0
        curve = curve + add
        short = curve[:, :, TENORS.index("3m")]
    # Fed: reserves pay the policy rate; bills earn the bill rate; notes & bonds their yield at purchase
    held_bills = np.concatenate([[0.0], np.cumsum(prep.fed_bills_usd_bn)[:-1]])
    held_notes = np.concatenate([[0.0], np.cumsum(prep.fed_notes_usd_bn)[:-1]])
    y_nb = curve_at(curve, HOLDINGS_MATURITY_YEARS)  # (T, D)
    notes_runrate = np.cumsum(prep.fed_notes_usd_bn[:, None] * y_nb, axis=0)
    notes_runrate = np.concatenate([np.zeros((1, curve.shape[1])), notes_runrate[:-1]])
    policy = prep.policy_rate_pct[:, None]
    loss = (
        (held_bills + held_notes)[:, None] * policy - held_bills[:, None] * short - notes_runrate
    ) / 1200.0
    return Simulation(shock, curve, pre, result, loss)
