"""Named fiscal baselines: CBO's budget and rate projections plus the structure of the debt.

``--baseline NAME`` selects one (contract). :func:`load_baseline` is an edge loader: it reads the
embedded snapshot (``selloff/data/snapshot``, see its PROVENANCE.md) and returns a :class:`Baseline`;
the engine (:mod:`selloff.projection.fiscal`) only ever takes that object, never a file.

Concepts are CBO's budget concepts throughout — net interest, revenues and outlays as in CBO's Table 1-1
(never NIPA interest or NIPA tax receipts). Fiscal years run October–September and are named by the
calendar year in which they end. Money is in billions of dollars ($bn), rates in percent per year.

A baseline does not fix where a projection starts: the projection starts in the month after the latest
yields observed (:func:`selloff.projection.fiscal.build_setup`) and runs to the end of the baseline's last
fiscal year; the debt it starts from is Treasury's latest (:class:`DebtStructure`).

Shipped baselines
-----------------
``cbo-2026-02`` (the default)
    CBO, *The Budget and Economic Outlook: 2026 to 2036* (February 2026): revenues, outlays, deficits,
    debt held by the public and fiscal-year GDP for FY2025 (actual) – FY2036 (Table 1-1); net interest
    and the primary deficit for FY2026 only (Tables 1-1 and 1-3: the later years' net interest is not in
    the data); calendar-year averages of the 3-month bill, the 10-year note, the federal funds rate, GDP
    and its price index (CBO's annual economic projections). Checks: FY2026 net interest within ±5% of
    CBO's $1,039bn; debt held by the public within ±2% of CBO's in every year. Ten-year window
    FY2027–FY2036.
``cbo-2025-01``
    CBO, *The Budget and Economic Outlook: 2025 to 2035* (January 2025, publication 60870): FY2024
    (actual) – FY2035 revenues, outlays, net interest, deficits, debt held by the public and fiscal-year
    GDP; CBO's quarterly 3-month bill, 10-year note and federal funds paths and GDP. Check: net interest
    within ±10% of CBO's in FY2026 and FY2035. Ten-year window FY2026–FY2035.

Starting debt facts (each with its published source)
-----------------------------------------------------
* Total marketable debt and the share maturing within a year, monthly to July 2026: Monthly Statement
  of the Public Debt (Table I totals; Table 3 detail summed by maturity date).
* Composition of marketable debt by type (bills, notes, bonds, TIPS and FRNs together), September and
  November 2025; weighted average maturity (June 2025); average rate on total marketable debt: the Joint
  Economic Committee's Monthly Debt Update, citing Treasury (MSPD, quarterly refunding, Fiscal Data).
* Marketable debt by type and nonmarketable debt held by the public by class: MSPD Table I, 30 April
  2025 (the split of TIPS and FRNs, and the nonmarketable debt held constant).
* Average interest rates by security type: Treasury Fiscal Data, "Average Interest Rates on U.S.
  Treasury Securities", 30 April 2025.
* History of debt held by the public (the volume of past issuance for the legacy-cohort rebuild): FRED
  ``FYGFDPUN`` (end of quarter), then the MSPD's monthly totals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from selloff.ingest.snapshot import Snapshot, default_snapshot, read_fred_csv

SecurityType = Literal["bills", "notes", "bonds", "tips", "frn"]
SECURITY_TYPES: tuple[SecurityType, ...] = get_args(SecurityType)

BASELINES: tuple[str, ...] = ("cbo-2026-02", "cbo-2025-01")
"""Names accepted by ``--baseline`` (contract vocabulary)."""

DEFAULT_BASELINE = "cbo-2026-02"
"""The baseline used unless one is named: CBO's latest, which passes its checks (tests/projection)."""

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
borrowed — not the timing-adjusted figures. ``net_interest_usd_bn`` is NaN in years the data lack."""

ECONOMIC_COLUMNS = ("gdp_usd_bn_saar", "tbill_3m_discount_pct", "tnote_10y_pct", "fed_funds_pct")
"""Columns of :attr:`Baseline.economic` (index: quarter start date). The bill rate is CBO's secondary-
market 3-month rate on a **discount** basis; the 10-year is a constant-maturity (bond-equivalent) yield."""


def cell(frame: pd.DataFrame, row: object, col: str) -> float:
    """One numeric cell (typed helper: ``DataFrame.at`` returns a scalar union to the type checker)."""
    value: Any = frame.at[row, col]
    return float(value)


def fy_of(month: pd.Timestamp) -> int:
    """The federal fiscal year of ``month`` (October–September, named by the year it ends)."""
    return int(month.year + (month.month >= 10))


def fy_start(fy: int) -> pd.Timestamp:
    """The first month of fiscal year ``fy`` (October of the year before)."""
    return pd.Timestamp(year=fy - 1, month=10, day=1)


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
    """The structure of the marketable debt, from Treasury data ($bn, percent), as of several dates.

    The legacy rebuild (:mod:`selloff.projection.legacy`) targets the latest facts at or before the
    month before the projection's start (:meth:`facts_at`).
    """

    record_date: date
    """Date of the MSPD Table I amounts by type and class (end of month)."""
    marketable_usd_bn: Mapping[SecurityType, float]
    """Marketable debt **held by the public** by type on ``record_date``, $bn (MSPD Table I)."""
    intragovernmental_marketable_usd_bn: float
    """Marketable debt held by government accounts on ``record_date``, $bn (MSPD Table I): the MSPD
    totals below include it; debt held by the public does not."""
    nonmarketable_usd_bn: Mapping[str, float]
    """Nonmarketable debt held by the public by class, $bn (MSPD Table I), held constant."""
    avg_rate_date: date
    avg_rate_pct: Mapping[SecurityType, float]
    """Average interest rate by marketable type, percent (Fiscal Data). TIPS: the real coupon only."""
    nonmarketable_avg_rate_pct: Mapping[str, float]
    """Average rate by nonmarketable class where Fiscal Data has one (else the nonmarketable total)."""
    compositions: Mapping[date, Mapping[SecurityType, float]]
    """Published shares of marketable debt by type, percent, by record date (JEC, from the MSPD; TIPS and
    FRNs are published together and split in their MSPD Table I proportion)."""
    monthly: pd.DataFrame
    """Index: record date (end of month). ``total_marketable_usd_bn`` (MSPD Table I total, incl. the
    intragovernmental part) and ``maturing_within_1y_pct`` (MSPD Table 3 detail summed)."""
    static_facts: Mapping[str, Fact]
    """``wam_months`` and ``total_marketable_avg_rate_pct`` (latest published)."""
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def marketable_total_usd_bn(self) -> float:
        return float(sum(self.marketable_usd_bn.values()))

    @property
    def nonmarketable_total_usd_bn(self) -> float:
        return float(sum(self.nonmarketable_usd_bn.values()))

    def composition_at(self, month_end: pd.Timestamp) -> tuple[date, Mapping[SecurityType, float]]:
        """The latest composition published for a date at or before ``month_end`` (else the earliest)."""
        dates = sorted(self.compositions)
        chosen = [d for d in dates if pd.Timestamp(d) <= month_end]
        when = chosen[-1] if chosen else dates[0]
        return when, self.compositions[when]

    def type_shares(self, month_end: pd.Timestamp) -> dict[SecurityType, float]:
        """Each type's share of marketable debt at :meth:`composition_at` (fractions summing to 1)."""
        _, pct = self.composition_at(month_end)
        total = sum(pct.values())
        return {k: v / total for k, v in pct.items()}

    def latest_monthly(self, month_end: pd.Timestamp) -> tuple[pd.Timestamp, pd.Series]:
        """The latest MSPD month at or before ``month_end`` (its date and row)."""
        rows = self.monthly.loc[self.monthly.index <= month_end]
        if rows.empty:
            raise ValueError(f"no MSPD totals at or before {month_end:%Y-%m-%d}")
        return pd.Timestamp(rows.index[-1]), rows.iloc[-1]

    def facts_at(self, month_end: pd.Timestamp) -> dict[str, Fact]:
        """The calibration targets and checks of a rebuild ending at ``month_end``: WAM, share maturing
        within a year, bills share, average rate on total marketable debt, total marketable debt held by
        the public (the latest of each at or before ``month_end``)."""
        when, row = self.latest_monthly(month_end)
        mspd = self.sources.get("mspd_monthly", "Monthly Statement of the Public Debt")
        facts = dict(self.static_facts)
        facts["maturing_within_1y_pct"] = Fact(
            "marketable debt maturing within one year", float(row["maturing_within_1y_pct"]),
            "percent of marketable debt", when.date(), mspd,
        )  # fmt: skip
        composition_date, composition = self.composition_at(month_end)
        facts["bills_share_pct"] = Fact(
            "bills share of marketable debt", float(composition["bills"]), "percent",
            composition_date, self.sources.get("composition", ""),
        )  # fmt: skip
        facts["total_marketable_usd_bn"] = Fact(
            "marketable debt held by the public",
            float(row["total_marketable_usd_bn"]) - self.intragovernmental_marketable_usd_bn,
            "$bn", when.date(), f"{mspd} total, less the intragovernmental part (MSPD Table I)",
        )  # fmt: skip
        return facts


@dataclass(frozen=True)
class BridgeBase:
    """The fiscal year the bridge from marketable interest to CBO's net interest is derived in: the year
    of Treasury's average-rate data (FY2025), with CBO's net interest, GDP and price index for it."""

    fy: int
    cbo_net_interest_usd_bn: float
    gdp_usd_bn: float
    inflation_pct: float
    """GDP price index growth in that fiscal year, percent (TIPS accretion)."""
    source: str


@dataclass(frozen=True)
class BaselineChecks:
    """The checks a baseline must pass before its projections are trusted (binding)."""

    net_interest_fys: tuple[int, ...]
    """Fiscal years whose net interest is compared with CBO's."""
    net_interest_tolerance_pct: float
    debt_tolerance_pct: float | None
    """Debt held by the public within this many percent of CBO's in every projected year (None: shown
    but not binding)."""


@dataclass(frozen=True)
class Baseline:
    """A named fiscal baseline: budget by fiscal year, economic paths by quarter, debt structure.

    The frames are shared, read-only data: nothing in :mod:`selloff` mutates them.
    """

    name: str
    title: str
    """The publication, as cited, e.g. "CBO, The Budget and Economic Outlook: 2026 to 2036 (February
    2026)"."""
    published: date
    window_fys: tuple[int, ...]
    """CBO's ten-year budget window (the rate sensitivity's, as CBO's rules of thumb)."""
    budget: pd.DataFrame
    """Index ``fy`` (int, every year of the publication), columns :data:`BUDGET_COLUMNS`, $bn."""
    economic: pd.DataFrame
    """Index quarter start (Timestamp), columns :data:`ECONOMIC_COLUMNS`."""
    debt: DebtStructure
    debt_history: pd.DataFrame
    """``date`` (FRED's quarter-start date) and ``debt_held_by_public_usd_bn`` (end of that quarter)."""
    bridge_base: BridgeBase
    checks: BaselineChecks
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def first_fy(self) -> int:
        """The first fiscal year a projection may start in (the publication's first year)."""
        return int(self.budget.index[0])

    @property
    def last_fy(self) -> int:
        return int(self.budget.index[-1])

    @property
    def end_month(self) -> pd.Timestamp:
        """The last month of the last fiscal year (every projection ends here)."""
        return pd.Timestamp(year=self.last_fy, month=9, day=1)

    @property
    def window_start(self) -> pd.Timestamp:
        return fy_start(self.window_fys[0])


# --------------------------------------------------------------------------------------------------
# loader (edge: reads the snapshot)
# --------------------------------------------------------------------------------------------------

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
_CBO_2025_01 = "CBO, The Budget and Economic Outlook: 2025 to 2035 (January 2025)"
_CBO_2026_02 = "CBO, The Budget and Economic Outlook: 2026 to 2036 (February 2026)"


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
    return _cbo_2026_02(snap) if name == "cbo-2026-02" else _cbo_2025_01(snap)


def _debt_history(snap: Snapshot) -> pd.DataFrame:
    history = read_fred_csv(snap.path("fred/FYGFDPUN.csv"), "FYGFDPUN").dropna()
    return pd.DataFrame(
        {"date": history["date"], "debt_held_by_public_usd_bn": history["value"] / 1000.0}
    ).reset_index(drop=True)


def _common_sources() -> dict[str, str]:
    return {
        "marketable_by_type": "Monthly Statement of the Public Debt, Table I, 30 April 2025 "
        "(held by the public)",
        "avg_rates": "Treasury Fiscal Data, Average Interest Rates on U.S. Treasury Securities, "
        "30 April 2025",
        "marketable_monthly": "Monthly Statement of the Public Debt: Table I totals and Table 3 detail "
        "summed by maturity date, monthly to July 2026",
        "composition_wam": "Joint Economic Committee, Monthly Debt Update (October and December 2025), "
        "citing Treasury",
        "debt_history": "FRED FYGFDPUN, federal debt held by the public (end of quarter)",
    }


def _bridge_base(snap: Snapshot) -> BridgeBase:
    """FY2025, the year of Treasury's average-rate data: CBO's FY2025 net interest as projected in
    January 2025 (CBO's February 2026 data give net interest for FY2026 only)."""
    file = "cbo/baseline_2025_01.csv"
    raw = pd.read_csv(snap.path(file))
    wide = raw.pivot_table(index="fiscal_year", columns="variable", values="value", aggfunc="first")
    for need in ("net_interest", "gdp_nominal_fy", "gdp_price_index_fy"):
        if need not in wide.columns or 2025 not in wide.index or 2024 not in wide.index:
            raise ValueError(f"{file}: missing {need} for FY2024/FY2025")
    price = wide["gdp_price_index_fy"]
    return BridgeBase(
        fy=2025,
        cbo_net_interest_usd_bn=cell(wide, 2025, "net_interest"),
        gdp_usd_bn=cell(wide, 2025, "gdp_nominal_fy"),
        inflation_pct=float(price[2025] / price[2024] - 1.0) * 100.0,
        source=f"{_CBO_2025_01}, Table 1-1: FY2025 net interest and GDP",
    )


def _cbo_2025_01(snap: Snapshot) -> Baseline:
    budget_file, econ_file = "cbo/baseline_2025_01.csv", "cbo/economic_quarterly_2025_01.csv"
    raw = pd.read_csv(snap.path(budget_file))
    budget = _budget_frame(
        raw,
        range(2024, 2036),
        budget_file,
        {
            "revenues": "revenues_usd_bn",
            "outlays": "outlays_usd_bn",
            "net_interest": "net_interest_usd_bn",
            "total_deficit": "total_deficit_usd_bn",
            "debt_held_by_public_end_of_year": "debt_held_by_public_usd_bn",
            "gdp_nominal_fy": "gdp_usd_bn",
            "gdp_price_index_fy": "gdp_price_index",
        },
        optional=(),
    )
    economic = _economic_frame(pd.read_csv(snap.path(econ_file)), econ_file)
    return Baseline(
        name="cbo-2025-01",
        title=_CBO_2025_01,
        published=date(2025, 1, 17),
        window_fys=tuple(range(2026, 2036)),
        budget=budget,
        economic=economic,
        debt=_debt_structure(snap),
        debt_history=_debt_history(snap),
        bridge_base=_bridge_base(snap),
        checks=BaselineChecks(
            net_interest_fys=(2026, 2035), net_interest_tolerance_pct=10.0, debt_tolerance_pct=None
        ),
        sources={
            "budget": f"{_CBO_2025_01}, Table 1-1 (publication 60870)",
            "economic": f"{_CBO_2025_01}: CBO's quarterly economic projections (3-month bill, 10-year note, "
            "federal funds rate, GDP)",
            **_common_sources(),
        },
    )


def _cbo_2026_02(snap: Snapshot) -> Baseline:
    budget_file, econ_file = "cbo/baseline_2026_02_fy.csv", "cbo/economic_annual_cy_2026_02.csv"
    raw = pd.read_csv(snap.path(budget_file))
    econ_raw = pd.read_csv(snap.path(econ_file))
    # CBO's price index by calendar year → fiscal years (a fiscal year is 1/4 of the calendar year before
    # and 3/4 of its own): TIPS accretion and the bridge's inflation
    cy_price = econ_raw.set_index("calendar_year")["gdp_price_index"].astype("float64")
    fys = range(2025, 2037)
    fy_price = pd.DataFrame(
        {
            "fiscal_year": list(fys),
            "variable": "gdp_price_index_fy",
            "value": [0.25 * cy_price[f - 1] + 0.75 * cy_price[f] for f in fys],
        }
    )
    budget = _budget_frame(
        pd.concat([raw[["fiscal_year", "variable", "value"]], fy_price], ignore_index=True),
        fys,
        budget_file,
        {
            "revenues": "revenues_usd_bn",
            "outlays": "outlays_usd_bn",
            "net_interest_outlays": "net_interest_usd_bn",
            "total_deficit": "total_deficit_usd_bn",
            "debt_held_by_public_end_of_year": "debt_held_by_public_usd_bn",
            "gdp_nominal_fy": "gdp_usd_bn",
            "gdp_price_index_fy": "gdp_price_index",
        },
        optional=("net_interest_usd_bn",),
    )
    if not np.isfinite(cell(budget, 2026, "net_interest_usd_bn")):
        raise ValueError(f"{budget_file}: no net interest for FY2026 (the binding check)")
    return Baseline(
        name="cbo-2026-02",
        title=_CBO_2026_02,
        published=date(2026, 2, 11),
        window_fys=tuple(range(2027, 2037)),
        budget=budget,
        economic=_annual_economic_frame(econ_raw, econ_file),
        debt=_debt_structure(snap),
        debt_history=_debt_history(snap),
        bridge_base=_bridge_base(snap),
        checks=BaselineChecks(
            net_interest_fys=(2026,), net_interest_tolerance_pct=5.0, debt_tolerance_pct=2.0
        ),
        sources={
            "budget": f"{_CBO_2026_02}, Table 1-1 (supplemental workbook 51118-2026-02-Budget-Projections); "
            "FY2026 net interest from Tables 1-1 and 1-3",
            "economic": f"{_CBO_2026_02}: CBO's annual economic projections by calendar year "
            "(workbook 51135-2026-02-Economic-Projections), monthly by interpolation",
            **_common_sources(),
        },
    )


def _budget_frame(
    raw: pd.DataFrame, fys: range, file: str, variables: Mapping[str, str], optional: tuple[str, ...]
) -> pd.DataFrame:
    wide = raw.pivot_table(index="fiscal_year", columns="variable", values="value", aggfunc="first")
    missing = [v for v in variables if v not in wide.columns]
    if missing:
        raise ValueError(f"{file}: missing variables {missing}")
    frame = wide.reindex(list(fys))[list(variables)].rename(columns=dict(variables))
    for col in frame.columns:
        missing_fys = frame.index[frame[col].isna()].tolist()
        if missing_fys and col not in optional:
            raise ValueError(f"{file}: no value for {col} in FY{missing_fys[0]}")
    frame.index.name = "fy"
    frame.columns.name = None
    return frame.reindex(columns=list(BUDGET_COLUMNS)).astype("float64")


def _economic_frame(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    needed = ["date", "gdp", "treasury_bill_rate_3mo", "treasury_note_rate_10yr", "fed_funds_rate"]
    if any(c not in raw.columns for c in needed):
        raise ValueError(f"{file}: expected columns {needed}, got {list(raw.columns)}")
    quarters = pd.PeriodIndex(raw["date"].str.upper(), freq="Q")
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


def _annual_economic_frame(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Calendar-year averages → quarters: linear between mid-year points (1 July), flat beyond the ends.

    CBO's annual file is what the data hold for this vintage; a linear path through the mid-year points
    keeps each year's average within a few hundredths of a point of CBO's (the paths are smooth).
    """
    needed = ["calendar_year", "gdp", "treasury_bill_rate_3mo", "treasury_note_rate_10yr", "fed_funds_rate"]
    if any(c not in raw.columns for c in needed):
        raise ValueError(f"{file}: expected columns {needed}, got {list(raw.columns)}")
    if raw[needed].isna().any().any():
        raise ValueError(f"{file}: missing values")
    years = raw["calendar_year"].to_numpy(dtype=np.int64)
    quarters = pd.date_range(f"{years.min()}-01-01", f"{years.max()}-10-01", freq="QS")
    # a quarter's midpoint (its second month) in months since the first mid-year point
    mid_year = (years - years.min()) * 12.0 + 6.0
    mid_quarter = (quarters.year - years.min()) * 12.0 + (quarters.month - 1) + 1.5
    columns = {
        "gdp_usd_bn_saar": "gdp",
        "tbill_3m_discount_pct": "treasury_bill_rate_3mo",
        "tnote_10y_pct": "treasury_note_rate_10yr",
        "fed_funds_pct": "fed_funds_rate",
    }
    frame = pd.DataFrame(
        {
            ours: np.interp(mid_quarter, mid_year, raw[theirs].to_numpy(dtype=np.float64))
            for ours, theirs in columns.items()
        },
        index=pd.DatetimeIndex(quarters, name="quarter"),
    )
    return frame


def _debt_structure(snap: Snapshot) -> DebtStructure:
    mspd_file = "treasury/mspd_table1_2025-04-30.csv"
    mspd = pd.read_csv(snap.path(mspd_file)).set_index("security_class")
    missing = [c for c in (*_MSPD_TYPES, *_MSPD_NONMARKETABLE, "Total Marketable") if c not in mspd.index]
    if missing:
        raise ValueError(f"{mspd_file}: missing security classes {missing}")
    held = mspd["debt_held_by_public_mil"].astype("float64") / 1000.0
    intra = mspd["intragovernmental_holdings_mil"].astype("float64") / 1000.0
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
    within = pd.read_csv(snap.path(within_file))
    monthly = pd.DataFrame(
        {
            "total_marketable_usd_bn": within["total_marketable_outstanding_mil_usd"].to_numpy(float)
            / 1000.0,
            "maturing_within_1y_pct": within["marketable_debt_maturing_within_1y_pct"].to_numpy(float),
        },
        index=pd.DatetimeIndex(pd.to_datetime(within["record_date"]), name="record_date"),
    ).sort_index()
    if monthly.isna().any().any() or monthly.empty:
        raise ValueError(f"{within_file}: missing values")

    jec_file = "treasury/debt_structure_jec.csv"
    jec = pd.read_csv(snap.path(jec_file), parse_dates=["record_date"])

    def latest(fact: str) -> pd.Series:
        rows = jec.loc[jec["fact"] == fact].sort_values("record_date")
        if rows.empty:
            raise ValueError(f"{jec_file}: no {fact}")
        return rows.iloc[-1]

    tips_of_other = marketable["tips"] / (marketable["tips"] + marketable["frn"])
    compositions: dict[date, dict[SecurityType, float]] = {}
    for when_value, rows in jec.loc[jec["fact"].str.endswith("_share_pct")].groupby("record_date"):
        when: Any = when_value
        share = rows.set_index("fact")["value"].astype("float64")
        needed = [f"{t}_share_pct" for t in ("bills", "notes", "bonds", "tips_frn")]
        if any(n not in share.index for n in needed):
            raise ValueError(f"{jec_file}: {pd.Timestamp(when):%Y-%m-%d} lacks one of {needed}")
        compositions[pd.Timestamp(when).date()] = {
            "bills": float(share["bills_share_pct"]),
            "notes": float(share["notes_share_pct"]),
            "bonds": float(share["bonds_share_pct"]),
            "tips": float(share["tips_frn_share_pct"]) * tips_of_other,
            "frn": float(share["tips_frn_share_pct"]) * (1.0 - tips_of_other),
        }
    if not compositions:
        raise ValueError(f"{jec_file}: no shares of marketable debt by type")
    wam, avg_total = latest("wam_months"), latest("total_marketable_avg_rate_pct")
    static = {
        "wam_months": Fact(
            "weighted average maturity of marketable debt", float(wam["value"]), "months",
            pd.Timestamp(wam["record_date"]).date(), str(wam["source"]),
        ),
        "total_marketable_avg_rate_pct": Fact(
            "average interest rate on total marketable debt", float(avg_total["value"]), "percent",
            pd.Timestamp(avg_total["record_date"]).date(), str(avg_total["source"]),
        ),
    }  # fmt: skip
    return DebtStructure(
        record_date=record_date,
        marketable_usd_bn=marketable,
        intragovernmental_marketable_usd_bn=float(intra["Total Marketable"]),
        nonmarketable_usd_bn=nonmarketable,
        avg_rate_date=record_date,
        avg_rate_pct=avg_rate,
        nonmarketable_avg_rate_pct=nonmkt_rate,
        compositions=compositions,
        monthly=monthly,
        static_facts=static,
        sources={
            "mspd_monthly": "Monthly Statement of the Public Debt (Table I total; Table 3 detail summed by "
            "maturity date)",
            "composition": "Joint Economic Committee, Monthly Debt Update (from the MSPD); TIPS and FRNs "
            f"split as in MSPD Table I, {record_date:%d %B %Y}",
        },
    )
