"""``proj.inputs``: every input of a projection, the date its data run to, and whether it is fresh.

The projection starts in the month after the latest yields (:func:`~selloff.projection.curve.data_end_month`);
that month, :math:`R`, is the reference date. An input whose last period ends :math:`E` is **stale** when
:math:`R - E` exceeds its usual publication lag plus one period: a figure that should have been replaced
by a newer one by then. The report prints each input's own "data to" date and a warning for each stale one;
the command line prints the warnings. Pure: frames and dates in, a frame out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from selloff.projection.fiscal import FiscalSetup
from selloff.projection.holdings import TicHoldings
from selloff.tenors import TENORS

INPUTS_COLUMNS: tuple[str, ...] = (
    "run_id", "input", "description", "source", "data_to", "frequency", "usual_lag_months", "stale", "note",
)  # fmt: skip
"""Columns of ``proj.inputs`` (key: run_id, input)."""

_PERIOD_MONTHS = {"D": 0, "W": 0, "M": 1, "Q": 3, "A": 12, "fixed": 12}

_TENOR_WORDS = {
    "3m": "3-month bill yield",
    "1y": "1-year yield",
    "2y": "2-year yield",
    "5y": "5-year yield",
    "10y": "10-year yield",
    "30y": "30-year yield",
}


@dataclass(frozen=True)
class Input:
    """One input: what it is, where it comes from, the period its data run to (first day)."""

    input: str
    description: str
    source: str
    data_to: pd.Timestamp
    frequency: str
    usual_lag_months: int
    note: str = ""

    def stale(self, reference: pd.Timestamp) -> bool:
        """Whether the data are older than the usual lag and one period explain, at ``reference``."""
        period = _PERIOD_MONTHS[self.frequency]
        end = self.data_to + pd.DateOffset(months=max(period - 1, 0))
        gap = (reference.year - end.year) * 12 + (reference.month - end.month)
        return gap > self.usual_lag_months + max(period, 1)


def _month(value: object) -> pd.Timestamp:
    return pd.Timestamp(value).to_period("M").to_timestamp()  # type: ignore[arg-type]


def projection_inputs(yields_monthly: pd.DataFrame, setup: FiscalSetup, holdings: TicHoldings) -> list[Input]:
    """The inputs of a projection on ``setup`` (yields by tenor, GDP, TIC, the baseline, the debt facts)."""
    out: list[Input] = []
    frame = yields_monthly.dropna(subset=["yield_pct"])
    for tenor in TENORS:
        rows = frame.loc[frame["tenor"] == tenor]
        last = _month(rows["date"].max())
        series = ""
        if "series_id" in rows.columns:
            series = ", ".join(
                sorted(set(rows.loc[pd.to_datetime(rows["date"]) >= last, "series_id"].astype(str)))
            )
        stopped = last < setup.data_end
        out.append(
            Input(
                f"yield_{tenor}",
                _TENOR_WORDS[tenor],
                f"FRED {series}".strip() if series else "FRED (H.15 Treasury yields)",
                last,
                "M",
                1,
                "carried on at its last spread to the 10-year" if stopped else "",
            )
        )
    gdp = setup.reference_gdp
    out.append(
        Input(
            "gdp",
            "nominal GDP",
            gdp.source, gdp.quarter, "Q", 1, f"${gdp.usd_bn:,.1f}bn in {gdp.label}, grown along CBO's path",
        )
    )  # fmt: skip
    out.append(
        Input(
            "tic_holdings", "foreign holdings by country (TIC, market value)",
            "Treasury TIC, Major Foreign Holders of Treasury Securities", _month(holdings.as_of), "M", 2,
            "the sellers' holdings and the foreign-official bills share",
        )
    )  # fmt: skip
    b = setup.baseline
    out.append(
        Input(
            "cbo_baseline", "CBO baseline", b.title, _month(b.published),
            "A",
            0, f"{b.name}; fiscal years FY{b.first_fy}–FY{b.last_fy}",
        )
    )  # fmt: skip
    debt = b.debt
    when, _ = debt.latest_monthly(setup.start_month - pd.DateOffset(days=1))
    out.append(
        Input(
            "debt_marketable", "marketable debt and the share maturing within a year",
            debt.sources.get("mspd_monthly", "MSPD"), _month(when), "M", 1,
            "the starting debt the legacy cohorts are rebuilt to",
        )
    )  # fmt: skip
    composition_date, _ = debt.composition_at(setup.start_month - pd.DateOffset(days=1))
    out.append(
        Input(
            "debt_composition", "marketable debt by type (bills, notes, bonds, TIPS and FRNs)",
            "Joint Economic Committee, Monthly Debt Update (from the MSPD)", _month(composition_date), "M", 1,
            "the shares the legacy rebuild keeps",
        )
    )  # fmt: skip
    wam = debt.static_facts["wam_months"]
    out.append(
        Input(
            "debt_wam",
            "weighted average maturity of marketable debt",
            "Joint Economic Committee, Monthly Debt Update (Treasury quarterly refunding)",
            _month(wam.as_of),
            "Q",
            1,
            "a target of the legacy rebuild",
        )
    )
    out.append(
        Input(
            "avg_rates_by_type",
            "average rates and amounts by security type; nonmarketable debt",
            f"Treasury Fiscal Data and MSPD Table I, {debt.avg_rate_date:%d %B %Y}",
            _month(debt.avg_rate_date),
            "M", 1, "the bridge to CBO's net interest and checks of the rebuilt coupons",
        )
    )  # fmt: skip
    return out


def inputs_frame(inputs: list[Input], reference: pd.Timestamp, run_id: str) -> pd.DataFrame:
    """Rows of ``proj.inputs`` (:data:`INPUTS_COLUMNS`); ``reference`` is the projection's first month."""
    return pd.DataFrame(
        [
            {
                "run_id": run_id,
                "input": i.input,
                "description": i.description,
                "source": i.source,
                "data_to": i.data_to,
                "frequency": i.frequency,
                "usual_lag_months": i.usual_lag_months,
                "stale": i.stale(reference),
                "note": i.note or None,
            }
            for i in inputs
        ],
        columns=list(INPUTS_COLUMNS),
    )


def stale_warnings(inputs: list[Input], reference: pd.Timestamp) -> list[str]:
    """One sentence per stale input, for the command line and the report."""
    out = []
    for i in inputs:
        if i.stale(reference):
            period = "quarter" if i.frequency == "Q" else "month"
            out.append(
                f"{i.description} ends in {period_text(i)}, older than its usual lag of about "
                f"{i.usual_lag_months} {period}{'s' if i.usual_lag_months != 1 else ''} explains"
                + (f" ({i.note})" if i.note else "")
            )
    return out


def period_text(i: Input) -> str:
    """The period an input's data run to, in words: ``June 2026`` or ``2026Q1``."""
    if i.frequency == "Q":
        return f"{i.data_to.year}Q{(i.data_to.month - 1) // 3 + 1}"
    return f"{i.data_to:%B %Y}"


def window_text(setup: FiscalSetup) -> str:
    """The projection in words: "data to June 2026; projection July 2026 – September 2036"."""
    return f"data to {setup.data_end:%B %Y}; projection {setup.start_month:%B %Y} – {setup.end_month:%B %Y}"
