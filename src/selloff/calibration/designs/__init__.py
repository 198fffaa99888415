"""Identification designs of the calibration: each turns the panels into fits of the price impact.

Takes in: the panels and settings; gives out: fits in bp per sale of 1% of GDP (positive = yields rise).
``custody_flows`` is the primary design; ``local_projections`` holds the machinery the quarterly LPs share.
"""
