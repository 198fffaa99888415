"""``proj.inputs``: each input's "data to" date and the freshness rule (usual lag plus one period)."""

from __future__ import annotations

import pandas as pd

from selloff.projection import fiscal
from selloff.projection.holdings import TicHoldings
from selloff.projection.inputs import (
    INPUTS_COLUMNS,
    Input,
    inputs_frame,
    projection_inputs,
    stale_warnings,
    window_text,
)

JULY_2026 = pd.Timestamp("2026-07-01")


def test_an_input_is_stale_when_older_than_its_lag_and_one_period() -> None:
    def monthly(data_to: str) -> Input:
        return Input("x", "a monthly series", "src", pd.Timestamp(data_to), "M", 1)

    # June's figure in July: the usual; May's: one month late, still within lag + one period; April's: stale
    assert not monthly("2026-06-01").stale(JULY_2026)
    assert not monthly("2026-05-01").stale(JULY_2026)
    assert monthly("2026-04-01").stale(JULY_2026)
    # a quarter ends in its third month: 2026Q1 (to March) is fresh in July with a one-quarter lag …
    quarterly = Input("q", "a quarterly series", "src", pd.Timestamp("2026-01-01"), "Q", 1)
    assert not quarterly.stale(JULY_2026)
    # … 2025Q2 (to June 2025) is not
    assert Input("q", "q", "src", pd.Timestamp("2025-04-01"), "Q", 1).stale(JULY_2026)


def test_the_snapshots_inputs_and_their_dates(
    setup: fiscal.FiscalSetup, yields: pd.DataFrame, holdings: TicHoldings
) -> None:
    found = {i.input: i for i in projection_inputs(yields, setup, holdings)}
    assert window_text(setup) == "data to June 2026; projection July 2026 – September 2036"
    # the 10-year and the bill end in June 2026, the 30-year in October 2025 (carried on at its spread)
    assert found["yield_10y"].data_to == pd.Timestamp("2026-06-01") and not found["yield_10y"].stale(
        JULY_2026
    )
    assert found["yield_30y"].data_to == pd.Timestamp("2025-10-01") and found["yield_30y"].stale(JULY_2026)
    assert "carried on" in found["yield_30y"].note
    assert found["gdp"].data_to == pd.Timestamp("2026-01-01") and found["gdp"].frequency == "Q"
    assert found["cbo_baseline"].data_to == pd.Timestamp("2026-02-01")
    assert found["tic_holdings"].data_to == pd.Timestamp(holdings.as_of).to_period("M").to_timestamp()
    frame = inputs_frame(list(found.values()), setup.start_month, "run-1")
    assert list(frame.columns) == list(INPUTS_COLUMNS) and frame["input"].is_unique
    warnings = stale_warnings(list(found.values()), setup.start_month)
    assert len(warnings) == int(frame["stale"].sum()) >= 1
    assert any("30-year" in w and "October 2025" in w for w in warnings)
