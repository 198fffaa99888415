"""Named fiscal baselines: CBO's budget and rate projections plus the starting structure of the debt.

``--baseline NAME`` selects one (contract). :func:`load_baseline` is an edge loader: it reads the
embedded snapshot (``selloff/data/snapshot``, see its PROVENANCE.md) and returns a :class:`Baseline`;
the engine (:mod:`selloff.projection.fiscal`) only ever takes that object, never a file.

Concepts are CBO's budget concepts throughout — net interest, revenues and outlays as in CBO's Table 1-1
(never NIPA interest or NIPA tax receipts). Fiscal years run October–September and are named by the
calendar year in which they end. Money is in billions of dollars ($bn), rates in percent per year.

Shipped baselines
-----------------
``cbo-2025-01``
    CBO, *The Budget and Economic Outlook: 2025 to 2035* (January 2025, publication 60870): FY2024
    (actual) – FY2035 revenues, outlays, net interest, deficits, debt held by the public and fiscal-year
    GDP (``cbo/baseline_2025_01.csv``); CBO's quarterly 3-month bill, 10-year note and federal funds
    paths and GDP (``cbo/economic_quarterly_2025_01.csv``). The projection starts in October 2025
    (FY2026) from CBO's end-FY2025 debt.

``cbo-2026-02`` is **not** offered: the snapshot holds only its revenues, outlays and deficits — no net
interest, debt, fiscal-year GDP or quarterly rate paths — so neither the engine's starting point nor the
binding net-interest check could be built honestly from it.

Starting debt facts (each with its source)
------------------------------------------
* Marketable debt held by the public by type (bills, notes, bonds, TIPS, FRNs) and nonmarketable debt
  held by the public by class: MSPD Table I, 30 April 2025 (``treasury/mspd_table1_2025-04-30.csv``).
* Average interest rates by security type: Treasury Fiscal Data "Average Interest Rates on U.S.
  Treasury Securities", 30 April 2025 (``treasury/avg_interest_rates_fiscaldata_partial.csv``).
* Share of marketable debt maturing within one year: MSPD Table 3 aggregation, 30 September 2025
  (``treasury/marketable_maturing_within_1y_mspd.csv``; a third-party sum of official detail rows).
* Weighted average maturity 72 months (June 2025), bills 21.13% of marketable debt (September 2025),
  total marketable average rate 3.406% (September 2025): JEC Monthly Debt Updates citing Treasury,
  as collected in ``shared/research/anchors-calibration.md`` §3 (rows S2, S3, S6).
* History of debt held by the public (volume of past issuance for the legacy-cohort rebuild): FRED
  ``FYGFDPUN`` (``fred/FYGFDPUN.csv``, end of quarter, $ millions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

import pandas as pd

from selloff.ingest.snapshot import Snapshot, default_snapshot, read_fred_csv

SecurityType = Literal["bills", "notes", "bonds", "tips", "frn"]
SECURITY_TYPES: tuple[SecurityType, ...] = get_args(SecurityType)

BASELINES: tuple[str, ...] = ("cbo-2025-01",)
"""Names accepted by ``--baseline`` (contract vocabulary)."""

BUDGET_COLUMNS = (
    "revenues_usd_bn",
    "outlays_usd_bn",
    "net_interest_usd_bn",
    "total_deficit_usd_bn",
    "debt_held_by_public_usd_bn",
    "gdp_usd_bn",
    "gdp_price_index",
)
"""Columns of :attr:`Baseline.budget` (index ``fy``). ``total_deficit_usd_bn`` is negative for a deficit,
as CBO prints it; outlays and deficits are CBO's unadjusted (Table 1-1) basis — the cash that must be
borrowed — not the timing-adjusted figures."""

ECONOMIC_COLUMNS = ("gdp_usd_bn_saar", "tbill_3m_discount_pct", "tnote_10y_pct", "fed_funds_pct")
"""Columns of :attr:`Baseline.economic` (index: quarter start date). The bill rate is CBO's secondary-
market 3-month rate on a **discount** basis; the 10-year is a constant-maturity (bond-equivalent) yield."""


def cell(frame: pd.DataFrame, row: object, col: str) -> float:
    """One numeric cell (typed helper: ``DataFrame.at`` returns a scalar union to the type checker)."""
    value: Any = frame.at[row, col]
    return float(value)


@dataclass(frozen=True)
class Fact:
    """One published number the model is calibrated to or checked against, with its source."""

    name: str
    value: float
    units: str
    as_of: date
    source: str


@dataclass(frozen=True)
class DebtStructure:
    """The structure of the debt at the start, from Treasury data ($bn, percent)."""

    record_date: date
    """Date of the MSPD amounts (end of month)."""
    marketable_usd_bn: Mapping[SecurityType, float]
    """Marketable debt **held by the public** by type, $bn (MSPD Table I; excludes the FFB line)."""
    nonmarketable_usd_bn: Mapping[str, float]
    """Nonmarketable debt held by the public by class, $bn (MSPD Table I)."""
    avg_rate_date: date
    avg_rate_pct: Mapping[SecurityType, float]
    """Average interest rate by marketable type, percent (Fiscal Data). TIPS: the real coupon only."""
    nonmarketable_avg_rate_pct: Mapping[str, float]
    """Average rate by nonmarketable class where Fiscal Data has one (else the nonmarketable total)."""
    facts: Mapping[str, Fact]
    """Calibration targets and checks: ``wam_months``, ``maturing_within_1y_pct``, ``bills_share_pct``,
    ``total_marketable_avg_rate_pct``, ``total_marketable_usd_bn``."""

    @property
    def marketable_total_usd_bn(self) -> float:
        return float(sum(self.marketable_usd_bn.values()))

    @property
    def nonmarketable_total_usd_bn(self) -> float:
        return float(sum(self.nonmarketable_usd_bn.values()))

    def type_shares(self) -> dict[SecurityType, float]:
        """Each type's share of marketable debt held by the public (fractions summing to 1)."""
        total = self.marketable_total_usd_bn
        return {k: v / total for k, v in self.marketable_usd_bn.items()}


@dataclass(frozen=True)
class Baseline:
    """A named fiscal baseline: budget by fiscal year, economic paths by quarter, debt structure.

    The frames are shared, read-only data: nothing in :mod:`selloff` mutates them.
    """

    name: str
    title: str
    start_month: pd.Timestamp
    """First month projected (the first month of the first projected fiscal year)."""
    projection_fys: tuple[int, ...]
    """The fiscal years projected (CBO's ten-year window)."""
    budget: pd.DataFrame
    """Index ``fy`` (int), columns :data:`BUDGET_COLUMNS`, $bn (price index 2017 = 100)."""
    economic: pd.DataFrame
    """Index quarter start (Timestamp), columns :data:`ECONOMIC_COLUMNS`."""
    debt: DebtStructure
    debt_history: pd.DataFrame
    """``date`` (FRED's quarter-start date) and ``debt_held_by_public_usd_bn`` (end of that quarter)."""
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def horizon_months(self) -> int:
        return 12 * len(self.projection_fys)

    @property
    def base_fy(self) -> int:
        """The last fiscal year before the projection (its end is the starting point)."""
        return self.projection_fys[0] - 1


# --------------------------------------------------------------------------------------------------
# loader (edge: reads the snapshot)
# --------------------------------------------------------------------------------------------------

_CBO_BUDGET_VARIABLES = {
    "revenues": "revenues_usd_bn",
    "outlays": "outlays_usd_bn",
    "net_interest": "net_interest_usd_bn",
    "total_deficit": "total_deficit_usd_bn",
    "debt_held_by_public_end_of_year": "debt_held_by_public_usd_bn",
    "gdp_nominal_fy": "gdp_usd_bn",
    "gdp_price_index_fy": "gdp_price_index",
}

_MSPD_TYPES: dict[str, SecurityType] = {
    "Bills": "bills",
    "Notes": "notes",
    "Bonds": "bonds",
    "Treasury Inflation-Protected Securities": "tips",
    "Floating Rate Notes": "frn",
}
_MSPD_NONMARKETABLE = (
    "Domestic Series",
    "State and Local Government Series",
    "United States Savings Securities",
    "Government Account Series",
    "Other",
)
_FISCALDATA_TYPES: dict[str, SecurityType] = {
    "Treasury Bills": "bills",
    "Treasury Notes": "notes",
    "Treasury Bonds": "bonds",
    "Treasury Inflation-Protected Securities (TIPS)": "tips",
    "Treasury Floating Rate Notes (FRN)": "frn",
}


def load_baseline(name: str, snapshot: Snapshot | None = None) -> Baseline:
    """The baseline called ``name`` (one of :data:`BASELINES`), read from the embedded snapshot.

    Raises
    ------
    ValueError
        ``name`` is not a known baseline (the message lists the known ones), or a snapshot file does
        not have what the baseline needs (the message names the file and the missing item).
    """
    if name not in BASELINES:
        raise ValueError(f"unknown baseline {name!r}; known baselines: {', '.join(BASELINES)}")
    snap = snapshot or default_snapshot()
    return _cbo_2025_01(snap)


def _cbo_2025_01(snap: Snapshot) -> Baseline:
    budget_file, econ_file = "cbo/baseline_2025_01.csv", "cbo/economic_quarterly_2025_01.csv"
    raw = pd.read_csv(snap.path(budget_file))
    projection_fys = tuple(range(2026, 2036))
    budget = _budget_frame(raw, range(2024, 2036), budget_file)

    econ_raw = pd.read_csv(snap.path(econ_file))
    economic = _economic_frame(econ_raw, econ_file)

    debt = _debt_structure(snap)
    history = read_fred_csv(snap.path("fred/FYGFDPUN.csv"), "FYGFDPUN").dropna()
    debt_history = pd.DataFrame(
        {"date": history["date"], "debt_held_by_public_usd_bn": history["value"] / 1000.0}
    ).reset_index(drop=True)

    return Baseline(
        name="cbo-2025-01",
        title="CBO, The Budget and Economic Outlook: 2025 to 2035 (January 2025)",
        start_month=pd.Timestamp("2025-10-01"),
        projection_fys=projection_fys,
        budget=budget,
        economic=economic,
        debt=debt,
        debt_history=debt_history,
        sources={
            "budget": f"{budget_file} (CBO publication 60870, Table 1-1 as reproduced; see PROVENANCE.md)",
            "economic": f"{econ_file} (CBO Quarterly_January2025.csv)",
            "marketable_by_type": "treasury/mspd_table1_2025-04-30.csv (MSPD Table I, held by the public)",
            "avg_rates": "treasury/avg_interest_rates_fiscaldata_partial.csv (Fiscal Data, 2025-04-30)",
            "maturing_within_1y": "treasury/marketable_maturing_within_1y_mspd.csv (2025-09-30)",
            "debt_history": "fred/FYGFDPUN.csv (federal debt held by the public, end of quarter)",
            "wam_bills_avg_rate": "shared/research/anchors-calibration.md §3 rows S2, S3, S6 (JEC, Treasury)",
        },
    )


def _budget_frame(raw: pd.DataFrame, fys: range, file: str) -> pd.DataFrame:
    wide = raw.pivot_table(index="fiscal_year", columns="variable", values="value", aggfunc="first")
    missing = [v for v in _CBO_BUDGET_VARIABLES if v not in wide.columns]
    if missing:
        raise ValueError(f"{file}: missing variables {missing}")
    frame = wide.reindex(list(fys))[list(_CBO_BUDGET_VARIABLES)].rename(columns=_CBO_BUDGET_VARIABLES)
    for col in frame.columns:
        missing_fys = frame.index[frame[col].isna()].tolist()
        if missing_fys:
            raise ValueError(f"{file}: no value for {col} in FY{missing_fys[0]}")
    frame.index.name = "fy"
    frame.columns.name = None
    return frame.astype("float64")


def _economic_frame(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    needed = ["date", "gdp", "treasury_bill_rate_3mo", "treasury_note_rate_10yr", "fed_funds_rate"]
    if any(c not in raw.columns for c in needed):
        raise ValueError(f"{file}: expected columns {needed}, got {list(raw.columns)}")
    quarters = pd.PeriodIndex(raw["date"].str.upper().str.replace("Q", "Q", regex=False), freq="Q")
    frame = pd.DataFrame(
        {
            "gdp_usd_bn_saar": raw["gdp"].to_numpy(dtype="float64"),
            "tbill_3m_discount_pct": raw["treasury_bill_rate_3mo"].to_numpy(dtype="float64"),
            "tnote_10y_pct": raw["treasury_note_rate_10yr"].to_numpy(dtype="float64"),
            "fed_funds_pct": raw["fed_funds_rate"].to_numpy(dtype="float64"),
        },
        index=pd.DatetimeIndex(quarters.to_timestamp(how="start"), name="quarter"),
    )
    if frame.isna().any().any():
        raise ValueError(f"{file}: missing values")
    return frame


def _debt_structure(snap: Snapshot) -> DebtStructure:
    mspd_file = "treasury/mspd_table1_2025-04-30.csv"
    mspd = pd.read_csv(snap.path(mspd_file)).set_index("security_class")
    missing = [c for c in (*_MSPD_TYPES, *_MSPD_NONMARKETABLE) if c not in mspd.index]
    if missing:
        raise ValueError(f"{mspd_file}: missing security classes {missing}")
    held = mspd["debt_held_by_public_mil"].astype("float64") / 1000.0
    marketable = {t: float(held[label]) for label, t in _MSPD_TYPES.items()}
    nonmarketable = {label: float(held[label]) for label in _MSPD_NONMARKETABLE}
    record_date = date.fromisoformat(str(mspd["record_date"].iloc[0]))

    rates_file = "treasury/avg_interest_rates_fiscaldata_partial.csv"
    rates = pd.read_csv(snap.path(rates_file))
    on_date = rates[rates["record_date"] == record_date.isoformat()].set_index("security_desc")
    if on_date.empty:
        raise ValueError(f"{rates_file}: no rates for {record_date}")
    rate = on_date["avg_interest_rate_amt"].astype("float64")
    avg_rate = {t: float(rate[label]) for label, t in _FISCALDATA_TYPES.items()}
    nonmkt_total = float(rate["Total Non-marketable"])
    # MSPD's class names map onto Fiscal Data's descriptions; "Other" has no rate of its own
    nonmkt_rate = {
        "Domestic Series": float(rate["Domestic Series"]),
        "State and Local Government Series": float(rate["State and Local Government Series"]),
        "United States Savings Securities": float(rate["United States Savings Securities"]),
        "Government Account Series": float(rate["Government Account Series"]),
        "Other": nonmkt_total,
    }

    within_file = "treasury/marketable_maturing_within_1y_mspd.csv"
    within = pd.read_csv(snap.path(within_file)).set_index("record_date")
    within_date = "2025-09-30"
    if within_date not in within.index:
        raise ValueError(f"{within_file}: no row for {within_date}")
    within_pct = cell(within, within_date, "marketable_debt_maturing_within_1y_pct")
    total_marketable = cell(within, within_date, "total_marketable_outstanding_mil_usd") / 1000.0

    anchors = "shared/research/anchors-calibration.md §3"
    facts = {
        "wam_months": Fact(
            "weighted average maturity of marketable debt", 72.0, "months", date(2025, 6, 30),
            f"{anchors} row S3 (JEC Monthly Debt Update citing Treasury quarterly refunding data)",
        ),
        "maturing_within_1y_pct": Fact(
            "marketable debt maturing within one year", within_pct,
            "percent of marketable debt", date(2025, 9, 30),
            f"{within_file} (MSPD Table 3 detail rows summed; anchors row S4 says about 33% in Q4 FY2025)",
        ),
        "bills_share_pct": Fact(
            "bills share of marketable debt", 21.13, "percent", date(2025, 9, 30),
            f"{anchors} row S2 (JEC, MSPD data); MSPD Table I 2025-04-30 gives 21.2%",
        ),
        "total_marketable_avg_rate_pct": Fact(
            "average interest rate on total marketable debt", 3.406, "percent", date(2025, 9, 30),
            f"{anchors} row S6 (JEC, Treasury Fiscal Data average interest rates)",
        ),
        "total_marketable_usd_bn": Fact(
            "total marketable debt outstanding", total_marketable,
            "$bn", date(2025, 9, 30), f"{within_file} (MSPD 'Total Marketable' line)",
        ),
    }  # fmt: skip
    return DebtStructure(
        record_date=record_date,
        marketable_usd_bn=marketable,
        nonmarketable_usd_bn=nonmarketable,
        avg_rate_date=record_date,
        avg_rate_pct=avg_rate,
        nonmarketable_avg_rate_pct=nonmkt_rate,
        facts=facts,
    )
