"""The small interface every data source implements, chosen per dataset.

FRED series come from ``snapshot`` (real data shipped in the package) or ``fred`` (live, through
fredapi); the TIC major-foreign-holders table comes from ``snapshot`` or ``tic`` (Treasury's published
files). ``offline`` means the snapshot for every dataset: no network at all.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, Literal, Protocol

import pandas as pd

SeriesSourceName = Literal["snapshot", "fred"]
HoldingsSourceName = Literal["snapshot", "tic"]

OBSERVATION_COLUMNS = ("date", "value", "realtime_start", "realtime_end")
"""Columns of an observations frame: ``date`` (datetime64, the observation period's first day as FRED
dates it), ``value`` (float64, NaN for FRED's "."), ``realtime_start`` / ``realtime_end`` (datetime64)."""

HOLDINGS_COLUMNS = ("country", "date", "holdings_usd_bn", "holdings_old_series_usd_bn", "realtime_start")


class SourceError(RuntimeError):
    """A dataset could not be fetched. The message names it and never contains a secret."""

    def __init__(self, dataset: str, message: str, *, permanent: bool = True) -> None:
        super().__init__(f"{dataset}: {message}")
        self.dataset = dataset
        self.permanent = permanent


@dataclass(frozen=True)
class SeriesMetadata:
    """A series' metadata as its source gives it (FRED's /series fields)."""

    series_id: str
    title: str
    units: str
    frequency: str
    seasonal_adjustment: str | None
    observation_start: date | None
    observation_end: date | None
    last_updated: str
    notes: str | None
    source: SeriesSourceName

    def as_row(self, fetched_at: datetime) -> dict[str, Any]:
        return {**asdict(self), "fetched_at": fetched_at}


class SeriesSource(Protocol):
    """Where FRED series come from."""

    @property
    def name(self) -> SeriesSourceName: ...

    def series_info(self, series_id: str) -> SeriesMetadata:
        """Metadata, including ``last_updated``; one request for the live source."""
        ...

    def observations(self, series_id: str, *, observation_start: date | None = None) -> pd.DataFrame:
        """Observations from ``observation_start`` (all if ``None``); columns :data:`OBSERVATION_COLUMNS`."""
        ...

    def requests_for(self, series_id: str) -> int:
        """HTTP requests made so far for ``series_id``, retries included (0 offline)."""
        ...


class HoldingsSource(Protocol):
    """Where the TIC major-foreign-holders table comes from."""

    @property
    def name(self) -> HoldingsSourceName: ...

    def holdings(self) -> pd.DataFrame:
        """Country holdings, $bn at end of month, columns :data:`HOLDINGS_COLUMNS`."""
        ...

    def requests_made(self) -> int: ...
