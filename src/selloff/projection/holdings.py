"""Latest TIC holdings of the major foreign holders: who can sell, and what a sale is made of.

``stg.tic_holdings`` (or the snapshot's file) → :class:`TicHoldings`: each holder's Treasuries, the
foreign-official split between bills and notes & bonds (the default composition of a sale, and the mix
the calibration's flows stand for) and all foreign holdings. Amounts in $bn, end of month, market value
as TIC reports them; :func:`holdings_prices` gives their face value at a month's prices.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas and numpy only where used: the CLI's input checks import this module
    import numpy as np
    import numpy.typing as npt
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
        return sellers_among(self.by_country_usd_bn)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> TicHoldings:
        """From a ``country, date, holdings_usd_bn`` frame (``stg.tic_holdings``, ``raw.tic_holdings`` or the
        snapshot file with ``holdings_bn`` renamed): the latest month that has the Grand Total."""
        import pandas as pd

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


AGGREGATE_ROWS = frozenset(
    (
        TicHoldings.OFFICIAL_BILLS,
        TicHoldings.OFFICIAL_NOTES_BONDS,
        TicHoldings.TOTAL,
        "For. Official",
        "All Other",
    )
)
"""Rows of the TIC table that are totals or splits, not holders that could sell."""


def sellers_among(countries: Iterable[str]) -> tuple[str, ...]:
    """The holders that can sell, sorted: TIC's rows without its totals and splits."""
    return tuple(sorted(c for c in countries if c not in AGGREGATE_ROWS))


@dataclass(frozen=True)
class HoldingsPrices:
    """What a TIC portfolio's face value is per dollar of market value, at one month's curve.

    Bills are priced as 3-month bills at the month's bill yield; notes and bonds as one bond of
    :data:`HOLDINGS_MATURITY_YEARS` paying ``coupon_pct`` (the average coupon of the notes and bonds
    outstanding), at the curve's yield for that maturity. ``bills_share`` is the bills' share of the
    portfolio's **market value**, as TIC splits foreign-official holdings.
    """

    month: date
    bills_price: float
    """Per 100 face."""
    notes_bonds_price: float
    """Per 100 face."""
    bills_share: float

    @property
    def face_per_market(self) -> float:
        """Face value per dollar of market value (> 1 when the coupons are below the yields)."""
        return (
            self.bills_share * 100.0 / self.bills_price
            + (1.0 - self.bills_share) * 100.0 / self.notes_bonds_price
        )

    def market_value(self, face_usd_bn: float) -> float:
        """The market value ($bn) of ``face_usd_bn`` of this portfolio at this month's prices."""
        return face_usd_bn / self.face_per_market

    def face_value(self, market_usd_bn: float) -> float:
        """The face value ($bn) of ``market_usd_bn`` of this portfolio at this month's prices."""
        return market_usd_bn * self.face_per_market


def holdings_prices(
    month: date,
    tenor_yields_pct: Sequence[float] | npt.NDArray[np.float64],
    coupon_pct: float,
    bills_share: float,
) -> HoldingsPrices:
    """:class:`HoldingsPrices` at a month's bond-equivalent tenor curve (3m … 30y, percent)."""
    import numpy as np

    from selloff.projection import bonds
    from selloff.projection.curve import BILL_DAYS, curve_at

    curve = np.asarray(tenor_yields_pct, dtype=np.float64)
    if curve.shape != (6,) or not np.all(np.isfinite(curve)):
        raise ValueError("the curve must hold six finite tenor yields")
    y_nb = float(curve_at(curve, HOLDINGS_MATURITY_YEARS))
    return HoldingsPrices(
        month=month,
        bills_price=float(bonds.bill_price_from_bey(float(curve[0]), BILL_DAYS)),
        notes_bonds_price=float(bonds.price_from_yield(y_nb, coupon_pct, HOLDINGS_MATURITY_YEARS)),
        bills_share=bills_share,
    )
