"""Instruments and curves: log-maturity interpolation, the bill converted to a bond-equivalent yield."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from selloff.projection.bonds import bill_bey_from_discount
from selloff.projection.curve import INSTRUMENT_NAMES, TENOR_TO_INSTRUMENT, instrument_yields, monthly_curve
from selloff.tenors import TENORS


def test_instrument_yields_interpolate_in_log_maturity() -> None:
    curve = np.array([[3.0, 3.2, 3.4, 3.7, 4.0, 4.5]])
    inst = instrument_yields(curve)[0]
    idx = INSTRUMENT_NAMES.index
    assert inst[idx("note_2y")] == 3.4 and inst[idx("note_10y")] == 4.0 and inst[idx("bond_30y")] == 4.5
    frac = (np.log(7) - np.log(5)) / (np.log(10) - np.log(5))
    assert_allclose(inst[idx("note_7y")], 3.7 + frac * 0.3, rtol=1e-14)
    assert_allclose(inst, (curve @ TENOR_TO_INSTRUMENT)[0], rtol=1e-14)


def test_monthly_curve_converts_the_bill_to_bond_equivalent(yields: pd.DataFrame) -> None:
    curve = monthly_curve(yields)
    raw = yields[(yields["tenor"] == "3m") & (yields["date"] == pd.Timestamp("2025-04-01"))][
        "yield_pct"
    ].iloc[0]
    assert_allclose(
        curve.loc[pd.Timestamp("2025-04-01"), "3m"], bill_bey_from_discount(raw, 91.0), rtol=1e-12
    )
    assert list(curve.columns) == list(TENORS)
    with pytest.raises(ValueError, match="unknown tenors"):
        monthly_curve(
            pd.DataFrame({"date": [pd.Timestamp("2020-01-01")], "tenor": ["15y"], "yield_pct": [1.0]})
        )
