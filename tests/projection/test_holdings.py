"""TIC holdings: the latest month, the latest vintage of each figure, the foreign-official bill share."""

from __future__ import annotations

import pandas as pd
from numpy.testing import assert_allclose

from selloff.projection.holdings import TicHoldings


def test_tic_holdings_latest_month(holdings: TicHoldings) -> None:
    assert str(holdings.as_of) == "2025-12-01"
    assert holdings.by_country_usd_bn["Japan"] == 1185.5
    assert_allclose(holdings.official_bills_share, 388.5 / (388.5 + 3498.5), rtol=1e-12)
    assert "Japan" in holdings.sellers and "Grand Total" not in holdings.sellers


def test_tic_holdings_keep_the_latest_vintage() -> None:
    frame = pd.DataFrame(
        {
            "country": ["Japan", "Japan", "Grand Total", "For. Official - Treasury Bills",
                        "For. Official - T-Bonds & Notes"],
            "date": ["2025-12-01"] * 5,
            "holdings_usd_bn": [1100.0, 1185.5, 9271.0, 388.5, 3498.5],
            "realtime_start": ["2026-01-15", "2026-03-18", "2026-03-18", "2026-03-18", "2026-03-18"],
        }
    )  # fmt: skip
    assert TicHoldings.from_frame(frame).by_country_usd_bn["Japan"] == 1185.5
