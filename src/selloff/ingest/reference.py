"""Reference datasets: public tables shipped with the snapshot that are not FRED series.

The ACM term premium and SOMA holdings (New York Fed), the MoF 10-year JGB yield, the dated Fed QE/QT
announcements, Japan's FX interventions and the FOMC statement dates. They have no live source: they
load from the snapshot (``selloff refresh --source snapshot`` or ``--source ref``) into versioned
``raw.<name>`` tables and are read through the ``ref.<name>`` views; a live refresh (``--source
fred``/``tic``) never touches them. Every file is checked row by row before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, Literal

import pandas as pd

from selloff.ingest.events import (
    TradingCalendar,
    parse_fed_announcements,
    parse_fomc_dates,
    parse_fx_interventions,
)
from selloff.ingest.refcsv import ReferenceDataError, read_rows
from selloff.ingest.snapshot import Snapshot, read_fred_csv

CALENDAR_SERIES: Final = "DGS10"
"""The US trading calendar of the event tables: the days with an H.15 10-year close in the snapshot."""

SOMA_CATEGORIES = (
    "bills",
    "notes_&_bonds",
    "tips",
    "tips_inflation_compensation",
    "frn",
    "mbs",
    "cmbs",
    "agencies",
    "total",
)

Parser = Callable[[Path, str, TradingCalendar], pd.DataFrame]


@dataclass(frozen=True)
class ReferenceDataset:
    """One reference dataset: its file, what it is, and the columns of its ``raw.<name>`` table.

    ``keys`` identify a row across versions; ``values`` are what a new version may change. Both name
    columns of ``sql/schema/0*_raw_<name>.sql`` (checked by the tests), so the loader's SQL is built
    from this fixed list only.
    """

    name: str
    file: str
    title: str
    units: str
    frequency: Literal["D", "W", "event"]
    keys: tuple[str, ...]
    values: tuple[str, ...]
    date_column: str
    source: str
    parse: Parser
    notes: str | None = None


def _series_fast(path: Path, value_column: str, weekdays: tuple[int, ...]) -> pd.DataFrame | None:
    """The frame of a well-formed ``date,value`` file in one vectorised pass; ``None`` if anything is off
    (then :func:`_series` reads it row by row to name every problem)."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError):
        return None
    if list(raw.columns) != ["date", "value"]:
        return None
    dates = pd.to_datetime(raw["date"], format="%Y-%m-%d", errors="coerce")
    text = raw["value"].str.strip()
    values = pd.to_numeric(text.where(text != "", "nan"), errors="coerce")
    well_formed = (
        dates.notna().all()
        and raw["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
        and dates.is_monotonic_increasing
        and dates.is_unique
        and dates.dt.day_of_week.isin(weekdays).all()
        and text[values.isna()].eq("").all()
        and text[text != ""].str.fullmatch(_NUMBER_PATTERN).all()
    )
    if not well_formed:
        return None
    return pd.DataFrame({"date": dates.dt.date, value_column: values.astype("float64")})


_NUMBER_PATTERN = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"


def _series(
    path: Path, label: str, header: tuple[str, ...], value_column: str, *, weekdays: tuple[int, ...]
) -> pd.DataFrame:
    """A ``date,value`` file: ISO dates, increasing, on the allowed weekdays; numbers (empty = NULL)."""
    fast = _series_fast(path, value_column, weekdays)
    if fast is not None:
        return fast
    rows = list(read_rows(path, label, header))
    previous: date | None = None
    records = []
    for row in rows:
        day = row.day("date", required=True)
        if day is not None:
            if day.weekday() not in weekdays:
                row.problem("date", f"{day} is a {day:%A}, not a day this series is published")
            if previous is not None and day <= previous:
                row.problem("date", f"{day} does not follow {previous} (dates must increase)")
            previous = day
        records.append({"date": day, value_column: row.number("value")})
    problems = [p for row in rows for p in row.problems]
    if problems:
        raise ReferenceDataError(label, problems)
    return pd.DataFrame.from_records(records, columns=["date", value_column])


def parse_acm(path: Path, label: str, calendar: TradingCalendar) -> pd.DataFrame:
    """ACMTP10: ``date, term_premium_10y_pct`` on business days (percent)."""
    return _series(path, label, ("date", "value"), "term_premium_10y_pct", weekdays=(0, 1, 2, 3, 4))


def parse_jgb(path: Path, label: str, calendar: TradingCalendar) -> pd.DataFrame:
    """MoF 10-year JGB: ``date, yield_10y_pct``; Saturdays allowed (Japan traded on them until 1989)."""
    return _series(path, label, ("date", "value"), "yield_10y_pct", weekdays=(0, 1, 2, 3, 4, 5))


def parse_soma(path: Path, label: str, calendar: TradingCalendar) -> pd.DataFrame:
    """SOMA summary, long: ``date, category, holdings_usd`` (Wednesdays; US dollars at par, ≥ 0 or NULL)."""
    rows = list(read_rows(path, label, ("date", "category", "value")))
    seen: dict[tuple[date, str], int] = {}
    records = []
    for row in rows:
        day = row.day("date", required=True)
        category = row.choice("category", SOMA_CATEGORIES)
        if day is not None and day.weekday() != 2:
            row.problem("date", f"{day} is a {day:%A}: SOMA holdings are Wednesday levels")
        if day is not None and category is not None:
            if (day, category) in seen:
                row.problem(
                    "category", f"{category} on {day} appears twice (also row {seen[(day, category)]})"
                )
            seen.setdefault((day, category), row.row_no)
        records.append({"date": day, "category": category, "holdings_usd": row.number("value", minimum=0)})
    problems = [p for row in rows for p in row.problems]
    if problems:
        raise ReferenceDataError(label, problems)
    return pd.DataFrame.from_records(records, columns=["date", "category", "holdings_usd"])


_EVENT_TRADING_DAY = ("us_trading_date", "us_trading_date_rule", "us_trading_date_reason")

REFERENCE_DATASETS: Final[tuple[ReferenceDataset, ...]] = (
    ReferenceDataset(
        name="acm_term_premium",
        file="ref/ACMTP10.csv",
        title="ACM 10-year Treasury term premium (Adrian, Crump and Moench), daily",
        units="Percent",
        frequency="D",
        keys=("date",),
        values=("term_premium_10y_pct",),
        date_column="date",
        source="Federal Reserve Bank of New York, ACMTermPremium (ACM Daily, ACMTP10), via "
        "raylia529/market-indicators-dashboard",
        parse=parse_acm,
        notes="One copy, values unverified beyond its date grid (an independent ACM file) and a 0.86 "
        "correlation with THREEFYTP10.",
    ),
    ReferenceDataset(
        name="soma_holdings",
        file="ref/SOMA_summary_weekly_long.csv",
        title="Federal Reserve SOMA holdings by category, weekly (Wednesday)",
        units="US Dollars, par",
        frequency="W",
        keys=("date", "category"),
        values=("holdings_usd",),
        date_column="date",
        source="Federal Reserve Bank of New York Markets API /api/soma/summary, via iAL-2/fed-soma-pipeline",
        parse=parse_soma,
        notes="Ends 2025-10-15; TREAST (weekly, FRED) runs to 2026-08. Treasury categories sum to TREAST "
        "within $6mn.",
    ),
    ReferenceDataset(
        name="jgb_yields_daily",
        file="ref/JGB10Y_daily_MOF.csv",
        title="Japan Ministry of Finance 10-year JGB yield (constant maturity), daily",
        units="Percent",
        frequency="D",
        keys=("date",),
        values=("yield_10y_pct",),
        date_column="date",
        source="Japan Ministry of Finance, JGB interest rates (jgbcme), "
        "via raylia529/market-indicators-dashboard",
        parse=parse_jgb,
        notes="Japan business days (Saturdays until 1989-01-28); 2024-08 onward from one copy.",
    ),
    ReferenceDataset(
        name="fed_balance_sheet_announcements",
        file="ref/fed_qe_qt_announcements_2008_2025.csv",
        title="Fed QE, taper and QT announcements with the Treasury amounts stated, 2008-2025",
        units="Billions of Dollars (purchases: as stated; runoff caps: per month)",
        frequency="event",
        keys=("date", "seq"),
        values=(
            "event",
            "treasury_purchase_usd_bn",
            "purchase_amount_basis",
            "treasury_runoff_cap_usd_bn_per_month",
            *_EVENT_TRADING_DAY,
            "source",
            "source_quote",
        ),
        date_column="date",
        source="FOMC statements (harryposner/fed-statement-tracker) and public pages, quoted in each row",
        parse=parse_fed_announcements,
        notes="Restatements, maturity-extension offsets and reserve-management bill purchases are rows "
        "like the others: purchase_amount_basis says which.",
    ),
    ReferenceDataset(
        name="mof_fx_interventions",
        file="ref/japan_mof_fx_interventions.csv",
        title="Japan Ministry of Finance FX interventions (single days and period totals), 1998-2024",
        units="Billions of Yen (positive; direction gives the side)",
        frequency="event",
        keys=("date", "row_type", "seq"),
        values=(
            "date_as_printed",
            "date_precision",
            "direction",
            "amount_jpy_bn",
            "period_start",
            "period_end",
            "amount_as_printed",
            "usd_jpy_dexjpus_on_date",
            *_EVENT_TRADING_DAY,
            "source",
            "note",
        ),
        date_column="date",
        source="News reports of MoF figures (Kyodo, Jiji, Reuters, MNI and others), the page in each row",
        parse=parse_fx_interventions,
        notes="Three single-day amounts (2010-09-15, 2011-03-18, 2011-08-04) are reporting-period totals "
        "attributed to that day.",
    ),
    ReferenceDataset(
        name="fomc_statement_dates",
        file="ref/fomc_statement_dates.csv",
        title="FOMC statement dates, 2006-2025",
        units="Dates",
        frequency="event",
        keys=("path",),
        values=("date", "kind", *_EVENT_TRADING_DAY),
        date_column="date",
        source="File names of harryposner/fed-statement-tracker data/statements/*.md (commit 5ae9831c)",
        parse=parse_fomc_dates,
        notes="Ends with the July 2025 meeting: the last three 2025 meetings are missing.",
    ),
)


def get_reference(name: str) -> ReferenceDataset:
    for dataset in REFERENCE_DATASETS:
        if dataset.name == name:
            return dataset
    known = ", ".join(d.name for d in REFERENCE_DATASETS)
    raise KeyError(f"{name!r} is not a reference dataset (known: {known})")


@dataclass(frozen=True)
class ReferenceFetch:
    """One reference dataset read and checked: its rows and the version they are."""

    dataset: ReferenceDataset
    rows: pd.DataFrame
    sha256: str
    realtime_start: date

    def metadata_row(self, fetched_at: datetime) -> dict[str, Any]:
        d = self.dataset
        return {
            "dataset": d.name,
            "title": d.title,
            "units": d.units,
            "frequency": d.frequency,
            "file": d.file,
            "sha256": self.sha256,
            "source": d.source,
            "notes": d.notes,
            "realtime_start": self.realtime_start,
            "fetched_at": fetched_at,
        }


class SnapshotReferenceSource:
    """The reference datasets of a verified snapshot; the only source they have."""

    name: Final = "snapshot"

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def calendar(self) -> TradingCalendar:
        series = read_fred_csv(self.snapshot.path(f"fred/{CALENDAR_SERIES}.csv"), CALENDAR_SERIES)
        return TradingCalendar.from_closes(series)

    def read(self, dataset: ReferenceDataset, calendar: TradingCalendar) -> ReferenceFetch:
        """One dataset, checked; :class:`ReferenceDataError` lists every problem of its file."""
        path = self.snapshot.path(dataset.file)
        rows = dataset.parse(path, dataset.file, calendar)
        return ReferenceFetch(
            dataset=dataset,
            rows=rows[[*dataset.keys, *dataset.values]],
            sha256=self.snapshot.manifest["files"][dataset.file]["sha256"],
            realtime_start=self.snapshot.snapshot_date,
        )

    def read_all(self) -> tuple[ReferenceFetch, ...]:
        """Every reference dataset, checked before anything is written (first bad file raises)."""
        calendar = self.calendar()
        return tuple(self.read(dataset, calendar) for dataset in REFERENCE_DATASETS)
