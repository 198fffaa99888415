"""The calibration's inputs: the quarterly and monthly panels, the columns it reads, and the flow measures.

:class:`Panels` holds ``marts.panel_quarterly`` / ``marts.panel_monthly`` as read by
:mod:`selloff.calibration.store`. The column maps name, for every column the calibration reads, the series a
user has to refresh when it is empty; :func:`validate_panels` checks them up front. Units are in the column
names: $bn (``_usd_bn``), basis points (``_bp``), % of GDP (``_pct_gdp``, GDP at a seasonally adjusted
annual rate).

Flow measures are the three measures of net foreign purchases in the quarterly panel; the calibration turns
them into net **sales** (a sale is positive). Face value (WMTSECL1 custody holdings) is transactions
already; market-value measures need a valuation adjustment with an assumed duration
(:func:`selloff.calibration.designs.custody_flows.net_sales_pct_gdp`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal, get_args

import pandas as pd

from selloff.tenors import TENORS

if TYPE_CHECKING:
    from selloff.calibration.identified import DesignInputs

FlowMeasure = Literal["custody_face", "foreign_mv", "tic_official_mv"]
FLOW_MEASURES: tuple[FlowMeasure, ...] = get_args(FlowMeasure)


@dataclass(frozen=True)
class Panels:
    """The calibration inputs read from ``marts.panel_quarterly`` / ``marts.panel_monthly``.

    ``quarterly`` has one row per quarter (column ``quarter``, first day), ``monthly`` one row per month
    (column ``month``); both gap-free and sorted. ``vintage`` is the latest ``realtime_start`` of the data
    used; ``as_of`` the ``--as-of`` date they were read at (None = latest vintage).
    """

    quarterly: pd.DataFrame
    monthly: pd.DataFrame
    vintage: date | None = None
    as_of: date | None = None
    design_inputs: DesignInputs | None = None
    """Daily yields, event tables and the supply panel of the identified designs (None: prior-only blend)."""


@dataclass(frozen=True)
class FlowMeasureSpec:
    """A measure of net foreign purchases in the quarterly panel."""

    name: FlowMeasure
    net_change_usd_bn: str
    start_holdings_usd_bn: str | None
    """Holdings at the start of the quarter ($bn), for the valuation adjustment; None for face value."""
    valuation_basis: Literal["face", "market"]
    series: str
    description: str


FLOW_MEASURE_SPECS: dict[FlowMeasure, FlowMeasureSpec] = {
    "custody_face": FlowMeasureSpec(
        "custody_face",
        "custody_net_purchases_usd_bn",
        None,
        "face",
        "WMTSECL1",
        "Fed custody holdings for foreign official accounts, face value, from 2007Q3",
    ),
    "foreign_mv": FlowMeasureSpec(
        "foreign_mv",
        "foreign_mv_net_change_usd_bn",
        "foreign_mv_start_usd_bn",
        "market",
        "FDHBFIN",
        "all foreign holders (Treasury Bulletin), market value, from 1970",
    ),
    "tic_official_mv": FlowMeasureSpec(
        "tic_official_mv",
        "tic_official_net_change_usd_bn",
        "tic_official_start_usd_bn",
        "market",
        "TIC For. Official",
        "TIC foreign official holders, market value, from 2000 (series breaks stepped over)",
    ),
}

# Columns the calibration reads, and the series a user has to refresh when one is empty.
QUARTERLY_COLUMNS: dict[str, str] = {
    **{
        f"d_yield_{tenor}_bp": series
        for tenor, series in zip(TENORS, ("TB3MS", "GS1", "GS2", "GS5", "GS10", "GS30"), strict=True)
    },
    "d_policy_rate_bp": "FEDFUNDS",
    "gdp_usd_bn": "GDP",
    "d_debt_public_pct_gdp": "FYGFDPUN and GDP",
    "custody_net_purchases_usd_bn": "WMTSECL1",
    "foreign_mv_net_change_usd_bn": "FDHBFIN",
    "foreign_mv_start_usd_bn": "FDHBFIN",
    "tic_official_net_change_usd_bn": "TIC holdings (For. Official)",
    "tic_official_start_usd_bn": "TIC holdings (For. Official)",
    "fed_net_purchases_pct_gdp": "TREAST",
    "fed_series_available": "TREAST",
    "qe_share": "stg.fed_balance_sheet_regimes",
    "qt_share": "stg.fed_balance_sheet_regimes",
}
# Empty optional columns only cost a sensitivity check (noted); empty required ones stop the calibration.
OPTIONAL_QUARTERLY_COLUMNS = frozenset(
    {"tic_official_net_change_usd_bn", "tic_official_start_usd_bn", "fed_net_purchases_pct_gdp"}
)
MONTHLY_COLUMNS: dict[str, str] = {
    **{
        f"yield_{tenor}_pct": series
        for tenor, series in zip(TENORS, ("TB3MS", "GS1", "GS2", "GS5", "GS10", "GS30"), strict=True)
    },
    **{
        f"d_yield_{tenor}_bp": series
        for tenor, series in zip(TENORS, ("TB3MS", "GS1", "GS2", "GS5", "GS10", "GS30"), strict=True)
    },
    "d_policy_rate_bp": "FEDFUNDS",
    "custody_net_purchases_usd_bn": "WMTSECL1",
    "custody_face_eop_usd_bn": "WMTSECL1",
    "fed_regime": "stg.fed_balance_sheet_regimes",
}


def validate_panels(panels: Panels) -> list[str]:
    """Check the panels carry what the calibration needs; return notes on optional gaps.

    Raises ``ValueError`` naming the missing columns and the series to refresh.
    """
    q, m = panels.quarterly, panels.monthly
    for frame, key, needed, name in (
        (q, "quarter", QUARTERLY_COLUMNS, "marts.panel_quarterly"),
        (m, "month", MONTHLY_COLUMNS, "marts.panel_monthly"),
    ):
        absent = [c for c in (key, *needed) if c not in frame.columns]
        if absent:
            raise ValueError(f"{name} lacks the columns {', '.join(absent)}")
    empty_required = sorted(
        {
            QUARTERLY_COLUMNS[c]
            for c in QUARTERLY_COLUMNS
            if c not in OPTIONAL_QUARTERLY_COLUMNS and q[c].isna().all()
        }
    )
    empty_required += sorted(
        {MONTHLY_COLUMNS[c] for c in MONTHLY_COLUMNS if m[c].isna().all()} - set(empty_required)
    )
    if empty_required:
        raise ValueError(f"missing series (no observations in the panels): {', '.join(empty_required)}")
    notes = []
    for column in sorted(OPTIONAL_QUARTERLY_COLUMNS):
        if q[column].isna().all():
            notes.append(f"{QUARTERLY_COLUMNS[column]} has no observations: {column} left out")
    if not q["quarter"].is_monotonic_increasing or q["quarter"].duplicated().any():
        raise ValueError("marts.panel_quarterly must have one row per quarter, sorted")
    return notes
