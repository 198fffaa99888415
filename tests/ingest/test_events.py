"""The dated event tables at the boundary: they parse with their notes; a bad row is refused by name.

Bad-row cases are small edits of the shipped files (written to a temporary copy); every problem of a
file is reported at once, naming the file, the row, the line and the field.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from selloff.ingest.events import (
    TradingCalendar,
    event_day_rules,
    parse_event_day_rules,
    parse_fed_announcements,
    parse_fomc_dates,
    parse_fx_interventions,
)
from selloff.ingest.refcsv import ReferenceDataError
from selloff.ingest.reference import REFERENCE_DATASETS, SnapshotReferenceSource, get_reference
from selloff.ingest.snapshot import default_snapshot

SNAPSHOT = default_snapshot()
FED = "ref/fed_qe_qt_announcements_2008_2025.csv"
FX = "ref/japan_mof_fx_interventions.csv"
FOMC = "ref/fomc_statement_dates.csv"


@pytest.fixture(scope="module")
def calendar() -> TradingCalendar:
    return SnapshotReferenceSource(SNAPSHOT).calendar()


def edited(tmp_path: Path, rel: str, edits: dict[int, dict[str, str]]) -> Path:
    """A copy of a shipped table with fields of some data rows (1 = first row after the header) replaced."""
    rows = list(csv.reader(io.StringIO(SNAPSHOT.path(rel).read_text(encoding="utf-8"))))
    header = rows[0]
    for row_no, fields in edits.items():
        for column, value in fields.items():
            rows[row_no][header.index(column)] = value
    path = tmp_path / Path(rel).name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def row_of(rel: str, **match: str) -> int:
    """The data-row number of the first row whose fields equal ``match``."""
    reader = csv.DictReader(io.StringIO(SNAPSHOT.path(rel).read_text(encoding="utf-8")))
    for number, row in enumerate(reader, start=1):
        if all(row[k] == v for k, v in match.items()):
            return number
    raise AssertionError(f"no row {match} in {rel}")


# --- the shipped tables ---------------------------------------------------------------------------


def test_the_calendar_is_the_days_with_a_ten_year_close(calendar: TradingCalendar) -> None:
    assert calendar.days[0] == date(1962, 1, 2)
    assert calendar.is_trading_day(date(2020, 3, 16))
    assert not calendar.is_trading_day(date(1998, 4, 10))  # Good Friday: DGS10 is "."
    assert not calendar.is_trading_day(date(2020, 3, 15))  # a Sunday
    assert calendar.next_trading_day(date(1998, 4, 10)) == date(1998, 4, 13)
    assert calendar.next_trading_day(date(2020, 3, 13)) == date(2020, 3, 16)


def test_fed_announcements_parse_with_their_notes(calendar: TradingCalendar) -> None:
    table = parse_fed_announcements(SNAPSHOT.path(FED), FED, calendar)
    assert len(table) == 45
    assert table["source"].notna().all() and table["source_quote"].notna().all()
    by_date = table.set_index(["date", "seq"])
    qe1 = by_date.loc[(date(2009, 3, 18), 1)]
    assert (qe1["treasury_purchase_usd_bn"], qe1["purchase_amount_basis"]) == (
        300.0,
        "total over the next six months",
    )
    # restatements stay rows with their basis: nothing is netted or dropped at ingest
    assert by_date.loc[(date(2009, 8, 12), 1), "purchase_amount_basis"] == "total (restated; not new)"
    assert by_date.loc[(date(2022, 5, 4), 1), "treasury_runoff_cap_usd_bn_per_month"] == 30.0
    # two rows on one day (statement and press conference) are numbered in file order
    assert list(table.loc[table["date"] == date(2013, 6, 19), "seq"]) == [1, 2]
    # the Sunday statement of 15 March 2020 is priced on Monday, by a stated rule
    covid = by_date.loc[(date(2020, 3, 15), 1)]
    assert (covid["us_trading_date"], covid["us_trading_date_rule"]) == (
        date(2020, 3, 16),
        "next_trading_day",
    )
    assert "Sunday" in covid["us_trading_date_reason"]
    others = table[table["date"] != date(2020, 3, 15)]
    assert (others["us_trading_date"] == others["date"]).all()
    assert set(others["us_trading_date_rule"]) == {"same_day"}


def test_fx_interventions_parse_with_month_rows_and_the_good_friday_rule(calendar: TradingCalendar) -> None:
    table = parse_fx_interventions(SNAPSHOT.path(FX), FX, calendar)
    assert table["row_type"].value_counts().to_dict() == {"single_day": 17, "period_total": 8}
    assert (table["amount_jpy_bn"] > 0).all()
    september = table[table["date_as_printed"] == "2003-09"].iloc[0]
    assert (september["date"], september["date_precision"], september["row_type"]) == (
        date(2003, 9, 1),
        "month",
        "period_total",
    )
    assert pd.isna(september["us_trading_date"])
    # two period totals start on 2003-01-01 (Jan 2003-Mar 2004 and calendar 2003)
    assert list(table.loc[table["date"] == date(2003, 1, 1), "seq"]) == [1, 2]
    good_friday = table[(table["date"] == date(1998, 4, 10))].iloc[0]
    assert (good_friday["direction"], good_friday["amount_jpy_bn"]) == ("buy_yen", 2620.0)
    assert (good_friday["us_trading_date"], good_friday["us_trading_date_rule"]) == (
        date(1998, 4, 13),
        "next_trading_day",
    )
    assert "Good Friday" in good_friday["us_trading_date_reason"]
    singles = table[table["row_type"] == "single_day"]
    assert singles["usd_jpy_dexjpus_on_date"].notna().all() and singles["source"].notna().all()
    # the five days of Oct-Nov 2011 add up to the MoF period total (PROVENANCE: 9,091.5 vs 9,092)
    autumn_2011 = singles[(singles["date"] >= date(2011, 10, 31)) & (singles["date"] <= date(2011, 11, 4))]
    total = table[(table["date"] == date(2011, 10, 31)) & (table["row_type"] == "period_total")]
    assert autumn_2011["amount_jpy_bn"].sum() == pytest.approx(total["amount_jpy_bn"].item(), abs=0.5)


def test_fomc_dates_parse_and_sunday_statements_move_by_rule(calendar: TradingCalendar) -> None:
    table = parse_fomc_dates(SNAPSHOT.path(FOMC), FOMC, calendar)
    assert table["kind"].value_counts().to_dict() == {
        "fomc_statement": 160,
        "longer_run_goals": 14,
        "other_statement": 7,
    }
    moved = table[table["us_trading_date_rule"] == "next_trading_day"].set_index("date")["us_trading_date"]
    assert moved.to_dict() == {date(2010, 5, 9): date(2010, 5, 10), date(2020, 3, 15): date(2020, 3, 16)}


def test_every_rule_moves_a_row_that_needs_it(calendar: TradingCalendar) -> None:
    """No stale rule: each names a shipped event on a day without a US close."""
    fetched = {f.dataset.name: f.rows for f in SnapshotReferenceSource(SNAPSHOT).read_all()}
    for rule in event_day_rules():
        assert not calendar.is_trading_day(rule.day), rule
        rows = fetched[rule.table]
        assert (rows.loc[rows["date"] == rule.day, "us_trading_date_rule"] == "next_trading_day").any(), rule


# --- bad rows ---------------------------------------------------------------------------------------


def test_bad_fx_rows_are_all_named_by_file_row_and_field(tmp_path: Path, calendar: TradingCalendar) -> None:
    r2004 = row_of(FX, date="2004-01-09")
    r2010 = row_of(FX, date="2010-09-15")
    r2022 = row_of(FX, date="2022-09-22")
    r2024 = row_of(FX, date="2024-05-01")
    path = edited(
        tmp_path,
        FX,
        {
            r2004: {"date": "09/01/2004"},  # unknown date format
            r2010: {"amount_jpy_bn": "-2124.9"},  # negative amount (the direction carries the side)
            r2022: {"direction": "sell_dollars"},  # not in the vocabulary
            r2024: {"date": "2024-05-04"},  # a Saturday, no rule says how it maps
        },
    )
    with pytest.raises(ReferenceDataError) as caught:
        parse_fx_interventions(path, FX, calendar)
    message = str(caught.value)
    assert message.startswith(f"{FX}: 4 problems, nothing loaded: ")
    assert "\n" not in message
    assert (
        f"row {r2004} (line {r2004 + 1}) date: unknown date format '09/01/2004' (expected YYYY-MM-DD)"
        in message
    )
    assert f"row {r2010} (line {r2010 + 1}) amount_jpy_bn: -2124.9 is not allowed" in message
    assert (
        f"row {r2022} (line {r2022 + 1}) direction: 'sell_dollars' is not one of buy_yen, sell_yen" in message
    )
    assert (
        f"row {r2024} (line {r2024 + 1}) date: 2024-05-04 (Saturday) is not a US trading day "
        "(no H.15 10-year close) and no rule in event_day_rules.toml says how it maps"
    ) in message


def test_a_month_is_a_period_date_only_and_row_types_are_checked(
    tmp_path: Path, calendar: TradingCalendar
) -> None:
    single = row_of(FX, date="2011-03-18")
    period = row_of(FX, date="2022-09-29")
    path = edited(tmp_path, FX, {single: {"date": "2011-03"}, period: {"row_type": "period"}})
    with pytest.raises(ReferenceDataError) as caught:
        parse_fx_interventions(path, FX, calendar)
    message = str(caught.value)
    assert (
        f"row {single} (line {single + 1}) date: unknown date format '2011-03' (expected YYYY-MM-DD)"
        in message
    )
    assert (
        f"row {period} (line {period + 1}) row_type: 'period' is not one of single_day, period_total"
        in message
    )


def test_bad_fed_rows_are_all_named(tmp_path: Path, calendar: TradingCalendar) -> None:
    qe2 = row_of(FED, date="2010-11-03")
    qt = row_of(FED, date="2022-05-04")
    taper = row_of(FED, date="2014-01-29")
    path = edited(
        tmp_path,
        FED,
        {
            qe2: {"treasury_purchase_usd_bn": "-600"},
            qt: {"treasury_runoff_cap_usd_bn_per_month": "thirty"},
            taper: {
                "date": "2014-01-01",
                "purchase_amount_basis": "",
            },  # New Year's Day; an amount without basis
        },
    )
    with pytest.raises(ReferenceDataError) as caught:
        parse_fed_announcements(path, FED, calendar)
    problems = {(p.row, p.field) for p in caught.value.problems}  # type: ignore[union-attr]
    assert problems == {
        (qe2, "treasury_purchase_usd_bn"),
        (qt, "treasury_runoff_cap_usd_bn_per_month"),
        (taper, "date"),
        (taper, "purchase_amount_basis"),
    }
    assert "-600 is negative, which is not allowed here" in str(caught.value)
    assert "2014-01-01 (Wednesday) is not a US trading day" in str(caught.value)


def test_a_wrong_header_is_refused_before_any_row(tmp_path: Path, calendar: TradingCalendar) -> None:
    path = tmp_path / "fomc.csv"
    path.write_text(
        "date,type,path\n2020-01-29,fomc_statement,data/statements/2020-01-29-fomc-statement.md\n"
    )
    with pytest.raises(ReferenceDataError, match=r"fomc\.csv: 1 problem, nothing loaded: header is"):
        parse_fomc_dates(path, "fomc.csv", calendar)


def test_rules_file_is_checked() -> None:
    with pytest.raises(ReferenceDataError, match="rule 1: maps_to 'previous_trading_day' is not one of"):
        parse_event_day_rules(
            '[[rule]]\ntable = "mof_fx_interventions"\ndate = 1998-04-10\nmaps_to = "previous_trading_day"\n'
            'reason = "x"\n'
        )
    with pytest.raises(ReferenceDataError, match="rule 1: date '1998-04-10' is not a TOML date"):
        parse_event_day_rules(
            '[[rule]]\ntable = "mof_fx_interventions"\ndate = "1998-04-10"\nmaps_to = "next_trading_day"\n'
            'reason = "x"\n'
        )


def test_every_reference_dataset_parses() -> None:
    fetched = SnapshotReferenceSource(SNAPSHOT).read_all()
    assert [f.dataset.name for f in fetched] == [d.name for d in REFERENCE_DATASETS]
    counts = {f.dataset.name: len(f.rows) for f in fetched}
    assert counts == {
        "acm_term_premium": 16261,
        "soma_holdings": 8703,
        "jgb_yields_daily": 9922,
        "fed_balance_sheet_announcements": 45,
        "mof_fx_interventions": 25,
        "fomc_statement_dates": 181,
    }
    assert {f.realtime_start for f in fetched} == {SNAPSHOT.snapshot_date}


def test_a_bad_row_in_a_daily_reference_series_is_named(tmp_path: Path, calendar: TradingCalendar) -> None:
    """The daily series are read in one vectorised pass; a file that fails it is re-read row by row."""
    acm = get_reference("acm_term_premium")
    lines = SNAPSHOT.path(acm.file).read_text(encoding="utf-8").splitlines()
    lines[3] = "1961-06-17,0.1"  # a Saturday
    lines[5] = lines[5].split(",")[0] + ",n/a"
    path = tmp_path / "ACMTP10.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        acm.parse(path, acm.file, calendar)
    assert str(caught.value).startswith("ref/ACMTP10.csv: 2 problems, nothing loaded: ")
    assert "row 3 (line 4) date: 1961-06-17 is a Saturday, not a day this series is published" in str(
        caught.value
    )
    assert "row 5 (line 6) value: 'n/a' is not a number" in str(caught.value)
