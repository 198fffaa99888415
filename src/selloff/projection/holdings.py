"""Latest TIC holdings of the major foreign holders: who can sell, and what a sale is made of.

``stg.tic_holdings`` (or the snapshot's file) → :class:`TicHoldings`: each holder's Treasuries, the
foreign-official split between bills and notes & bonds (the default composition of a sale, and the mix
the calibration's flows stand for) and all foreign holdings. Amounts in $bn, end of month, market value
as TIC reports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

HOLDINGS_MATURITY_YEARS = 6.0
"""Average maturity assumed for foreign holdings of notes and bonds: the marketable debt's weighted average
maturity (72 months, June 2025; anchors-calibration.md §3 S3). TIC does not publish foreign holdings'
maturity; this sets their duration (≈5.3 years) and so the 10-year equivalents and mark-to-market."""


@dataclass(frozen=True)
class TicHoldings:
    """Latest TIC major-foreign-holders figures ($bn, end of month, market value as TIC reports)."""

    as_of: date
    by_country_usd_bn: Mapping[str, float]
    official_bills_usd_bn: float
    official_notes_bonds_usd_bn: float
    total_foreign_usd_bn: float

    OFFICIAL_BILLS = "For. Official - Treasury Bills"
    OFFICIAL_NOTES_BONDS = "For. Official - T-Bonds & Notes"
    TOTAL = "Grand Total"

    @property
    def official_bills_share(self) -> float:
        """Bills' share of foreign-official holdings: the default composition of a sale."""
        return self.official_bills_usd_bn / (self.official_bills_usd_bn + self.official_notes_bonds_usd_bn)

    @property
    def sellers(self) -> tuple[str, ...]:
        skip = {self.OFFICIAL_BILLS, self.OFFICIAL_NOTES_BONDS, self.TOTAL, "For. Official", "All Other"}
        return tuple(sorted(c for c in self.by_country_usd_bn if c not in skip))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> TicHoldings:
        """From a ``country, date, holdings_usd_bn`` frame (``stg.tic_holdings``, ``raw.tic_holdings`` or the
        snapshot file with ``holdings_bn`` renamed): the latest month that has the Grand Total."""
        needed = {"country", "date", "holdings_usd_bn"}
        if not needed <= set(frame.columns):
            raise ValueError(f"TIC holdings need columns {sorted(needed)}, got {list(frame.columns)}")
        data = frame.assign(date=pd.to_datetime(frame["date"])).dropna(subset=["holdings_usd_bn"])
        if "realtime_start" in data.columns:  # raw rows with several vintages: keep the latest of each
            data = data.sort_values("realtime_start")
        data = data.drop_duplicates(subset=["country", "date"], keep="last")
        latest = data.loc[data["country"] == cls.TOTAL, "date"].max()
        if pd.isna(latest):
            raise ValueError("TIC holdings have no 'Grand Total' row")
        month = data[data["date"] == latest].set_index("country")["holdings_usd_bn"].astype("float64")
        for need in (cls.OFFICIAL_BILLS, cls.OFFICIAL_NOTES_BONDS):
            if need not in month.index:
                raise ValueError(f"TIC holdings for {latest:%Y-%m} lack {need!r}")
        return cls(
            as_of=latest.date(),
            by_country_usd_bn={str(k): float(v) for k, v in month.items()},
            official_bills_usd_bn=float(month[cls.OFFICIAL_BILLS]),
            official_notes_bonds_usd_bn=float(month[cls.OFFICIAL_NOTES_BONDS]),
            total_foreign_usd_bn=float(month[cls.TOTAL]),
        )
