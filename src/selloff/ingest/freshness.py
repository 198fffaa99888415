"""Is the stored data current? Each dataset's latest observation against its usual publication lag.

FRED dates an observation by the start of its period (monthly the 1st, quarterly the quarter's first
day, annual the year's first day or as the source dates it), weekly series by the week's last day
(Wednesday) and daily series by the day. The observation after the latest one covers the next period;
it is normally out ``release_lag_days`` after that period ends. A dataset is **stale** when that date
has passed, i.e. its next observation is overdue::

    due_date = end of the period after last_date + release_lag_days
    stale    = checked_on > due_date

Usual lags (:data:`RELEASE_LAG_DAYS`, overridable per series in the catalog, ``release_lag_days``),
from the publishers' calendars, with room for weekends and holidays:

* D, 5 days: daily rates are posted the next business day; a weekend and a holiday can intervene.
* W, 3 days: the H.4.1 (Fed holdings, custody) is out on Thursday for the week ending Wednesday.
* M, 7 days: monthly averages of daily rates (GS*, TB3MS, FEDFUNDS) are posted on the first business
  days of the next month.
* Q, 100 days: GDP's advance estimate comes ~30 days after the quarter, the Financial Accounts (Z.1:
  foreign holdings) ~70 days, Treasury's quarterly debt series within about two months.
* A, 200 days: annual budget series come with the President's budget, some months after the fiscal year.
* TIC, 60 days (:data:`TIC_RELEASE_LAG_DAYS`): Treasury publishes a month's holdings around the 15th-18th of
  the second month after it.

Pure: the caller passes the latest dates and the date to check on (``checked_on``: today in
``selloff status --check``, the run date in a refresh, which records it in ``meta.freshness``).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from selloff.ingest.catalog import Frequency, SeriesSpec, load_catalog

RELEASE_LAG_DAYS: Mapping[Frequency, int] = {"D": 5, "W": 3, "M": 7, "Q": 100, "A": 200}
"""Days after the end of an observation's period until it is normally published, by frequency."""

TIC_DATASET = "TIC"
TIC_RELEASE_LAG_DAYS = 60
"""Treasury's major-foreign-holders table: a month's holdings appear mid-month, two months on."""


@dataclass(frozen=True)
class Freshness:
    """One dataset's check."""

    dataset: str
    frequency: Frequency
    last_date: date | None
    """Latest observation with a value (None: nothing stored)."""
    release_lag_days: int
    due_date: date | None
    """When the observation after ``last_date`` was due (None: nothing stored)."""
    checked_on: date

    @property
    def stale(self) -> bool:
        return self.due_date is None or self.checked_on > self.due_date

    @property
    def days_overdue(self) -> int | None:
        return None if self.due_date is None else max(0, (self.checked_on - self.due_date).days)

    def describe(self) -> str:
        """e.g. ``GS30 (last 2025-10-01, next due by 2025-12-07, 206 days overdue)`` (no ``;``: lists of
        these are joined with it)."""
        if self.last_date is None or self.due_date is None:
            return f"{self.dataset} (no observations stored)"
        return (
            f"{self.dataset} (last {self.last_date.isoformat()}, next due by {self.due_date.isoformat()}, "
            f"{self.days_overdue} days overdue)"
        )


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_period_end(frequency: Frequency, last_date: date) -> date:
    """Last day of the period after the one ``last_date`` stands for (FRED's dating, see module doc)."""
    if frequency == "D":
        return last_date + timedelta(days=1)
    if frequency == "W":
        return last_date + timedelta(days=7)
    months = {"M": 1, "Q": 3, "A": 12}[frequency]
    return _add_months(last_date, 2 * months) - timedelta(days=1)


def release_lag_days(spec: SeriesSpec) -> int:
    """The series' usual publication lag: its catalog override, else its frequency's default."""
    return spec.release_lag_days if spec.release_lag_days is not None else RELEASE_LAG_DAYS[spec.frequency]


def check(
    latest: Mapping[str, date | None],
    checked_on: date,
    specs: Sequence[SeriesSpec] | None = None,
) -> list[Freshness]:
    """Freshness of every catalogued series and of the TIC table, in catalog order (TIC last).

    ``latest`` maps a series id (or ``"TIC"``) to its latest observation with a value; a catalogued
    dataset missing from it has nothing stored and is stale.
    """
    rows: list[tuple[str, Frequency, int]] = [
        (spec.id, spec.frequency, release_lag_days(spec)) for spec in (specs or load_catalog())
    ]
    rows.append((TIC_DATASET, "M", TIC_RELEASE_LAG_DAYS))
    checks = []
    for dataset, frequency, lag in rows:
        last = latest.get(dataset)
        due = None if last is None else next_period_end(frequency, last) + timedelta(days=lag)
        checks.append(Freshness(dataset, frequency, last, lag, due, checked_on))
    return checks


def stale(checks: Iterable[Freshness]) -> list[Freshness]:
    return [c for c in checks if c.stale]


def read_latest(con: duckdb.DuckDBPyConnection) -> dict[str, date | None]:
    """Latest observation with a value per stored series (latest vintage), and of the TIC table."""
    rows = con.execute(
        """
        select series_id, max(date) filter (where value is not null)
        from stg.observations
        group by series_id
        union all
        select 'TIC', max(date) filter (where holdings_usd_bn is not null)
        from stg.tic_holdings
        """
    ).fetchall()
    return {str(dataset): last for dataset, last in rows}


def store(con: duckdb.DuckDBPyConnection, run_id: str, checks: Sequence[Freshness]) -> None:
    """Record the checks of a run in ``meta.freshness``."""
    con.executemany(
        "insert into meta.freshness (run_id, dataset, frequency, last_date, release_lag_days, due_date, "
        "checked_on, stale) values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                run_id,
                c.dataset,
                c.frequency,
                c.last_date,
                c.release_lag_days,
                c.due_date,
                c.checked_on,
                c.stale,
            )
            for c in checks
        ],
    )
