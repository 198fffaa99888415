"""``selloff explore``: a local what-if page over the projection engine.

Takes in: the published warehouse (calibration, yields, TIC holdings; read once) and the page's controls.
Gives out: point results as controls move, bands on request, the reverse stress test, scenario files, CSV.
"""
