"""The projection stage: a sale's yield paths, bond-price falls and extra federal interest by fiscal year.

Takes in: a calibrated PriceImpact, a pinned CBO baseline, TIC holdings and validated scenarios (TOML); pure.
Gives out: Monte Carlo projections with p5/p50/p95 bands, stored in ``proj.*``.
"""
