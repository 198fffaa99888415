"""The dated event tables at the boundary: Fed QE/QT announcements, Japan's FX interventions, FOMC dates.

Each table is parsed and checked field by field (:mod:`selloff.ingest.refcsv`): dates (ISO days; the FX
table's period totals may be printed as a month, ``2003-09``), ``row_type`` and ``direction`` from their
vocabularies, amounts that are never negative (the FX direction carries the sign), and the US trading
day each event maps to. A US trading day is a day with an H.15 10-year close; an event dated on any
other day needs a stated rule in ``selloff/data/event_day_rules.toml`` (e.g. the 1998-04-10 intervention,
Good Friday, maps to the next trading day). All problems of a file are raised at once, naming file, row
and field, and nothing is loaded.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal, get_args

import pandas as pd

from selloff.ingest.refcsv import ReferenceDataError, Row, iso_day, iso_month, read_rows

EventTable = Literal["fed_balance_sheet_announcements", "mof_fx_interventions", "fomc_statement_dates"]
MapsTo = Literal["next_trading_day"]
RULES_FILE = "event_day_rules.toml"

FED_HEADER = (
    "date",
    "event",
    "treasury_purchase_usd_bn",
    "purchase_amount_basis",
    "treasury_runoff_cap_usd_bn_per_month",
    "source",
    "source_quote",
)
FX_HEADER = (
    "date",
    "direction",
    "amount_jpy_bn",
    "source",
    "row_type",
    "period_start",
    "period_end",
    "amount_as_printed",
    "usd_jpy_dexjpus_on_date",
    "note",
)
FOMC_HEADER = ("date", "kind", "path")
ROW_TYPES = ("single_day", "period_total")
DIRECTIONS = ("buy_yen", "sell_yen")
FOMC_KINDS = ("fomc_statement", "longer_run_goals", "other_statement")


@dataclass(frozen=True)
class TradingCalendar:
    """US trading days: the dates with an H.15 10-year close (non-missing DGS10), ascending."""

    days: tuple[date, ...]

    @classmethod
    def from_closes(cls, observations: pd.DataFrame) -> TradingCalendar:
        """From a FRED daily frame (``date``, ``value``; FRED's "." is NaN and is not a close)."""
        valid = pd.to_datetime(observations.loc[observations["value"].notna(), "date"])
        days = tuple(sorted(set(valid.dt.date)))
        if not days:
            raise ValueError("the trading calendar needs at least one close")
        return cls(days)

    def is_trading_day(self, day: date) -> bool:
        i = bisect_left(self.days, day)
        return i < len(self.days) and self.days[i] == day

    def next_trading_day(self, day: date) -> date | None:
        """The first trading day strictly after ``day`` (None past the calendar's end)."""
        i = bisect_left(self.days, day)
        if i < len(self.days) and self.days[i] == day:
            i += 1
        return self.days[i] if i < len(self.days) else None


@dataclass(frozen=True)
class EventDayRule:
    """How an event on a day without a US close maps onto the calendar (a stated decision)."""

    table: EventTable
    day: date
    maps_to: MapsTo
    reason: str


def parse_event_day_rules(text: str, label: str = RULES_FILE) -> tuple[EventDayRule, ...]:
    """The rules of ``event_day_rules.toml``; a malformed rule is a :class:`ReferenceDataError`."""
    try:
        raw = tomllib.loads(text).get("rule", [])
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceDataError(label, [f"not valid TOML: {exc}"]) from None
    rules, problems = [], []
    for i, entry in enumerate(raw, start=1):
        table, day, maps_to, reason = (entry.get(k) for k in ("table", "date", "maps_to", "reason"))
        if table not in get_args(EventTable):
            problems.append(f"rule {i}: table {table!r} is not one of {', '.join(get_args(EventTable))}")
        elif not isinstance(day, date):
            problems.append(f"rule {i}: date {day!r} is not a TOML date (write it unquoted, YYYY-MM-DD)")
        elif maps_to not in get_args(MapsTo):
            problems.append(f"rule {i}: maps_to {maps_to!r} is not one of {', '.join(get_args(MapsTo))}")
        elif not isinstance(reason, str) or not reason.strip():
            problems.append(f"rule {i}: a reason is required")
        else:
            rules.append(EventDayRule(table, day, maps_to, reason.strip()))
    keys = Counter((r.table, r.day) for r in rules)
    problems += [f"two rules for {table} {day}" for (table, day), n in keys.items() if n > 1]
    if problems:
        raise ReferenceDataError(label, problems)
    return tuple(rules)


@cache
def event_day_rules() -> tuple[EventDayRule, ...]:
    """The checked-in rules (``selloff/data/event_day_rules.toml``)."""
    text = resources.files("selloff").joinpath(f"data/{RULES_FILE}").read_text(encoding="utf-8")
    return parse_event_day_rules(text)


@dataclass(frozen=True)
class TradingDayMapper:
    """Maps one table's event dates onto the calendar, recording a problem when no rule allows a move."""

    table: EventTable
    calendar: TradingCalendar
    rules: Sequence[EventDayRule]

    def __call__(self, row: Row, column: str, day: date) -> tuple[date | None, str | None, str | None]:
        """``(us_trading_date, rule, reason)``; ``(None, None, None)`` after recording a problem."""
        first, last = self.calendar.days[0], self.calendar.days[-1]
        if not first <= day <= last:
            row.problem(column, f"{day} is outside the US trading calendar ({first} to {last})")
            return None, None, None
        if self.calendar.is_trading_day(day):
            return day, "same_day", None
        rule = next((r for r in self.rules if r.table == self.table and r.day == day), None)
        if rule is None:
            row.problem(
                column,
                f"{day} ({day:%A}) is not a US trading day (no H.15 10-year close) and no rule in "
                f"{RULES_FILE} says how it maps",
            )
            return None, None, None
        return self.calendar.next_trading_day(day), rule.maps_to, rule.reason


def _frame(
    label: str, rows: Iterable[Row], records: list[dict[str, object]], seq_keys: Sequence[str] = ()
) -> pd.DataFrame:
    """The records as a frame, or every problem of the file at once.

    ``seq_keys``: number the rows sharing these keys in file order (1, 2, …) in a ``seq`` column placed
    after them: the rest of the rows' versioning key.
    """
    problems = [p for row in rows for p in row.problems]
    if problems:
        raise ReferenceDataError(label, problems)
    frame = pd.DataFrame.from_records(records)
    if seq_keys:
        seq = frame.groupby(list(seq_keys), sort=False).cumcount() + 1
        frame.insert(len(seq_keys), "seq", seq.astype("int64"))
    return frame


def parse_fed_announcements(path: Path, label: str, calendar: TradingCalendar) -> pd.DataFrame:
    """The Fed QE/QT announcement table, one record per row, checked (see the module docstring).

    Amounts are magnitudes as stated (``treasury_purchase_usd_bn`` ≥ 0 with a ``purchase_amount_basis``
    saying what it is; ``treasury_runoff_cap_usd_bn_per_month`` ≥ 0). Which rows count for an estimate
    (restatements, maturity-extension offsets, reserve-management bills) is the calibration's decision;
    nothing here drops or nets rows.
    """
    mapper = TradingDayMapper("fed_balance_sheet_announcements", calendar, event_day_rules())
    rows = list(read_rows(path, label, FED_HEADER))
    records: list[dict[str, object]] = []
    for row in rows:
        day = row.day("date", required=True)
        purchase = row.number("treasury_purchase_usd_bn", minimum=0)
        basis = row.text("purchase_amount_basis")
        if purchase is not None and basis is None:
            row.problem("purchase_amount_basis", "is empty: an amount needs its basis (total, per month, …)")
        trading_day, rule, reason = mapper(row, "date", day) if day else (None, None, None)
        records.append(
            {
                "date": day,
                "event": row.text("event", required=True),
                "treasury_purchase_usd_bn": purchase,
                "purchase_amount_basis": basis,
                "treasury_runoff_cap_usd_bn_per_month": row.number(
                    "treasury_runoff_cap_usd_bn_per_month", minimum=0
                ),
                "us_trading_date": trading_day,
                "us_trading_date_rule": rule,
                "us_trading_date_reason": reason,
                "source": row.text("source", required=True),
                "source_quote": row.text("source_quote"),
            }
        )
    return _frame(label, rows, records, ("date",))


def parse_fx_interventions(path: Path, label: str, calendar: TradingCalendar) -> pd.DataFrame:
    """Japan's MoF interventions, one record per row, checked (see the module docstring).

    ``single_day`` rows need an ISO date that is a US trading day or has a rule; ``period_total`` rows may
    be dated by a month (``2003-09``: dated by its first day, ``date_precision`` = month) and have no
    trading day. Amounts are positive yen; ``direction`` gives the side. A single day appears once.
    """
    mapper = TradingDayMapper("mof_fx_interventions", calendar, event_day_rules())
    rows = list(read_rows(path, label, FX_HEADER))
    records: list[dict[str, object]] = []
    single_days: dict[date, int] = {}
    for row in rows:
        row_type = row.choice("row_type", ROW_TYPES)
        printed = row.values["date"].strip()
        day, precision = _fx_date(row, printed, row_type)
        period_start, period_end = row.day("period_start"), row.day("period_end")
        if period_start and period_end and period_start > period_end:
            row.problem("period_end", f"{period_end} is before period_start {period_start}")
        elif (
            day
            and precision == "day"
            and period_start
            and period_end
            and not period_start <= day <= period_end
        ):
            row.problem("date", f"{day} is outside its reporting period {period_start} to {period_end}")
        trading_day, rule, reason = None, None, None
        if row_type == "single_day" and day is not None:
            if day in single_days:
                row.problem("date", f"single day {day} appears twice (also row {single_days[day]})")
            single_days.setdefault(day, row.row_no)
            trading_day, rule, reason = mapper(row, "date", day)
        records.append(
            {
                "date": day,
                "row_type": row_type,
                "date_as_printed": printed,
                "date_precision": precision,
                "direction": row.choice("direction", DIRECTIONS),
                "amount_jpy_bn": row.number("amount_jpy_bn", positive=True, required=True),
                "period_start": period_start,
                "period_end": period_end,
                "amount_as_printed": row.text("amount_as_printed"),
                "usd_jpy_dexjpus_on_date": row.number("usd_jpy_dexjpus_on_date", positive=True),
                "us_trading_date": trading_day,
                "us_trading_date_rule": rule,
                "us_trading_date_reason": reason,
                "source": row.text("source", required=True),
                "note": row.text("note"),
            }
        )
    return _frame(label, rows, records, ("date", "row_type"))


def _fx_date(row: Row, printed: str, row_type: str | None) -> tuple[date | None, str | None]:
    """``(date, precision)``: a single day's ISO date, or a period total's ISO date or month."""
    if row_type == "period_total" and (month := iso_month(printed)) is not None:
        return month, "month"
    day = iso_day(printed)
    if day is None:
        expected = "YYYY-MM-DD" if row_type == "single_day" else "YYYY-MM-DD, or YYYY-MM for a period total"
        row.problem(
            "date", f"unknown date format {printed!r} (expected {expected})" if printed else "is empty"
        )
        return None, None
    return day, "day"


def parse_fomc_dates(path: Path, label: str, calendar: TradingCalendar) -> pd.DataFrame:
    """FOMC statement dates: ISO date, a known ``kind``, a statement file whose name starts with the date."""
    mapper = TradingDayMapper("fomc_statement_dates", calendar, event_day_rules())
    rows = list(read_rows(path, label, FOMC_HEADER))
    records: list[dict[str, object]] = []
    paths: dict[str, int] = {}
    for row in rows:
        day = row.day("date", required=True)
        kind = row.choice("kind", FOMC_KINDS)
        statement = row.text("path", required=True)
        if statement is not None:
            if day is not None and not Path(statement).name.startswith(day.isoformat()):
                row.problem("path", f"{statement!r} does not start with the row's date {day}")
            if statement in paths:
                row.problem("path", f"{statement!r} appears twice (also row {paths[statement]})")
            paths.setdefault(statement, row.row_no)
        trading_day, rule, reason = mapper(row, "date", day) if day else (None, None, None)
        records.append(
            {
                "path": statement,
                "date": day,
                "kind": kind,
                "us_trading_date": trading_day,
                "us_trading_date_rule": rule,
                "us_trading_date_reason": reason,
            }
        )
    return _frame(label, rows, records)
