"""The calibration stage: how far yields move per $100bn sold, by tenor, on impact and for good.

Takes in: the SQL panels (``marts.panel_*``) and the literature prior (``data/priors.toml``); pure functions.
Gives out: a :class:`~selloff.calibration.impact.PriceImpact` with joint draws, stored in ``calib.*``.
"""
